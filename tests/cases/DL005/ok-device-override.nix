# A host file that only sets the device of a layout imported elsewhere: one device read.
{
  disko.devices.disk.main.device = "/dev/disk/by-id/nvme-Samsung_SSD_980_1TB_S64ANS0T";
}
