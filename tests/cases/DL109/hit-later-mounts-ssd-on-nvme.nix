# Every later mount says ssd and / does not, on NVMe: the kernel turns ssd on by itself, so the later ones are redundant (DL109) and DL101 neither adds it to / nor calls them ignored.
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
