# Target kernel 6.12 (see the .toml): zstd:-3 cannot be read there and runs as zstd:3.
# The let-bound list gets the finding but no fix.
let
  fast = [ "compress=zstd:-3" "noatime" ];
in
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
            root = { mountpoint = "/"; mountOptions = fast; };
            data = { mountpoint = "/data"; mountOptions = [ "compress=zstd:-7" ]; };
          };
        };
      };
    };
  };
}
