# `[host] storage = "ssd"` (see the .toml) says the SATA disk is an SSD, which reports
# itself non-rotational: `ssd` on it is redundant. The virtio disk of the same host still
# needs it: virtio disks report rotational whatever backs them.
{
  disko.devices.disk = {
    main = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "btrfs";
        subvolumes."@" = { mountpoint = "/"; mountOptions = [ "noatime" "ssd" ]; };
      };
    };
    extra = {
      type = "disk";
      device = "/dev/vdb";
      content = {
        type = "btrfs";
        subvolumes."@extra" = { mountpoint = "/extra"; mountOptions = [ "noatime" "ssd" ]; };
      };
    };
  };
}
