# The swap subvolume's mountpoint comes from a function argument: it cannot be seen, so
# "no mountpoint" is not claimed; the filesystem is single-device with the single profile.
{ swapDir, ... }:
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
          extraArgs = [ "-f" "--data" "single" ];
          subvolumes = {
            "@root".mountpoint = "/";
            "@swap" = {
              mountpoint = swapDir;
              swap.swapfile.size = "8G";
            };
          };
        };
      };
    };
  };
}
