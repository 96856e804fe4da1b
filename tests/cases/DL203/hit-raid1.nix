# Two disks in one btrfs raid1 (the second disk added through extraArgs) with a swap
# subvolume: swap files need a single-device filesystem with the single data profile.
{
  disko.devices.disk = {
    a = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.pool = {
          size = "100%";
        };
      };
    };
    b = {
      type = "disk";
      device = "/dev/sdb";
      content = {
        type = "gpt";
        partitions.pool = {
          size = "100%";
          content = {
            type = "btrfs";
            extraArgs = [ "-f" "-d raid1" "-m raid1" "/dev/disk/by-partlabel/disk-a-pool" ];
            subvolumes = {
              "@root".mountpoint = "/";
              "@swap" = {
                mountpoint = "/swap";
                swap.swapfile.size = "8G";
              };
            };
          };
        };
      };
    };
  };
}
