# A mountpoint of spaces is as empty as "".
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes = {
        "@" = { mountpoint = "/"; };
        "@data" = { mountpoint = "  "; };
      };
    };
  };
}
