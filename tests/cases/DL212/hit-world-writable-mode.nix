{
  disko.devices.nodev."/" = {
    fsType = "tmpfs";
    mountOptions = [ "size=1G" "mode=1777" ];
  };
}
