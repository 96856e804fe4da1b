# The postCreateHook keeps a blank snapshot of "root" to roll back to (the rollback
# itself runs in a systemd initrd service defined elsewhere): subvolid= on root is
# reported as recreated at boot.
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
          postCreateHook = ''
            MNT=$(mktemp -d)
            mount -t btrfs /dev/disk/by-partlabel/disk-main-root "$MNT" -o subvol=/
            btrfs subvolume snapshot -r "$MNT/root" "$MNT/root-blank"
            umount "$MNT"
          '';
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = [ "noatime" "subvolid=256" ]; };
            nix = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
  };
  boot.initrd.systemd.enable = true;
}
