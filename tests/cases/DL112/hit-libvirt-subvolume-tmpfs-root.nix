# tmpfs root: /nix and /persist are both mounted in the initrd, unordered, so which one is
# the filesystem's first mount is not certain; autodefrag is only on /persist. The
# /var/lib/libvirt subvolume holds the VM images.
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
          nix = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
          persist = { mountpoint = "/persist"; mountOptions = [ "noatime" "autodefrag" ]; };
          libvirt = { mountpoint = "/var/lib/libvirt"; mountOptions = [ "noatime" ]; };
        };
      };
    };
  };
}
