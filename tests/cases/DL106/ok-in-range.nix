# Levels in range; a negative level on a 6.15 kernel (see the .toml); bare algorithms;
# compress=no; a non-btrfs filesystem.
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
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd:-3" "noatime" ]; };
            "@a" = { mountpoint = "/a"; mountOptions = [ "compress=zstd:15" ]; };
            "@b" = { mountpoint = "/b"; mountOptions = [ "compress-force=zlib:9" ]; };
            "@c" = { mountpoint = "/c"; mountOptions = [ "compress=lzo" ]; };
            "@d" = { mountpoint = "/d"; mountOptions = [ "compress=no" ]; };
          };
        };
      };
    };
  };
}
