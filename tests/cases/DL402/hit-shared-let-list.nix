# A let-bound list shared by several subvolumes lacks noatime; the fix would have
# to edit the shared list, so none is offered.
let
  opts = [ "compress=zstd:1" "discard=async" ];
in
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
              mountOptions = opts;
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = opts;
            };
          };
        };
      };
    };
  };
}
