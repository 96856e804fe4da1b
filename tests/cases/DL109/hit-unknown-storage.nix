# No [host] storage and a /dev/sda disk, which may or may not report itself rotational:
# a lone ssd is not reported; no [host] kernel: discard=async is not reported either.
# ssd_spread implies ssd whatever the disk.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = [ "ssd" "discard=async" "noatime" ]; };
          };
        };
      };
      partitions.cheap = {
        size = "100G";
        content = {
          type = "filesystem";
          format = "btrfs";
          mountpoint = "/cheap";
          mountOptions = [ "ssd" "ssd_spread" ];
        };
      };
    };
  };
}
