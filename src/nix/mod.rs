//! Nix syntax: parsing with rnix (guarded), and the static evaluator.
//!
//! Parsing never fails: broken Nix gives a tree plus [`SyntaxError`]s. Input rnix cannot
//! take safely (deep bracket nesting) is refused up front with an error instead of risking
//! a stack overflow.

pub mod builtins;
pub mod escapes;
pub mod eval;
pub mod scope;
pub mod value;

use crate::source::{FileId, SourceFile, Span};
use rnix::SyntaxKind;
use rnix::ast::Root;

/// Deepest bracket nesting (`{ [ ( ${`) accepted before parsing.
pub const MAX_NESTING: usize = 512;
/// Longest run of operators (`+ - * / ++ // && || == ! …`) in one expression accepted
/// before parsing: rnix builds such chains as one deep tree (slow to parse for unary
/// chains, and dropping it recurses once per level).
pub const MAX_OPERATOR_RUN: usize = 2000;

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
    if let Some((off, message)) = too_deep(text) {
        let root = Root::parse("").tree();
        return ParsedFile {
            file: id,
            root,
            errors: vec![SyntaxError {
                message,
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
    ParsedFile {
        file: id,
        root: parse.tree(),
        errors,
    }
}

/// Where (and why) the text is too deep to parse safely: bracket nesting beyond
/// [`MAX_NESTING`] or an operator chain longer than [`MAX_OPERATOR_RUN`]. Linear in the
/// text (one tokenizer pass).
fn too_deep(text: &str) -> Option<(usize, String)> {
    use SyntaxKind::*;
    let mut depth = 0usize;
    let mut run = 0usize;
    // Operators with no operand between them (`- - - 1`, `!!!x`): prefix chains, which rnix
    // parses in quadratic time.
    let mut prefix = 0usize;
    let mut off = 0usize;
    for (kind, tok) in rnix::tokenize(text) {
        match kind {
            TOKEN_L_BRACE | TOKEN_L_BRACK | TOKEN_L_PAREN | TOKEN_INTERPOL_START => {
                depth += 1;
                run = 0;
                if depth > MAX_NESTING {
                    return Some((
                        off,
                        format!("nesting deeper than {MAX_NESTING} levels; not parsed"),
                    ));
                }
            }
            TOKEN_R_BRACE | TOKEN_R_BRACK | TOKEN_R_PAREN | TOKEN_INTERPOL_END => {
                depth = depth.saturating_sub(1);
                run = 0;
            }
            k if is_operator(k) => {
                run += 1;
                prefix += 1;
                if prefix > 64 {
                    return Some((
                        off,
                        "more than 64 prefix operators in a row; not parsed".into(),
                    ));
                }
                if run > MAX_OPERATOR_RUN {
                    return Some((
                        off,
                        format!("an operator chain longer than {MAX_OPERATOR_RUN}; not parsed"),
                    ));
                }
            }
            TOKEN_SEMICOLON | TOKEN_COMMA | TOKEN_IN | TOKEN_THEN | TOKEN_ELSE | TOKEN_COLON => {
                run = 0
            }
            _ => {}
        }
        if !matches!(kind, TOKEN_WHITESPACE | TOKEN_COMMENT) && !is_operator(kind) {
            prefix = 0;
        }
        off += tok.len();
    }
    None
}

fn is_operator(kind: SyntaxKind) -> bool {
    use SyntaxKind::*;
    matches!(
        kind,
        TOKEN_ADD
            | TOKEN_SUB
            | TOKEN_MUL
            | TOKEN_DIV
            | TOKEN_CONCAT
            | TOKEN_UPDATE
            | TOKEN_AND_AND
            | TOKEN_OR_OR
            | TOKEN_EQUAL
            | TOKEN_NOT_EQUAL
            | TOKEN_LESS
            | TOKEN_LESS_OR_EQ
            | TOKEN_MORE
            | TOKEN_MORE_OR_EQ
            | TOKEN_IMPLICATION
            | TOKEN_INVERT
            | TOKEN_PIPE_LEFT
            | TOKEN_PIPE_RIGHT
            | TOKEN_QUESTION
            | TOKEN_DOT
    )
}

fn describe(e: &rnix::ParseError, file: FileId, end: u32, text: &str) -> SyntaxError {
    use rnix::ParseError as P;
    let sp = |r: rnix::TextRange| Span::new(file, r.start().into(), r.end().into());
    let eof = Span::new(file, end, end);
    let found = |r: rnix::TextRange| {
        let s = text
            .get(usize::from(r.start())..usize::from(r.end()))
            .unwrap_or("");
        let s: String = s.chars().take(20).collect();
        format!("`{}`", s.trim())
    };
    match e {
        P::Unexpected(r) => SyntaxError {
            message: format!("unexpected {}", found(*r)),
            span: sp(*r),
        },
        P::UnexpectedExtra(r) => SyntaxError {
            message: format!("unexpected {} after the end of the expression", found(*r)),
            span: sp(*r),
        },
        P::UnexpectedWanted(_, r, kinds) => SyntaxError {
            message: format!("unexpected {}, expected {}", found(*r), wanted(kinds)),
            span: sp(*r),
        },
        P::UnexpectedDoubleBind(r) => SyntaxError {
            message: "pattern bound twice".into(),
            span: sp(*r),
        },
        P::UnexpectedEOF => SyntaxError {
            message: "unexpected end of file".into(),
            span: eof,
        },
        P::UnexpectedEOFWanted(kinds) => SyntaxError {
            message: format!("unexpected end of file, expected {}", wanted(kinds)),
            span: eof,
        },
        P::DuplicatedArgs(r, name) => SyntaxError {
            message: format!("duplicate argument `{name}`"),
            span: sp(*r),
        },
        P::RecursionLimitExceeded => SyntaxError {
            message: "expression nested too deeply to parse".into(),
            span: eof,
        },
        other => SyntaxError {
            message: other.to_string(),
            span: eof,
        },
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
