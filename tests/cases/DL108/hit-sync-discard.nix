# Bare discard and discard=sync are synchronous. The plain btrfs filesystem on the
# second disk gets the same finding.
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
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" "discard" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress=zstd" "noatime" "discard=sync" ]; };
          };
        };
      };
    };
  };
  disko.devices.disk.data = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.data = {
        size = "100%";
        content = {
          type = "filesystem";
          format = "btrfs";
          mountpoint = "/data";
          mountOptions = [
            "noatime"
            "discard"
          ];
        };
      };
    };
  };
}
