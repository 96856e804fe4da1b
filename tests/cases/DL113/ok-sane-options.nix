# Ordinary options; commit=120 is within the default limit of 300 s; ssd_spread is undone by
# a later nossd; ext4's own commit=600 is not btrfs's business; an option
# list from a function argument is unknown and skipped.
{ extraOpts, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions = {
        data = {
          size = "20G";
          content = {
            type = "filesystem";
            format = "ext4";
            mountpoint = "/srv";
            mountOptions = [ "noatime" "commit=600" ];
          };
        };
        root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@root" = {
                mountpoint = "/";
                mountOptions = [ "compress=zstd:1" "noatime" "commit=120" "ssd_spread" "nossd" ];
              };
              "@home" = {
                mountpoint = "/home";
                mountOptions = extraOpts;
              };
            };
          };
        };
      };
    };
  };
}
