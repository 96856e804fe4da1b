# A subvolume for all of /var/lib/libvirt: the VM images in its images/ directory are
# copy-on-write, exactly as if the subvolume were mounted at /var/lib/libvirt/images.
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
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
            "@libvirt" = { mountpoint = "/var/lib/libvirt"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
  };
}
