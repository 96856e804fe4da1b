# Everything is static: let bindings, ++, lib.mkDefault and a module argument that is
# never used for a value.
{ lib, ... }:
let
  common = [ "compress=zstd" "noatime" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = lib.mkDefault "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@" = { mountpoint = "/"; mountOptions = common; };
            "@home" = { mountpoint = "/home"; mountOptions = common ++ [ "nosuid" "nodev" ]; };
          };
        };
      };
    };
  };
}
