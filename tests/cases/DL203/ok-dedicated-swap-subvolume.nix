# The recommended shape: a dedicated @swap subvolume next to root. Its compress option does
# not matter (mkswapfile makes the file NOCOW); snapper snapshots /home, not /swap; root is
# rolled back at boot, but the swap file is not in root; -m raid1 alone (metadata) keeps the
# single data profile.
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          extraArgs = [ "-f" "-m dup" ];
          subvolumes = {
            root.mountpoint = "/";
            home.mountpoint = "/home";
            "home/.snapshots" = { };
            nix.mountpoint = "/nix";
            swap = {
              mountpoint = "/swap";
              mountOptions = [ "compress=zstd" "noatime" ];
              swap.swapfile.size = "16G";
            };
          };
        };
      };
    };
  };
  services.snapper.configs.home.SUBVOLUME = "/home";
  boot.initrd.postResumeCommands = ''
    mkdir -p /btrfs_tmp
    mount -o subvol=/ /dev/disk/by-partlabel/disk-main-root /btrfs_tmp
    btrfs subvolume delete /btrfs_tmp/root
    btrfs subvolume create /btrfs_tmp/root
    umount /btrfs_tmp
  '';
}
