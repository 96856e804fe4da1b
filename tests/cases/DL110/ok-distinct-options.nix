# Options that add up (x-systemd.*, rescue=, device=) with different values, noatime
# with nodiratime (different families), per-mount differences between lists, and ext4
# options, are not duplicates. subvol= is DL109's/DL111's.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.scratch = {
        size = "10G";
        content = {
          type = "filesystem";
          format = "ext4";
          mountpoint = "/scratch";
          mountOptions = [ "noatime" "noatime" ];
        };
      };
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" "nodiratime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress=zstd" "relatime" "subvol=@home" ]; };
            "@data" = {
              mountpoint = "/data";
              mountOptions = [ "compress=zstd" "noatime" "x-systemd.requires=a.service" "x-systemd.requires=b.service" "device=/dev/sdb" "device=/dev/sdc" ];
            };
          };
        };
      };
    };
  };
}
