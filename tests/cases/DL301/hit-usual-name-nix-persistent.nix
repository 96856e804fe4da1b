# tmpfs root; the persistent state lives on its own subvolume mounted at /nix/persistent
# (a name impermanence users often give it). Only /nix itself is mounted in the initrd
# implicitly, not a separate mount below it.
{
  disko.devices = {
    nodev."/" = {
      fsType = "tmpfs";
      mountOptions = [ "size=2G" "mode=755" ];
    };
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "btrfs";
        subvolumes = {
          nix = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
          persistent = { mountpoint = "/nix/persistent"; mountOptions = [ "noatime" ]; };
        };
      };
    };
  };
}
