let
  rootOptions = [ "size=2G" ];
in
{
  disko.devices.nodev = {
    "/" = {
      fsType = "tmpfs";
      mountOptions = [ "size=2G" "defaults" "mode=755" ];
    };
    # /tmp is meant to be 1777.
    "/tmp" = {
      fsType = "tmpfs";
      mountOptions = [ "size=4G" ];
    };
  };
}
