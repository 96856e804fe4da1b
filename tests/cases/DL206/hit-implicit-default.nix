# No discard option and no settings at all: on kernel 6.12 (see the .toml) btrfs would
# discard asynchronously by default, but dm-crypt drops the discards.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.luks = {
        size = "100%";
        content = {
          type = "luks";
          name = "crypted";
          content = {
            type = "btrfs";
            subvolumes."@root" = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd" "noatime" ];
            };
          };
        };
      };
    };
  };
}
