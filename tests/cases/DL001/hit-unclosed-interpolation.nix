{
  disko.devices.disk.main = {
    device = "/dev/sda";
    content.partitions.root.content.mountpoint = "/${
