# tmpfs root (impermanence): nothing here takes snapshots of the btrfs, so the reason for
# noatime is the metadata write each read costs on copy-on-write btrfs, not snapshots.
{
  fileSystems."/persist".neededForBoot = true;
  disko.devices = {
    nodev."/" = { fsType = "tmpfs"; mountOptions = [ "size=2G" "mode=755" ]; };
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "btrfs";
        subvolumes = {
          nix = { mountpoint = "/nix"; mountOptions = [ "compress=zstd" "noatime" ]; };
          persist = { mountpoint = "/persist"; mountOptions = [ "compress=zstd" ]; };
        };
      };
    };
  };
}
