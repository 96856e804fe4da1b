//! Nix string literal text: escapes (`"…"` and `''…''`) and the indentation stripping of
//! indented strings (Nix manual, "String literals").

use super::value::Value;

/// Interprets Nix string escapes (`"…"` when `multiline` is false, `''…''` otherwise).
pub fn unescape(input: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut it = input.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' if !multiline => match it.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(c) => out.push(c),
                None => out.push('\\'),
            },
            '\'' if multiline && it.peek() == Some(&'\'') => {
                it.next();
                match it.peek() {
                    Some('\'') => {
                        it.next();
                        out.push_str("''");
                    }
                    Some('$') => {
                        it.next();
                        out.push('$');
                    }
                    Some('\\') => {
                        it.next();
                        match it.next() {
                            Some('n') => out.push('\n'),
                            Some('r') => out.push('\r'),
                            Some('t') => out.push('\t'),
                            Some(c) => out.push(c),
                            None => {}
                        }
                    }
                    _ => out.push_str("''"),
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Strips the common indentation of an indented string's literal parts (Nix semantics,
/// simplified: interpolations count as non-space characters) and unescapes them.
pub(crate) fn dedent_parts(parts: &[Result<String, Value>]) -> Vec<String> {
    // Compute the minimum indentation over lines that contain non-space characters.
    let mut min_indent = usize::MAX;
    let mut at_line_start = true;
    let mut cur = 0usize;
    for (i, p) in parts.iter().enumerate() {
        match p {
            Ok(s) => {
                let s = if i == 0 {
                    skip_first_blank_line(s)
                } else {
                    s.as_str()
                };
                for ch in s.chars() {
                    if at_line_start {
                        match ch {
                            ' ' => cur += 1,
                            '\n' => cur = 0,
                            _ => {
                                at_line_start = false;
                                min_indent = min_indent.min(cur);
                            }
                        }
                    } else if ch == '\n' {
                        at_line_start = true;
                        cur = 0;
                    }
                }
            }
            Err(_) => {
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(cur);
                }
            }
        }
    }
    if min_indent == usize::MAX {
        min_indent = 0;
    }
    let mut out = Vec::new();
    let mut at_line_start = true;
    for (i, p) in parts.iter().enumerate() {
        let Ok(s) = p else {
            at_line_start = false;
            continue;
        };
        let s = if i == 0 {
            skip_first_blank_line(s)
        } else {
            s.as_str()
        };
        let mut o = String::new();
        let mut skipped = 0usize;
        for ch in s.chars() {
            if at_line_start && ch == ' ' && skipped < min_indent {
                skipped += 1;
                continue;
            }
            if ch == '\n' {
                at_line_start = true;
                skipped = 0;
            } else {
                at_line_start = false;
            }
            o.push(ch);
        }
        out.push(unescape(&o, true));
    }
    out
}

fn skip_first_blank_line(s: &str) -> &str {
    match s.find('\n') {
        Some(p) if s[..p].chars().all(|c| c == ' ') => &s[p + 1..],
        _ => s,
    }
}
