# nodatacow then datacow on the first mount: datacow turns copy-on-write back on, but the
# nodatasum that nodatacow also set stays: no checksums and no compression for new files.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.data = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root" = { mountpoint = "/"; mountOptions = [ "nodatacow" "noatime" "datacow" ]; };
          };
        };
      };
    };
  };
}
