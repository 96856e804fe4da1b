# mkDiskoLintCheck: a derivation that runs `disko-lint check` and fails the build on
# findings (exit 1) or errors (exit 2). Meant for a flake's `checks.<system>.disko-lint`:
#
#   checks = forAllSystems (system: {
#     disko-lint = disko-lint.lib.mkDiskoLintCheck {
#       pkgs = nixpkgs.legacyPackages.${system};
#       src = ./.;                                   # the repository (or `self`)
#       files = [ "hosts" ];                         # relative to src; default [ "." ]
#       args = [ "--policy" "strict" ];              # optional extra `check` arguments
#     };
#   });
#
# `src` should be the repository root, not a copy of single files: disko-lint reads
# `disko-lint.toml` (nearest ancestor of the working directory) and follows static
# imports between the repository's .nix files (root: the directory with flake.nix or
# .git) for facts such as `fileSystems."/persist".neededForBoot`. The check runs in
# `src` with `files` as given, so reported paths match the repository's.
#
# `files` may be strings relative to `src`, or path values inside `src` when `src` is a
# path (`./hosts/a/disko.nix`). The output is the report (what `check` printed on stdout,
# in whatever `--format` `args` asks for).
{
  pkgs,
  src,
  files ? [ "." ],
  args ? [ ],
  package ? pkgs.callPackage ./package.nix { },
  name ? "disko-lint",
}:

let
  inherit (pkgs) lib;
  fileList = lib.toList files;
  relative =
    f:
    if builtins.isPath f then
      if builtins.isPath src then
        lib.path.removePrefix src f
      else
        throw "mkDiskoLintCheck: `files` entry ${toString f} is a path but `src` is not; give files as strings relative to src"
    else
      toString f;
  paths = map relative fileList;
in
pkgs.runCommandLocal name
  {
    nativeBuildInputs = [ package ];
    meta.description = "disko-lint check of ${lib.concatStringsSep " " paths}";
  }
  ''
    set -o pipefail
    cd ${lib.escapeShellArg "${src}"}
    disko-lint check ${lib.escapeShellArgs args} -- ${lib.escapeShellArgs paths} | tee "$out"
  ''
