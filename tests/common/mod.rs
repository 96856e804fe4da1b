//! Helpers shared by the integration tests that drive the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The disko-lint binary, run from the crate root, with `NO_COLOR` unset.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_disko-lint"));
    c.env_remove("NO_COLOR")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run disko-lint")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Both streams.
pub fn out(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

/// A fresh temporary directory for one test.
pub fn tmpdir(prefix: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dl-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Writes the user rule `file_name` (Rhai source `src`) into `dir/rules`, created if needed,
/// and returns that rule directory (for `--rules`).
pub fn user_rule(dir: &Path, file_name: &str, src: &str) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join(file_name), src).unwrap();
    rules
}
