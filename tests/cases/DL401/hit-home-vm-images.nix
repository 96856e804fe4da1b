# GNOME Boxes images in a user's home get their own subvolume, but stay
# copy-on-write (the policy in the .toml lists the per-user path).
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
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@boxes" = {
              mountpoint = "/home/alice/.local/share/gnome-boxes/images";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
}
