# zstd:20 runs as zstd:15, zlib:12 as zlib:9, lzo:3 ignores its level; zstd:0 is the
# default level on purpose and not reported.
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
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd:20" "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress-force=zlib:12" "noatime" ]; };
            "@srv" = { mountpoint = "/srv"; mountOptions = [ "compress=lzo:3" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd:0" "noatime" ]; };
          };
        };
      };
    };
  };
}
