# A tmpfs root in a disko-only file: /nix and /persist are mounted; /var/log is not, but
# the impermanence side of the configuration (which may persist it) is not in this file,
# so nothing is claimed about it.
{
  disko.devices = {
    nodev."/" = {
      fsType = "tmpfs";
      mountOptions = [ "size=4G" "mode=755" ];
    };
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@nix" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd" "noatime" ]; };
              "@persist" = { mountpoint = "/persist"; mountOptions = [ "compress=zstd" "noatime" ]; };
            };
          };
        };
      };
    };
  };
}
