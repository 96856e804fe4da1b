# A function with defaulted arguments, meant for the disko CLI (`--arg disks …`) or for
# `import ./file.nix { disks = [ … ]; }`. Nothing here shows it listed as a module.
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
