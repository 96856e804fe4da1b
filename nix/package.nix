# The disko-lint package. Used by flake.nix (packages, overlay) and nix/check.nix;
# also works as `pkgs.callPackage ./nix/package.nix { }` without flakes.
{
  lib,
  stdenv,
  rustPlatform,
  installShellFiles,
}:

let
  cargoToml = lib.importTOML ../Cargo.toml;
in
rustPlatform.buildRustPackage {
  pname = cargoToml.package.name;
  inherit (cargoToml.package) version;

  # Only what `cargo build` and `cargo test` read: build.rs embeds rules/ and policies/,
  # the tests read tests/, examples/ and docs/rules.md, and tests/packaging.rs reads
  # .pre-commit-hooks.yaml. Editing the README or flake.nix does not rebuild the package.
  src = lib.fileset.toSource {
    root = ../.;
    fileset = lib.fileset.unions [
      ../Cargo.toml
      ../Cargo.lock
      ../build.rs
      ../src
      ../rules
      ../policies
      ../tests
      ../examples
      ../docs
      ../.pre-commit-hooks.yaml
    ];
  };

  cargoLock.lockFile = ../Cargo.lock;

  nativeBuildInputs = [ installShellFiles ];

  # `cargo test` runs in checkPhase; the kernel truth tests (tests/kernel.rs) are
  # #[ignore]d and need root anyway, and tests that want nix-instantiate or chattr skip
  # themselves when those are missing.

  # Completions and the man page come from the binary itself, so only when it can run here.
  postInstall = lib.optionalString (stdenv.buildPlatform.canExecute stdenv.hostPlatform) ''
    installShellCompletion --cmd disko-lint \
      --bash <("$out/bin/disko-lint" completions bash) \
      --zsh <("$out/bin/disko-lint" completions zsh) \
      --fish <("$out/bin/disko-lint" completions fish)
    "$out/bin/disko-lint" man > disko-lint.1
    installManPage disko-lint.1
  '';

  meta = {
    description = cargoToml.package.description;
    longDescription = ''
      disko-lint reads disko.nix files statically (no evaluation, no nixpkgs), builds a
      model of the device tree, and reports btrfs and NixOS mistakes (filesystem-wide
      mount options, nodatacow, neededForBoot, LUKS discards, …) with rustc-style
      diagnostics and fixes.
    '';
    mainProgram = "disko-lint";
    platforms = lib.platforms.unix;
  };
}
