# A trailing slash (NixOS rejects the generated fileSystems."/home/"), a relative path
# (disko rejects it), a doubled slash on /nix (not recognised as an initrd path), and a
# neededForBoot written for "/persist/" that matches no mount.
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions = {
          ESP = {
            size = "512M";
            type = "EF00";
            content = {
              type = "filesystem";
              format = "vfat";
              mountpoint = "boot";
              mountOptions = [ "umask=0077" ];
            };
          };
          root = {
            size = "100%";
            content = {
              type = "btrfs";
              subvolumes = {
                "@root" = { mountpoint = "/"; };
                "@home" = { mountpoint = "/home/"; };
                "@nix" = { mountpoint = "//nix"; };
                "@persist" = { mountpoint = "/persist"; };
              };
            };
          };
        };
      };
    };
    nodev."tmp" = {
      fsType = "tmpfs";
      mountOptions = [ "size=2G" ];
    };
  };
  fileSystems."/persist/".neededForBoot = true;
}
