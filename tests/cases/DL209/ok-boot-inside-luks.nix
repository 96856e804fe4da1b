{
  disko.devices.disk.main = {
    device = "/dev/sda";
    type = "disk";
    content = {
      type = "gpt";
      partitions = {
        ESP = {
          size = "512M";
          type = "EF00";
          content = {
            type = "filesystem";
            format = "vfat";
            mountpoint = "/boot/efi";
          };
        };
        luks = {
          size = "100%";
          content = {
            type = "luks";
            name = "crypted";
            settings.keyFile = "/crypto_keyfile.bin";
            content = {
              type = "filesystem";
              format = "ext4";
              mountpoint = "/";
            };
          };
        };
      };
    };
  };
  # GRUB unlocks the container; /boot, and the initrd with the key, are inside it.
  boot.loader.grub.enableCryptodisk = true;
  boot.initrd.secrets."/crypto_keyfile.bin" = null;
}
