//! disko-lint: lint NixOS disko configurations for btrfs and NixOS mistakes.
//!
//! Pipeline (see `ARCHITECTURE.md`): [`walk`] finds files → [`nix`] parses them with rnix
//! and evaluates what is static → [`disko`] builds the model → [`engine`] runs the Rhai
//! rules under a [`policy`] → [`diagnostic`]s → [`render`] prints them; [`cli`] owns the
//! terminal and exit codes; [`check`] ties the steps together for one file or many.

pub mod btrfs;

/// jemalloc, for its per-thread allocation counters: the rule sandbox measures the heap a
/// rule holds with them (see [`engine::budget`]). Declared in the library so that every
/// binary and test linking it measures the same way.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
pub mod check;
pub mod cli;
pub mod diagnose;
pub mod diagnostic;
pub mod disko;
pub mod engine;
pub mod facter;
pub mod fix;
pub mod generate;
pub mod mount_options;
pub mod nix;
pub mod policy;
pub mod project;
pub mod render;
pub mod source;
pub mod suppress;
pub mod testing;
pub mod walk;
