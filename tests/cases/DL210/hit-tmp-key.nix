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
          settings = {
            allowDiscards = true;
            keyFile = "/tmp/secret.key";
          };
          content = {
            type = "btrfs";
            subvolumes."@root".mountpoint = "/";
          };
        };
      };
    };
  };
}
