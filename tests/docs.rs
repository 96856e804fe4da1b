//! Generated documentation stays current, and the completions and man page build.

mod common;

use common::{run, stdout};

#[test]
fn docs_rules_md_is_current() {
    let o = run(&["rules", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == stdout(&o),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    for section in [
        "## DL101 fs-wide-option-mismatch",
        "### Why is this bad?",
        "### Sources",
    ] {
        assert!(committed.contains(section), "missing {section}");
    }
}

#[test]
fn completions_build_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let s = stdout(&o);
        assert!(
            s.contains("disko-lint") && s.contains("check") && s.contains("unsafe-fixes"),
            "{shell}: {s}"
        );
    }
}

#[test]
fn man_page_builds() {
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let s = stdout(&o);
    assert!(s.contains(".TH disko-lint 1") && s.contains("check"), "{s}");
}
