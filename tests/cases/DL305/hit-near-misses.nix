# Names NixOS does not declare, next to the disko devices: a miscased top-level option, a
# miscased and a misspelt field, a British/American slip, a singular, disko's mountOptions
# name used in fileSystems, and an `enabled`.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes = {
        "@" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
        "@persist" = { mountpoint = "/persist"; mountOptions = [ "noatime" ]; };
        "@log" = { mountpoint = "/var/log"; mountOptions = [ "noatime" ]; };
      };
    };
  };
  filesystems."/persist".neededForBoot = true;
  fileSystems."/var/log".neededForboot = true;
  fileSystems."/srv" = {
    device = "/dev/disk/by-label/srv";
    fsType = "ext4";
    mountOptions = [ "noatime" ];
  };
  virtualization.podman.enable = true;
  boot.initrd.systemd.enabled = true;
  environment.persistance."/persist".directories = [ "/var/lib/nixos" ];
  swapDevice = [ { device = "/dev/disk/by-label/swap"; } ];
  services.btrfs.autoScrub.filesystems = [ "/" ];
}
