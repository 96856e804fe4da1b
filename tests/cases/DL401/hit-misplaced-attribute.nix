# The tmpfiles rule puts +C where the mode goes: it sets no attribute.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
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
            "@vm" = {
              mountpoint = "/var/lib/libvirt/images";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
  systemd.tmpfiles.rules = [
    "d /var/lib/libvirt/images 0711 root root -"
    "h /var/lib/libvirt/images +C"
  ];
}
