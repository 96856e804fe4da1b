# The root is rolled back at boot, and `/nix` is a subvolume of a btrfs inside a legacy
# `table` whose `partitions` is an attribute set. disko rejects that shape (DL208) and
# disko-lint does not read it, so nothing is known about where `/nix` is mounted.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "table";
      format = "gpt";
      partitions = {
        root = {
          start = "512M";
          end = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@nix" = { mountpoint = "/nix"; };
            };
          };
        };
      };
    };
  };
  disko.devices.disk.second = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          postCreateHook = ''
            MNT=$(mktemp -d)
            mount /dev/disk/by-partlabel/disk-second-root "$MNT" -o subvol=/
            btrfs subvolume snapshot -r "$MNT/@root" "$MNT/@root-blank"
            umount "$MNT"
          '';
          subvolumes."@root" = { mountpoint = "/"; };
        };
      };
    };
  };
}
