{ inputs, ... }: { imports = [ inputs.disko.nixosModules.disko (import ./disko.nix { disks = [ "/dev/nvme0n1" ]; }) ]; }
