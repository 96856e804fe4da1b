# sgdisk codes in either letter case, a full partition type GUID, and the default (unset).
let
  linuxFs = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions = {
        boot = { size = "1M"; type = "EF02"; };
        ESP = {
          size = "512M";
          type = "ef00";
          content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; };
        };
        swap = { size = "8G"; type = "8200"; content.type = "swap"; };
        data = {
          size = "20G";
          type = linuxFs;
          content = { type = "filesystem"; format = "xfs"; mountpoint = "/srv"; };
        };
        root = {
          size = "100%";
          content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; };
        };
      };
    };
  };
}
