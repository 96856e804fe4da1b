# Clean absolute paths everywhere, including a nodev mountpoint taken from its attribute
# name, a ZFS dataset, and a mountpoint from a function argument (unknown, skipped).
{ dataDir, ... }:
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions = {
          root = {
            size = "50%";
            content = {
              type = "btrfs";
              subvolumes = {
                "@root".mountpoint = "/";
                "@data".mountpoint = dataDir;
                "@swap" = {
                  mountpoint = "/.swapvol";
                  swap.swapfile.size = "8G";
                };
              };
            };
          };
          zfs = {
            size = "100%";
            content = { type = "zfs"; pool = "tank"; };
          };
        };
      };
    };
    zpool.tank = {
      type = "zpool";
      datasets.backup = {
        type = "zfs_fs";
        mountpoint = "/srv/backup";
      };
    };
    nodev."/tmp" = {
      fsType = "tmpfs";
      mountOptions = [ "size=4G" "mode=1777" ];
    };
  };
  fileSystems."/srv/backup".neededForBoot = false;
}
