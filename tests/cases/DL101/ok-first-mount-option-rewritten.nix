# `/` has a bare `discard`, which DL108 rewrites to `discard=async` in place: DL101 does not
# spread the bare form to `/home` first (it asks for `discard=async` there once `/` has it).
{
  disko.devices.disk.main = {
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
              mountOptions = [ "noatime" "discard" ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [ "noatime" ];
            };
          };
        };
      };
    };
  };
}
