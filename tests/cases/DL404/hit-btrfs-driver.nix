# Storage has its own subvolumes, but both engines use the btrfs driver.
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
            "@docker" = {
              mountpoint = "/var/lib/docker";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
  virtualisation.podman.enable = true;
  virtualisation.containers.storage.settings.storage.driver = "btrfs";
  virtualisation.docker = {
    enable = true;
    storageDriver = "btrfs";
  };
}
