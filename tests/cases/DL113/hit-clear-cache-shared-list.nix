# clear_cache left behind after moving to space_cache=v2, in a let-bound list used by every
# subvolume: one finding at the list, not one per mount. A user fileSystems entry adds
# "degraded" to the root mount on top of disko's options.
let
  btrfsOpts = [ "compress=zstd:1" "noatime" "clear_cache" "space_cache=v2" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = btrfsOpts; };
            nix = { mountpoint = "/nix"; mountOptions = btrfsOpts; };
            home = { mountpoint = "/home"; mountOptions = btrfsOpts; };
          };
        };
      };
    };
  };
  fileSystems."/".options = [ "degraded" ];
}
