# The hook's text comes from a file: it cannot be read here (it might be empty),
# so nothing is said.
{ lib, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes.root.mountpoint = "/";
        };
      };
    };
  };

  boot.initrd.systemd.enable = true;
  boot.initrd.postDeviceCommands = lib.mkAfter (builtins.readFile ./rollback.sh);
}
