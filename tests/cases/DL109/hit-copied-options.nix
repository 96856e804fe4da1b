# Target: NVMe, kernel 6.12 (see the .toml). Everything here except noatime and
# compress restates a default, disko's own subvol=, or what noatime implies.
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
            "@" = {
              mountpoint = "/";
              mountOptions = [
                "defaults"
                "noatime"
                "nodiratime"
                "compress=zstd"
                "ssd"
                "space_cache=v2"
                "discard=async"
              ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "subvol=/@home" "noatime" "compress=zstd" ];
            };
          };
        };
      };
    };
  };
}
