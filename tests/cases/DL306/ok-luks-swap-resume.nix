{
  disko.devices.disk.main = {
    device = "/dev/nvme0n1";
    type = "disk";
    content = {
      type = "gpt";
      partitions = {
        root = {
          end = "-16G";
          content = {
            type = "filesystem";
            format = "ext4";
            mountpoint = "/";
          };
        };
        # A random key is fine for swap that is never resumed from.
        scratch = {
          size = "1G";
          content = {
            type = "swap";
            randomEncryption = true;
          };
        };
        swap = {
          size = "100%";
          content = {
            type = "luks";
            name = "cryptswap";
            content = {
              type = "swap";
              resumeDevice = true;
            };
          };
        };
      };
    };
  };
}
