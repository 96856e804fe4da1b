//! Rule cases: golden tests for rules, shared by `cargo test` and (later) `disko-lint test`.
//!
//! Layout: `DIR/<CODE>/<name>.nix` with `<name>.expected` (the rendered findings of rule
//! `<CODE>` only, no colour) and optionally `<name>.toml` (a `disko-lint.toml` for the case,
//! e.g. to set `[host] kernel`). Names carry intent and are checked: `hit-*` cases must
//! produce at least one `<CODE>` finding, `ok-*` cases none. A case that needs other files
//! of its repository (the project index) has them in `<name>.project/`, where they import
//! the case as `./disko.nix`.

use crate::check;
use crate::engine::RuleSet;
use crate::policy::{self, Overrides};
use std::path::{Path, PathBuf};

/// One case.
#[derive(Debug, Clone)]
pub struct Case {
    /// Rule code (the directory name).
    pub code: String,
    /// The Nix file.
    pub nix: PathBuf,
    /// Display name, `CODE/name.nix`.
    pub display: String,
}

/// The outcome of one case.
#[derive(Debug)]
pub struct Outcome {
    /// The case.
    pub case: Case,
    /// Problems found (empty = pass).
    pub problems: Vec<String>,
}

/// Finds the cases under `dir`, sorted.
pub fn discover(dir: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let code = d
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "nix"))
            .collect();
        files.sort();
        for f in files {
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            out.push(Case {
                display: format!("{code}/{name}"),
                code: code.clone(),
                nix: f,
            });
        }
    }
    out
}

/// For a case with a `<name>.project/` directory beside it (the other files of its
/// repository, which import the case as `./disko.nix`): copies both into a fresh temporary
/// repository (marked by `.git`) and returns the path of the case there.
fn project_copy(case: &Case) -> Result<Option<PathBuf>, String> {
    let dir = case.nix.with_extension("project");
    if !dir.is_dir() {
        return Ok(None);
    }
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let root = std::env::temp_dir().join(format!(
        "disko-lint-case-{}-{n}-{}",
        std::process::id(),
        case.display.replace('/', "-")
    ));
    let _ = std::fs::remove_dir_all(&root);
    let e = |e: std::io::Error| format!("cannot copy {}: {e}", dir.display());
    std::fs::create_dir_all(root.join(".git")).map_err(e)?;
    for entry in walkdir::WalkDir::new(&dir).follow_links(false) {
        let entry = entry.map_err(|x| x.to_string())?;
        let rel = entry.path().strip_prefix(&dir).map_err(|x| x.to_string())?;
        let to = root.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).map_err(e)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to).map_err(e)?;
        }
    }
    let file = root.join("disko.nix");
    std::fs::copy(&case.nix, &file).map_err(e)?;
    Ok(Some(file))
}

/// Renders the findings of the case's rule on the case file.
pub fn render(case: &Case, rules: &RuleSet) -> Result<(String, check::FileReport), String> {
    let cfg = case.nix.with_extension("toml");
    let ov = Overrides {
        config: cfg.is_file().then_some(cfg),
        no_config: true,
        start_dir: case.nix.parent().map(Path::to_path_buf).unwrap_or_default(),
        select: vec![case.code.clone()],
        ..Default::default()
    };
    let mut policy = policy::resolve(&ov).map_err(|e| e.to_string())?;
    // DL004 judges suppressions of other rules, so those must run; its output is then
    // narrowed to DL004 findings.
    policy.select = if case.code == "DL004" {
        vec!["DL".into()]
    } else {
        vec![case.code.clone()]
    };
    let text = check::read_source(&case.nix)?;
    let mut report = match project_copy(case)? {
        // A case with other files of its repository: checked as `disko.nix` of a copy of
        // that repository, so the project index sees them; shown under the case's name.
        Some(file) => {
            let mut r = check::check_text(&file, text, rules, &policy);
            r.path = PathBuf::from(&case.display);
            if let Some(dir) = file.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
            r
        }
        None => check::check_text(Path::new(&case.display), text, rules, &policy),
    };
    report
        .diagnostics
        .retain(|d| d.code == case.code || d.code == "DL001" || d.code == "DL003");
    let rendered = crate::render::human(
        std::slice::from_ref(&report),
        false,
        Some(&crate::render::Summary::of(std::slice::from_ref(&report))),
    );
    Ok((rendered, report))
}

/// Runs every case; with `bless`, writes missing or changed `.expected` files instead of
/// failing on them.
pub fn run(dir: &Path, rules: &RuleSet, bless: bool) -> Vec<Outcome> {
    let mut out = Vec::new();
    for case in discover(dir) {
        let mut problems = Vec::new();
        match render(&case, rules) {
            Err(e) => problems.push(format!("cannot run: {e}")),
            Ok((rendered, report)) => {
                let stem = case
                    .nix
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                let hits = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == case.code)
                    .count();
                if rules.get(&case.code).is_none() {
                    problems.push(format!("no rule {} is loaded", case.code));
                }
                if stem.starts_with("hit") && hits == 0 {
                    problems.push(format!("a `hit` case, but {} found nothing", case.code));
                }
                if stem.starts_with("ok") && hits > 0 {
                    problems.push(format!(
                        "an `ok` case, but {} found {hits} finding(s)",
                        case.code
                    ));
                }
                if let Some(d) = report
                    .diagnostics
                    .iter()
                    .find(|d| (d.code == "DL003" || d.code == "DL001") && d.code != case.code)
                {
                    problems.push(format!("{}: {}", d.code, d.message));
                }
                let expected_path = case.nix.with_extension("expected");
                match std::fs::read_to_string(&expected_path) {
                    Ok(expected) if expected == rendered => {}
                    Ok(expected) => {
                        if bless {
                            let _ = std::fs::write(&expected_path, &rendered);
                        } else {
                            problems.push(format!(
                                "output differs from {}:\n{}",
                                expected_path.display(),
                                diff(&expected, &rendered)
                            ));
                        }
                    }
                    Err(_) => {
                        if bless {
                            let _ = std::fs::write(&expected_path, &rendered);
                        } else {
                            problems.push(format!(
                                "{} is missing; the output was:\n{rendered}",
                                expected_path.display()
                            ));
                        }
                    }
                }
                problems.extend(check_fix(&case, &report, rules, bless));
            }
        }
        out.push(Outcome { case, problems });
    }
    out
}

/// The `.fixed` golden: the text after `--fix --unsafe-fixes` with only this rule. Checks
/// that the result re-checks without a fixable finding of the rule and that a second run
/// changes nothing.
fn check_fix(case: &Case, report: &check::FileReport, rules: &RuleSet, bless: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let fixed_path = case.nix.with_extension("fixed");
    let opts = crate::fix::FixOptions { unsafe_fixes: true };
    let fixable = report
        .diagnostics
        .iter()
        .any(|d| d.code == case.code && crate::fix::is_applicable(d, opts));
    if !fixable && !fixed_path.exists() {
        return problems;
    }
    let ov = Overrides {
        config: Some(case.nix.with_extension("toml")).filter(|p| p.is_file()),
        no_config: true,
        start_dir: case.nix.parent().map(Path::to_path_buf).unwrap_or_default(),
        ..Default::default()
    };
    let mut policy = match policy::resolve(&ov) {
        Ok(p) => p,
        Err(e) => return vec![e.to_string()],
    };
    policy.select = vec![case.code.clone()];
    let display = Path::new(&case.display);
    let outcome = crate::fix::fix_text(display, &report.text, rules, &policy, opts);
    if let Some(p) = &outcome.problem {
        problems.push(format!("fix: {p}"));
    }
    if let Some(d) = outcome
        .report
        .diagnostics
        .iter()
        .find(|d| d.code == case.code && crate::fix::is_applicable(d, opts))
    {
        problems.push(format!(
            "after --fix a fixable {} finding remains: {}",
            d.code, d.message
        ));
    }
    let again = crate::fix::fix_text(display, &outcome.text, rules, &policy, opts);
    if again.text != outcome.text {
        problems.push("a second --fix changes the text again".into());
    }
    if let Err(e) = crate::fix::validate(&outcome.text) {
        problems.push(format!("the fixed text is invalid: {e}"));
    }
    match std::fs::read_to_string(&fixed_path) {
        Ok(want) if want == outcome.text => {}
        Ok(want) => {
            if bless {
                let _ = std::fs::write(&fixed_path, &outcome.text);
            } else {
                problems.push(format!(
                    "fixed text differs from {}:\n{}",
                    fixed_path.display(),
                    diff(&want, &outcome.text)
                ));
            }
        }
        Err(_) => {
            if bless {
                let _ = std::fs::write(&fixed_path, &outcome.text);
            } else {
                problems.push(format!(
                    "{} is missing; the fixed text was:\n{}",
                    fixed_path.display(),
                    outcome.text
                ));
            }
        }
    }
    problems
}

fn diff(a: &str, b: &str) -> String {
    let (al, bl): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut s = String::new();
    for i in 0..al.len().max(bl.len()) {
        match (al.get(i), bl.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    s.push_str(&format!("-{x}\n"));
                }
                if let Some(y) = y {
                    s.push_str(&format!("+{y}\n"));
                }
            }
        }
    }
    s
}
