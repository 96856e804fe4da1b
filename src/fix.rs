//! The fix engine: applies the rules' edits, pass after pass, and writes files atomically.
//!
//! Model (ruff's): each diagnostic's fix applies all or nothing; fixes whose edits overlap or
//! touch an already chosen fix wait for the next pass; passes repeat until no fix applies,
//! up to [`MAX_PASSES`] ("failed to converge" beyond). After every pass the text must parse
//! without errors and without duplicate attribute definitions, or the pass is undone and
//! the rule responsible is named. A file with syntax errors is never fixed.

use crate::check::{FileReport, check_text};
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::engine::RuleSet;
use crate::nix::parse_file;
use crate::policy::Policy;
use crate::source::{SourceFile, SourceMap};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Most passes before giving up.
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixOptions {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

/// One applied fix.
#[derive(Debug, Clone)]
pub struct Applied {
    /// Rule code.
    pub code: String,
    /// The fix's message.
    pub message: String,
    /// 1-based line of its first edit in the text it was applied to.
    pub line: usize,
}

/// The outcome of fixing one text.
#[derive(Debug)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing applied or the fix was refused).
    pub text: String,
    /// Fixes applied, in order.
    pub applied: Vec<Applied>,
    /// The report of the final text (remaining findings).
    pub report: FileReport,
    /// Why fixing stopped early, if it did (refused, rolled back, did not converge).
    pub problem: Option<String>,
}

impl FixOutcome {
    /// True when the text changed.
    pub fn changed(&self, original: &str) -> bool {
        self.text != original
    }
}

fn allowed(d: &Diagnostic, opts: FixOptions) -> bool {
    match d.fix.as_ref().map(|f| f.applicability) {
        Some(Applicability::Safe) => true,
        Some(Applicability::Unsafe) => opts.unsafe_fixes,
        _ => false,
    }
}

/// True when `d` has a fix `opts` would apply.
pub fn is_applicable(d: &Diagnostic, opts: FixOptions) -> bool {
    allowed(d, opts) && d.fix.as_ref().is_some_and(|f| !f.edits.is_empty())
}

/// Applies `edits` (non-overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> Option<String> {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0usize;
    for e in sorted {
        let (s, t) = (e.start as usize, e.end as usize);
        if s < pos || t > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(t) {
            return None;
        }
        out.push_str(&text[pos..s]);
        out.push_str(&e.replacement);
        pos = t;
    }
    out.push_str(&text[pos..]);
    Some(out)
}

/// Checks that `text` parses without errors and defines no attribute twice.
/// Returns the first problem.
pub fn validate(text: &str) -> Result<(), String> {
    let mut sm = SourceMap::default();
    let id = sm.add(SourceFile::new("<fixed>", text.to_string()));
    let parsed = parse_file(sm.get(id), id);
    if let Some(e) = parsed.errors.first() {
        return Err(format!("the result does not parse ({})", e.message));
    }
    if let Some(d) = duplicate_attr(parsed.root.syntax()) {
        return Err(format!("the result defines `{d}` twice"));
    }
    Ok(())
}

/// The first attribute path defined twice in one attribute set or `let` (Nix rejects it):
/// the same full path twice, or a path whose prefix is bound to something other than an
/// attribute set literal.
pub fn duplicate_attr(root: &SyntaxNode) -> Option<String> {
    for node in root.descendants() {
        if !matches!(
            node.kind(),
            SyntaxKind::NODE_ATTR_SET | SyntaxKind::NODE_LET_IN
        ) {
            continue;
        }
        // path → is the value an attrset literal?
        let mut seen: HashMap<Vec<String>, bool> = HashMap::new();
        for child in node.children() {
            match child.kind() {
                SyntaxKind::NODE_ATTRPATH_VALUE => {
                    let Some(apv) = rnix::ast::AttrpathValue::cast(child.clone()) else {
                        continue;
                    };
                    let Some(path) = apv.attrpath() else { continue };
                    let mut names = Vec::new();
                    for a in path.attrs() {
                        match crate::nix::eval::static_attr_name(&a) {
                            Some(n) => names.push(n),
                            None => {
                                names.clear();
                                break;
                            }
                        }
                    }
                    if names.is_empty() {
                        continue;
                    }
                    let is_set = apv
                        .value()
                        .is_some_and(|v| v.syntax().kind() == SyntaxKind::NODE_ATTR_SET);
                    if let Some(prev_set) = seen.get(&names) {
                        // Two literal sets at one path merge only through dotted paths; an
                        // exact repeat of the path is always an error.
                        let _ = prev_set;
                        return Some(names.join("."));
                    }
                    for k in 1..names.len() {
                        if let Some(false) = seen.get(&names[..k]) {
                            return Some(names[..k].join("."));
                        }
                    }
                    if !is_set {
                        for other in seen.keys() {
                            if other.len() > names.len() && other[..names.len()] == names[..] {
                                return Some(names.join("."));
                            }
                        }
                    }
                    seen.insert(names, is_set);
                }
                SyntaxKind::NODE_INHERIT => {
                    let Some(inh) = rnix::ast::Inherit::cast(child.clone()) else {
                        continue;
                    };
                    for a in inh.attrs() {
                        if let Some(n) = crate::nix::eval::static_attr_name(&a) {
                            let key = vec![n];
                            if seen.contains_key(&key) {
                                return Some(key.join("."));
                            }
                            seen.insert(key, false);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    None
}

fn touches(a: &Edit, b: &Edit) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Fixes `text` (as `path`) to a fixed point.
pub fn fix_text(
    path: &Path,
    text: &str,
    rules: &RuleSet,
    policy: &Policy,
    opts: FixOptions,
) -> FixOutcome {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut problem = None;
    let mut report = check_text(path, current.clone(), rules, policy);
    if report.parse_failed {
        problem = Some("not fixed: the file has syntax errors".to_string());
        return FixOutcome {
            text: current,
            applied,
            report,
            problem,
        };
    }
    for pass in 0..=MAX_PASSES {
        let mut candidates: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| is_applicable(d, opts))
            .collect();
        if candidates.is_empty() {
            break;
        }
        if pass == MAX_PASSES {
            let codes: Vec<&str> = candidates.iter().map(|d| d.code.as_str()).collect();
            problem = Some(format!(
                "not fixed: failed to converge after {MAX_PASSES} passes (fixes still pending: {}); the file is left as it was",
                codes.join(", ")
            ));
            current = text.to_string();
            applied.clear();
            report = check_text(path, current.clone(), rules, policy);
            break;
        }
        candidates.sort_by_key(|d| {
            d.fix
                .as_ref()
                .and_then(|f| f.edits.first().map(|e| e.start))
                .unwrap_or(0)
        });
        let mut chosen: Vec<&Diagnostic> = Vec::new();
        let mut claimed: Vec<&Edit> = Vec::new();
        for d in candidates {
            let edits = &d.fix.as_ref().expect("filtered on fix").edits;
            if edits.iter().any(|e| claimed.iter().any(|c| touches(e, c))) {
                continue; // next pass
            }
            claimed.extend(edits.iter());
            chosen.push(d);
        }
        let Some(next) = apply_edits(&current, &claimed) else {
            problem = Some("not fixed: the fixes' edits do not fit the text".into());
            break;
        };
        if let Err(why) = validate(&next) {
            // Find the rule responsible: the first chosen fix that fails alone.
            let culprit = chosen.iter().find(|d| {
                let es: Vec<&Edit> = d
                    .fix
                    .as_ref()
                    .map(|f| f.edits.iter().collect())
                    .unwrap_or_default();
                apply_edits(&current, &es).is_none_or(|t| validate(&t).is_err())
            });
            let who = culprit
                .map(|d| {
                    format!(
                        "the fix of {} ({})",
                        d.code,
                        d.fix.as_ref().map(|f| f.message.as_str()).unwrap_or("")
                    )
                })
                .unwrap_or_else(|| "the combined fixes".into());
            problem = Some(format!(
                "not fixed: {who} would break the file: {why}; the file is left as it was"
            ));
            current = text.to_string();
            applied.clear();
            report = check_text(path, current.clone(), rules, policy);
            break;
        }
        let index = crate::source::LineIndex::new(&current);
        for d in &chosen {
            let f = d.fix.as_ref().expect("chosen have fixes");
            let line = f
                .edits
                .first()
                .map(|e| index.line_col(&current, e.start).0)
                .unwrap_or(1);
            applied.push(Applied {
                code: d.code.clone(),
                message: f.message.clone(),
                line,
            });
        }
        current = next;
        report = check_text(path, current.clone(), rules, policy);
    }
    FixOutcome {
        text: current,
        applied,
        report,
        problem,
    }
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {message}")]
pub struct WriteError {
    /// The file.
    pub path: PathBuf,
    /// What failed.
    pub message: String,
}

/// Writes `text` to `path` atomically: a temporary file in the same directory, fsync,
/// the original permissions, then rename. A symlink is written through to its target.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), WriteError> {
    let err = |m: String| WriteError {
        path: path.to_path_buf(),
        message: m,
    };
    let target = std::fs::canonicalize(path).map_err(|e| err(e.to_string()))?;
    let meta = std::fs::metadata(&target).map_err(|e| err(e.to_string()))?;
    let dir = target
        .parent()
        .ok_or_else(|| err("no parent directory".into()))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.disko-lint-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, &target)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e.to_string()));
    }
    Ok(())
}

/// A unified diff of `old` → `new` for `path` (empty when equal).
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dup(src: &str) -> Option<String> {
        duplicate_attr(&rnix::Root::parse(src).syntax())
    }

    #[test]
    fn duplicate_attributes_are_found() {
        assert_eq!(dup("{ a = 1; a = 2; }").as_deref(), Some("a"));
        assert_eq!(dup("{ a.b = 1; a.b = 2; }").as_deref(), Some("a.b"));
        assert_eq!(dup("{ a = 1; a.b = 2; }").as_deref(), Some("a"));
        assert_eq!(
            dup("{ x = { a = 1; }; x = { b = 2; }; }").as_deref(),
            Some("x")
        );
        assert_eq!(dup("let a = 1; a = 2; in a").as_deref(), Some("a"));
        assert_eq!(dup("{ inherit a; a = 1; }").as_deref(), Some("a"));
    }

    #[test]
    fn merges_nix_accepts_are_not_duplicates() {
        assert_eq!(dup("{ a.b = 1; a.c = 2; }"), None);
        assert_eq!(dup("{ a = { b = 1; }; a.c = 2; }"), None);
        assert_eq!(dup("{ a = { b = 1; }; c = { b = 2; }; }"), None);
    }

    #[test]
    fn edits_apply_back_to_front() {
        let e1 = Edit {
            start: 2,
            end: 3,
            replacement: "X".into(),
        };
        let e2 = Edit {
            start: 0,
            end: 0,
            replacement: ">".into(),
        };
        assert_eq!(apply_edits("abcd", &[&e1, &e2]).unwrap(), ">abXd");
        let bad = Edit {
            start: 1,
            end: 9,
            replacement: String::new(),
        };
        assert!(apply_edits("abcd", &[&bad]).is_none());
    }
}
