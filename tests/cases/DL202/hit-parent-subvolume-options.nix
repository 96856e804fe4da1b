# Options written on the parent "@" (never mounted) in the hope that the nested subvolumes
# inherit them, and compress on the btrfs content without a top-level mountpoint.
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
          mountOptions = [ "compress=zstd:1" ];
          subvolumes = {
            "@" = {
              mountOptions = [ "noatime" "compress=zstd:1" ];
            };
            "@/root" = {
              mountpoint = "/";
              mountOptions = [ "noatime" ];
            };
            "@/nix" = {
              mountpoint = "/nix";
              mountOptions = [ "noatime" ];
            };
          };
        };
      };
    };
  };
}
