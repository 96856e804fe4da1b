{
  disko.devices.disk.main = {
    device = "/dev/nvme0n1";
    type = "disk";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root".mountpoint = "/";
            "@swap" = {
              mountpoint = "/.swapvol";
              swap.swapfile.size = "16G";
            };
          };
        };
      };
    };
  };
  boot.resumeDevice = "/.swapvol/swapfile";
}
