# Listed in `imports` of `default.nix` as a module: the default of `disks` is never used.
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
