//! Output formats. Only this module knows how findings look on the way out.
//!
//! - `human`: rustc-style diagnostics rendered by `codespan-reporting`, then a summary.
//! - `concise`, `json-lines`, `sarif`, `github`: see their modules.
//! - `json`: one document, `{"version":1,"diagnostics":[…],"summary":{…}}` (DESIGN §6),
//!   byte ranges plus 1-based lines and columns (columns in characters).

pub mod concise;
pub mod github;
pub mod jsonl;
pub mod sarif;

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::LineIndex;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use serde_json::json;

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Findings by severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings with a fix that `--fix` (or `--unsafe-fixes`) can apply.
    pub fixable: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Findings silenced by suppression comments.
    pub suppressed: usize,
    /// `.nix` files a directory walk passed over (not disko configs, excluded, hidden, …);
    /// `check --show-files` lists them with reasons.
    pub skipped: usize,
}

impl Summary {
    /// Counts the findings of `reports`.
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Default::default()
        };
        for r in reports {
            if r.error.is_some() {
                s.unreadable += 1;
            }
            s.suppressed += r.suppressed;
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
                if d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability != crate::diagnostic::Applicability::Display)
                {
                    s.fixable += 1;
                }
            }
        }
        s
    }
}

fn cs_severity(s: Severity) -> cs::Severity {
    match s {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Info => cs::Severity::Note,
    }
}

/// Renders one diagnostic for humans (the text of its fix shown as `help:`).
pub fn human_diagnostic(d: &Diagnostic, file: &SimpleFile<String, &str>, color: bool) -> String {
    let mut labels = vec![{
        let l = cs::Label::primary((), d.range.start as usize..d.range.end as usize);
        match &d.primary_label {
            Some(m) => l.with_message(m),
            None => l,
        }
    }];
    for l in &d.labels {
        labels.push(
            cs::Label::secondary((), l.range.start as usize..l.range.end as usize)
                .with_message(&l.message),
        );
    }
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(h) = &d.help {
        notes.push(format!("help: {h}"));
    }
    if let Some(f) = &d.fix {
        let kind = match f.applicability {
            crate::diagnostic::Applicability::Safe => "fix",
            crate::diagnostic::Applicability::Unsafe => "unsafe fix",
            crate::diagnostic::Applicability::Display => "suggestion",
        };
        let mut s = format!("{kind}: {}", f.message);
        for e in f.edits.iter().take(4) {
            let shown = e.replacement.trim_start_matches('\n');
            if e.start == e.end {
                s.push_str(&format!("\n  insert: {}", shown.trim()));
            } else if e.replacement.is_empty() {
                s.push_str(&format!(
                    "\n  remove: {}",
                    file.source()
                        .get(e.start as usize..e.end as usize)
                        .unwrap_or("")
                        .trim()
                ));
            } else {
                s.push_str(&format!(
                    "\n  replace: {} → {}",
                    file.source()
                        .get(e.start as usize..e.end as usize)
                        .unwrap_or("")
                        .trim(),
                    shown.trim()
                ));
            }
        }
        notes.push(s);
    }
    let diag = cs::Diagnostic::new(cs_severity(d.severity))
        .with_code(&d.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes);
    let mut buf = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    match term::emit_to_write_style(&mut buf, &config, file, &diag) {
        Ok(()) => String::from_utf8_lossy(buf.as_slice()).into_owned(),
        Err(e) => format!(
            "{}: {}[{}]: {} (could not render: {e})\n",
            file.name(),
            d.severity,
            d.code,
            d.message
        ),
    }
}

/// Renders all reports for humans, with the closing summary line when `summary` is given.
pub fn human(reports: &[FileReport], color: bool, summary: Option<&Summary>) -> String {
    let mut out = String::new();
    for r in reports {
        let name = r.path.display().to_string();
        if let Some(e) = &r.error {
            out.push_str(&format!("error: {name}: {e}\n"));
            continue;
        }
        let file = SimpleFile::new(name, r.text.as_str());
        for d in &r.diagnostics {
            out.push_str(&human_diagnostic(d, &file, color));
        }
    }
    if let Some(s) = summary {
        out.push_str(&summary_line(s));
        out.push('\n');
    }
    out
}

/// ` (3 .nix files skipped, see --show-files)`, or nothing when none were.
fn skipped_part(s: &Summary) -> String {
    if s.skipped == 0 {
        return String::new();
    }
    format!(
        " ({} .nix file{} skipped, see `--show-files`)",
        s.skipped,
        plural(s.skipped)
    )
}

/// The human format's closing line (`checked 4 files: 13 errors, …`), without the newline.
pub fn summary_line(s: &Summary) -> String {
    let total = s.errors + s.warnings + s.infos;
    if total == 0 && s.unreadable == 0 {
        let sup = if s.suppressed > 0 {
            format!(" ({} suppressed)", s.suppressed)
        } else {
            String::new()
        };
        return format!(
            "checked {} file{}{}: no findings{sup}",
            s.files,
            plural(s.files),
            skipped_part(s)
        );
    }
    let mut line = format!(
        "checked {} file{}{}: {} error{}, {} warning{}, {} info{}",
        s.files,
        plural(s.files),
        skipped_part(s),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.infos,
        plural(s.infos)
    );
    if s.fixable > 0 {
        line.push_str(&format!(
            "; {} fixable with `--fix` (some need `--unsafe-fixes`)",
            s.fixable
        ));
    }
    if s.unreadable > 0 {
        line.push_str(&format!(
            "; {} file{} could not be checked",
            s.unreadable,
            plural(s.unreadable)
        ));
    }
    if s.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", s.suppressed));
    }
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Line and column (1-based) of a byte offset.
pub fn position(text: &str, index: &LineIndex, offset: u32) -> serde_json::Value {
    let (line, column) = index.line_col(text, offset);
    json!({ "line": line, "column": column })
}

/// One diagnostic as the JSON object of DESIGN §6.
pub fn json_diagnostic(
    d: &Diagnostic,
    file: &str,
    text: &str,
    index: &LineIndex,
) -> serde_json::Value {
    json!({
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "message": d.message,
        "file": file,
        "range": { "start": d.range.start, "end": d.range.end },
        "start": position(text, index, d.range.start),
        "end": position(text, index, d.range.end),
        "labels": d.labels.iter().map(|l| json!({ "range": { "start": l.range.start, "end": l.range.end }, "message": l.message })).collect::<Vec<_>>(),
        "notes": d.notes,
        "help": d.help,
        "fix": d.fix,
    })
}

/// All reports as one JSON document, with `summary` (see [`Summary`]).
pub fn json(reports: &[FileReport], summary: &Summary) -> String {
    let mut diags = Vec::new();
    let mut errors = Vec::new();
    for r in reports {
        let name = r.path.display().to_string();
        if let Some(e) = &r.error {
            errors.push(json!({ "file": name, "message": e }));
            continue;
        }
        let index = LineIndex::new(&r.text);
        for d in &r.diagnostics {
            diags.push(json_diagnostic(d, &name, &r.text, &index));
        }
    }
    let doc = json!({
        "version": 1,
        "diagnostics": diags,
        "errors": errors,
        "summary": summary,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The rule catalog as markdown (`disko-lint rules --format markdown`, `docs/rules.md`): a
/// table, then a section per rule from its explanation (headings moved one level down).
pub fn rules_markdown(rules: &[crate::engine::RuleMeta]) -> String {
    let mut s = String::from(
        "# disko-lint rules\n\n<!-- Generated by `disko-lint rules --format markdown`; do not edit. -->\n\n\
         | code | name | default severity | fix | summary |\n|---|---|---|---|---|\n",
    );
    for r in rules {
        let fix = if r.fix.is_empty() {
            "—"
        } else {
            r.fix.as_str()
        };
        s.push_str(&format!(
            "| [{c}](#{a}) | {n} | {sev} | {fix} | {sum} |\n",
            c = r.code,
            a = format!("{}-{}", r.code, r.name).to_lowercase(),
            n = r.name,
            sev = r.severity,
            sum = r.summary.replace('|', "\\|"),
        ));
    }
    for r in rules {
        s.push_str(&format!("\n## {} {}\n\n{}\n\n", r.code, r.name, r.summary));
        let fix = if r.fix.is_empty() {
            "none".to_string()
        } else {
            r.fix.clone()
        };
        s.push_str(&format!(
            "Default severity: **{}**. Fix: **{fix}**.\n\n",
            r.severity
        ));
        let mut fenced = false;
        for line in r.explanation.lines() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
            }
            if !fenced && line.starts_with('#') {
                s.push('#');
            }
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}
