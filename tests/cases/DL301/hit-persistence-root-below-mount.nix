# The persistence root is a directory on the /state filesystem; /state lacks the flag.
{ config, ... }:
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
          subvolumes = {
            "@root".mountpoint = "/";
            "@state".mountpoint = "/state";
          };
        };
      };
    };
  };

  environment.persistence."/state/system" = {
    hideMounts = true;
    directories = [ "/var/lib/nixos" "/etc/NetworkManager/system-connections" ];
    files = [ "/etc/machine-id" ];
  };
}
