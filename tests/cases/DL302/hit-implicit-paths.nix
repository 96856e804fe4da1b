# /var/log and /nix are always mounted in the initrd; the flags there do nothing.
# /persist really needs its flag.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            root.mountpoint = "/";
            nix.mountpoint = "/nix";
            log.mountpoint = "/var/log";
            persist.mountpoint = "/persist";
          };
        };
      };
    };
  };
  fileSystems = {
    "/var/log".neededForBoot = true;
    "/nix" = {
      neededForBoot = true;
    };
    "/persist".neededForBoot = true;
  };
}
