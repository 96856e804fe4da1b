# /nix asks for zstd:3 but / is mounted first with zstd:1: the kernel uses zstd:1 everywhere.
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
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@nix" = {
              mountpoint = "/nix";
              mountOptions = [
                "compress=zstd:3" # faster reads?
                "noatime"
              ];
            };
            "@swap" = {
              mountpoint = "/swap";
              swap.swapfile.size = "8G";
            };
          };
        };
      };
    };
  };
}
