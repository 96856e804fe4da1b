# /persist/secrets is mounted in the initrd; /persist (not needed for boot) is
# mounted over it later in stage 2.
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
  fileSystems."/persist/secrets".neededForBoot = true;
}
