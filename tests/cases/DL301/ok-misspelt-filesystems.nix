# `filesystems` (lower-case s) is no NixOS option: DL305 reports it and renames it; DL301
# does not add a second `fileSystems."/persist".neededForBoot` beside the misspelt one.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
        "@persist" = { mountpoint = "/persist"; mountOptions = [ "noatime" ]; };
      };
    };
  };
  filesystems."/persist".neededForBoot = true;
}
