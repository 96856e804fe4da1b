//! `disko-lint generate` on the bundled specs: the checked-in outputs are current, lint
//! clean under `recommended` and `strict`, and parse (rnix; `nix-instantiate` when present).
//! `DISKO_LINT_BLESS=1` rewrites the outputs — review the diff.

mod common;

use common::{run, stderr, stdout};
use std::path::{Path, PathBuf};

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/specs");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

fn generate(spec: &Path) -> std::process::Output {
    let facter = spec.with_extension("facter.json");
    let mut args = vec![
        "generate".to_string(),
        "--spec".into(),
        spec.display().to_string(),
    ];
    if facter.is_file() {
        args.push("--facter".into());
        args.push(facter.display().to_string());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

#[test]
fn generated_outputs_are_current() {
    let specs = specs();
    assert!(specs.len() >= 4, "examples/specs needs at least four specs");
    let bless = std::env::var_os("DISKO_LINT_BLESS").is_some();
    let mut drift = Vec::new();
    for spec in &specs {
        let o = generate(spec);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            spec.display(),
            stderr(&o)
        );
        let nix = spec.with_extension("nix");
        let want = std::fs::read_to_string(&nix).unwrap_or_default();
        if want != stdout(&o) {
            if bless {
                std::fs::write(&nix, stdout(&o)).unwrap();
            } else {
                drift.push(nix.display().to_string());
            }
        }
    }
    assert!(
        drift.is_empty(),
        "generated configs drifted (DISKO_LINT_BLESS=1 to rewrite, then review): {drift:?}"
    );
}

#[test]
fn generated_outputs_lint_clean_and_parse() {
    for spec in specs() {
        let nix = spec.with_extension("nix");
        for policy in ["recommended", "strict"] {
            let o = run(&[
                "check",
                "--no-config",
                "--policy",
                policy,
                nix.to_str().unwrap(),
            ]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{} under {policy}:\n{}",
                nix.display(),
                stdout(&o)
            );
            assert!(
                !stdout(&o).contains("warning[") && !stdout(&o).contains("error["),
                "{}",
                stdout(&o)
            );
        }
        if let Ok(o) = std::process::Command::new("nix-instantiate")
            .arg("--parse")
            .arg(&nix)
            .output()
        {
            assert!(
                o.status.success(),
                "nix-instantiate --parse {}: {}",
                nix.display(),
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}

#[test]
fn unknown_workloads_and_missing_facter_are_errors() {
    let d = common::tmpdir("generate", "errors");
    let s = d.join("bad.toml");
    std::fs::write(
        &s,
        "[host]\nworkloads = [\"postgres\"]\n[disk]\ndevice = \"/dev/disk/by-id/x\"\n",
    )
    .unwrap();
    let o = run(&["generate", "--spec", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown workload `postgres`") && stderr(&o).contains("postgresql"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        &s,
        "[host]\nworkloads = [\"postgresql\"]\n[disk]\ndevice = \"auto\"\n",
    )
    .unwrap();
    let o = run(&["generate", "--spec", s.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--facter"), "{}", stderr(&o));
}
