//! disko-lint: lint NixOS disko configurations for btrfs and NixOS mistakes.
//!
//! Pipeline (see `ARCHITECTURE.md`): [`walk`] finds files → [`nix`] parses them with rnix
//! and evaluates what is static → [`disko`] builds the model → [`engine`] runs the Rhai
//! rules under a [`policy`] → [`diagnostic`]s → [`render`] prints them; [`cli`] owns the
//! terminal and exit codes.

pub mod disko;
pub mod nix;
pub mod source;
