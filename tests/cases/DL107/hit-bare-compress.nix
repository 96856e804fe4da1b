# A bare compress means zlib:3; compress-force likewise. The second one is in a
# let-bound list: reported, no fix.
let
  force = [ "compress-force" "noatime" ];
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
            "@" = {
              mountpoint = "/";
              mountOptions = [
                "noatime"
                "compress" # "the best compression"
              ];
            };
            "@images" = { mountpoint = "/var/lib/images"; mountOptions = force; };
          };
        };
      };
    };
  };
}
