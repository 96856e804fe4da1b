{
  disko.devices.disk.main = {
    device = "/dev/nvme0n1";
    type = "disk";
    content = {
      type = "gpt";
      partitions.luks = {
        size = "100%";
        content = {
          type = "luks";
          name = "crypted";
          settings.keyFile = "/persist/keys/root.key";
          content = {
            type = "btrfs";
            subvolumes = {
              "@root".mountpoint = "/";
              "@persist".mountpoint = "/persist";
            };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
}
