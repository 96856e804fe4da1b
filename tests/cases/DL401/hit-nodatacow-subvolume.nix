# "nodatacow" on the database subvolume does not make it NOCOW (and nothing else does).
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
            "@root" = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@postgres" = {
              mountpoint = "/var/lib/postgresql";
              mountOptions = [ "noatime" "nodatacow" ];
            };
          };
        };
      };
    };
  };
  services.postgresql.enable = true;
}
