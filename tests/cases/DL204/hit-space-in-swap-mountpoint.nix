# Whitespace in mountpoints: legal for an ordinary mount (warning), but the swap file's
# fstab line is written unescaped (error).
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root".mountpoint = "/";
            "@media".mountpoint = "/srv/My Media";
            "@swap" = {
              mountpoint = "/swap space";
              swap.swapfile.size = "4G";
            };
          };
        };
      };
    };
  };
}
