{ cfg, ... }:
{
  disko.devices.disk.main = {
    device = "/dev/sda";
    type = "disk";
    content = {
      type = "gpt";
      partitions.swap = {
        size = "8G";
        content = {
          type = "swap";
          randomEncryption = cfg.encryptSwap;
          resumeDevice = true;
        };
      };
    };
  };
  boot.resumeDevice = "/dev/disk/by-uuid/0b1c7e4a-2f4d-4c55-9a0e-1f2a3b4c5d6e";
}
