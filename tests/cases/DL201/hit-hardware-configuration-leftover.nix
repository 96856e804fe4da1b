# A tmpfs root next to a subvolume at / (fsType conflict), and a fileSystems."/home" copied
# from hardware-configuration.nix on top of disko's /home.
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@" = { mountpoint = "/"; };
              "@home" = { mountpoint = "/home"; };
            };
          };
        };
      };
    };
    nodev."/" = {
      fsType = "tmpfs";
      mountOptions = [ "size=2G" "mode=755" ];
    };
  };
  fileSystems."/home" = {
    device = "/dev/disk/by-uuid/2f6a1c9e-0b7d-4a55-9d7e-3c1f0e8b1a22";
    fsType = "btrfs";
    options = [ "subvol=@home" ];
  };
}
