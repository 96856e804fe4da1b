# Impermanence layout: / is rolled back, /persist keeps the state, but nothing
# marks /persist as needed for boot.
{ lib, ... }:
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
            root = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            nix = {
              mountpoint = "/nix";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            persist = {
              mountpoint = "/persist";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };

  # /nix is mounted in the initrd anyway; no flag needed there.
  boot.initrd.systemd.enable = true;
}
