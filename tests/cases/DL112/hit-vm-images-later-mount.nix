# autodefrag written only on the VM-image subvolume: ignored at boot (/ is first), but a
# remount by nixos-rebuild switch turns it on for the whole filesystem.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@images" = {
              mountpoint = "/var/lib/libvirt/images";
              mountOptions = [ "compress=zstd" "noatime" "autodefrag" ];
            };
          };
        };
      };
    };
  };
}
