# tmpfs root: /nix and /persist are both initrd mounts, which the systemd initrd mounts in
# parallel, so which one comes first (and whose compress level applies) is not certain.
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
              "@nix" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
              "@persist" = { mountpoint = "/persist"; mountOptions = [ "compress=zstd:3" "noatime" ]; };
            };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
}
