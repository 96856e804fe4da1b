# / decides compression for the filesystem; lzo on /var/log and "no" on the VM
# image subvolume are ignored. /nix only asks for another level: nothing to add
# here (DL101 reports the mismatch), since no per-directory setting has levels.
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
            "@root" = {
              mountpoint = "/";
              mountOptions = [ "compress=zstd:1" "noatime" ];
            };
            "@nix" = {
              mountpoint = "/nix";
              mountOptions = [ "compress=zstd:3" "noatime" ];
            };
            "@log" = {
              mountpoint = "/var/log";
              mountOptions = [ "compress=lzo" "noatime" ];
            };
            "@images" = {
              mountpoint = "/var/lib/libvirt/images";
              mountOptions = [ "compress=no" "noatime" ];
            };
          };
        };
      };
    };
  };
}
