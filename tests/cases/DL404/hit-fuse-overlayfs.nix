# fuse-overlayfs as mount_program on a 6.12 kernel (see the .toml), where the
# kernel's overlay works on btrfs, rootless too.
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
            "@root/var/lib/containers" = { };
          };
        };
      };
    };
  };
  virtualisation.podman.enable = true;
  virtualisation.containers.storage.settings.storage = {
    driver = "overlay";
    options.overlay.mount_program = "/run/current-system/sw/bin/fuse-overlayfs";
  };
}
