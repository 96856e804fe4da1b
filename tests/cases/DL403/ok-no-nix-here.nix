# A data disk without compression: it holds neither /nix nor write-heavy data.
# The options of the system disk come from elsewhere (unknown).
{ sysOpts, ... }:
{
  disko.devices.disk = {
    main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@root" = {
                mountpoint = "/";
                mountOptions = sysOpts;
              };
              "@nix" = {
                mountpoint = "/nix";
                mountOptions = sysOpts;
              };
            };
          };
        };
      };
    };
    media = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.media = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes."@media" = {
              mountpoint = "/srv/media";
              mountOptions = [ "noatime" ];
            };
          };
        };
      };
    };
  };
}
