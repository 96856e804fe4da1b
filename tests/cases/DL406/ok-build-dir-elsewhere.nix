# /tmp is noexec, but the builds are moved to /var/tmp (build-dir) and so is the daemon's
# TMPDIR (for a Nix without build-dir).
{
  nix.settings.build-dir = "/var/tmp";
  systemd.services.nix-daemon.environment.TMPDIR = "/var/tmp";
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "btrfs";
        subvolumes."@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
      };
    };
    nodev."/tmp" = { fsType = "tmpfs"; mountOptions = [ "nosuid" "nodev" "noexec" ]; };
  };
}
