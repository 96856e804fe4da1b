# compress and nodatacow in the first mount's list: nodatacow comes last and wins, so
# the whole filesystem runs without compression and without checksums.
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
              mountOptions = [ "compress=zstd:1" "noatime" "nodatacow" ];
            };
          };
        };
      };
    };
  };
}
