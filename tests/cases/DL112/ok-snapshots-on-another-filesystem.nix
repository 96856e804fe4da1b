# autodefrag on a filesystem without snapshots. The `.snapshots` subvolume is on the other
# filesystem, which has no autodefrag; a subvolume that only exists under an undecidable
# condition is no evidence either.
{ lib, config, ... }:
{
  disko.devices.disk = {
    main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "btrfs";
        subvolumes = {
          "@" = { mountpoint = "/"; mountOptions = [ "noatime" "autodefrag" ]; };
          "@nix" = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
          "@snapshots-maybe" = lib.mkIf config.custom.snapshots {
            name = "@snapshots";
            mountpoint = "/.snapshots";
          };
        };
      };
    };
    backup = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "btrfs";
        subvolumes = {
          "@backup" = { mountpoint = "/backup"; mountOptions = [ "noatime" ]; };
          ".snapshots" = { mountpoint = "/backup/.snapshots"; mountOptions = [ "noatime" ]; };
        };
      };
    };
  };
}
