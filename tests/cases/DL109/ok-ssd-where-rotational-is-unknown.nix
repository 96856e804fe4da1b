# `ssd` is not redundant where the disk may report itself as rotational: virtio, QEMU and
# many cloud disks do, and then `ssd` is what turns SSD mode on. Nothing is said about a
# disk whose kind the file does not show (/dev/sda, a by-id ata name, a module argument,
# LVM), nor about a filesystem on several devices.
{ rootDisk, ... }:
{
  disko.devices = {
    disk = {
      vm = {
        type = "disk";
        device = "/dev/vda";
        content = {
          type = "gpt";
          partitions.root = {
            size = "100%";
            content = {
              type = "btrfs";
              subvolumes."@" = { mountpoint = "/"; mountOptions = [ "ssd" "noatime" ]; };
            };
          };
        };
      };
      qemu = {
        type = "disk";
        device = "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive1";
        content = {
          type = "btrfs";
          subvolumes."@srv" = { mountpoint = "/srv"; mountOptions = [ "ssd" ]; };
        };
      };
      virtio = {
        type = "disk";
        device = "/dev/disk/by-id/virtio-data";
        content = {
          type = "filesystem";
          format = "btrfs";
          mountpoint = "/data";
          mountOptions = [ "ssd" ];
        };
      };
      sata = {
        type = "disk";
        device = "/dev/sda";
        content = {
          type = "btrfs";
          subvolumes."@backup" = { mountpoint = "/backup"; mountOptions = [ "ssd" ]; };
        };
      };
      ata = {
        type = "disk";
        device = "/dev/disk/by-id/ata-ACME_SSD_S000";
        content = {
          type = "btrfs";
          subvolumes."@media" = { mountpoint = "/media"; mountOptions = [ "ssd" ]; };
        };
      };
      given = {
        type = "disk";
        device = rootDisk;
        content = {
          type = "btrfs";
          subvolumes."@scratch" = { mountpoint = "/scratch"; mountOptions = [ "ssd" ]; };
        };
      };
      pv = {
        type = "disk";
        device = "/dev/nvme1n1";
        content = { type = "lvm_pv"; vg = "pool"; };
      };
      fast = {
        type = "disk";
        device = "/dev/nvme2n1";
        content = {
          type = "btrfs";
          extraArgs = [ "-d" "raid1" "/dev/sdb" ];
          subvolumes."@pool" = { mountpoint = "/pool"; mountOptions = [ "ssd" ]; };
        };
      };
    };
    lvm_vg.pool = {
      type = "lvm_vg";
      lvs.home = {
        size = "100%FREE";
        content = {
          type = "btrfs";
          subvolumes."@home" = { mountpoint = "/home"; mountOptions = [ "ssd" ]; };
        };
      };
    };
  };
}
