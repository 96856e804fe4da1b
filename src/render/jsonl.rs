//! `--format json-lines`: one JSON object per finding per line (the `json` format's
//! diagnostic objects), for streaming consumers.
//!
//! Nothing else is printed: no summary, and files that could not be read are reported on
//! standard error by the CLI (and make the exit code 2).

use crate::check::FileReport;
use crate::render::json_diagnostic;
use crate::source::LineIndex;

/// Renders `reports`.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if r.error.is_some() || r.diagnostics.is_empty() {
            continue;
        }
        let name = r.path.display().to_string();
        let index = LineIndex::new(&r.text);
        for d in &r.diagnostics {
            let value = json_diagnostic(d, &name, &r.text, &index);
            // Serialising a `serde_json::Value` cannot fail; compact output has no newlines
            // (string contents are escaped), so each object stays on its own line.
            out.push_str(&serde_json::to_string(&value).unwrap_or_else(|_| "{}".into()));
            out.push('\n');
        }
    }
    out
}
