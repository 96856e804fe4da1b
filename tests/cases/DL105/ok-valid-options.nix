# Known btrfs, VFS and userspace options (x-systemd.*, x-gvfs-*, any x-/X- option), and
# vfat/ext4/tmpfs options on non-btrfs filesystems: nothing to report. The list built from
# a function argument cannot be read and is skipped.
{ opts, ... }:
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
          mountOptions = [ "umask=0077" "fmask=0022" ];
        };
      };
      partitions.scratch = {
        size = "10G";
        content = {
          type = "filesystem";
          format = "ext4";
          mountpoint = "/scratch";
          mountOptions = [ "data=writeback" "noatime" ];
        };
      };
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd:1" "noatime" "discard=async" ]; };
            "@data" = {
              mountpoint = "/data";
              mountOptions = [ "compress=zstd:1" "noatime" "nofail" "x-systemd.automount" "x-systemd.idle-timeout=600" "x-gvfs-show" "X-mount.mkdir" "x-myapp.flag" ];
            };
            "@srv" = { mountpoint = "/srv"; mountOptions = opts; };
          };
        };
      };
    };
  };
  disko.devices.nodev."/tmp" = {
    fsType = "tmpfs";
    mountOptions = [ "size=2G" "mode=1777" ];
  };
}
