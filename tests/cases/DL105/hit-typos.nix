# Typos and copied options on btrfs mounts: each one makes that mount fail.
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
            "@" = {
              mountpoint = "/";
              mountOptions = [ "noatim" "compress=zsdt:1" ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "noatime" "compress=zstd:1" "discard=asnyc" "umask=0077" ];
            };
            "@var" = {
              mountpoint = "/var";
              mountOptions = [ "NOATIME" "compress=zstd:1" "rescue=usebackuproot:nologreplay" "ro" ];
            };
          };
        };
      };
    };
  };
}
