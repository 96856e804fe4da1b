//! The check pipeline for one file and for many: read → parse → model → rules → findings.
//!
//! Works on text, not on the terminal: the CLI reads files and prints reports. Files are
//! checked in parallel on worker threads with large stacks (deeply nested input is refused
//! by the parser guard before it could overflow them).

use crate::diagnostic::{Diagnostic, Range, Severity};
use crate::disko::{self, Model};
use crate::engine::{RuleSet, convert};
use crate::nix::parse_file;
use crate::policy::Policy;
use crate::source::{SourceFile, SourceMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest file checked (bytes); larger ones are an input error.
pub const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;
/// Findings kept per rule and file.
pub const MAX_FINDINGS_PER_RULE: usize = 200;
/// Stack size of checker threads.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// The result for one file.
#[derive(Debug)]
pub struct FileReport {
    /// Display path.
    pub path: PathBuf,
    /// The text checked (empty if unreadable).
    pub text: String,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// An input error (unreadable, binary, too large): exit code 2.
    pub error: Option<String>,
    /// True when the file has syntax errors.
    pub parse_failed: bool,
    /// Findings silenced by `# disko-lint: ignore[…]` comments.
    pub suppressed: usize,
}

/// Why a file's text cannot be checked.
pub fn read_source(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(format!(
            "file is larger than {} MiB",
            MAX_FILE_SIZE / 1024 / 1024
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    text_from_bytes(bytes)
}

/// Validates bytes as checkable text (UTF-8, no NUL).
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "input is larger than {} MiB",
            MAX_FILE_SIZE / 1024 / 1024
        ));
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), not Nix".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Builds the model of `text` (for `inspect` and for checking).
pub fn model_of(path: &Path, text: &str) -> (Model, Vec<Diagnostic>) {
    let (m, d, _) = model_and_directives(path, text);
    (m, d)
}

/// Like [`model_of`], plus the file's suppression comments.
pub fn model_and_directives(
    path: &Path,
    text: &str,
) -> (Model, Vec<Diagnostic>, Vec<crate::suppress::Directive>) {
    let mut sources = SourceMap::default();
    let id = sources.add(SourceFile::new(path.to_path_buf(), text.to_string()));
    let parsed = parse_file(sources.get(id), id);
    let mut diags = Vec::new();
    // rnix's recovery repeats errors at one place (end of file); keep the most telling one.
    let mut errors: Vec<&crate::nix::SyntaxError> = Vec::new();
    for e in &parsed.errors {
        match errors.iter_mut().find(|x| x.span.start == e.span.start) {
            Some(x) => {
                if !x.message.contains(", expected") && e.message.contains(", expected") {
                    *x = e;
                }
            }
            None => errors.push(e),
        }
    }
    for e in errors.into_iter().take(10) {
        diags.push(Diagnostic {
            code: "DL001".into(),
            name: "parse-error".into(),
            severity: Severity::Error,
            message: format!("syntax error: {}", e.message),
            range: Range {
                start: e.span.start,
                end: e.span.end,
            },
            primary_label: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        });
    }
    let dirs =
        crate::suppress::directives(text, &rowan::ast::AstNode::syntax(&parsed.root).clone());
    let ex = disko::extract(&mut sources, &parsed);
    let mut model = ex.model;
    let root_node = rowan::ast::AstNode::syntax(&parsed.root);
    model.devices_written = disko::written::disko_devices_written(root_node, id);
    // Nix reports syntax errors before it resolves names: only a file that parses has
    // undefined names.
    if parsed.errors.is_empty() {
        model.undefined = crate::nix::scope::undefined(root_node, id);
    }
    model.formals = crate::nix::scope::top_formals(root_node, id);
    model.contributors = ex
        .imported
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    if path.is_file() {
        crate::project::augment(&mut model, path);
    }
    (model, diags, dirs)
}

/// Checks one text.
pub fn check_text(path: &Path, text: String, rules: &RuleSet, policy: &Policy) -> FileReport {
    check_text_with_model(path, text, rules, policy).0
}

/// [`check_text`], also returning the model the rules saw (for `diagnose`, which analyses it
/// further).
pub fn check_text_with_model(
    path: &Path,
    text: String,
    rules: &RuleSet,
    policy: &Policy,
) -> (FileReport, Model) {
    let (model, mut diagnostics, mut dirs) = model_and_directives(path, &text);
    let parse_failed = !diagnostics.is_empty();
    let len = text.len() as u32;
    match convert::model_to_dynamic(&model, &policy.host) {
        Ok(dyn_model) => {
            // Read-only and shared: each rule gets the same model without a deep copy, and
            // none can change what the next one sees.
            let dyn_model = dyn_model.into_read_only().into_shared();
            let budget = crate::engine::Budget::for_model(&dyn_model);
            for rule in rules.rules.iter().filter(|r| policy.enabled(&r.meta.code)) {
                let params = convert::params_to_dynamic(
                    policy
                        .params
                        .get(&rule.meta.code)
                        .unwrap_or(&toml::Table::new()),
                );
                match rules.run(rule, &dyn_model, &params, budget) {
                    Ok(found) => {
                        for raw in found.into_iter().take(MAX_FINDINGS_PER_RULE) {
                            match convert::finding(&rule.meta, raw, len) {
                                Ok(d) => diagnostics.push(d),
                                Err(e) => {
                                    diagnostics.push(internal(
                                        &rule.meta.code,
                                        &format!("returned a malformed finding: {e}"),
                                    ));
                                    break;
                                }
                            }
                        }
                    }
                    Err(e) => diagnostics.push(internal(&rule.meta.code, &e)),
                }
            }
        }
        Err(e) => diagnostics.push(internal("engine", &format!("model conversion failed: {e}"))),
    }
    for d in &mut diagnostics {
        d.severity = policy.severity(&d.code, d.severity);
    }
    diagnostics.retain(|d| policy.enabled(&d.code) || d.code == "DL001" || d.code == "DL003");
    let suppressed = crate::suppress::apply(
        &mut diagnostics,
        &mut dirs,
        |c| rules.get(c).is_some(),
        |c| policy.enabled(c),
    );
    diagnostics.retain(|d| d.code != "DL004" || policy.enabled("DL004"));
    for d in diagnostics.iter_mut().filter(|d| d.code == "DL004") {
        d.severity = policy.severity("DL004", d.severity);
    }
    diagnostics.sort_by(|a, b| (a.range.start, &a.code).cmp(&(b.range.start, &b.code)));
    let report = FileReport {
        path: path.to_path_buf(),
        text,
        diagnostics,
        error: None,
        parse_failed,
        suppressed,
    };
    (report, model)
}

fn internal(rule: &str, message: &str) -> Diagnostic {
    Diagnostic {
        code: "DL003".into(),
        name: "internal-error".into(),
        severity: Severity::Error,
        message: format!("rule {rule} failed: {message}"),
        range: Range { start: 0, end: 0 },
        primary_label: None,
        labels: Vec::new(),
        notes: vec![
            "the other rules still ran; this file's results for that rule are incomplete".into(),
        ],
        help: None,
        fix: None,
    }
}

/// Checks one file on disk.
pub fn check_path(path: &Path, rules: &RuleSet, policy: &Policy) -> FileReport {
    match read_source(path) {
        Ok(text) => check_text(path, text, rules, policy),
        Err(e) => FileReport {
            path: path.to_path_buf(),
            text: String::new(),
            diagnostics: Vec::new(),
            error: Some(e),
            parse_failed: false,
            suppressed: 0,
        },
    }
}

/// Checks many files on `jobs` threads; reports come back in input order.
pub fn check_paths(
    paths: &[PathBuf],
    rules: &RuleSet,
    policy: &Policy,
    jobs: usize,
) -> Vec<FileReport> {
    par_map(paths, jobs, |p| check_path(p, rules, policy))
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|| FileReport {
                path: paths[i].clone(),
                text: String::new(),
                diagnostics: Vec::new(),
                error: Some("internal error: the checker thread stopped".into()),
                parse_failed: false,
                suppressed: 0,
            })
        })
        .collect()
}

/// Runs `f` over `items` on `jobs` threads with large stacks; results in input order
/// (`None` only if a worker died).
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let jobs = jobs.max(1).min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let _ = std::thread::Builder::new()
                .stack_size(STACK_SIZE)
                .spawn_scoped(s, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= items.len() {
                            break;
                        }
                        let r = f(&items[i]);
                        if let Ok(mut v) = results.lock() {
                            v[i] = Some(r);
                        }
                    }
                });
        }
    });
    results.into_inner().unwrap_or_default()
}
