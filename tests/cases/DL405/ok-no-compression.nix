# /var/log is its own subvolume, but nothing asks for compression; a second
# filesystem compresses, without a log subvolume.
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
                mountOptions = [ "noatime" ];
              };
              "@log" = {
                mountpoint = "/var/log";
                mountOptions = [ "noatime" ];
              };
            };
          };
        };
      };
    };
    data = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.data = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes."@data" = {
              mountpoint = "/srv";
              mountOptions = [ "compress=zstd:3" "noatime" ];
            };
          };
        };
      };
    };
  };
}
