# Every mount carries the same btrfs options; noatime/nosuid differ per mount, which is fine (btrfs docs, Subvolumes).
let
  opts = [ "compress=zstd:1" "noatime" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = { mountpoint = "/"; mountOptions = opts; };
        "@home" = { mountpoint = "/home"; mountOptions = opts ++ [ "nosuid" "nodev" ]; };
        "@log" = { mountpoint = "/var/log"; mountOptions = [ "compress=zstd:1" "relatime" ]; };
      };
    };
  };
}
