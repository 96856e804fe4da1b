# Every name is bound: formals (with a default that reads another formal), `let`, `rec`,
# `inherit`, lambda arguments, Nix globals; names under `with` may come from the set.
{ lib, device ? "/dev/vda", swap ? size, size ? "8G", ... }@args:
let
  opts = [ "compress=zstd" "noatime" ];
  sub = name: { mountpoint = "/${name}"; mountOptions = opts; };
  sizes = rec { small = "1G"; big = small; };
  inherit (sizes) big;
in
{
  disko.devices.disk.main = {
    type = "disk";
    inherit device;
    content = with lib; {
      type = "gpt";
      partitions = {
        ESP = { size = big; type = "EF00"; content = { type = "filesystem"; format = "vfat"; mountpoint = "/boot"; }; };
        swap = { size = swap; content.type = "swap"; };
        root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = mapAttrs' (n: v: nameValuePair n v) {
              "@nix" = sub "nix";
              "@home" = sub "home" // { extra = builtins.toString (args ? lib); x = toString null; };
            };
          };
        };
      };
    };
  };
}
