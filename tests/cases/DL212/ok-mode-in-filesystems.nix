{ lib, ... }:
{
  disko.devices.nodev."/" = {
    fsType = "tmpfs";
    mountOptions = [ "size=2G" ];
  };
  fileSystems."/".options = [ "mode=0755" ];
}
