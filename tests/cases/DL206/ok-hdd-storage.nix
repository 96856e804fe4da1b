# A spinning disk (storage = "hdd" in the .toml): no discard to lose, even on kernel 6.12.
{
  disko.devices.disk.archive = {
    type = "disk";
    device = "/dev/sdb";
    content = {
      type = "luks";
      name = "archive";
      content = {
        type = "btrfs";
        subvolumes."@archive".mountpoint = "/srv/archive";
      };
    };
  };
}
