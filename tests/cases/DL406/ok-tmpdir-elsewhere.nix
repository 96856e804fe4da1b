# Only the daemon's TMPDIR is moved (the usual workaround before Nix 2.30); /tmp stays
# noexec.
{
  systemd.services.nix-daemon.environment.TMPDIR = "/var/cache/nix";
  disko.devices.nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "noexec" ]; };
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "btrfs";
      subvolumes."@root" = { mountpoint = "/"; };
    };
  };
}
