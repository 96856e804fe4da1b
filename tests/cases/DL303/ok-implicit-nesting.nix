# /var, /var/log and /var/lib are all mounted in the initrd implicitly; the late
# /var/lib/postgresql and /home have nothing needed below them.
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
            var.mountpoint = "/var";
            log.mountpoint = "/var/log";
            lib.mountpoint = "/var/lib";
            postgres.mountpoint = "/var/lib/postgresql";
            home.mountpoint = "/home";
          };
        };
      };
    };
  };
}
