# NOCOW done right: the C attribute on the database directory (tmpfiles), no nodatacow
# mount option. The ext4 and unknown option lists are not looked at.
{ extraOpts, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.scratch = {
        size = "20G";
        content = {
          type = "filesystem";
          format = "ext4";
          mountpoint = "/scratch";
          mountOptions = [ "noatime" ];
        };
      };
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@postgres" = { mountpoint = "/var/lib/postgresql"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@srv" = { mountpoint = "/srv"; mountOptions = extraOpts; };
          };
        };
      };
    };
  };
  systemd.tmpfiles.rules = [ "h /var/lib/postgresql - - - - +C" ];
}
