# Mentions disko and devices without defining `disko.devices`: not this rule's business.
{ inputs, config, ... }:
{
  imports = [ inputs.disko.nixosModules.disko ];
  boot.loader.grub.devices = [ "nodev" ];
  environment.etc."disks.txt".text = builtins.toJSON (builtins.attrNames config.disko.devices.disk);
}
