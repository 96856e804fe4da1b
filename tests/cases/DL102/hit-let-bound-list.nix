# One let-bound list shared by / and /var/lib/mysql: / is mounted first, so the whole
# filesystem runs nodatacow. One finding for the shared item, and no fix (editing the
# let would change both mounts).
let
  dbOpts = [ "noatime" "nodatacow" ];
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
            root = { mountpoint = "/"; mountOptions = dbOpts; };
            mysql = { mountpoint = "/var/lib/mysql"; mountOptions = dbOpts; };
            home = { mountpoint = "/home"; mountOptions = [ "noatime" ]; };
          };
        };
      };
    };
  };
}
