# snapper for /home with no .snapshots subvolume anywhere; the root config is fine: its
# .snapshots is a separate subvolume mounted at /.snapshots.
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
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@snapshots" = { mountpoint = "/.snapshots"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress=zstd" "noatime" ]; };
          };
        };
      };
    };
  };
  services.snapper.configs = {
    root = {
      SUBVOLUME = "/";
      TIMELINE_CREATE = true;
    };
    home = {
      SUBVOLUME = "/home";
      TIMELINE_CREATE = true;
      TIMELINE_CLEANUP = true;
    };
  };
}
