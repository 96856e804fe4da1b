# postMountCommands runs after stage 1 mounted the file systems: a top-level mount left
# there is not the first mount of the filesystem, its options change nothing.
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
  boot.initrd.postMountCommands = lib.mkAfter ''
    mkdir -p /btrfs_tmp
    mount /dev/disk/by-label/nixos /btrfs_tmp
    if [[ -e /btrfs_tmp/root ]]; then
      mkdir -p /btrfs_tmp/old_roots
      mv /btrfs_tmp/root "/btrfs_tmp/old_roots/$(date +%s)"
    fi
    btrfs subvolume create /btrfs_tmp/root
  '';
}
