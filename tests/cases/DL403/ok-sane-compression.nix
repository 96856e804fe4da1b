# zstd:1 on every mount; the data disk for an archive uses zstd:15, and holds no
# write-heavy data (logs and databases are on the system disk).
{
  disko.devices.disk = {
    main = {
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
              "@nix" = {
                mountpoint = "/nix";
                mountOptions = [ "compress=zstd:1" "noatime" ];
              };
              "@log" = {
                mountpoint = "/var/log";
                mountOptions = [ "compress=zstd:1" "noatime" ];
              };
            };
          };
        };
      };
    };
    archive = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.archive = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes."@archive" = {
              mountpoint = "/srv/archive";
              mountOptions = [ "compress-force=zstd:15" "noatime" ];
            };
          };
        };
      };
    };
  };
  services.postgresql.enable = true;
}
