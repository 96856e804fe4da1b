# tmpfs root: /nix and /persist are both initrd mounts; whether commit=600 on /persist applies
# depends on which of them comes first, which is not certain.
{
  disko.devices = {
    nodev."/" = { fsType = "tmpfs"; mountOptions = [ "mode=755" "size=2G" ]; };
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@nix" = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
              "@persist" = { mountpoint = "/persist"; mountOptions = [ "noatime" "commit=600" ]; };
            };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
}
