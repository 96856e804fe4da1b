# The rollback as a systemd initrd unit: no scripted hooks.
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
          subvolumes.root.mountpoint = "/";
        };
      };
    };
  };

  boot.initrd.systemd = {
    enable = true;
    services.rollback = {
      wantedBy = [ "initrd.target" ];
      after = [ "dev-disk-by\\x2dpartlabel-disk\\x2dmain\\x2droot.device" ];
      before = [ "sysroot.mount" ];
      unitConfig.DefaultDependencies = "no";
      serviceConfig.Type = "oneshot";
      script = ''
        mkdir /btrfs_tmp
        mount -o subvol=/ /dev/disk/by-partlabel/disk-main-root /btrfs_tmp
        btrfs subvolume delete /btrfs_tmp/root
        btrfs subvolume snapshot /btrfs_tmp/root-blank /btrfs_tmp/root
        umount /btrfs_tmp
      '';
    };
  };
}
