# A bare `discard` on a btrfs whose discards never reach the disk: LUKS below the volume
# group has no allowDiscards. DL206 reports that (its fix adds allowDiscards = true);
# whether the discards are synchronous only matters once they pass.
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
