# noatime on every mount through a shared list; swap without it is fine.
let
  opts = [ "compress=zstd:1" "noatime" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root" = {
              mountpoint = "/";
              mountOptions = opts;
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = opts ++ [ "nosuid" "nodev" ];
            };
            "@swap" = {
              mountpoint = "/swap";
              swap.swapfile.size = "4G";
            };
            # Not mounted: nothing to check.
            "@snapshots" = { };
          };
        };
      };
    };
  };
}
