# /nix is itself an environment.persistence root: NixOS mounts it in the initrd
# anyway, but impermanence asserts the literal neededForBoot flag of fileSystems."/nix".
{
  disko.devices = {
    nodev."/" = {
      fsType = "tmpfs";
      mountOptions = [ "mode=755" ];
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
            subvolumes.nix.mountpoint = "/nix";
          };
        };
      };
    };
  };

  environment.persistence."/nix".directories = [ "/var/lib/nixos" ];
}
