# A tmpfs size taken from the NixOS configuration cannot be read statically.
{ config, ... }:
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
          subvolumes."@" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd" "noatime" ]; };
        };
      };
    };
  };
  disko.devices.nodev."/" = {
    fsType = "tmpfs";
    mountOptions = [ "size=${config.host.rootSize}" "mode=755" ];
  };
}
