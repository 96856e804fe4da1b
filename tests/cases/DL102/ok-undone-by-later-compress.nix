# nodatacow first, compress-force later in the first mount's list: the kernel parses left to
# right, compress-force switches copy-on-write and checksums back on, and nodatacow does
# nothing. DL103 reports the pair (DL103/hit-nodatacow-then-compress-force.nix).
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
