# ext4, xfs, vfat and tmpfs have mount options of their own: a btrfs option on ext4 is not a
# typo but the wrong filesystem's, and ext4 refuses it ("Unknown parameter"); a misspelt
# option gets a did-you-mean within that filesystem's options.
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
            content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; mountOptions = [ "umaks=0077" "shortname=lowercase" ]; };
          };
          root = {
            size = "60%";
            content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" "erors=remount-ro" "discard=async" ]; };
          };
          data = {
            size = "100%";
            content = { type = "filesystem"; format = "xfs"; mountpoint = "/srv"; mountOptions = [ "nobarrier" "logbsize=256k" ]; };
          };
        };
      };
    };
    nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "size=4G" "huge=deny" "user_xattr" ]; };
  };
}
