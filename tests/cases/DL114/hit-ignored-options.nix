# x-systemd.* options systemd ignores, on btrfs and on other filesystems: a mount(8)
# option under the systemd prefix, misspelt and miscased names, values systemd cannot use.
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions = {
          ESP = {
            size = "1G";
            type = "EF00";
            content = {
              type = "filesystem";
              format = "vfat";
              mountpoint = "/boot";
              mountOptions = [ "umask=0077" "x-systemd.automnt" "x-systemd.idle-timeout=one minute" ];
            };
          };
          root = {
            size = "100%";
            content = {
              type = "btrfs";
              subvolumes = {
                "@" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
                "@data" = {
                  mountpoint = "/data";
                  mountOptions = [ "noatime" "x-systemd.nofail" "X-systemd.device-timeout=5s" ];
                };
              };
            };
          };
        };
      };
    };
    disk.backup = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "filesystem";
        format = "ext4";
        mountpoint = "/backup";
        mountOptions = [ "nofail" "x-systemd.nofail" "x-systemd.after=network-online" "x-systemd-device.timeout=10s" ];
      };
    };
    nodev."/tmp" = {
      fsType = "tmpfs";
      mountOptions = [ "size=4G" "x-systemd.requires-mounts-for=var/lib" "x-systemd.mount-timeout" ];
    };
  };
  fileSystems."/srv" = {
    device = "/dev/disk/by-label/srv";
    fsType = "xfs";
    options = [ "x-initrd-mount" "x-systemd.noauto" ];
  };
}
