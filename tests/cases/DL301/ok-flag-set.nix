# /persist is needed for boot (attrset form); /nix and /var/log need nothing (implicit).
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
  fileSystems."/persist" = {
    neededForBoot = true;
  };
  environment.persistence."/persist".directories = [ "/var/lib/bluetooth" ];
}
