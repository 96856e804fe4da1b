# tmpfs root: /nix and /persist are both initrd mounts, so nodatacow on /persist applies to
# the whole filesystem if /persist happens to be mounted first, and is ignored otherwise.
{
  disko.devices = {
    nodev."/" = { fsType = "tmpfs"; mountOptions = [ "mode=755" "size=2G" ]; };
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@nix" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
              "@persist" = { mountpoint = "/persist"; mountOptions = [ "noatime" "nodatacow" ]; };
            };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
}
