# Kernel defaults on later mounts (discard=async since 6.2): nothing differs at runtime (DL109 drops them).
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
            "@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "space_cache=v2" "discard=async" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "space_cache=v2" "discard=async" "noatime" ]; };
            "@log" = { mountpoint = "/var/log"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
  };
}
