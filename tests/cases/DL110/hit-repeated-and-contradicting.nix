# noatime twice; ssd then nossd (nossd wins); two compress values (the last wins);
# ro then rw; noatime beside relatime (the order does not decide: unsafe fix).
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
              mountOptions = [
                "noatime"
                "ssd"
                "compress=zstd"
                "nossd"
                "compress=lzo"
                "noatime"
              ];
            };
            "@srv" = { mountpoint = "/srv"; mountOptions = [ "ro" "compress=lzo" "rw" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "noatime" "compress=lzo" "relatime" ]; };
          };
        };
      };
    };
  };
}
