# The first mount compress option is undone by the nodatacow after it (the kernel parses
# left to right): nothing on this filesystem is compressed, so nothing to say about the
# journal (DL102 and DL103 report the list).
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
