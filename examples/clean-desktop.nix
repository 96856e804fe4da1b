# Desktop on one NVMe drive: ESP plus LUKS with btrfs inside. This is the
# "what good looks like" example and should produce no findings at all.
#
# What it does right:
#   - One identical set of filesystem-wide options (compress=zstd:1) on every
#     mount of the filesystem, because only the first mount's apply anyway.
#   - noatime on every mount (per mount point, so it is repeated each time).
#   - No options that are already defaults: ssd is auto-detected, discard=async
#     and space_cache=v2 are the defaults on current kernels, and disko appends
#     subvol=<name> by itself.
#   - TRIM reaches the drive: settings.allowDiscards goes into the initrd's
#     LUKS config (extraOpenArgs would only affect the installer).
#   - The swapfile has its own subvolume, which nothing snapshots.
#   - snapper's /home config has its .snapshots subvolume, and no autodefrag
#     unshares the snapshotted extents.
#   - autoScrub names the filesystem once instead of once per subvolume.
#
# Expected disko-lint findings: none.
{ lib, ... }:
let
  btrfsOptions = [
    "compress=zstd:1"
    "noatime"
  ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = lib.mkDefault "/dev/nvme0n1";
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
            mountOptions = [ "umask=0077" ];
          };
        };
        luks = {
          size = "100%";
          content = {
            type = "luks";
            name = "crypted";
            settings.allowDiscards = true;
            content = {
              type = "btrfs";
              extraArgs = [
                "-L"
                "nixos"
              ];
              subvolumes = {
                "@root" = {
                  mountpoint = "/";
                  mountOptions = btrfsOptions;
                };
                "@home" = {
                  mountpoint = "/home";
                  mountOptions = btrfsOptions;
                };
                # Created after @home (alphabetical order), so it nests inside it.
                "@home/.snapshots" = {
                  mountpoint = "/home/.snapshots";
                  mountOptions = btrfsOptions;
                };
                "@nix" = {
                  mountpoint = "/nix";
                  mountOptions = btrfsOptions;
                };
                "@swap" = {
                  mountpoint = "/swap";
                  mountOptions = btrfsOptions;
                  swap.swapfile.size = "8G";
                };
              };
            };
          };
        };
      };
    };
  };

  services.btrfs.autoScrub = {
    enable = true;
    fileSystems = [ "/" ];
  };

  services.snapper.configs.home = {
    SUBVOLUME = "/home";
    ALLOW_USERS = [ "alice" ];
    TIMELINE_CREATE = true;
    TIMELINE_CLEANUP = true;
  };
}
