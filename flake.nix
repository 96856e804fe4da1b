{
  description = "disko-lint: lint NixOS disko configurations for btrfs and NixOS mistakes";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (
        system: pkgs: {
          disko-lint = pkgs.callPackage ./nix/package.nix { };
          default = self.packages.${system}.disko-lint;
        }
      );

      apps = forAllSystems (
        system: _pkgs: {
          default = {
            type = "app";
            program = "${self.packages.${system}.disko-lint}/bin/disko-lint";
            meta.description = "Lint disko.nix files for btrfs and NixOS mistakes";
          };
        }
      );

      overlays.default = final: prev: {
        disko-lint = final.callPackage ./nix/package.nix { };
      };

      # disko-lint.lib.mkDiskoLintCheck { pkgs; src; files ? [ "." ]; args ? [ ]; package ? …; }
      # returns a derivation that fails on findings; see nix/check.nix.
      lib.mkDiskoLintCheck = import ./nix/check.nix;

      checks = forAllSystems (
        system: pkgs: {
          # The package builds and its tests pass.
          package = self.packages.${system}.disko-lint;
          # The helper works: the bundled clean example lints clean. (The other examples
          # carry deliberate findings.)
          default = self.lib.mkDiskoLintCheck {
            inherit pkgs;
            src = ./.;
            files = [ "examples/clean-desktop.nix" ];
            package = self.packages.${system}.disko-lint;
          };
        }
      );
    };
}
