# /var/log leaves compression to the filesystem (set by /, mounted first): the
# journal still is not compressed.
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
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@journal" = {
              mountpoint = "/var/log/journal";
              mountOptions = [ "noatime" ];
            };
          };
        };
      };
    };
  };
}
