# LUKS → LVM → btrfs: the btrfs is not directly inside the container, but every discard
# it issues goes through the volume group to the dm-crypt mapping, which drops it.
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
            content = {
              type = "lvm_pv";
              vg = "pool";
            };
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
          subvolumes."@root" = {
            mountpoint = "/";
            mountOptions = [ "compress=zstd" "noatime" "discard=async" ];
          };
        };
      };
    };
  };
}
