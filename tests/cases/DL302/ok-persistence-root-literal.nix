# /nix is an environment.persistence root itself: impermanence checks the literal
# flag of fileSystems."/nix", so here it is required, not redundant.
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
  fileSystems."/nix".neededForBoot = true;
  environment.persistence."/nix".directories = [ "/var/lib/nixos" ];
}
