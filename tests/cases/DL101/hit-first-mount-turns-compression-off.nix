# / says compress=no, the others want zstd and lzo: only the compression property can do that, and no fix drops the request.
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
            "@root" = { mountpoint = "/"; mountOptions = [ "compress=no" "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd:3" "noatime" ]; };
            "@log" = { mountpoint = "/var/log"; mountOptions = [ "compress=lzo" "noatime" ]; };
          };
        };
      };
    };
  };
}
