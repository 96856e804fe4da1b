# Both the parent and the nested mount are needed for boot.
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
  fileSystems."/persist".neededForBoot = true;
  fileSystems."/persist/secrets".neededForBoot = true;
}
