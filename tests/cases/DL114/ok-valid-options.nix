# Every systemd option here is one systemd-fstab-generator understands, with a value it can
# use; other x-* options are comments for other programs (gvfs, util-linux) and are not
# systemd's to judge. A list systemd would reject but the linter cannot see is skipped.
{ extraOpts, ... }:
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
              mountOptions = [ "umask=0077" "x-systemd.automount" "x-systemd.idle-timeout=1min" ];
            };
          };
          root = {
            size = "100%";
            content = {
              type = "btrfs";
              subvolumes = {
                "@" = { mountpoint = "/"; mountOptions = [ "noatime" "x-systemd.device-timeout=0" ]; };
                "@data" = {
                  mountpoint = "/data";
                  mountOptions = [
                    "noatime"
                    "nofail"
                    "x-systemd.device-timeout=5s"
                    "x-systemd.mount-timeout=1min 30s"
                    "x-systemd.requires=zfs-import.target"
                    "x-systemd.after=/dev/disk/by-label/keys"
                    "x-systemd.wants=network-online.target"
                    "x-systemd.before=local-fs.target"
                    "x-systemd.wanted-by=multi-user.target"
                    "x-systemd.requires-mounts-for=/var/lib"
                    "x-systemd.wants-mounts-for=/persist"
                    "x-systemd.device-bound"
                    "x-systemd.rw-only"
                    "x-systemd.growfs"
                    "x-systemd.makefs"
                    "x-systemd.pcrfs"
                    "x-systemd.validatefs"
                    "x-systemd.graceful-option=usrquota"
                    "x-initrd.mount"
                    "x-gvfs-show"
                    "x-gvfs-name=Data"
                    "x-mount.mkdir"
                    "X-mount.mode=0755"
                  ];
                };
                "@other" = { mountpoint = "/other"; mountOptions = extraOpts; };
              };
            };
          };
        };
      };
    };
    nodev."/tmp" = {
      fsType = "tmpfs";
      mountOptions = [ "size=4G" "mode=1777" "x-systemd.requires-mounts-for=%h" ];
    };
  };
  fileSystems."/srv" = {
    device = "/dev/disk/by-label/srv";
    fsType = "xfs";
    options = [ "x-systemd.automount" "noauto" "x-systemd.idle-timeout=600" ];
  };
}
