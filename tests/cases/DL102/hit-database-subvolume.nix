# "NOCOW for the database" through a mount option: ignored on /var/lib/postgresql,
# because / is mounted first and its options apply to the whole filesystem.
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
              mountOptions = [ "compress=zstd" "noatime" ];
            };
            "@postgres" = {
              mountpoint = "/var/lib/postgresql";
              mountOptions = [
                "noatime"
                "nodatacow" # no COW for the database
                "nodatasum"
              ];
            };
          };
        };
      };
    };
  };
}
