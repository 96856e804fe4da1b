# `disko = { devices = … }` built by a helper from an unknown module argument.
{ inputs, ... }:
{
  disko = {
    devices = inputs.self.lib.layouts.laptop;
  };
}
