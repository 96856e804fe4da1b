# A swap file in the root subvolume, which snapper snapshots every hour (its .snapshots
# subvolume is there, so only the swap placement is wrong).
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
              "@" = {
                mountpoint = "/";
                mountOptions = [ "compress=zstd" "noatime" ];
                swap.swapfile.size = "8G";
              };
              "@/.snapshots" = { };
              "@home".mountpoint = "/home";
            };
          };
        };
      };
    };
  };
  services.snapper.configs.root = {
    SUBVOLUME = "/";
    TIMELINE_CREATE = true;
  };
}
