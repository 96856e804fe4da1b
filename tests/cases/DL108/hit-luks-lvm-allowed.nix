# A bare `discard` on LUKS → LVM → btrfs with allowDiscards: discards reach the disk,
# synchronously; the rule reports it.
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
    lvm_vg.pool = {
      type = "lvm_vg";
      lvs.root = {
        size = "100%FREE";
        content = {
          type = "btrfs";
          subvolumes."@root" = { mountpoint = "/"; mountOptions = [ "noatime" "discard" ]; };
        };
      };
    };
  };
}
