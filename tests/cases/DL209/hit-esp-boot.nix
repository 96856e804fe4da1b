{
  disko.devices.disk.main = {
    device = "/dev/nvme0n1";
    type = "disk";
    content = {
      type = "gpt";
      partitions = {
        ESP = {
          size = "1G";
          type = "EF00";
          content = {
            type = "filesystem";
            format = "vfat";
            mountpoint = "/boot";
            mountOptions = [ "umask=0077" ];
          };
        };
        luks = {
          size = "100%";
          content = {
            type = "luks";
            name = "crypted";
            settings.keyFile = "/crypto_keyfile.bin";
            content = {
              type = "btrfs";
              subvolumes."@root".mountpoint = "/";
            };
          };
        };
      };
    };
  };
  boot.initrd.secrets."/crypto_keyfile.bin" = null;
}
