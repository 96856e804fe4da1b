{
  disko.devices.disk = {
    main = {
      device = "/dev/sda";
      type = "disk";
      content = {
        type = "gpt";
        partitions.luks = {
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
    data = {
      device = "/dev/sdb";
      type = "disk";
      content = {
        type = "luks";
        name = "data";
        settings = {
          keyFile = "/dev/disk/by-id/usb-Key_Stick-0:0";
          keyFileSize = 4096;
        };
        content = {
          type = "filesystem";
          format = "ext4";
          mountpoint = "/data";
        };
      };
    };
  };
  boot.initrd.secrets."/crypto_keyfile.bin" = null;
}
