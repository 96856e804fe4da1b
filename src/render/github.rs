//! `--format github`: GitHub Actions workflow commands
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=DL101::message`).
//!
//! One command per finding: `error`, `warning` or `notice` for error, warning and info.
//! The title is `CODE (name)`; the message is the finding's message, then its notes and help
//! on lines of their own. Escaping follows the runner (`actions/toolkit`, `command.ts`): in the
//! message `%`, `\r` and `\n` become `%25`, `%0D` and `%0A`; property values also escape
//! `:` and `,` as `%3A` and `%2C`. Paths are made relative to the working directory when they
//! are under it, since annotations name files relative to the repository. Lines and columns
//! are 1-based, columns in characters; the end is the position just after the finding.

use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::source::LineIndex;
use std::path::{Component, Path, PathBuf};

/// Renders `reports`.
pub fn render(reports: &[FileReport]) -> String {
    let cwd = std::env::current_dir().ok();
    let mut out = String::new();
    for r in reports {
        let file = display_path(&r.path, cwd.as_deref());
        if let Some(e) = &r.error {
            out.push_str(&format!(
                "::error file={},title={}::{}\n",
                escape_property(&file),
                escape_property("disko-lint: file not checked"),
                escape_data(e)
            ));
            continue;
        }
        if r.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&r.text);
        for d in &r.diagnostics {
            let (line, col) = index.line_col(&r.text, d.range.start);
            let (end_line, end_col) = index.line_col(&r.text, d.range.end);
            let mut message = d.message.clone();
            for n in &d.notes {
                message.push_str("\nnote: ");
                message.push_str(n);
            }
            if let Some(h) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            out.push_str(&format!(
                "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
                command(d.severity),
                escape_property(&file),
                escape_property(&format!("{} ({})", d.code, d.name)),
                escape_data(&message)
            ));
        }
    }
    out
}

/// The workflow command for a severity.
fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the message of a workflow command.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `path` relative to `cwd` when it lies under it, with `/` separators.
fn display_path(path: &Path, cwd: Option<&Path>) -> String {
    let rel = match cwd {
        Some(cwd) if path.is_absolute() => {
            let abs = normalize(path);
            match abs.strip_prefix(normalize(cwd)) {
                Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
                _ => abs,
            }
        }
        _ => path.to_path_buf(),
    };
    let s = rel.display().to_string();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s
    }
}

/// Removes `.` and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\nd"), "50%25 a%3Ab%2Cc%0Ad");
    }

    #[test]
    fn paths_under_cwd_become_relative() {
        let cwd = Path::new("/repo");
        assert_eq!(
            display_path(Path::new("/repo/hosts/./a/disko.nix"), Some(cwd)),
            "hosts/a/disko.nix"
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/disko.nix"), Some(cwd)),
            "/elsewhere/disko.nix"
        );
        assert_eq!(
            display_path(Path::new("examples/x.nix"), Some(cwd)),
            "examples/x.nix"
        );
    }
}
