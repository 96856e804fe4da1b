# Flags only where NixOS does not mount in the initrd by itself.
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
            persist.mountpoint = "/persist";
            secrets.mountpoint = "/var/lib/secrets";
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
  fileSystems."/var/lib/secrets".neededForBoot = true;
  # /var/log without the flag is fine, and setting it to false changes nothing either.
  fileSystems."/var/log".neededForBoot = false;
}
