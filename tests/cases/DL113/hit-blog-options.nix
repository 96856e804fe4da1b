# Options copied from old blog posts: degraded "for the mirror", a 10-minute commit interval
# and ssd_spread "because it is an SSD". All of them apply to the whole filesystem.
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
            "@root" = {
              mountpoint = "/";
              mountOptions = [
                "compress=zstd"
                "noatime"
                "degraded"
                "commit=600"
                "ssd_spread"
              ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "compress=zstd" "noatime" "commit=600" "flushoncommit" ];
            };
          };
        };
      };
    };
  };
}
