# The btrfs top level is mounted at / and so is the "root" subvolume: NixOS merges both
# into one fileSystems."/" entry with options [ "defaults" "defaults" "subvol=root" ].
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
          mountpoint = "/";
          subvolumes = {
            root = { mountpoint = "/"; };
            nix = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
  };
}
