# Target kernel 6.6 (see the .toml): inode_cache is still accepted there and does
# nothing, but the mount fails from 6.8 on. nospace_cache on the only mount fails.
let
  opts = [ "noatime" "inode_cache" ];
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
            root = { mountpoint = "/"; mountOptions = opts; };
            nix = { mountpoint = "/nix"; mountOptions = opts; };
          };
        };
      };
      partitions.data = {
        size = "100G";
        content = {
          type = "filesystem";
          format = "btrfs";
          mountpoint = "/data";
          mountOptions = [ "nospace_cache" ];
        };
      };
    };
  };
}
