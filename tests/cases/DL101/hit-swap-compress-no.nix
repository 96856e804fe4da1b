# `compress=no` on the swap subvolume: the swap file is NOCOW (mkswapfile), so it is never
# compressed either way; the same effect as leaving compress out there, and the same
# severity (info).
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
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
            "@swap" = {
              mountpoint = "/swap";
              mountOptions = [ "compress=no" "noatime" ];
              swap.swapfile.size = "8G";
            };
          };
        };
      };
    };
  };
}
