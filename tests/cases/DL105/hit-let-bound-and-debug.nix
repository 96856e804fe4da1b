# A typo in a let-bound list shared by two mounts: one finding, and no fix (editing the
# let changes both). fragment= exists only in CONFIG_BTRFS_DEBUG kernels.
let
  common = [ "noatime" "compres=zstd" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          mountpoint = "/mnt/btrfs-root";
          mountOptions = [ "fragment=data" ];
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = common; };
            nix = { mountpoint = "/nix"; mountOptions = common ++ [ "nodev" ]; };
          };
        };
      };
    };
  };
}
