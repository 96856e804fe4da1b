//! `disko-lint diagnose`: find btrfs storage bottlenecks and rank fixes by impact and
//! disruption.
//!
//! Inputs: the facter report (hardware), the current `disko.nix` (the check engine's model),
//! a directory of captured metrics recognised by content ([`metrics`]), the user's
//! observations and workloads. [`analyze()`] turns them into findings with quoted evidence and
//! recommendations with `disruption` (live | rewrite | balance | reformat),
//! risk and an expected impact grounded in measured figures and public sources; [`report`] prints them.

pub mod analyze;
pub mod edits;
pub mod metrics;
pub mod report;

pub use analyze::{Inputs, analyze};
pub use edits::Config;
pub use report::Report;
