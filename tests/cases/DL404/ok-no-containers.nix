# No container engine: the layout is not checked. The fuse-overlayfs path comes
# from a package (unknown), so nothing is said about it either.
{ pkgs, ... }:
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
          subvolumes."@root" = {
            mountpoint = "/";
            mountOptions = [ "compress=zstd:1" "noatime" ];
          };
        };
      };
    };
  };
  virtualisation.containers.storage.settings.storage.options.overlay.mount_program =
    "${pkgs.fuse-overlayfs}/bin/fuse-overlayfs";
}
