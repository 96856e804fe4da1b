# The late parent is a different disk: /srv (ext4, not needed for boot) hides the
# needed btrfs subvolume at /srv/keys.
{
  disko.devices.disk = {
    main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              root.mountpoint = "/";
              keys.mountpoint = "/srv/keys";
            };
          };
        };
      };
    };
    data = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.data = {
          size = "100%";
          content = {
            type = "filesystem";
            format = "ext4";
            mountpoint = "/srv";
          };
        };
      };
    };
  };
  fileSystems."/srv/keys".neededForBoot = true;
}
