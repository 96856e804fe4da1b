//! Nix syntax: parsing with rnix (guarded), and the static evaluator.
//!
//! Parsing never fails: broken Nix gives a tree plus [`SyntaxError`]s. Input rnix cannot
//! take safely (deep bracket nesting) is refused up front with an error instead of risking
//! a stack overflow.

pub mod eval;
pub mod value;

use crate::source::{FileId, SourceFile, Span};
use rnix::SyntaxKind;
use rnix::ast::Root;

/// Deepest bracket nesting (`{ [ ( ${`) accepted before parsing.
pub const MAX_NESTING: usize = 512;

/// A syntax error with its location.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// Human-readable message (`unexpected `}`, expected `;``).
    pub message: String,
    /// Where it is; empty at end of file.
    pub span: Span,
}

/// The result of parsing one file.
pub struct ParsedFile {
    /// The file.
    pub file: FileId,
    /// The (possibly partial) syntax tree.
    pub root: Root,
    /// Syntax errors; empty for valid Nix.
    pub errors: Vec<SyntaxError>,
}

/// Parses `src`. Refuses deeply nested input (reported as one syntax error over the file
/// and an empty tree).
pub fn parse_file(src: &SourceFile, id: FileId) -> ParsedFile {
    let text = src.text.as_str();
    if let Some(off) = too_deep(text) {
        let root = Root::parse("").tree();
        return ParsedFile {
            file: id,
            root,
            errors: vec![SyntaxError {
                message: format!("nesting deeper than {MAX_NESTING} levels; not parsed"),
                span: Span::new(id, off as u32, off as u32),
            }],
        };
    }
    let parse = Root::parse(text);
    let end = text.len() as u32;
    let errors = parse
        .errors()
        .iter()
        .map(|e| describe(e, id, end, text))
        .collect();
    ParsedFile { file: id, root: parse.tree(), errors }
}

/// Offset where bracket nesting first exceeds [`MAX_NESTING`], scanning bytes (strings and
/// comments are not skipped, which only makes the check stricter).
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn describe(e: &rnix::ParseError, file: FileId, end: u32, text: &str) -> SyntaxError {
    use rnix::ParseError as P;
    let sp = |r: rnix::TextRange| Span::new(file, r.start().into(), r.end().into());
    let eof = Span::new(file, end, end);
    let found = |r: rnix::TextRange| {
        let s = text.get(usize::from(r.start())..usize::from(r.end())).unwrap_or("");
        let s: String = s.chars().take(20).collect();
        format!("`{}`", s.trim())
    };
    match e {
        P::Unexpected(r) => SyntaxError { message: format!("unexpected {}", found(*r)), span: sp(*r) },
        P::UnexpectedExtra(r) => SyntaxError {
            message: format!("unexpected {} after the end of the expression", found(*r)),
            span: sp(*r),
        },
        P::UnexpectedWanted(_, r, kinds) => SyntaxError {
            message: format!("unexpected {}, expected {}", found(*r), wanted(kinds)),
            span: sp(*r),
        },
        P::UnexpectedDoubleBind(r) => {
            SyntaxError { message: "pattern bound twice".into(), span: sp(*r) }
        }
        P::UnexpectedEOF => SyntaxError { message: "unexpected end of file".into(), span: eof },
        P::UnexpectedEOFWanted(kinds) => SyntaxError {
            message: format!("unexpected end of file, expected {}", wanted(kinds)),
            span: eof,
        },
        P::DuplicatedArgs(r, name) => {
            SyntaxError { message: format!("duplicate argument `{name}`"), span: sp(*r) }
        }
        P::RecursionLimitExceeded => {
            SyntaxError { message: "expression nested too deeply to parse".into(), span: eof }
        }
        other => SyntaxError { message: other.to_string(), span: eof },
    }
}

fn wanted(kinds: &[SyntaxKind]) -> String {
    let names: Vec<String> = kinds.iter().take(4).map(|k| token_name(*k)).collect();
    names.join(" or ")
}

fn token_name(k: SyntaxKind) -> String {
    use SyntaxKind::*;
    let s = match k {
        TOKEN_SEMICOLON => "`;`",
        TOKEN_ASSIGN => "`=`",
        TOKEN_R_BRACE => "`}`",
        TOKEN_R_BRACK => "`]`",
        TOKEN_R_PAREN => "`)`",
        TOKEN_L_BRACE => "`{`",
        TOKEN_COLON => "`:`",
        TOKEN_COMMA => "`,`",
        TOKEN_IN => "`in`",
        TOKEN_THEN => "`then`",
        TOKEN_ELSE => "`else`",
        TOKEN_IDENT => "an identifier",
        TOKEN_STRING_END => "the end of the string",
        TOKEN_INTERPOL_END => "`}` closing the interpolation",
        TOKEN_DOT => "`.`",
        _ => return format!("{k:?}").trim_start_matches("TOKEN_").to_lowercase(),
    };
    s.to_string()
}
