# neededForBoot is set, but to false: no fix can add a second binding.
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
            persistent.mountpoint = "/persistent";
          };
        };
      };
    };
  };
  fileSystems."/persistent".neededForBoot = false;
}
