# NVMe: `ssd` on every mount is redundant (the kernel turns SSD mode on by itself), and the
# fix drops it from all of them at once, so no mount is left asking for it alone: the
# .fixed text re-checks clean of this rule and of DL101 (tests/consistency.rs runs the
# whole fix loop with every rule).
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
            "@root" = { mountpoint = "/"; mountOptions = [ "ssd" "noatime" "compress=zstd" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "ssd" "noatime" "compress=zstd" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "ssd" "noatime" "compress=zstd" ]; };
          };
        };
      };
    };
  };
}
