# noatime is per mount: / has it, /home does not, /nix chose relatime explicitly,
# /srv uses disko's default options. The swap subvolume needs nothing.
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
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "compress=zstd:1" ];
            };
            "@nix" = {
              mountpoint = "/nix";
              mountOptions = [ "compress=zstd:1" "relatime" ];
            };
            "@srv" = {
              mountpoint = "/srv";
            };
            "@swap" = {
              mountpoint = "/swap";
              swap.swapfile.size = "8G";
            };
          };
        };
      };
    };
  };
}
