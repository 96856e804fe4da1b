# Root rollback in the initrd, but /var/log and PostgreSQL's data are plain directories in
# the root subvolume, and snapper is pointed at /.
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
          subvolumes = {
            root = { mountpoint = "/"; mountOptions = [ "compress=zstd" "noatime" ]; };
            "root/.snapshots" = { };
            nix = { mountpoint = "/nix"; mountOptions = [ "compress=zstd" "noatime" ]; };
            persist = { mountpoint = "/persist"; mountOptions = [ "compress=zstd" "noatime" ]; };
          };
        };
      };
    };
  };
  fileSystems."/persist".neededForBoot = true;
  services.postgresql.enable = true;
  services.snapper.configs.root.SUBVOLUME = "/";
  boot.initrd.postResumeCommands = ''
    mkdir -p /btrfs_tmp
    mount -o subvol=/ /dev/disk/by-partlabel/disk-main-root /btrfs_tmp
    if [[ -e /btrfs_tmp/root ]]; then
      mkdir -p /btrfs_tmp/old_roots
      mv /btrfs_tmp/root "/btrfs_tmp/old_roots/$(date +%s)"
    fi
    btrfs subvolume create /btrfs_tmp/root
    umount /btrfs_tmp
  '';
}
