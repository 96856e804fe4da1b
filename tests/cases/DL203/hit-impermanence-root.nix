# Impermanence: root is snapshotted blank after formatting and rolled back at every boot,
# but the swap file sits in root itself.
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
            MNTPOINT=$(mktemp -d)
            mount /dev/vda2 "$MNTPOINT" -o subvol=/
            btrfs subvolume snapshot -r "$MNTPOINT/root" "$MNTPOINT/root-blank"
            umount "$MNTPOINT"
          '';
          subvolumes = {
            root = {
              mountpoint = "/";
              swap.swapfile.size = "4G";
            };
            nix.mountpoint = "/nix";
            persist.mountpoint = "/persist";
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
}
