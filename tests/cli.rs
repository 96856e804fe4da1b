//! The binary as a user runs it: exit codes, formats, bad input, pipes, configuration errors.

mod common;

use common::{bin, fixture, run, stderr, stdout};
use std::io::Write;
use std::process::Stdio;

fn tmpdir(name: &str) -> std::path::PathBuf {
    common::tmpdir("cli", name)
}

#[test]
fn findings_exit_1_with_rustc_style_output() {
    let o = run(&[
        "check",
        "--no-config",
        fixture("fs-wide.nix").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("error[DL101]: `compress=zstd:3` is ignored on `/nix`"),
        "{out}"
    );
    assert!(out.contains("fs-wide.nix:9:"), "location line:col: {out}");
    assert!(
        out.contains("^^^^^^^^^^^^^^^^^"),
        "primary underline: {out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when piped: {out}");
}

#[test]
fn clean_file_exits_0() {
    let o = run(&[
        "check",
        "--no-config",
        fixture("clean.nix").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("no findings"));
}

#[test]
fn fail_on_and_exit_zero_change_the_threshold() {
    let f = fixture("fs-wide.nix");
    let o = run(&["check", "--no-config", "--exit-zero", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&[
        "check",
        "--no-config",
        "--select",
        "DL402",
        "--fail-on",
        "error",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn parse_errors_are_dl001_and_exit_2() {
    let o = run(&[
        "check",
        "--no-config",
        fixture("broken.nix").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("error[DL001]: syntax error"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn binary_and_missing_files_exit_2_without_panic() {
    let d = tmpdir("binary");
    let b = d.join("blob.nix");
    std::fs::write(&b, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let o = run(&["check", "--no-config", b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("binary file"), "{}", stdout(&o));
    let o = run(&[
        "check",
        "--no-config",
        d.join("missing.nix").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.nix"), "{}", stderr(&o));
}

#[test]
fn deeply_nested_input_is_refused_cleanly() {
    let d = tmpdir("deep");
    let f = d.join("deep.nix");
    std::fs::write(
        &f,
        format!("{}1{}", "[ ".repeat(100_000), " ]".repeat(100_000)),
    )
    .unwrap();
    let o = run(&["check", "--no-config", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).contains("nesting deeper"), "{}", stdout(&o));
    // Deep lambdas and binary operators are not brackets; they must not crash either.
    std::fs::write(&f, format!("{}1", "x: ".repeat(50_000))).unwrap();
    let o = run(&["check", "--no-config", f.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(101), "panic: {}", stderr(&o));
    std::fs::write(&f, format!("1{}", " + 1".repeat(200_000))).unwrap();
    let o = run(&["check", "--no-config", f.to_str().unwrap()]);
    assert!(matches!(o.status.code(), Some(0..=2)), "{}", stderr(&o));
}

#[test]
fn stdin_is_checked_with_its_display_name() {
    let mut child = bin()
        .args([
            "check",
            "--no-config",
            "--stdin-filename",
            "hosts/x/disko.nix",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(std::fs::read(fixture("fs-wide.nix")).unwrap().as_slice())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("hosts/x/disko.nix:9:"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_is_one_document() {
    let f = fixture("fs-wide.nix");
    let c = fixture("clean.nix");
    let o = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        f.to_str().unwrap(),
        c.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["files"], 2);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "DL101");
    assert_eq!(d["start"]["line"], 9);
    assert!(
        d["fix"]["edits"][0]["replacement"]
            .as_str()
            .unwrap()
            .contains("zstd:1")
    );
}

#[test]
fn configuration_errors_exit_2() {
    let f = fixture("clean.nix");
    let o = run(&[
        "check",
        "--no-config",
        "--policy",
        "recomended",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown policy"), "{}", stderr(&o));
    let o = run(&[
        "check",
        "--no-config",
        "--select",
        "DL999",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("DL999"), "{}", stderr(&o));
    let d = tmpdir("cfg");
    std::fs::write(d.join("disko-lint.toml"), "[rules]\nselekt = [\"DL\"]\n").unwrap();
    std::fs::copy(&f, d.join("disko.nix")).unwrap();
    let o = run(&["check", d.join("disko.nix").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("selekt"), "{}", stderr(&o));
}

#[test]
fn nearest_config_is_used() {
    let d = tmpdir("nearest");
    std::fs::write(d.join("disko-lint.toml"), "[rules]\nignore = [\"DL101\"]\n").unwrap();
    std::fs::create_dir_all(d.join("hosts/a")).unwrap();
    std::fs::copy(fixture("fs-wide.nix"), d.join("hosts/a/disko.nix")).unwrap();
    let o = run(&["check", d.join("hosts/a/disko.nix").to_str().unwrap()]);
    assert!(!stdout(&o).contains("DL101"), "{}", stdout(&o));
}

#[test]
fn directories_skip_symlinks_and_check_each_file_once() {
    let d = tmpdir("walk");
    std::fs::copy(fixture("fs-wide.nix"), d.join("disko.nix")).unwrap();
    std::os::unix::fs::symlink(d.join("disko.nix"), d.join("link-disko.nix")).unwrap();
    std::os::unix::fs::symlink(&d, d.join("loop")).unwrap();
    std::fs::write(d.join("other.nix"), "{ services.openssh.enable = true; }").unwrap();
    let o = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        d.to_str().unwrap(),
        d.join("disko.nix").to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["summary"]["files"], 1, "{v}");
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut child = bin()
        .args(["check", "--no-config", "examples/"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_ne!(o.status.code(), Some(101), "panicked: {}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn colour_only_when_asked_and_no_color_honoured() {
    let f = fixture("fs-wide.nix");
    let o = run(&[
        "check",
        "--no-config",
        "--color",
        "always",
        f.to_str().unwrap(),
    ]);
    assert!(stdout(&o).contains('\u{1b}'), "colour forced");
    let o = bin()
        .env("NO_COLOR", "1")
        .args(["check", "--no-config", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn inspect_prints_mounts_as_nixos_sees_them() {
    let o = run(&[
        "inspect",
        "--format",
        "json",
        fixture("fs-wide.nix").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let nix = v["mounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["mountpoint"] == "/nix")
        .unwrap();
    assert_eq!(
        nix["options"],
        serde_json::json!(["compress=zstd:3", "noatime", "subvol=@nix"])
    );
    assert_eq!(nix["neededForBoot"], false);
    assert!(v["unresolved"].as_array().unwrap().is_empty());
}

#[test]
fn explain_and_rules_list_the_catalog() {
    let o = run(&["explain", "DL101"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Fix safety",
        "## Sources",
    ] {
        assert!(out.contains(section), "missing {section}");
    }
    let o = run(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "DL101" && r["name"] == "fs-wide-option-mismatch")
    );
    let o = run(&["explain", "DL999"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn error_node_inside_a_string_does_not_crash() {
    // Found by mutating an example: rnix's error recovery leaves a non-interpolation node
    // inside a string, where `ast::Str::parts()` would assert.
    let o = run(&[
        "check",
        "--no-config",
        fixture("error-inside-string.nix").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).contains("DL001"));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn facts_from_the_same_host_count_and_other_hosts_do_not() {
    let d = tmpdir("project");
    std::fs::create_dir_all(d.join(".git")).unwrap();
    std::fs::create_dir_all(d.join("hosts/a")).unwrap();
    std::fs::create_dir_all(d.join("hosts/b")).unwrap();
    std::fs::create_dir_all(d.join("modules")).unwrap();
    let disko = r#"{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
        "@persist" = { mountpoint = "/persist"; mountOptions = [ "noatime" ]; };
      };
    };
  };
}
"#;
    std::fs::write(d.join("hosts/a/disko.nix"), disko).unwrap();
    std::fs::write(d.join("hosts/b/disko.nix"), disko).unwrap();
    std::fs::write(
        d.join("hosts/a/default.nix"),
        "{ imports = [ ./disko.nix ../../modules/impermanence.nix ]; }\n",
    )
    .unwrap();
    std::fs::write(
        d.join("hosts/b/default.nix"),
        "{ imports = [ ./disko.nix ]; }\n",
    )
    .unwrap();
    std::fs::write(
        d.join("modules/impermanence.nix"),
        "{ fileSystems.\"/persist\".neededForBoot = true; }\n",
    )
    .unwrap();
    let a = run(&[
        "check",
        "--no-config",
        "--select",
        "DL301",
        d.join("hosts/a/disko.nix").to_str().unwrap(),
    ]);
    assert_eq!(
        a.status.code(),
        Some(0),
        "host a imports the module that sets neededForBoot: {}",
        stdout(&a)
    );
    let b = run(&[
        "check",
        "--no-config",
        "--select",
        "DL301",
        d.join("hosts/b/disko.nix").to_str().unwrap(),
    ]);
    assert_eq!(b.status.code(), Some(1), "host b does not: {}", stdout(&b));
    assert!(
        stdout(&b).contains("error[DL301]")
            && stdout(&b).contains("not set in the files of this configuration that were read"),
        "host b's configuration was read, so the missing flag is an error: {}",
        stdout(&b)
    );
    std::fs::write(d.join("lone.nix"), disko).unwrap();
    let c = run(&[
        "check",
        "--no-config",
        "--select",
        "DL301",
        d.join("lone.nix").to_str().unwrap(),
    ]);
    assert!(
        stdout(&c).contains("warning[DL301]") && stdout(&c).contains("not set in this file"),
        "nobody imports lone.nix: its host was not seen, so a warning about this file: {}",
        stdout(&c)
    );
    let i = run(&[
        "inspect",
        "--format",
        "json",
        d.join("hosts/a/disko.nix").to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&i.stdout).unwrap();
    assert_eq!(
        v["contributors"],
        serde_json::json!(["modules/impermanence.nix"])
    );
    let persist = v["mounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["mountpoint"] == "/persist")
        .unwrap();
    assert_eq!(persist["neededForBoot"], true);
}

#[test]
fn test_command_runs_user_rule_cases() {
    let d = tmpdir("usertest");
    std::fs::write(
        d.join("MY001-no-home.rhai"),
        r#"//! ## What it does
//! Flags a `/home` mount (site policy: home directories live on the NAS).
fn meta() { #{ code: "MY001", name: "no-local-home", severity: "warning", summary: "/home must not be local" } }
fn check(model, params) {
    let out = [];
    for m in model.mounts { if m.mountpoint == "/home" { out.push(#{ message: "local /home", span: m.span }); } }
    out
}"#,
    )
    .unwrap();
    std::fs::create_dir_all(d.join("MY001")).unwrap();
    let with_home = r#"{ disko.devices.disk.a = { type = "disk"; device = "/dev/vda"; content = { type = "btrfs"; subvolumes."@home".mountpoint = "/home"; }; }; }
"#;
    std::fs::write(d.join("MY001/hit-home.nix"), with_home).unwrap();
    std::fs::write(
        d.join("MY001/ok-no-home.nix"),
        with_home.replace("/home", "/srv"),
    )
    .unwrap();
    let o = run(&["test", d.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "missing .expected files fail: {}",
        stdout(&o)
    );
    let o = run(&["test", "--bless", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["test", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("2 passed, 0 failed"), "{}", stdout(&o));
    // A broken expectation fails.
    std::fs::write(d.join("MY001/ok-no-home.nix"), with_home).unwrap();
    let o = run(&["test", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("FAIL MY001/ok-no-home.nix"),
        "{}",
        stdout(&o)
    );
}
