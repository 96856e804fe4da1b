# Podman is enabled and snapper snapshots /home, where rootless storage lives
# (info: whether users run rootless containers is not visible here).
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
            "@containers" = {
              mountpoint = "/var/lib/containers";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@home/.snapshots" = {
              mountpoint = "/home/.snapshots";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
  virtualisation.podman.enable = true;
  services.snapper.configs.home.SUBVOLUME = "/home";
}
