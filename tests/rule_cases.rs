//! Runs every rule case under `tests/cases/<CODE>/` (see `disko_lint::testing`).
//! Set `DISKO_LINT_BLESS=1` to write missing or changed `.expected` files — then review them.

use disko_lint::engine::RuleSet;
use std::path::Path;

#[test]
fn rule_cases() {
    let (rules, load_errors) = RuleSet::load_lenient(true, &[]);
    let bless = std::env::var_os("DISKO_LINT_BLESS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let outcomes = disko_lint::testing::run(&dir, &rules, bless);
    assert!(!outcomes.is_empty(), "no rule cases found");
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.problems.is_empty())
        .map(|o| format!("{}:\n  {}", o.case.display, o.problems.join("\n  ")))
        .collect();
    let mut failed = failed;
    failed.extend(load_errors.iter().map(|e| e.to_string()));
    assert!(
        failed.is_empty(),
        "{} of {} rule cases failed:\n{}",
        failed.len(),
        outcomes.len(),
        failed.join("\n")
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
