# The root subvolume is deleted and recreated in the initrd on every boot, so its id
# changes: subvolid= on / breaks the boot after the first rollback.
{ lib, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = [ "subvolid=256" "noatime" ]; };
            persist = { mountpoint = "/persist"; mountOptions = [ "noatime" ]; };
            nix = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
  };
  boot.initrd.postDeviceCommands = lib.mkAfter ''
    mkdir /btrfs_tmp
    mount -o subvol=/ /dev/disk/by-partlabel/disk-main-root /btrfs_tmp
    btrfs subvolume delete /btrfs_tmp/root
    btrfs subvolume create /btrfs_tmp/root
    umount /btrfs_tmp
  '';
}
