# `defaults` beside other options and `rw` restate mount(8)'s defaults on every
# filesystem, not only btrfs. Where `defaults` and `rw` are all there is, one stays: an
# empty list would give NixOS an empty options field.
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions = {
          ESP = {
            size = "512M";
            type = "EF00";
            content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; mountOptions = [ "defaults" "umask=0077" ]; };
          };
          root = {
            size = "50%";
            content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; mountOptions = [ "defaults" "rw" "noatime" ]; };
          };
          data = {
            size = "100%";
            content = {
              type = "btrfs";
              subvolumes."@data" = { mountpoint = "/data"; mountOptions = [ "rw" "compress=zstd" ]; };
            };
          };
        };
      };
    };
    nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "defaults" "rw" ]; };
  };
}
