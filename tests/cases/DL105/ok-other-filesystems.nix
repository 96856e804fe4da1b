# Valid options of ext4, xfs, vfat and tmpfs, generic VFS and systemd options on each, and
# filesystems whose options are not judged (f2fs, zfs datasets) with options of their own.
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
            content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; mountOptions = [ "umask=0077" "fmask=0022" "dmask=0022" "shortname=mixed" "utf8=1" "errors=remount-ro" "nofail" "x-systemd.automount" ]; };
          };
          root = {
            size = "40%";
            content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; mountOptions = [ "noatime" "errors=remount-ro" "data=ordered" "commit=60" "barrier=1" "discard" "lazytime" ]; };
          };
          data = {
            size = "40%";
            content = { type = "filesystem"; format = "xfs"; mountpoint = "/srv"; mountOptions = [ "noatime" "logbsize=256k" "inode64" "largeio" "allocsize=64k" "x-systemd.device-timeout=5s" ]; };
          };
          fast = {
            size = "100%";
            content = { type = "filesystem"; format = "f2fs"; mountpoint = "/fast"; mountOptions = [ "compress_algorithm=zstd" "atgc" ]; };
          };
        };
      };
    };
    nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "size=4G" "mode=1777" "huge=within_size" "nosuid" "nodev" "noswap" ]; };
    nodev."/var/cache/build" = { fsType = "tmpfs"; mountOptions = [ "size=2G" "mode=755" "uid=0" "gid=0" ]; };
  };
}
