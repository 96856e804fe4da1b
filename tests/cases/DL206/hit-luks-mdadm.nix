# LUKS → mdadm → btrfs: each member partition is its own LUKS container; the array and
# the btrfs on it sit above both, and neither container passes discards.
{
  disko.devices = {
    disk = {
      a = {
        type = "disk";
        device = "/dev/nvme0n1";
        content = {
          type = "gpt";
          partitions.crypt = {
            size = "100%";
            content = {
              type = "luks";
              name = "crypta";
              settings.allowDiscards = true;
              content = { type = "mdraid"; name = "md0"; };
            };
          };
        };
      };
      b = {
        type = "disk";
        device = "/dev/nvme1n1";
        content = {
          type = "gpt";
          partitions.crypt = {
            size = "100%";
            content = {
              type = "luks";
              name = "cryptb";
              settings = { };
              content = { type = "mdraid"; name = "md0"; };
            };
          };
        };
      };
    };
    mdadm.md0 = {
      type = "mdadm";
      level = 1;
      content = {
        type = "btrfs";
        subvolumes."@root" = {
          mountpoint = "/";
          mountOptions = [ "noatime" "discard=async" ];
        };
      };
    };
  };
}
