# A let-bound list used by two mounts repeats discard in two forms: one finding, no fix.
# x-systemd.requires with the same value twice is a plain repeat.
let
  opts = [ "discard" "noatime" "discard=async" ];
in
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = opts; };
            nix = { mountpoint = "/nix"; mountOptions = opts; };
            data = {
              mountpoint = "/data";
              mountOptions = [ "x-systemd.requires=foo.service" "noatime" "x-systemd.requires=foo.service" ];
            };
          };
        };
      };
    };
  };
}
