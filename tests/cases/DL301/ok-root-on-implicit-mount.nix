# tmpfs root; persistent state lives in /nix/persist, a directory on the /nix
# filesystem, which NixOS mounts in the initrd anyway.
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
        partitions.nix = {
          size = "100%";
          content = {
            type = "btrfs";
            subvolumes."@nix" = {
              mountpoint = "/nix";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
          };
        };
      };
    };
  };
  environment.persistence."/nix/persist".directories = [ "/var/lib/nixos" ];
}
