# The default journal-nocow.conf is overridden: new journal files are COW,
# compressed and checksummed.
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
            "@log" = {
              mountpoint = "/var/log";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
  systemd.tmpfiles.rules = [ "h /var/log/journal - - - - -C" ];
}
