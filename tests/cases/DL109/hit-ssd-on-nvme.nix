# No [host] storage, but the disks are NVMe and eMMC: the kernel reports them as
# non-rotational, so btrfs turns SSD mode on by itself and `ssd` is redundant. The LUKS
# layer in between passes the flag on.
{
  disko.devices.disk = {
    main = {
      type = "disk";
      device = "/dev/disk/by-id/nvme-ACME_NV1_1TB_S0000000000000";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "luks";
            name = "crypted";
            settings.allowDiscards = true;
            content = {
              type = "btrfs";
              subvolumes = {
                "@" = { mountpoint = "/"; mountOptions = [ "noatime" "ssd" ]; };
                "@home" = { mountpoint = "/home"; mountOptions = [ "noatime" ]; };
              };
            };
          };
        };
      };
    };
    card = {
      type = "disk";
      device = "/dev/mmcblk0";
      content = {
        type = "gpt";
        partitions.data = {
          size = "100%";
          content = {
            type = "filesystem";
            format = "btrfs";
            mountpoint = "/data";
            mountOptions = [ "ssd" "noatime" ];
          };
        };
      };
    };
  };
}
