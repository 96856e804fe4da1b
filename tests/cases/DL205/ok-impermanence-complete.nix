# A complete root-rollback layout: root snapshotted blank after formatting and restored by
# an initrd systemd service; /nix, /persist, /var/log and the container store are their own
# subvolumes; snapper snapshots /persist (nested .snapshots) and /home (.snapshots created
# by a disko hook).
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
          postCreateHook = ''
            MNTPOINT=$(mktemp -d)
            mount /dev/disk/by-partlabel/disk-main-root "$MNTPOINT" -o subvol=/
            btrfs subvolume snapshot -r "$MNTPOINT/root" "$MNTPOINT/root-blank"
            btrfs subvolume create "$MNTPOINT/home/.snapshots"
            umount "$MNTPOINT"
          '';
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            nix = { mountpoint = "/nix"; mountOptions = [ "compress=zstd" "noatime" ]; };
            persist = { mountpoint = "/persist"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "persist/.snapshots" = { };
            log = { mountpoint = "/var/log"; mountOptions = [ "compress=zstd" "noatime" ]; };
            containers = { mountpoint = "/var/lib/containers"; mountOptions = [ "noatime" ]; };
            home = { mountpoint = "/home"; mountOptions = [ "compress=zstd" "noatime" ]; };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
  virtualisation.podman.enable = true;
  environment.persistence."/persist".directories = [ "/var/lib/nixos" ];
  services.snapper.configs = {
    persist.SUBVOLUME = "/persist";
    home.SUBVOLUME = "/home";
  };
  boot.initrd.systemd.enable = true;
  boot.initrd.systemd.services.rollback = {
    wantedBy = [ "initrd.target" ];
    before = [ "sysroot.mount" ];
    script = "echo restore root from root-blank";
  };
}
