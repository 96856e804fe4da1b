# Rootful Podman storage is a nested (unmounted) subvolume, which root snapshots
# skip; Docker's data root and a custom graphroot are mounted subvolumes.
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
            "@root/var/lib/docker" = { };
            "@podman" = {
              mountpoint = "/srv/podman";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
  virtualisation.podman.enable = true;
  virtualisation.docker.enable = true;
  virtualisation.containers.storage.settings.storage.graphroot = "/srv/podman/storage";
}
