# Options from an old "perfect btrfs setup" post: bare space_cache (v1) on / makes the
# root mount fail on a free-space-tree filesystem; inode_cache, check_int and recovery
# are gone from the kernel. space_cache=v1 on /home is ignored while / comes first.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@" = {
              mountpoint = "/";
              mountOptions = [
                "noatime"
                "space_cache"
                "inode_cache"
                "check_int"
                "recovery"
              ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "noatime" "space_cache=v1" ];
            };
          };
        };
      };
    };
  };
}
