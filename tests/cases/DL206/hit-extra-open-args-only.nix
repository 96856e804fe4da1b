# discard=async on a LUKS btrfs whose --allow-discards is only in extraOpenArgs: it works
# while installing, then the installed system opens the container without it.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.luks = {
        size = "100%";
        content = {
          type = "luks";
          name = "cryptroot";
          extraOpenArgs = [ "--allow-discards" "--perf-no_read_workqueue" ];
          settings = {
            bypassWorkqueues = true;
            keyFile = "/tmp/secret.key";
          };
          content = {
            type = "btrfs";
            subvolumes = {
              "@root" = {
                mountpoint = "/";
                mountOptions = [ "compress=zstd:1" "noatime" "discard=async" ];
              };
              "@nix" = {
                mountpoint = "/nix";
                mountOptions = [ "compress=zstd:1" "noatime" "discard=async" ];
              };
            };
          };
        };
      };
    };
  };
}
