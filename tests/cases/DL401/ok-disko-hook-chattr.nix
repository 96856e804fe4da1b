# NOCOW set on the new, empty subvolumes by the btrfs postCreateHook.
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
            mount -t btrfs /dev/disk/by-partlabel/disk-main-root "$MNT" -o subvol=/
            chattr +C "$MNT/@postgres"
            chattr +C "$MNT/@images"
            umount "$MNT"
          '';
          subvolumes = {
            "@root" = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@postgres" = {
              mountpoint = "/var/lib/postgresql";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@images" = {
              mountpoint = "/var/lib/libvirt/images";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
}
