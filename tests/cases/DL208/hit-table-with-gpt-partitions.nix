# The legacy `table` type with `partitions` written as for `gpt`: disko rejects it.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "table";
      format = "gpt";
      partitions = {
        ESP = {
          start = "1M";
          end = "512M";
          content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; };
        };
        root = {
          start = "512M";
          end = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@root" = { mountpoint = "/"; };
              "@nix" = { mountpoint = "/nix"; };
            };
          };
        };
      };
    };
  };
}
