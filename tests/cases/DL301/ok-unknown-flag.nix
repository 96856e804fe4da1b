# The flag comes from an option of another module: unknown here, so nothing is said.
{ config, lib, ... }:
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
            root.mountpoint = "/";
            persist.mountpoint = "/persist";
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = config.my.impermanence.enable;
}
