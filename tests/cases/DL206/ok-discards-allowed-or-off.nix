# allowDiscards = true with discard=async; a second container whose first mount says
# nodiscard; a third with no discard option, where the kernel and storage are unknown
# (no [host] in the policy), so nothing is claimed; a fourth whose allowDiscards comes from
# the configuration (unknown here).
{ config, ... }:
{
  disko.devices.disk = {
    a = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "luks";
        name = "a";
        settings.allowDiscards = true;
        content = {
          type = "btrfs";
          subvolumes."@root" = {
            mountpoint = "/";
            mountOptions = [ "compress=zstd" "discard=async" ];
          };
        };
      };
    };
    b = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "luks";
        name = "b";
        content = {
          type = "btrfs";
          subvolumes."@data" = {
            mountpoint = "/srv";
            mountOptions = [ "noatime" "nodiscard" ];
          };
        };
      };
    };
    c = {
      type = "disk";
      device = "/dev/sdc";
      content = {
        type = "luks";
        name = "c";
        content = {
          type = "btrfs";
          subvolumes."@backup".mountpoint = "/backup";
        };
      };
    };
    d = {
      type = "disk";
      device = "/dev/sdd";
      content = {
        type = "luks";
        name = "d";
        settings.allowDiscards = config.custom.isSsd;
        content = {
          type = "btrfs";
          subvolumes."@scratch" = {
            mountpoint = "/scratch";
            mountOptions = [ "discard=async" ];
          };
        };
      };
    };
  };
}
