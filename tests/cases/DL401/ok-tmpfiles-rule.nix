# NOCOW through a tmpfiles rule; the nodatacow-free mount options are fine.
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
          subvolumes = {
            "@root" = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@postgres" = {
              mountpoint = "/var/lib/postgresql";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
  services.postgresql.enable = true;
  systemd.tmpfiles.rules = [ "h /var/lib/postgresql - - - - +C" ];
}
