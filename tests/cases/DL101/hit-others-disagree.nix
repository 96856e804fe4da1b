# / leaves compress and autodefrag out and the other mounts do not all ask for them: the author's choice, no fix.
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
            "@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
            "@home" = { mountpoint = "/home"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
            "@log" = { mountpoint = "/var/log"; mountOptions = [ "autodefrag" "compress=zstd" "noatime" ]; };
          };
        };
      };
    };
  };
}
