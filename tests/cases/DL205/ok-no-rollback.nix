# No rollback anywhere: /var/log and PostgreSQL's data may live in root. snapper's SUBVOLUME
# from a function argument is unknown and skipped; one for a path that is not a btrfs mount
# of this file is not looked at.
{ snapperTarget, ... }:
{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/sda";
    content = {
      type = "gpt";
      partitions.root = {
        size = "100%";
        content = {
          type = "btrfs";
          subvolumes = {
            "@" = { mountpoint = "/"; };
            "@home" = { mountpoint = "/home"; };
          };
        };
      };
    };
  };
  services.postgresql.enable = true;
  services.snapper.configs = {
    data.SUBVOLUME = snapperTarget;
    srv.SUBVOLUME = "/srv/elsewhere";
  };
}
