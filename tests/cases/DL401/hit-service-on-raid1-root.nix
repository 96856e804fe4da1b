# MariaDB and libvirt keep their data on the raid1 root; the existing tmpfiles
# rules cover other paths only (so no automatic fix: the list exists already).
{ pkgs, ... }:
{
  disko.devices.disk = {
    a = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.pool.size = "100%";
      };
    };
    b = {
      type = "disk";
      device = "/dev/sdb";
      content = {
        type = "gpt";
        partitions.pool = {
          size = "100%";
          content = {
            type = "btrfs";
            extraArgs = [ "-f" "-d raid1" "-m raid1" "/dev/disk/by-partlabel/disk-a-pool" ];
            subvolumes = {
              "@" = {
                mountpoint = "/";
                mountOptions = [ "noatime" ];
              };
              "@home" = {
                mountpoint = "/home";
                mountOptions = [ "noatime" ];
              };
            };
          };
        };
      };
    };
  };

  services.mysql = {
    enable = true;
    package = pkgs.mariadb;
  };
  virtualisation.libvirtd.enable = true;
  systemd.tmpfiles.rules = [
    "d /var/lib/backup 0700 root root -"
    "h /var/lib - - - - -C"
  ];
}
