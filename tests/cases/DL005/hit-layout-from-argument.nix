# The whole device tree comes from a function the file receives: nothing to check here.
{ mkLayout, ... }:
{
  disko.devices = mkLayout {
    disk = "/dev/nvme0n1";
    swap = "16G";
  };
}
