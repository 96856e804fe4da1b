# Desktop on a SATA SSD, laid out after an Arch-style "perfect btrfs setup"
# blog post: @-named subvolumes and every mount option the post recommended,
# copied per subvolume. A plain attrset with dotted paths, imported as a NixOS
# module.
#
# Expected disko-lint findings (recommended policy):
#   DL104 removed-mount-option         bare space_cache (v1: the mount fails on a
#                                      free-space-tree filesystem) and inode_cache
#                                      (removed in 5.11).
#   DL105 unknown-mount-option         "noatim" (did you mean noatime?).
#   DL106 compress-level-out-of-range  compress=zstd:20 is clamped to 15.
#   DL107 bare-compress                "compress" alone means zlib.
#   DL108 sync-discard                 bare "discard" is synchronous.
#   DL109 redundant-option             ssd (auto-detected), nodiratime beside
#                                      noatime, subvol=@home that disko appends anyway.
#   DL110 duplicate-option             noatime twice on @nix.
#   DL111 subvol-mismatch              subvol=@var_log on the subvolume named @log.
#   DL113 risky-fs-option              commit=600 (more than 300 s of data at risk).
#   DL112 autodefrag-hazard            autodefrag with snapper snapshots of /.
#   DL101 fs-wide-option-mismatch      @home asks for zlib, @nix and @log for other
#                                      option sets than / (mounted first).
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content.type = "gpt";
    content.partitions = {
      ESP = {
        size = "512M";
        type = "EF00";
        content = {
          type = "filesystem";
          format = "vfat";
          mountpoint = "/boot";
          mountOptions = [ "umask=0077" ];
        };
      };
      root = {
        size = "100%";
        content = {
          type = "btrfs";
          extraArgs = [ "-f" ]; # Override existing partition
          subvolumes = {
            # Max compression for the root, the CPU is fast enough.
            "@" = {
              mountpoint = "/";
              mountOptions = [
                "noatime"
                "nodiratime"
                "compress=zstd:20"
                "ssd"
                "discard"
                "space_cache"
                "autodefrag"
                "commit=600"
              ];
            };
            "@home" = {
              mountpoint = "/home";
              mountOptions = [
                "subvol=@home"
                "noatime"
                "nodiratime"
                "compress"
                "ssd"
                "discard"
                "space_cache"
                "autodefrag"
                "commit=600"
              ];
            };
            # inode_cache speeds up file creation in the store.
            "@nix" = {
              mountpoint = "/nix";
              mountOptions = [
                "noatime"
                "compress=zstd:20"
                "ssd"
                "discard"
                "space_cache"
                "inode_cache"
                "noatime"
              ];
            };
            "@log" = {
              mountpoint = "/var/log";
              mountOptions = [
                "subvol=@var_log"
                "noatim"
                "compress=zstd:20"
                "ssd"
                "discard"
                "space_cache"
              ];
            };
            # For timeshift/snapper-style snapshots of /.
            "@snapshots" = {
              mountpoint = "/.snapshots";
              mountOptions = [
                "noatime"
                "compress=zstd:20"
                "ssd"
                "discard"
                "space_cache"
                "autodefrag"
                "commit=600"
              ];
            };
          };
        };
      };
    };
  };

  # Hourly snapshots of / into the @snapshots subvolume.
  services.snapper.configs.root = {
    SUBVOLUME = "/";
    TIMELINE_CREATE = true;
    TIMELINE_CLEANUP = true;
  };
}
