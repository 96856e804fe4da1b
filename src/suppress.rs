//! Inline suppressions.
//!
//! - `# disko-lint: ignore[DL101] reason` at the end of a line suppresses those codes for
//!   findings that start on that line.
//! - The same comment alone on a line suppresses them for the binding (or item) that starts
//!   on the next code line, over its whole extent.
//! - `# disko-lint: ignore-file[DL402] reason` anywhere suppresses the codes in the file.
//!
//! Several codes are separated by commas. A code that suppresses nothing is reported as
//! DL004 `unused-suppression` (info), as is a code no rule has.

use crate::diagnostic::{Diagnostic, Range, Severity};
use rnix::{SyntaxKind, SyntaxNode};

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    /// The comment's byte range.
    pub comment: Range,
    /// Codes it names.
    pub codes: Vec<String>,
    /// Byte range of findings it covers (primary start inside); `None` = whole file.
    pub covers: Option<(u32, u32)>,
    /// Whether each code suppressed something.
    pub used: Vec<bool>,
}

const MARK: &str = "disko-lint:";

/// Finds the suppression comments of `text` (whose syntax tree is `root`).
pub fn directives(text: &str, root: &SyntaxNode) -> Vec<Directive> {
    if !text.contains(MARK) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for el in root.descendants_with_tokens() {
        let Some(tok) = el.as_token() else { continue };
        if tok.kind() != SyntaxKind::TOKEN_COMMENT {
            continue;
        }
        let body = tok.text().trim_start_matches('#').trim();
        let Some(rest) = body.strip_prefix(MARK) else {
            continue;
        };
        let rest = rest.trim_start();
        let (file_level, rest) = if let Some(r) = rest.strip_prefix("ignore-file[") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix("ignore[") {
            (false, r)
        } else {
            continue;
        };
        let Some(end) = rest.find(']') else { continue };
        let codes: Vec<String> = rest[..end]
            .split(',')
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        if codes.is_empty() {
            continue;
        }
        let r = tok.text_range();
        let (start, stop): (u32, u32) = (r.start().into(), r.end().into());
        let covers = if file_level {
            None
        } else {
            Some(coverage(text, root, start as usize))
        };
        out.push(Directive {
            comment: Range { start, end: stop },
            used: vec![false; codes.len()],
            codes,
            covers,
        });
    }
    out
}

/// What a comment at `at` covers: its own line when code precedes it, else the next
/// binding (or line) of code.
fn coverage(text: &str, root: &SyntaxNode, at: usize) -> (u32, u32) {
    let line_start = text[..at].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let line_end = text[at..].find('\n').map(|p| at + p).unwrap_or(text.len());
    if !text[line_start..at].trim().is_empty() {
        return (line_start as u32, line_end as u32);
    }
    // The next line that holds code (skip blank and comment-only lines).
    let mut pos = line_end + 1;
    while pos < text.len() {
        let e = text[pos..]
            .find('\n')
            .map(|p| pos + p)
            .unwrap_or(text.len());
        let l = text[pos..e].trim();
        if !l.is_empty() && !l.starts_with('#') {
            break;
        }
        pos = e + 1;
    }
    if pos >= text.len() {
        return (line_start as u32, line_end as u32);
    }
    let code_start = pos + (text[pos..].len() - text[pos..].trim_start().len());
    let next_end = text[pos..]
        .find('\n')
        .map(|p| pos + p)
        .unwrap_or(text.len());
    // The outermost binding (or list item) that starts exactly there.
    let mut best: Option<(u32, u32)> = None;
    for n in root.descendants() {
        let r = n.text_range();
        let (s, e): (usize, usize) = (r.start().into(), r.end().into());
        if s == code_start
            && matches!(
                n.kind(),
                SyntaxKind::NODE_ATTRPATH_VALUE
                    | SyntaxKind::NODE_INHERIT
                    | SyntaxKind::NODE_STRING
            )
        {
            best = Some((s as u32, e as u32));
            break;
        }
    }
    best.unwrap_or((pos as u32, next_end as u32))
}

/// Removes suppressed findings from `diags`; returns how many were suppressed and appends
/// DL004 findings for unused codes. `known` tells whether a code is a loaded rule and
/// `enabled` whether it runs (unused suppressions are reported only for enabled rules).
pub fn apply(
    diags: &mut Vec<Diagnostic>,
    dirs: &mut [Directive],
    known: impl Fn(&str) -> bool,
    enabled: impl Fn(&str) -> bool,
) -> usize {
    let before = diags.len();
    diags.retain(|d| {
        let mut hit = false;
        for dir in dirs.iter_mut() {
            let inside = match dir.covers {
                None => true,
                Some((s, e)) => d.range.start >= s && d.range.start <= e,
            };
            if !inside {
                continue;
            }
            for (i, c) in dir.codes.iter().enumerate() {
                if *c == d.code {
                    dir.used[i] = true;
                    hit = true;
                }
            }
        }
        !hit || d.code == "DL001" || d.code == "DL003"
    });
    let suppressed = before - diags.len();
    for dir in dirs.iter() {
        for (i, c) in dir.codes.iter().enumerate() {
            if dir.used[i] {
                continue;
            }
            let message = if !known(c) {
                format!("`{c}` in a suppression comment is not a rule code")
            } else if enabled(c) {
                format!("unused suppression: `{c}` reports nothing here")
            } else {
                continue;
            };
            diags.push(Diagnostic {
                code: "DL004".into(),
                name: "unused-suppression".into(),
                severity: Severity::Info,
                message,
                range: dir.comment,
                primary_label: Some("this suppression".into()),
                labels: Vec::new(),
                notes: Vec::new(),
                help: Some("remove the code from the comment (or the comment)".into()),
                fix: None,
            });
        }
    }
    suppressed
}
