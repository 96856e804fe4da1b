{
  disko.devices.disk.main.device = "/dev/sda";
}
