# nodatasum first, compress-force after it: compress-force switches checksums back on, so
# nodatasum does nothing. The list is let-bound and shared by two mounts: one finding.
let
  vmOpts = [
    "nodatasum"
    "noatime"
    "compress-force=zstd:3"
  ];
in
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
            root = { mountpoint = "/"; mountOptions = [ "compress-force=zstd:3" "noatime" ]; };
            images = { mountpoint = "/var/lib/libvirt/images"; mountOptions = vmOpts; };
            isos = { mountpoint = "/srv/iso"; mountOptions = vmOpts; };
          };
        };
      };
    };
  };
}
