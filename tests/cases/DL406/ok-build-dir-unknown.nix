# build-dir comes from another option: where the builds go cannot be read here, so the
# noexec /tmp is not judged.
{ config, ... }:
{
  nix.settings.build-dir = config.my.buildDir;
  disko.devices.nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "noexec" ]; };
}
