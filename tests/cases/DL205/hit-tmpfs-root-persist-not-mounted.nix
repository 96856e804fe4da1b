# A tmpfs root with impermanence, but the persistence root /persistent is not mounted: it
# is a directory in the tmpfs. (/nix is mounted; /var/log is persisted through
# environment.persistence, which the linter cannot see into, so it is not reported.)
{
  disko.devices = {
    nodev."/" = {
      fsType = "tmpfs";
      mountOptions = [ "size=2G" "mode=755" ];
    };
    disk.main = {
      type = "disk";
      device = "/dev/vda";
      content = {
        type = "gpt";
        partitions.root = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes = {
              "@nix" = { mountpoint = "/nix"; mountOptions = [ "noatime" ]; };
              "@persist" = { mountpoint = "/persist"; mountOptions = [ "noatime" ]; };
            };
          };
        };
      };
    };
  };
  environment.persistence."/persistent" = {
    directories = [ "/var/log" "/var/lib/nixos" ];
  };
}
