# No snapper or btrbk config in this file, but the first filesystem has a subvolume mounted
# at /.snapshots: that is where snapshots live (btrbk, Timeshift, a config in another
# module or a cron job make them), so autodefrag's unsharing applies. The second
# filesystem's `@snapshots` subvolume, not mounted, counts by its name.
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
              "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" "autodefrag" ]; };
              "@snap" = { mountpoint = "/.snapshots"; mountOptions = [ "compress=zstd" "noatime" ]; };
            };
          };
        };
      };
    };
    data = {
      type = "disk";
      device = "/dev/nvme1n1";
      content = {
        type = "btrfs";
        mountpoint = "/data";
        mountOptions = [ "noatime" "autodefrag" ];
        subvolumes."@snapshots" = { };
      };
    };
  };
}
