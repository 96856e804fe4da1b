# A plain btrfs filesystem (no subvolumes) with nodatacow: its only mount is the first
# one, so every new file is NOCOW, unchecksummed and uncompressed.
{
  disko.devices.disk.vms = {
    type = "disk";
    device = "/dev/sdb";
    content = {
      type = "gpt";
      partitions.images = {
        size = "100%";
        content = {
          type = "filesystem";
          format = "btrfs";
          mountpoint = "/var/lib/libvirt/images";
          mountOptions = [ "noatime" "nodatacow" ];
        };
      };
    };
  };
}
