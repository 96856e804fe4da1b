# nodatacow then datacow, no compress option in the list: nothing for this rule (DL102
# reports the nodatasum that nodatacow leaves in force).
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
