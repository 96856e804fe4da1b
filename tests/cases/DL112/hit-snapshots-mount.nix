# A subvolume mounted at /snapshots (not /.snapshots, and not named like one) is where
# snapshots are kept, so autodefrag's unsharing applies.
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
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" "autodefrag" ]; };
            "@snaps" = { mountpoint = "/snapshots"; mountOptions = [ "compress=zstd" "noatime" ]; };
          };
        };
      };
    };
  };
}
