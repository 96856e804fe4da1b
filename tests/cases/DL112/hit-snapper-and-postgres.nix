# One option list with autodefrag for every subvolume, snapper snapshots of /home, and
# PostgreSQL on the same filesystem (the service is enabled; its data is under /).
let
  opts = [ "compress=zstd" "noatime" "autodefrag" ];
in
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
            "@root" = { mountpoint = "/"; mountOptions = opts; };
            "@home" = { mountpoint = "/home"; mountOptions = opts; };
            "@home/.snapshots" = { };
          };
        };
      };
    };
  };
  services.snapper.configs.home.SUBVOLUME = "/home";
  services.postgresql.enable = true;
}
