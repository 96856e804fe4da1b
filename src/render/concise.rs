//! `--format concise`: one line per finding, `path:line:col: CODE [severity] message`.
//!
//! Findings come in file order (each file's findings sorted by position); a file that could
//! not be read is one `path:1:1: error: <why>` line; then, when asked, the summary line of
//! the human format.

use crate::check::FileReport;
use crate::render::Summary;
use crate::source::LineIndex;

/// Renders `reports`, with the summary line when `summary` is given.
pub fn render(reports: &[FileReport], summary: Option<&Summary>) -> String {
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
    if let Some(s) = summary {
        out.push_str(&super::summary_line(s));
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
