{ cfg, ... }:
{
  disko.devices.nodev."/" = {
    fsType = "tmpfs";
    mountOptions = cfg.rootOptions;
  };
}
