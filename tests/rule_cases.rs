//! Runs every rule case under `tests/cases/<CODE>/` (see `disko_lint::testing`).
//! Set `DISKO_LINT_BLESS=1` to write missing or changed `.expected` files — then review them.

use disko_lint::engine::RuleSet;
use std::path::Path;

/// The built-in rules' cases run through the same `disko-lint test` command users run
/// on their own rules.
#[test]
fn rule_cases() {
    let mut args = vec!["test", "tests/cases"];
    if std::env::var_os("DISKO_LINT_BLESS").is_some() {
        args.push("--bless");
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_disko-lint"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run disko-lint test");
    let out = String::from_utf8_lossy(&o.stdout);
    let failures: Vec<&str> = out.lines().filter(|l| !l.starts_with("ok   ")).collect();
    assert_eq!(
        o.status.code(),
        Some(0),
        "rule cases failed:\n{}",
        failures.join("\n")
    );
    assert!(
        out.lines().filter(|l| l.starts_with("ok   ")).count() > 60,
        "too few cases ran:\n{out}"
    );
}

#[test]
fn every_builtin_rule_has_cases() {
    let rules = RuleSet::load(true, &[]).expect("built-in rules load");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let cases = disko_lint::testing::discover(&dir);
    let mut missing = Vec::new();
    for r in &rules.rules {
        if r.meta.code == "DL003" {
            continue; // host-reported; covered by tests/sandbox.rs
        }
        let hit = cases.iter().any(|c| {
            c.code == r.meta.code
                && c.nix
                    .file_stem()
                    .is_some_and(|s| s.to_string_lossy().starts_with("hit"))
        });
        let ok = cases.iter().any(|c| {
            c.code == r.meta.code
                && c.nix
                    .file_stem()
                    .is_some_and(|s| s.to_string_lossy().starts_with("ok"))
        });
        if !hit || !ok {
            missing.push(r.meta.code.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "rules without both a hit-* and an ok-* case: {missing:?}"
    );
}
