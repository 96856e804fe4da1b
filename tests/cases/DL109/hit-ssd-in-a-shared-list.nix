# NVMe: `ssd` is redundant on every mount, but the later mounts take a `let`-bound list
# this rule cannot edit. Removing `ssd` from `/` alone would leave it on `/home` and `/nix`
# only, and DL101 would add it to `/` again: no fix on any mount, one help for all.
let
  common = [ "ssd" "noatime" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root" = { mountpoint = "/"; mountOptions = [ "ssd" "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = common; };
            "@nix" = { mountpoint = "/nix"; mountOptions = common; };
          };
        };
      };
    };
  };
}
