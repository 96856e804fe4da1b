//! A clean result must mean "checked and fine". Walks `tests/fixtures/never-silent/`
//! (wrapped, merged, conditional and argument-driven configs written for this project) and
//! requires of every file: the walk picks it up, and either devices were read from it or a
//! DL005 finding says that none could be, and whatever could not be read is named (DL002
//! or DL005), never passed over as "no findings".

use disko_lint::check::check_text_with_model;
use disko_lint::engine::RuleSet;
use disko_lint::policy::Policy;
use disko_lint::walk;
use std::path::PathBuf;

#[test]
fn no_config_passes_as_clean_without_being_read() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/never-silent");
    let w = walk::collect(
        std::slice::from_ref(&dir),
        &walk::exclude_set(&[]).unwrap(),
        false,
    );
    let on_disk = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "nix")
        })
        .count();
    assert!(on_disk >= 8, "fixtures missing: {on_disk}");
    assert_eq!(
        w.candidates.len(),
        on_disk,
        "the walk skipped fixtures: {:?}",
        w.skipped
    );
    let rules = RuleSet::load(true, &[]).unwrap();
    let policy = Policy::default();
    let mut failures = Vec::new();
    for c in &w.candidates {
        let text = std::fs::read_to_string(&c.path).unwrap();
        let (report, model) = check_text_with_model(&c.path, text, &rules, &policy);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        let name = c.path.file_name().unwrap().to_string_lossy().to_string();
        if model.devices.is_empty() && !codes.contains(&"DL005") {
            failures.push(format!("{name}: no device read and no DL005 ({codes:?})"));
        }
        let unread = model.unresolved.iter().any(|u| u.span.is_some());
        if unread && !codes.iter().any(|c| *c == "DL002" || *c == "DL005") {
            failures.push(format!(
                "{name}: values not read ({:?}) but no DL002/DL005",
                model.unresolved
            ));
        }
        if codes.contains(&"DL003") {
            failures.push(format!("{name}: a rule failed: {:?}", report.diagnostics));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
