# `rw` after a `ro` in the same list is a contradiction (DL110's), not a redundant
# default; `defaults` or `rw` alone are what the list says, nothing to drop; an f2fs
# filesystem's options are not judged.
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions = {
          root = {
            size = "50%";
            content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; mountOptions = [ "ro" "noatime" "rw" ]; };
          };
          ESP = {
            size = "512M";
            type = "EF00";
            content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; mountOptions = [ "rw" ]; };
          };
          fast = {
            size = "100%";
            content = { type = "filesystem"; format = "f2fs"; mountpoint = "/fast"; mountOptions = [ "defaults" "rw" "noatime" ]; };
          };
        };
      };
    };
    nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "defaults" ]; };
  };
}
