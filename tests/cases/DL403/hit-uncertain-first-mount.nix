# tmpfs root: which of /nix and /persist is mounted first is not certain, but neither asks for
# compression, so the filesystem holding /nix is uncompressed either way.
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
              "@persist" = { mountpoint = "/persist"; mountOptions = [ "noatime" ]; };
            };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
}
