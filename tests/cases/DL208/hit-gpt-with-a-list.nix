{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions = [
        { name = "root"; size = "100%"; content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; }; }
      ];
    };
  };
}
