# Small database and container host: two NVMe drives joined into one btrfs
# raid1 filesystem (data and metadata mirrored), with separate subvolumes for
# the system, /home, PostgreSQL, Podman and logs. Snapper keeps hourly
# snapshots of /home.
#
# Expected disko-lint findings (recommended policy):
#   DL102 nodatacow-mount-option    "nodatacow" on @postgres: / is mounted first,
#                                   so it is ignored (or, if it ever wins, turns off
#                                   checksums and compression for the whole filesystem).
#   DL101 fs-wide-option-mismatch   @postgres differs from the first mount in
#                                   compress/autodefrag/nodatacow.
#   DL401 database-needs-nocow      /var/lib/postgresql has no effective NOCOW
#                                   (no chattr +C in a hook, no tmpfiles "h ... +C").
#   DL112 autodefrag-hazard         autodefrag on a filesystem with snapper
#                                   snapshots and a database.
#   DL205 snapshot-layout           snapper config "home" has no /home/.snapshots
#                                   subvolume.
#   DL404 container-storage-layout  Podman is switched to the btrfs storage driver.
# Not in the catalog yet, but wrong too: services.btrfs.autoScrub without
# fileSystems scrubs the same filesystem once per mounted subvolume.
{ lib, ... }:
let
  # Shared by every subvolume of the pool.
  mountOptions = [
    "compress=zstd"
    "noatime"
    "autodefrag"
  ];
in
{
  disko.devices.disk = {
    # First member: ESP plus a raw partition that mkfs.btrfs on nvme1 pulls in.
    nvme0 = {
      type = "disk";
      device = lib.mkDefault "/dev/disk/by-id/nvme-WD_Red_SN700_1000GB_22310A801234";
      content = {
        type = "gpt";
        partitions = {
          ESP = {
            size = "512M";
            type = "EF00";
            content = {
              type = "filesystem";
              format = "vfat";
              mountpoint = "/boot";
              mountOptions = [ "umask=0077" ];
            };
          };
          pool = {
            size = "100%";
          };
        };
      };
    };

    nvme1 = {
      type = "disk";
      device = lib.mkDefault "/dev/disk/by-id/nvme-WD_Red_SN700_1000GB_22310A805678";
      content = {
        type = "gpt";
        partitions = {
          # Same size as the ESP on nvme0 so both pool partitions line up.
          spare = {
            size = "512M";
          };
          pool = {
            size = "100%";
            content = {
              type = "btrfs";
              extraArgs = [
                "-f"
                "-L"
                "pool"
                "-d raid1"
                "-m raid1"
                "/dev/disk/by-partlabel/disk-nvme0-pool"
              ];
              subvolumes = {
                "@root" = {
                  mountpoint = "/";
                  inherit mountOptions;
                };
                "@nix" = {
                  mountpoint = "/nix";
                  inherit mountOptions;
                };
                "@home" = {
                  mountpoint = "/home";
                  inherit mountOptions;
                };
                # Databases hate copy-on-write, so turn it off for PostgreSQL.
                "@postgres" = {
                  mountpoint = "/var/lib/postgresql";
                  mountOptions = [
                    "noatime"
                    "nodatacow"
                  ];
                };
                "@containers" = {
                  mountpoint = "/var/lib/containers";
                  inherit mountOptions;
                };
                "@log" = {
                  mountpoint = "/var/log";
                  inherit mountOptions;
                };
              };
            };
          };
        };
      };
    };
  };

  services.postgresql = {
    enable = true;
    enableTCPIP = true;
    settings = {
      shared_buffers = "4GB";
      effective_cache_size = "12GB";
      max_wal_size = "4GB";
    };
  };

  virtualisation.podman = {
    enable = true;
    dockerCompat = true;
    autoPrune.enable = true;
  };
  # btrfs is what the disk is, so use the btrfs driver.
  virtualisation.containers.storage.settings.storage.driver = "btrfs";

  services.btrfs.autoScrub = {
    enable = true;
    interval = "weekly";
  };

  services.snapper.configs.home = {
    SUBVOLUME = "/home";
    ALLOW_GROUPS = [ "wheel" ];
    TIMELINE_CREATE = true;
    TIMELINE_CLEANUP = true;
    TIMELINE_LIMIT_HOURLY = 24;
    TIMELINE_LIMIT_DAILY = 7;
    TIMELINE_LIMIT_WEEKLY = 4;
  };
}
