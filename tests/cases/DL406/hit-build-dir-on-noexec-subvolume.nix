# build-dir set explicitly to a directory on a btrfs subvolume mounted noexec: every Nix
# version that has the setting builds there.
{
  nix.settings.build-dir = "/tmp/nix-build";
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
        "@tmp" = { mountpoint = "/tmp"; mountOptions = [ "noatime" "nosuid" "nodev" "noexec" ]; };
      };
    };
  };
}
