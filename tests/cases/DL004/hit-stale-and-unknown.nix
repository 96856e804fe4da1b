# The DL101 suppression is stale (both mounts agree now), and DL10I is a typo.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = {
          mountpoint = "/";
          mountOptions = [ "compress=zstd:1" "noatime" ];
        };
        # disko-lint: ignore[DL101] /nix used to ask for zstd:3
        "@nix" = {
          mountpoint = "/nix";
          mountOptions = [ "compress=zstd:1" "noatime" ]; # disko-lint: ignore[DL10I] typo
        };
      };
    };
  };
}
