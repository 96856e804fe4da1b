# space_cache=v2 is the default (DL109's business, not a removed option); usebackuproot
# is deprecated but still accepted by current kernels; vfat options and an unreadable
# list are not looked at.
{ extra, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.ESP = {
        size = "1G";
        type = "EF00";
        content = {
          type = "filesystem";
          format = "vfat";
          mountpoint = "/boot";
          mountOptions = [ "umask=0077" ];
        };
      };
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = [ "noatime" "space_cache=v2" "compress=zstd" ]; };
            home = { mountpoint = "/home"; mountOptions = [ "noatime" "usebackuproot" ]; };
            srv = { mountpoint = "/srv"; mountOptions = extra; };
          };
        };
      };
    };
  };
}
