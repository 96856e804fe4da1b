{
  disko.devices.disk.main = {
    device = "/dev/sda";
    type = "disk";
    content = {
      type = "gpt";
      partitions = {
        a = {
          size = "50%";
          content = {
            type = "luks";
            name = "a";
            settings = {
              keyFile = "/tmp/secret.key";
              fallbackToPassword = true;
            };
            content = {
              type = "filesystem";
              format = "ext4";
              mountpoint = "/";
            };
          };
        };
        b = {
          size = "100%";
          content = {
            type = "luks";
            name = "b";
            passwordFile = "/tmp/secret.key";
            additionalKeyFiles = [ "/tmp/additional.key" ];
            content = {
              type = "filesystem";
              format = "ext4";
              mountpoint = "/home";
            };
          };
        };
      };
    };
  };
}
