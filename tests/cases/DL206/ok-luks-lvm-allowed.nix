# LUKS → LVM → btrfs with allowDiscards on the container: discards reach the disk.
# A LUKS on an LV directly around a btrfs of another LV does not concern this one.
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.crypt = {
          size = "100%";
          content = {
            type = "luks";
            name = "cryptlvm";
            settings.allowDiscards = true;
            content = { type = "lvm_pv"; vg = "pool"; };
          };
        };
      };
    };
    disk.data = {
      type = "disk";
      device = "/dev/sda";
      content = { type = "lvm_pv"; vg = "plain"; };
    };
    lvm_vg.pool = {
      type = "lvm_vg";
      lvs.root = {
        size = "100%FREE";
        content = {
          type = "btrfs";
          subvolumes."@root" = { mountpoint = "/"; mountOptions = [ "noatime" "discard=async" ]; };
        };
      };
    };
    lvm_vg.plain = {
      type = "lvm_vg";
      lvs.data = {
        size = "100%FREE";
        content = {
          type = "btrfs";
          mountpoint = "/data";
          mountOptions = [ "noatime" "discard=async" ];
        };
      };
    };
  };
}
