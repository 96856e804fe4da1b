# The /var/lib/libvirt subvolume is made NOCOW while still empty: images/, created in it
# later, inherits the attribute.
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
            chattr +C "$MNT/@libvirt"
            umount "$MNT"
          '';
          subvolumes = {
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
            "@libvirt" = { mountpoint = "/var/lib/libvirt"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
  };
}
