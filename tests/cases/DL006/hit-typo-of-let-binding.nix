let
  swapSize = "16G";
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions.swap = {
        size = swap_size;
        content.type = "swap";
      };
    };
  };
}
