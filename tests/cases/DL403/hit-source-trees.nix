# The host is a development machine (see the .toml: workloads = ["ide"]); /nix
# is on a compressed NVMe filesystem, but /home with the source trees is not
# compressed.
{
  disko.devices.disk = {
    nvme = {
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
                mountOptions = [ "compress=zstd:1" "noatime" ];
              };
              "@nix" = {
                mountpoint = "/nix";
                mountOptions = [ "compress=zstd:1" "noatime" ];
              };
            };
          };
        };
      };
    };
    sata = {
      type = "disk";
      device = "/dev/sda";
      content = {
        type = "gpt";
        partitions.home = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes."@home" = {
              mountpoint = "/home";
              mountOptions = [ "noatime" ];
            };
          };
        };
      };
    };
  };
}
