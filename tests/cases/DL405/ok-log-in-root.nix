# No separate /var/log subvolume: no "compressed log subvolume" expectation.
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
          subvolumes."@root" = {
            mountpoint = "/";
            mountOptions = [ "compress=zstd:1" "noatime" ];
          };
        };
      };
    };
  };
}
