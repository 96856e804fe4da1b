# /tmp as a noexec tmpfs, nothing moves the Nix builds: Nix before 2.30 builds in /tmp.
{
  disko.devices = {
    disk.main = {
      type = "disk";
      device = "/dev/nvme0n1";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes."@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
    nodev."/tmp" = {
      fsType = "tmpfs";
      mountOptions = [ "size=4G" "nosuid" "nodev" "noexec" ];
    };
  };
}
