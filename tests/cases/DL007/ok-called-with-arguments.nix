# Called by `default.nix` with its arguments: the defaults are the caller's business.
{ disks ? [ "/dev/vda" ], lib, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = builtins.elemAt disks 0;
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = { type = "filesystem"; format = "ext4"; mountpoint = "/"; };
      };
    };
  };
}
