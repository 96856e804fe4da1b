# A reusable disko file: the device and two option lists come from function arguments.
# The two lists that use `opts` are one note.
{ device, opts, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    inherit device;
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = opts; };
            "@nix" = { mountpoint = "/nix"; mountOptions = opts ++ [ "noatime" ]; };
          };
        };
      };
    };
  };
}
