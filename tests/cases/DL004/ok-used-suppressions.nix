# Each suppression silences a real finding: on the line, on the next binding, file-wide.
# disko-lint: ignore-file[DL402] this host keeps relatime on purpose
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = {
          mountpoint = "/";
          mountOptions = [ "compress=zstd:1" ];
        };
        # disko-lint: ignore[DL101] kept until the next reinstall
        "@nix" = {
          mountpoint = "/nix";
          mountOptions = [ "compress=zstd:3" ];
        };
        "@home" = {
          mountpoint = "/home";
          mountOptions = [ "compress=zstd:1" "ssd" ]; # disko-lint: ignore[DL109] documents the disk type
        };
      };
    };
  };
}
