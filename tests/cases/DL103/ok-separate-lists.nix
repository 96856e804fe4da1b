# nodatacow on one mount and compress on another are not this rule's business (they are
# DL101's and DL102's); compress=no beside nodatacow does not conflict either.
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
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@db" = { mountpoint = "/var/lib/mysql"; mountOptions = [ "noatime" "nodatacow" ]; };
            "@scratch" = { mountpoint = "/scratch"; mountOptions = [ "compress=no" "nodatacow" ]; };
          };
        };
      };
    };
  };
}
