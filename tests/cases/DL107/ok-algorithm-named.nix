# Every compress option names its algorithm, zlib included.
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
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@old" = { mountpoint = "/old"; mountOptions = [ "compress=zlib" ]; };
            "@vm" = { mountpoint = "/vm"; mountOptions = [ "compress-force=zstd:1" ]; };
          };
        };
      };
    };
  };
}
