# Target: virtual disk, kernel 6.1 (see the .toml): ssd is needed on a disk that reports
# rotational=1, discard=async is not the default before 6.2. defaults alone is disko's
# placeholder; subvol=/ on the top-level mount selects the top level; clear_cache with
# space_cache=v2 is a one-time conversion (DL113's); nodiratime before relatime is not
# implied by an effective noatime; ssd with nossd is DL110's.
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
          mountpoint = "/mnt/pool";
          mountOptions = [ "subvol=/" "noatime" ];
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = [ "ssd" "discard=async" "noatime" ]; };
            nix = { mountpoint = "/nix"; mountOptions = [ "defaults" ]; };
            a = { mountpoint = "/a"; mountOptions = [ "clear_cache" "space_cache=v2" ]; };
            b = { mountpoint = "/b"; mountOptions = [ "noatime" "nodiratime" "relatime" ]; };
            c = { mountpoint = "/c"; mountOptions = [ "nossd" "ssd" ]; };
          };
        };
      };
    };
  };
}
