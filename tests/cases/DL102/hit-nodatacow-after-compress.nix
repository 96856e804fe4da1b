# compress then nodatacow on the first mount: nodatacow comes last and is in force, so
# DL102 reports it (and DL103 the order, DL103/hit-nodatacow-last.nix).
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
            "@root" = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd:1" "noatime" "nodatacow" ];
            };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
          };
        };
      };
    };
  };
}
