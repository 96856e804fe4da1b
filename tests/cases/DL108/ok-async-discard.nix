# discard=async, nodiscard, no discard at all; ext4 keeps its own discard option.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.scratch = {
        size = "10G";
        content = {
          type = "filesystem";
          format = "ext4";
          mountpoint = "/scratch";
          mountOptions = [ "discard" ];
        };
      };
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "discard=async" ]; };
            "@a" = { mountpoint = "/a"; mountOptions = [ "nodiscard" ]; };
            "@b" = { mountpoint = "/b"; };
          };
        };
      };
    };
  };
}
