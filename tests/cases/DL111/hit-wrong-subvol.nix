# subvol=@var_log on the subvolume named @log: disko appends subvol=@log last, so @log
# is mounted. subvolid=5 is the top level and fails against subvol=@home; subvolid=258
# on @nix cannot be checked (warning).
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
            "@" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
            "@log" = {
              mountpoint = "/var/log";
              mountOptions = [
                "subvol=@var_log"
                "noatime"
              ];
            };
            "@home" = { mountpoint = "/home"; mountOptions = [ "subvolid=5" "noatime" ]; };
            "@nix" = { mountpoint = "/nix"; mountOptions = [ "noatime" "subvolid=258" ]; };
          };
        };
      };
    };
  };
}
