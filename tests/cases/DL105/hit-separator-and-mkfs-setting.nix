# `=` written as `-`, and the checksum algorithm asked for at mount time.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes."@" = {
        mountpoint = "/";
        mountOptions = [ "compress-zstd:3" "csum=SHA256" "noatime" ];
      };
    };
  };
}
