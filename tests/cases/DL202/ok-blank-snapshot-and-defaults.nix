# Unmounted subvolumes without options are fine (an impermanence "root-blank" snapshot, a
# parent "@"); [ "defaults" ] is disko's default and draws no warning; a top-level mountpoint
# makes the content-level mountOptions meaningful; a list from a function argument is
# unknown and skipped, and so is a subvolume whose mountpoint is a function argument.
{ lib, opts, dataDir, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          mountpoint = "/mnt/btrfs-top";
          mountOptions = [ "compress=zstd" "noatime" ];
          subvolumes = {
            "@" = { mountOptions = [ "defaults" ]; };
            "@/root" = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd" "noatime" ];
            };
            "@/old" = { mountOptions = opts; };
            "@/data" = { mountpoint = dataDir; mountOptions = [ "noatime" ]; };
            root-blank = { };
          };
        };
      };
    };
  };
}
