# The first mount's compress option is undone by the nodatacow after it in the same list:
# the filesystem is not compressed at all, so DL101 does not compare compression (DL102 and
# DL103 report that list).
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
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd:1" "noatime" "nodatacow" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress=lzo" "noatime" ]; };
          };
        };
      };
    };
  };
}
