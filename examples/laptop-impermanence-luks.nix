# Laptop with an impermanent root: a single NVMe drive, an ESP plus a LUKS
# container holding one btrfs filesystem. The `root` subvolume is rolled back
# to an empty snapshot (`root-blank`) on every boot; everything worth keeping
# lives on /persist, /nix and /var/log. Persistence itself (environment.persistence)
# is configured in another module of this host.
#
# Imported from the host's configuration.nix as a NixOS module, so it can set
# other NixOS options next to disko.devices.
#
# Expected disko-lint findings (recommended policy):
#   DL101 fs-wide-option-mismatch     /nix asks for compress=zstd:3 but / (mounted
#                                     first) has compress=zstd:1; only zstd:1
#                                     applies. The swap subvolume also omits compress.
#   DL206 luks-discard-passthrough    btrfs mounts with discard=async, but the LUKS
#                                     device has no settings.allowDiscards = true
#                                     (--allow-discards in extraOpenArgs only reaches
#                                     the installer, not the booted system).
#   DL301 persist-needs-neededforboot /persist has no neededForBoot = true.
#   DL302 redundant-neededforboot     /var/log is always mounted in the initrd (info).
#   DL304 rollback-hook-systemd-initrd postResumeCommands together with the
#                                     systemd initrd: the hook never runs.
#   DL402 missing-universal-options   /persist lacks noatime.
#   DL109 redundant-option            discard=async is the default on kernel >= 6.2
#                                     (info, depends on the configured kernel).
{ lib, ... }:
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T512345A";
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
              name = "cryptroot";
              # TRIM through dm-crypt, and skip the crypto workqueues (faster on NVMe).
              extraOpenArgs = [
                "--allow-discards"
                "--perf-no_read_workqueue"
                "--perf-no_write_workqueue"
              ];
              settings = {
                bypassWorkqueues = true;
                crypttabExtraOpts = [ "fido2-device=auto" ];
              };
              content = {
                type = "btrfs";
                extraArgs = [
                  "-f"
                  "-L"
                  "nixos"
                ];
                # Keep an empty, read-only copy of the root subvolume to roll back to.
                postCreateHook = ''
                  MNTPOINT=$(mktemp -d)
                  mount -t btrfs /dev/mapper/cryptroot "$MNTPOINT" -o subvol=/
                  trap 'umount "$MNTPOINT"; rm -rf "$MNTPOINT"' EXIT
                  btrfs subvolume snapshot -r "$MNTPOINT/root" "$MNTPOINT/root-blank"
                '';
                subvolumes = {
                  root = {
                    mountpoint = "/";
                    mountOptions = [
                      "compress=zstd:1"
                      "discard=async"
                      "noatime"
                    ];
                  };
                  # The store is written once and read a lot, so squeeze it harder.
                  nix = {
                    mountpoint = "/nix";
                    mountOptions = [
                      "compress=zstd:3"
                      "discard=async"
                      "noatime"
                    ];
                  };
                  persist = {
                    mountpoint = "/persist";
                    mountOptions = [
                      "compress=zstd:1"
                      "discard=async"
                    ];
                  };
                  log = {
                    mountpoint = "/var/log";
                    mountOptions = [
                      "compress=zstd:1"
                      "discard=async"
                      "noatime"
                    ];
                  };
                  swap = {
                    mountpoint = "/swap";
                    # No compression here, swapfiles cannot be compressed anyway.
                    mountOptions = [ "noatime" ];
                    swap.swapfile.size = "16G";
                  };
                };
              };
            };
          };
        };
      };
    };
  };

  # Keep logs from early boot.
  fileSystems."/var/log".neededForBoot = true;

  boot.initrd.systemd.enable = true;

  # Wipe the root subvolume on every boot: move the old one aside, keep it for
  # 30 days, and start again from the blank snapshot.
  boot.initrd.postResumeCommands = lib.mkAfter ''
    mkdir -p /btrfs_tmp
    mount -t btrfs -o subvol=/ /dev/mapper/cryptroot /btrfs_tmp

    if [[ -e /btrfs_tmp/root ]]; then
      mkdir -p /btrfs_tmp/old_roots
      timestamp=$(date --date="@$(stat -c %Y /btrfs_tmp/root)" "+%Y-%m-%d_%H:%M:%S")
      mv /btrfs_tmp/root "/btrfs_tmp/old_roots/$timestamp"
    fi

    delete_subvolume_recursively() {
      IFS=$'\n'
      for i in $(btrfs subvolume list -o "$1" | cut -f 9- -d ' '); do
        delete_subvolume_recursively "/btrfs_tmp/$i"
      done
      btrfs subvolume delete "$1"
    }

    for i in $(find /btrfs_tmp/old_roots/ -maxdepth 1 -mtime +30); do
      delete_subvolume_recursively "$i"
    done

    btrfs subvolume snapshot /btrfs_tmp/root-blank /btrfs_tmp/root
    umount /btrfs_tmp
  '';
}
