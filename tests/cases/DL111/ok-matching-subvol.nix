# subvol= that matches the subvolume name (with or without a leading /) is DL109's; a
# subvol= on the top-level mount selects what that mount shows; an unreadable list is
# skipped.
{ homeOpts, ... }:
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
          mountpoint = "/mnt/btrfs";
          mountOptions = [ "subvol=/" ];
          subvolumes = {
            "/root" = { mountpoint = "/"; mountOptions = [ "subvol=root" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "subvol=/@nix" "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = homeOpts; };
          };
        };
      };
    };
  };
}
