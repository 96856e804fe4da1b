# No [host] storage: ssd is reported with an unsafe fix (a virtio disk may need it);
# no [host] kernel: discard=async is not reported. ssd_spread implies ssd.
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
