{
  disko.devices.nodev."/" = {
    fsType = "tmpfs";
  };
}
