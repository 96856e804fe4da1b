//! `--format concise`: one line per finding, `path:line:col: CODE [severity] message`.
//!
//! Findings come in file order (each file's findings sorted by position); a file that could
//! not be read is one `path:1:1: error: <why>` line; then, when asked, the summary line of
//! the human format.

use crate::check::FileReport;
use crate::render::Summary;
use crate::source::LineIndex;

/// Renders `reports`, with a summary line when `summary`.
pub fn render(reports: &[FileReport], summary: bool) -> String {
    let mut out = String::new();
    for r in reports {
        let name = r.path.display().to_string();
        if let Some(e) = &r.error {
            out.push_str(&format!("{name}:1:1: error: {}\n", one_line(e)));
            continue;
        }
        if r.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&r.text);
        for d in &r.diagnostics {
            let (line, col) = index.line_col(&r.text, d.range.start);
            out.push_str(&format!(
                "{name}:{line}:{col}: {} [{}] {}\n",
                d.code,
                d.severity,
                one_line(&d.message)
            ));
        }
    }
    if summary {
        out.push_str(&summary_line(&Summary::of(reports)));
        out.push('\n');
    }
    out
}

/// Keeps one finding on one line: line breaks in a message become spaces.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        s.to_string()
    }
}

/// The human format's closing line (`checked 4 files: 13 errors, …`), without the newline.
fn summary_line(s: &Summary) -> String {
    let total = s.errors + s.warnings + s.infos;
    if total == 0 && s.unreadable == 0 {
        let sup = if s.suppressed > 0 {
            format!(" ({} suppressed)", s.suppressed)
        } else {
            String::new()
        };
        return format!(
            "checked {} file{}: no findings{sup}",
            s.files,
            plural(s.files)
        );
    }
    let mut line = format!(
        "checked {} file{}: {} error{}, {} warning{}, {} info{}",
        s.files,
        plural(s.files),
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
