# nodatacow first, compress-force later in the first mount's list: the kernel parses left to
# right, compress-force switches copy-on-write and checksums back on, and nodatacow does
# nothing. DL102 stays silent on this list (see DL102/ok-undone-by-later-compress.nix).
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root" = {
              mountpoint = "/";
              mountOptions = [ "nodatacow" "noatime" "compress-force=zstd:5" ];
            };
          };
        };
      };
    };
  };
}
