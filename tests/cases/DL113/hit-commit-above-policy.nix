# commit=120 is above this project's own limit of 60 s (see the .toml beside this case).
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "filesystem";
          format = "btrfs";
          mountpoint = "/";
          mountOptions = [ "noatime" "commit=120" ];
        };
      };
    };
  };
}
