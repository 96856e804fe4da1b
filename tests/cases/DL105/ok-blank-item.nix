# A blank item is skipped by libmount: not an unknown option.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes."@" = { mountpoint = "/"; mountOptions = [ "noatime" " " ]; };
    };
  };
}
