{
  disko.devices.disk.main = {
    device = "/dev/sda"
    content.type = "gpt";
  };
}
