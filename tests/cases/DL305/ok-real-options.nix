# Real options only, some close to the ones the linter reads: `system` (not `systemd`),
# NixVirt's `virtualisation.libvirt`, `services.snapserver`, `mountPoint`, bees' lowercase
# `filesystems`; names of the user's own modules far from any option; a module function
# whose names come from an argument.
{ lib, config, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes."@" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
    };
  };
  system.stateVersion = "24.11";
  fileSystems."/persist" = {
    neededForBoot = true;
    mountPoint = "/persist";
  };
  virtualisation.libvirt.enable = true;
  services.snapserver.enable = true;
  services.beesd.filesystems.root.spec = "LABEL=root";
  services.snapper.configs.root = { SUBVOLUME = "/"; subvolume = "/"; };
  myHost.fileSystemLayout = "impermanence";
  boot.initrd.systemd.enable = true;
  config = lib.mkIf config.myHost.enable {
    environment.persistence."/persist".hideMounts = true;
  };
}
