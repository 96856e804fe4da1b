# nodatasum after compress: the compress option stays set (mountinfo shows it), but new
# files get no data checksums, and btrfs does not compress files without checksums.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.data = {
        size = "100%";
        content = {
          type = "btrfs";
          mountpoint = "/srv";
          mountOptions = [ "compress=zstd:3" "nodatasum" ];
        };
      };
    };
  };
}
