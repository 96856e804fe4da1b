# A swap subvolume without a mountpoint: disko builds "${mountpoint}/swapfile" from null
# and the evaluation fails.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root".mountpoint = "/";
            "@swap" = {
              swap.swapfile.size = "16G";
            };
          };
        };
      };
    };
  };
}
