# Every later mount says ssd and / does not: DL101 adds it to / first; judging it redundant here would contradict that.
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
            "@home" = { mountpoint = "/home"; mountOptions = [ "ssd" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "ssd" "noatime" ]; };
            "@log" = { mountpoint = "/var/log"; mountOptions = [ "ssd" "noatime" ]; };
          };
        };
      };
    };
  };
}
