//! Hostile or broken rule scripts: each failure is a DL003 finding naming the rule, the
//! other rules still run, and nothing panics.

use disko_lint::check::check_text;
use disko_lint::engine::RuleSet;
use disko_lint::policy::Policy;
use std::path::{Path, PathBuf};

const CONFIG: &str = r#"{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = { mountpoint = "/"; mountOptions = [ "compress=zstd:1" ]; };
        "@nix" = { mountpoint = "/nix"; mountOptions = [ "compress=zstd:3" ]; };
      };
    };
  };
}
"#;

fn rule_dir(name: &str, body: &str) -> PathBuf {
    rule_dir_code("XX001", name, body)
}

fn rule_dir_code(code: &str, name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dl-sandbox-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = format!(
        "fn meta() {{ #{{ code: \"{code}\", name: \"{name}\", severity: \"warning\", summary: \"test\" }} }}\n{body}\n"
    );
    std::fs::write(dir.join(format!("{code}-test.rhai")), src).unwrap();
    dir
}

fn run(name: &str, body: &str) -> Vec<(String, String)> {
    let dir = rule_dir(name, body);
    let rules = RuleSet::load(true, std::slice::from_ref(&dir)).expect("rules load");
    let policy = Policy {
        select: vec!["DL101".into(), "XX".into()],
        ..Policy::default()
    };
    let report = check_text(Path::new("t.nix"), CONFIG.to_string(), &rules, &policy);
    let _ = std::fs::remove_dir_all(&dir);
    report
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

fn assert_dl003(found: &[(String, String)], needle: &str) {
    let msg = found
        .iter()
        .find(|(c, _)| c == "DL003")
        .map(|(_, m)| m.clone())
        .unwrap_or_default();
    assert!(
        msg.contains("XX001") && msg.contains(needle),
        "expected DL003 about `{needle}`, got {found:?}"
    );
    assert!(
        found.iter().any(|(c, _)| c == "DL101"),
        "the built-in rules must still run: {found:?}"
    );
}

#[test]
fn endless_loop_hits_the_operation_limit() {
    assert_dl003(
        &run("loop", "fn check(model, params) { loop { } }"),
        "operations",
    );
}

#[test]
fn runaway_recursion_hits_the_call_depth_limit() {
    assert_dl003(
        &run(
            "rec",
            "fn f(n) { f(n + 1) } fn check(model, params) { f(0) }",
        ),
        "stack",
    );
}

#[test]
fn growing_a_huge_string_hits_the_memory_limit() {
    assert_dl003(
        &run(
            "big",
            "fn check(model, params) { let s = \"x\"; loop { s += s; } }",
        ),
        "memory limit",
    );
}

#[test]
fn doubling_an_array_hits_the_memory_limit() {
    assert_dl003(
        &run(
            "bigarr",
            "fn check(model, params) { let a = [model]; loop { a += a; } }",
        ),
        "memory limit",
    );
}

#[test]
fn one_huge_allocation_is_refused_before_it_is_made() {
    // Each of these would ask the allocator for terabytes in one operation.
    for (name, body) in [
        ("padarr", "let a = []; a.pad(1 << 40, 0);"),
        ("padstr", "let s = \"\"; s.pad(1 << 40, 'x');"),
        ("padstr2", "let s = \"\"; s.pad(1 << 40, \"xy\");"),
        ("blob", "let b = blob(1 << 40);"),
        ("blob2", "let b = blob(1 << 40, 7);"),
        ("padblob", "let b = blob(); b.pad(1 << 40, 7);"),
    ] {
        let found = run(name, &format!("fn check(model, params) {{ {body} [] }}"));
        assert_dl003(&found, "beyond the rule's memory limit");
    }
}

#[test]
fn small_pads_still_work() {
    let found = run(
        "padok",
        "fn check(model, params) { let a = []; a.pad(3, 1); let s = \"ab\"; s.pad(4, '.'); \
         let b = blob(2, 9); b.pad(4, 1); \
         if a.len() == 3 && s == \"ab..\" && b.len() == 4 && b[0] == 9 && b[3] == 1 { \
         [#{ message: \"pads fine\" }] } else { [] } }",
    );
    assert!(
        found.iter().any(|(c, m)| c == "XX001" && m == "pads fine"),
        "{found:?}"
    );
}

#[test]
fn import_is_not_available() {
    let found = run(
        "imp",
        "fn check(model, params) { import \"/etc/passwd\" as p; [] }",
    );
    assert_dl003(&found, "");
}

#[test]
fn wrong_return_type_is_reported() {
    assert_dl003(
        &run("ret", "fn check(model, params) { 42 }"),
        "instead of an array",
    );
}

#[test]
fn span_outside_the_file_is_reported() {
    let found = run(
        "span",
        "fn check(model, params) { [#{ message: \"m\", span: #{ start: 0, end: 999999 } }] }",
    );
    assert_dl003(&found, "outside the file");
}

#[test]
fn model_is_read_only_for_other_rules() {
    // AA001 runs before DL101 (rules run in code order) and empties its copy of the model;
    // DL101 must still see the filesystem.
    let dir = rule_dir_code(
        "AA001",
        "mut",
        "fn check(model, params) { model.btrfs.clear(); model.mounts.clear(); [] }",
    );
    let rules = RuleSet::load(true, std::slice::from_ref(&dir)).expect("rules load");
    let policy = Policy {
        select: vec!["DL101".into(), "AA".into()],
        ..Policy::default()
    };
    let report = check_text(Path::new("t.nix"), CONFIG.to_string(), &rules, &policy);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(rules.rules[0].meta.code, "AA001");
    assert!(
        report.diagnostics.iter().any(|d| d.code == "DL101"),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn eval_is_disabled() {
    let dir = rule_dir("eval", "fn check(model, params) { eval(\"1\"); [] }");
    let err = RuleSet::load(true, std::slice::from_ref(&dir))
        .err()
        .expect("a script using eval must not load");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        err.iter()
            .any(|e| e.to_string().contains("XX001") || e.to_string().contains("eval")),
        "{err:?}"
    );
}
