# Whether /persist is needed for boot depends on another module: no finding.
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
            "@persist".mountpoint = "/persist";
            "@secrets".mountpoint = "/persist/secrets";
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = config.impermanence.enable;
  fileSystems."/persist/secrets".neededForBoot = true;
}
