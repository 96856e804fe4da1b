# autodefrag on a filesystem with no snapshots, no bees and no databases; its impermanence
# blank snapshot is of an empty subvolume. Snapper and PostgreSQL live on a second btrfs
# filesystem without autodefrag; noautodefrag at the end of a list turns it off.
{
  disko.devices.disk = {
    main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            postCreateHook = ''
              MNTPOINT=$(mktemp -d)
              mount /dev/disk/by-partlabel/disk-main-root "$MNTPOINT" -o subvol=/
              btrfs subvolume snapshot -r "$MNTPOINT/root" "$MNTPOINT/root-blank"
              umount "$MNTPOINT"
            '';
            subvolumes = {
              root = { mountpoint = "/"; mountOptions = [ "compress=zstd" "autodefrag" ]; };
              nix = { mountpoint = "/nix"; mountOptions = [ "compress=zstd" "autodefrag" ]; };
            };
          };
        };
      };
    };
    data = {
      type = "disk";
      device = "/dev/nvme1n1";
      content = {
        type = "gpt";
        partitions.data = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@srv" = { mountpoint = "/srv"; mountOptions = [ "noatime" "autodefrag" "noautodefrag" ]; };
              "@srv/.snapshots" = { };
              "@pg" = { mountpoint = "/var/lib/postgresql"; mountOptions = [ "noatime" ]; };
            };
          };
        };
      };
    };
  };
  services.snapper.configs.srv.SUBVOLUME = "/srv";
  services.postgresql.enable = true;
}
