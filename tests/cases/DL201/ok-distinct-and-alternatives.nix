# Distinct mountpoints; a fileSystems entry that only adds neededForBoot (no fsType) is
# not a second mount; two subvolumes at /srv under opposite mkIf conditions are
# alternatives, not duplicates.
{ lib, config, ... }:
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
          subvolumes = {
            "@root" = { mountpoint = "/"; };
            "@persist" = { mountpoint = "/persist"; };
            "@srv-big" = lib.mkIf config.custom.bigSrv { mountpoint = "/srv"; };
            "@srv" = lib.mkIf (!config.custom.bigSrv) { mountpoint = "/srv"; };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
}
