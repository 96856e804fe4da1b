//! Public sources only (issue 10 item 6): everything a user reads — `explain` for every
//! rule, `rules --format markdown`, the rule messages `check` prints, every `generate`
//! output and its `--explain` table, and the `diagnose` report — cites what a user can
//! open (kernel and btrfs documentation, systemd/NixOS/disko sources, `tests/kernel.rs::…`),
//! never the team's notebook: no `DOMAIN` and no bare fact number such as `F20` or `(F14)`.

mod common;

use common::{run, stderr, stdout};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The lines of `text` that cite the team's notes: `DOMAIN` (or the other notebooks in
/// `../shared/`: `DISKO-SCHEMA`, `DESIGN.md`, `FACTER.md`), or an `F` followed by digits
/// that stands alone (`F20`, `(F14)`, `F1/F5`, `F17–F19`); `F2FS`, `EF00` or `0xF1`
/// do not count.
fn private_citations(text: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let fact = (0..chars.len()).any(|i| {
            if chars[i] != 'F' || (i > 0 && word_char(chars[i - 1])) {
                return false;
            }
            let digits = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            digits > 0 && chars.get(i + 1 + digits).is_none_or(|&c| !word_char(c))
        });
        let notebook = [
            "DOMAIN",
            "DISKO-SCHEMA",
            "DESIGN.md",
            "FACTER.md",
            "shared/",
        ];
        if fact || notebook.iter().any(|n| line.contains(n)) {
            hits.push(line.trim().to_string());
        }
    }
    hits
}

/// Collects `what: line` for every private citation in `text`.
fn scan(what: &str, text: &str, found: &mut Vec<String>) {
    for l in private_citations(text) {
        found.push(format!("{what}: {l}"));
    }
}

fn assert_clean(found: &[String]) {
    assert!(
        found.is_empty(),
        "{} line(s) cite DOMAIN or a bare F<n> instead of a public source:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_scanner_finds_fact_numbers_and_nothing_else() {
    for bad in [
        "see DOMAIN F20",
        "(F14)",
        "F1/F5: filesystem-wide",
        "(F17–F19)",
        "F36.",
        "the F30 case",
        "DISKO-SCHEMA §5.3",
        "`../shared/DESIGN.md` §2",
    ] {
        assert_eq!(private_citations(bad).len(), 1, "{bad:?} not found");
    }
    for good in [
        "F2FS and ext4",
        "type = \"EF00\";",
        "0xF1",
        "F_OK",
        "Fix safety",
    ] {
        let hits = private_citations(good);
        assert!(hits.is_empty(), "{good:?}: {hits:?}");
    }
}

/// Rule codes of the built-in rules (`rules/DLnnn-name.rhai`).
fn codes() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("rules"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.ends_with(".rhai").then(|| name[..5].to_string())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn explain_and_the_rules_reference_cite_public_sources() {
    let codes = codes();
    assert!(codes.len() >= 30, "{codes:?}");
    let mut found = Vec::new();
    for code in &codes {
        let o = run(&["explain", code]);
        assert_eq!(o.status.code(), Some(0), "explain {code}: {}", stderr(&o));
        assert!(stdout(&o).contains("Sources"), "explain {code}");
        scan(&format!("explain {code}"), &stdout(&o), &mut found);
    }
    let o = run(&["rules", "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    scan("rules --format markdown", &stdout(&o), &mut found);
    let committed = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    scan("docs/rules.md", &committed, &mut found);
    assert_clean(&found);
}

#[test]
fn readme_and_policy_presets_cite_public_sources() {
    // The presets are embedded and their comments are what a user reads when picking one.
    let mut files = vec![root().join("README.md"), root().join("policies/README.md")];
    files_with(&root().join("policies"), "toml", &mut files);
    assert!(files.len() >= 5, "{files:?}");
    let mut found = Vec::new();
    for p in files {
        scan(
            &p.display().to_string(),
            &std::fs::read_to_string(&p).unwrap(),
            &mut found,
        );
    }
    assert_clean(&found);
}

/// Files under `dir` (recursively) whose name ends in `.{ext}`.
fn files_with(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_with(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

#[test]
fn rule_messages_cite_public_sources() {
    // Every rule case and example, with every rule the strict policy turns on; some files
    // do not parse on purpose (DL001), hence exit code 2.
    let o = run(&[
        "check",
        "--no-config",
        "--policy",
        "strict",
        "tests/cases",
        "examples",
    ]);
    assert!(matches!(o.status.code(), Some(1 | 2)), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("checked ") && out.contains("= help:"), "{out}");
    let mut found = Vec::new();
    scan("check --policy strict", &out, &mut found);
    let mut expected = Vec::new();
    files_with(&root().join("tests/cases"), "expected", &mut expected);
    assert!(expected.len() > 50, "{}", expected.len());
    for p in expected {
        scan(
            &p.display().to_string(),
            &std::fs::read_to_string(&p).unwrap(),
            &mut found,
        );
    }
    assert_clean(&found);
}

/// Runs `generate --explain` with `spec` (and `facter`, if any); returns the config and the
/// decision table.
fn generate(spec: &Path, facter: Option<&Path>) -> (String, String) {
    let mut args = vec!["generate", "--explain", "--spec", spec.to_str().unwrap()];
    if let Some(f) = facter {
        args.extend(["--facter", f.to_str().unwrap()]);
    }
    let o = run(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}: {}",
        spec.display(),
        stderr(&o)
    );
    (stdout(&o), stderr(&o))
}

#[test]
fn generate_output_cites_public_sources_for_every_spec_and_workload() {
    let mut found = Vec::new();
    let specs = root().join("examples/specs");
    let mut n = 0;
    for e in std::fs::read_dir(&specs).unwrap() {
        let spec = e.unwrap().path();
        if spec.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let facter = spec.with_extension("facter.json");
        let (nix, explain) = generate(&spec, facter.is_file().then_some(facter.as_path()));
        scan(&spec.display().to_string(), &nix, &mut found);
        scan(
            &format!("{} --explain", spec.display()),
            &explain,
            &mut found,
        );
        let golden = std::fs::read_to_string(spec.with_extension("nix")).unwrap();
        scan(&format!("{} golden", spec.display()), &golden, &mut found);
        n += 1;
    }
    assert!(n >= 4, "{n} specs");

    // Every workload alone, in three host shapes that take different branches (priority,
    // storage, kernel before/after 6.2, LUKS, impermanence, hibernation).
    let dir = common::tmpdir("sources", "workloads");
    let shapes = [
        (
            "nvme",
            "performance",
            "6.12",
            "standard",
            "none",
            "16G",
            false,
        ),
        (
            "hdd",
            "reliability",
            "6.1",
            "impermanence",
            "luks",
            "16G",
            true,
        ),
        ("ssd", "space", "6.6", "standard", "luks", "none", false),
    ];
    let names = disko_lint::generate::workloads::names();
    assert!(names.len() >= 10, "{names:?}");
    for w in &names {
        for (i, (storage, priority, kernel, flavour, encryption, swap, hibernate)) in
            shapes.iter().enumerate()
        {
            let mut text = format!(
                "[host]\nworkloads = [\"{w}\"]\nkernel = \"{kernel}\"\nstorage = \"{storage}\"\n\
                 priority = \"{priority}\"\n[disk]\ndevice = \"/dev/disk/by-id/test-disk\"\n\
                 [layout]\nflavour = \"{flavour}\"\nencryption = \"{encryption}\"\n\
                 swap = \"{swap}\"\nhibernate = {hibernate}\n"
            );
            if *w == "podman" || *w == "docker" {
                text.push_str(&format!(
                    "[containers]\nengine = \"{w}\"\nrootless = {}\n",
                    i % 2 == 1
                ));
            }
            let spec = dir.join(format!("{w}-{i}.toml"));
            std::fs::write(&spec, text).unwrap();
            let (nix, explain) = generate(&spec, None);
            scan(&format!("workload {w}, shape {i}"), &nix, &mut found);
            scan(
                &format!("workload {w}, shape {i}, --explain"),
                &explain,
                &mut found,
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert_clean(&found);
}

/// Drops diagnose's own finding ids (`"id": "F1"`, `"addresses": ["F1"]`) — numbers of
/// this report, not citations — so that only the text is scanned.
fn drop_report_ids(v: &mut serde_json::Value) {
    for list in ["findings", "recommendations"] {
        for item in v[list].as_array_mut().unwrap() {
            let o = item.as_object_mut().unwrap();
            o.remove("id");
            o.remove("addresses");
        }
    }
}

#[test]
fn diagnose_reports_cite_public_sources() {
    let scenarios = [
        ("nvme-laptop-slow-builds", "nix builds crawl"),
        (
            "hdd-nas-enospc",
            "no space left on device although df shows 110G free",
        ),
        ("postgres-cow-server", "postgres got slower"),
        (
            "sata-desktop-stalls",
            "the desktop freezes for seconds when copying large files",
        ),
    ];
    let names = disko_lint::generate::workloads::names();
    let mut found = Vec::new();
    for (scenario, observe) in scenarios {
        let dir = format!("tests/fixtures/diagnose/{scenario}");
        let (facter, disko, metrics) = (
            format!("{dir}/facter.json"),
            format!("{dir}/disko.nix"),
            format!("{dir}/metrics"),
        );
        let base = [
            "diagnose",
            "--facter",
            facter.as_str(),
            "--disko",
            disko.as_str(),
            "--metrics",
            metrics.as_str(),
            "--observe",
            observe,
            "--format",
            "json",
        ];
        // As given, and with every workload of the table (the layout advice quotes rows).
        let mut all = base.to_vec();
        for w in &names {
            all.extend(["--workload", w]);
        }
        for args in [base.to_vec(), all] {
            let o = run(&args);
            assert_eq!(o.status.code(), Some(0), "{scenario}: {}", stderr(&o));
            let mut v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
            assert!(!v["findings"].as_array().unwrap().is_empty(), "{scenario}");
            drop_report_ids(&mut v);
            scan(
                &format!("diagnose {scenario}"),
                &serde_json::to_string_pretty(&v).unwrap(),
                &mut found,
            );
        }
    }
    assert_clean(&found);
}

/// `tests/kernel.rs::NAME` citations in `text`.
fn kernel_test_citations(text: &str) -> Vec<String> {
    text.match_indices("tests/kernel.rs::")
        .map(|(i, m)| {
            text[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

#[test]
fn every_cited_kernel_test_exists() {
    let kernel = std::fs::read_to_string(root().join("tests/kernel.rs")).unwrap();
    let tests: Vec<&str> = kernel
        .split("#[test]")
        .skip(1)
        .filter_map(|t| t.split("fn ").nth(1)?.split('(').next())
        .collect();
    assert!(tests.contains(&"dl401_chattr_nocow_semantics"), "{tests:?}");
    let mut files = Vec::new();
    for (dir, ext) in [
        ("rules", "rhai"),
        ("src", "rs"),
        ("src", "toml"),
        ("policies", "toml"),
        ("examples", "nix"),
        ("docs", "md"),
    ] {
        files_with(&root().join(dir), ext, &mut files);
    }
    let mut cited = 0;
    let mut missing = Vec::new();
    for p in &files {
        for name in kernel_test_citations(&std::fs::read_to_string(p).unwrap()) {
            cited += 1;
            if !tests.contains(&name.as_str()) {
                missing.push(format!("{}: {name}", p.display()));
            }
        }
    }
    assert!(cited > 50, "only {cited} citations found");
    assert!(
        missing.is_empty(),
        "cited tests that do not exist:\n{}",
        missing.join("\n")
    );
}
