# Scripted initrd (fine), but the top level stays mounted at /btrfs_tmp: its
# options (none) become the filesystem's options for the whole boot.
{ lib, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          extraArgs = [ "-L" "nixos" ];
          subvolumes = {
            root = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };

  boot.initrd.systemd.enable = false;
  boot.initrd.postResumeCommands = lib.mkAfter ''
    mkdir -p /btrfs_tmp
    mount /dev/disk/by-label/nixos /btrfs_tmp
    if [[ -e /btrfs_tmp/root ]]; then
      mkdir -p /btrfs_tmp/old_roots
      mv /btrfs_tmp/root "/btrfs_tmp/old_roots/$(date +%s)"
    fi
    btrfs subvolume create /btrfs_tmp/root
  '';
}
