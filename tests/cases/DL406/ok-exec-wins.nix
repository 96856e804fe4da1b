# A later `exec` wins over `noexec` (fileSystems options are appended to disko's).
{
  fileSystems."/tmp".options = [ "exec" ];
  disko.devices.nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "noexec" ]; };
}
