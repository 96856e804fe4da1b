# No target kernel configured: a negative level is only a note; zstd:-20 is clamped to
# -15 on kernels that take negative levels.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "filesystem";
          format = "btrfs";
          mountpoint = "/";
          mountOptions = [ "compress=zstd:-5" "compress=zstd:-20" ];
        };
      };
    };
  };
}
