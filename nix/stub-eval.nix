# Test only (tests/packaging.rs): evaluates flake.nix's outputs against a small stub of
# nixpkgs, so that wiring mistakes (attribute names, arguments, the helper's path
# handling) show up without nixpkgs or network. It says nothing about whether the real
# nixpkgs functions behave as stubbed; `nix flake check` on a machine with Nix does.
#
#   nix-instantiate --eval --strict --json nix/stub-eval.nix
let
  flake = import ../flake.nix;
  systems = [
    "x86_64-linux"
    "aarch64-linux"
    "x86_64-darwin"
    "aarch64-darwin"
  ];
  lib = rec {
    genAttrs =
      names: f:
      builtins.listToAttrs (
        map (n: {
          name = n;
          value = f n;
        }) names
      );
    importTOML = p: builtins.fromTOML (builtins.readFile p);
    optionalString = c: s: if c then s else "";
    toList = x: if builtins.isList x then x else [ x ];
    inherit (builtins) concatStringsSep;
    escapeShellArg = s: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString s)}'";
    escapeShellArgs = l: concatStringsSep " " (map escapeShellArg l);
    platforms.unix = [ "unix" ];
    fileset = {
      unions =
        l:
        assert builtins.all builtins.isPath l;
        assert builtins.all builtins.pathExists l;
        l;
      toSource =
        { root, fileset }:
        assert builtins.isPath root;
        builtins.seq fileset "/nix/store/stub-source";
    };
    path.removePrefix =
      root: p:
      let
        r = toString root;
        s = toString p;
        n = builtins.stringLength r;
      in
      assert builtins.isPath root && builtins.isPath p;
      assert builtins.substring 0 n s == r;
      if s == r then "./." else "." + builtins.substring n (-1) s;
  };
  mkPkgs = system: rec {
    inherit lib;
    stdenv = {
      buildPlatform.canExecute = _: true;
      hostPlatform = { inherit system; };
    };
    installShellFiles = "installShellFiles";
    rustPlatform.buildRustPackage =
      a:
      a
      // {
        type = "derivation";
        outPath = "/nix/store/stub-${a.pname}-${a.version}";
      };
    callPackage =
      f: overrides:
      let
        fn = import f;
        available = {
          inherit
            lib
            stdenv
            installShellFiles
            rustPlatform
            ;
        };
      in
      fn (builtins.intersectAttrs (builtins.functionArgs fn) available // overrides);
    runCommandLocal =
      name: env: cmd:
      env
      // {
        inherit name;
        buildCommand = cmd;
        type = "derivation";
        outPath = "/nix/store/stub-${name}";
      };
  };
  nixpkgs = {
    inherit lib;
    legacyPackages = lib.genAttrs systems mkPkgs;
  };
  self = flake.outputs { inherit self nixpkgs; } // {
    outPath = toString ../.;
  };
  pkgs = nixpkgs.legacyPackages.x86_64-linux;
  overlaid = pkgs // self.overlays.default overlaid pkgs;
  pkg = self.packages.x86_64-linux.default;
in
{
  inherit (flake) description;
  inputs = builtins.attrNames flake.inputs;
  nixpkgsUrl = flake.inputs.nixpkgs.url;
  outputs = builtins.attrNames (builtins.removeAttrs self [ "outPath" ]);
  packages = lib.genAttrs systems (s: builtins.attrNames self.packages.${s});
  package = {
    inherit (pkg)
      pname
      version
      postInstall
      meta
      src
      ;
    lockFile = baseNameOf (toString pkg.cargoLock.lockFile);
    defaultIsDiskoLint = self.packages.aarch64-darwin.default == self.packages.aarch64-darwin.disko-lint;
  };
  apps = lib.genAttrs systems (s: self.apps.${s}.default);
  overlay = overlaid.disko-lint.pname;
  checks = lib.genAttrs systems (s: builtins.attrNames self.checks.${s});
  checkDefault = {
    inherit (self.checks.x86_64-linux.default) name meta;
  };
  helper = {
    strings =
      (self.lib.mkDiskoLintCheck {
        inherit pkgs;
        src = self;
        files = [
          "hosts"
          "it's disko.nix"
        ];
        args = [
          "--policy"
          "strict"
        ];
      }).buildCommand;
    paths =
      (self.lib.mkDiskoLintCheck {
        inherit pkgs;
        src = ../.;
        files = [
          ../examples/clean-desktop.nix
          ../.
        ];
        name = "x";
      }).meta.description;
  };
}
