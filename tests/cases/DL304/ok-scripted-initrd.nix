# Scripted initrd (systemd initrd off) and a rollback that unmounts.
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
          subvolumes.root.mountpoint = "/";
        };
      };
    };
  };

  boot.initrd.systemd.enable = false;
  boot.initrd.postDeviceCommands = lib.mkAfter ''
    mkdir /btrfs_tmp
    mount -t btrfs \
      -o subvol=/ \
      /dev/disk/by-partlabel/disk-main-root /btrfs_tmp
    btrfs subvolume delete /btrfs_tmp/root
    btrfs subvolume snapshot /btrfs_tmp/root-blank /btrfs_tmp/root
    umount -R /btrfs_tmp
  '';
}
