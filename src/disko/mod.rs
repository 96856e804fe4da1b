//! The disko device tree: the typed [`model`] and its [`extract()`]ion from evaluated Nix.

pub mod extract;
pub mod model;
pub mod written;

pub use extract::{Extraction, PATHS_NEEDED_FOR_BOOT, extract};
pub use model::Model;
