# The reason for noatime names the snapshots that make access-time writes costly: the
# first filesystem has a subvolume named .snapshots, the second a snapper config. The third
# has none, and its finding says what relatime costs without them.
{
  disko.devices.disk = {
    main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "btrfs";
        subvolumes = {
          "@" = { mountpoint = "/"; mountOptions = [ "compress=zstd" ]; };
          ".snapshots" = { mountpoint = "/.snapshots"; mountOptions = [ "noatime" ]; };
        };
      };
    };
    home = {
      type = "disk";
      device = "/dev/nvme1n1";
      content = {
        type = "btrfs";
        subvolumes."@home" = { mountpoint = "/home"; mountOptions = [ "relatime" ]; };
      };
    };
    scratch = {
      type = "disk";
      device = "/dev/nvme2n1";
      content = {
        type = "btrfs";
        subvolumes."@scratch" = { mountpoint = "/scratch"; };
      };
    };
  };
  services.snapper.configs.home = {
    SUBVOLUME = "/home";
    TIMELINE_CREATE = true;
  };
}
