# The options come from a function argument: unknown, so no finding.
{ btrfsOptions, ... }:
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
          subvolumes = {
            "@root" = {
              mountpoint = "/";
              mountOptions = btrfsOptions;
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = btrfsOptions ++ [ "nosuid" ];
            };
          };
        };
      };
    };
  };
}
