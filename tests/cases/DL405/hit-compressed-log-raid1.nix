# A compressed /var/log subvolume on raid1: the journal stays NOCOW, so it is
# neither compressed nor checksummed (and cannot be repaired from the mirror).
{
  disko.devices.disk = {
    a = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.pool.size = "100%";
      };
    };
    b = {
      type = "disk";
      device = "/dev/sdb";
      content = {
        type = "gpt";
        partitions.pool = {
          size = "100%";
          content = {
            type = "btrfs";
            extraArgs = [ "-d raid1" "-m raid1" "/dev/disk/by-partlabel/disk-a-pool" ];
            subvolumes = {
              "@root" = {
                mountpoint = "/";
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
  };
}
