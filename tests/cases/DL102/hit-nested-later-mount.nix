# No `/` on this filesystem, but /srv/db is nested in /srv, so systemd mounts it after /srv
# (systemd.mount(5)): /srv is certainly first, and nodatacow on /srv/db is ignored at boot.
{
  disko.devices.disk.data = {
    type = "disk";
    device = "/dev/sdb";
    content = {
      type = "gpt";
      partitions.data = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@srv" = { mountpoint = "/srv"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
            "@db" = { mountpoint = "/srv/db"; mountOptions = [ "noatime" "nodatacow" ]; };
          };
        };
      };
    };
  };
}
