# Rollback written for the scripted initrd, while the systemd initrd is on.
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
          postCreateHook = ''
            MNT=$(mktemp -d)
            mount /dev/disk/by-partlabel/disk-main-root "$MNT" -o subvol=/
            btrfs subvolume snapshot -r "$MNT/root" "$MNT/root-blank"
            umount "$MNT"
          '';
          subvolumes = {
            root.mountpoint = "/";
            nix.mountpoint = "/nix";
          };
        };
      };
    };
  };

  boot.initrd.systemd.enable = true;
  boot.initrd.postDeviceCommands = lib.mkAfter ''
    mkdir /btrfs_tmp
    mount -o subvol=/ /dev/disk/by-partlabel/disk-main-root /btrfs_tmp
    btrfs subvolume delete /btrfs_tmp/root
    btrfs subvolume snapshot /btrfs_tmp/root-blank /btrfs_tmp/root
    umount /btrfs_tmp
  '';
}
