//! Name resolution over the syntax tree: which names a file uses that no scope binds.
//!
//! Nix resolves variables when it parses a file (`nix-instantiate --parse` already fails
//! with "undefined variable"), lexically: `let` and `rec { }` bindings (each sees all of
//! them; an `inherit x;` there reads `x` from the enclosing scope), lambda arguments and
//! formals (defaults see every formal and the `@` name), then the names of the base
//! environment ([`GLOBALS`], and every `__` name). A name under a `with` may come from the
//! `with` set, which is only known at evaluation time: such names are never reported.
//! Attribute names (`a.b`, `{ b = …; }`, `x ? b`, `inherit b`) are not variables; the
//! expressions in `${…}` parts of them are.
//!
//! The analysis never fails: it reads whatever tree rnix produced, and callers skip it
//! when the file has syntax errors (Nix reports those first).

use crate::source::{FileId, Span};
use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;
use serde::Serialize;
use std::collections::BTreeSet;

/// The names of Nix's base environment that are not spelled with a `__` prefix (every
/// `__` name is global too, e.g. `__toJSON`): Nix `src/libexpr/eval.cc`
/// `EvalState::addConstant`/`addPrimOp` install each constant and primop under the name it
/// is registered with (`__`-prefixed ones are visible unprefixed only inside `builtins`),
/// `src/libexpr/primops.cc` `createBaseEnv` registers `builtins`, `true`, `false`, `null`,
/// `derivation` and the primops below. Checked against Nix 2.8 (`nix-instantiate --parse -E
/// NAME` for every name in `builtins`, see `tests/scope.rs`); `break` (the debugger's
/// primop) is newer than 2.8.
pub const GLOBALS: &[&str] = &[
    "abort",
    "baseNameOf",
    "break",
    "builtins",
    "derivation",
    "derivationStrict",
    "dirOf",
    "false",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "null",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
    "true",
];

/// Most names kept as did-you-mean candidates per undefined name.
const MAX_CANDIDATES: usize = 400;

/// A use of a name that nothing binds.
#[derive(Debug, Clone, Serialize)]
pub struct Undefined {
    /// The name.
    pub name: String,
    /// Where it is used.
    pub span: Span,
    /// The names in scope there (lexical bindings, then the globals), for a did-you-mean.
    pub candidates: Vec<String>,
}

/// The formals of a function's attribute-set pattern.
#[derive(Debug, Clone, Serialize)]
pub struct Formals {
    /// The formals in written order.
    pub entries: Vec<Formal>,
    /// True when the pattern has `...`.
    pub ellipsis: bool,
    /// The `@` name, if any.
    pub at: Option<String>,
    /// The pattern `{ … }`.
    pub span: Span,
}

/// One formal argument.
#[derive(Debug, Clone, Serialize)]
pub struct Formal {
    /// Its name.
    pub name: String,
    /// True when it has a default (`disks ? [ … ]`).
    pub has_default: bool,
    /// The name.
    pub span: Span,
    /// The default expression.
    pub default_span: Option<Span>,
}

fn span_of(file: FileId, node: &SyntaxNode) -> Span {
    let r = node.text_range();
    Span::new(file, r.start().into(), r.end().into())
}

/// Is `name` visible everywhere (the base environment)?
pub fn is_global(name: &str) -> bool {
    name.starts_with("__") || GLOBALS.contains(&name)
}

#[derive(Default)]
struct Frame {
    names: BTreeSet<String>,
    with: bool,
}

struct Walker {
    file: FileId,
    frames: Vec<Frame>,
    out: Vec<Undefined>,
}

/// The uses of names that no scope binds, in text order.
pub fn undefined(root: &SyntaxNode, file: FileId) -> Vec<Undefined> {
    let mut w = Walker {
        file,
        frames: Vec::new(),
        out: Vec::new(),
    };
    w.walk(root);
    w.out.sort_by_key(|u| u.span.start);
    w.out
}

/// The formals of the file's top-level function (through parentheses), if it is a
/// function with an attribute-set pattern.
pub fn top_formals(root: &SyntaxNode, file: FileId) -> Option<Formals> {
    let mut node = root.clone();
    while matches!(node.kind(), SyntaxKind::NODE_ROOT | SyntaxKind::NODE_PAREN) {
        node = node.children().next()?;
    }
    let lambda = ast::Lambda::cast(node)?;
    let ast::Param::Pattern(p) = lambda.param()? else {
        return None;
    };
    let entries = p
        .pat_entries()
        .filter_map(|e| {
            let id = e.ident()?;
            Some(Formal {
                name: id.syntax().text().to_string(),
                has_default: e.default().is_some(),
                span: span_of(file, id.syntax()),
                default_span: e.default().map(|d| span_of(file, d.syntax())),
            })
        })
        .collect();
    Some(Formals {
        entries,
        ellipsis: p.ellipsis_token().is_some(),
        at: p
            .pat_bind()
            .and_then(|b| b.ident())
            .map(|i| i.syntax().text().to_string()),
        span: span_of(file, p.syntax()),
    })
}

/// The static name of an attribute (`a`, `"a"`, `${"a"}`), or `None` when it is computed.
fn static_name(attr: &ast::Attr) -> Option<String> {
    match attr {
        ast::Attr::Ident(i) => Some(i.syntax().text().to_string()),
        ast::Attr::Str(s) => static_str(s.syntax()),
        ast::Attr::Dynamic(d) => match d.expr()? {
            ast::Expr::Str(s) => static_str(s.syntax()),
            _ => None,
        },
    }
}

fn static_str(node: &SyntaxNode) -> Option<String> {
    if node
        .children()
        .any(|c| c.kind() == SyntaxKind::NODE_INTERPOL)
    {
        return None;
    }
    let mut out = String::new();
    for t in node.children_with_tokens() {
        if t.kind() == SyntaxKind::TOKEN_STRING_CONTENT {
            out.push_str(&t.to_string());
        }
    }
    Some(out)
}

impl Walker {
    fn bound(&self, name: &str) -> bool {
        self.frames.iter().any(|f| f.names.contains(name))
    }

    fn under_with(&self) -> bool {
        self.frames.iter().any(|f| f.with)
    }

    fn candidates(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for f in self.frames.iter().rev() {
            for n in &f.names {
                if out.len() < MAX_CANDIDATES && seen.insert(n.clone()) {
                    out.push(n.clone());
                }
            }
        }
        for g in GLOBALS {
            if seen.insert((*g).to_string()) {
                out.push((*g).to_string());
            }
        }
        out
    }

    fn use_name(&mut self, node: &SyntaxNode) {
        let name = node.text().to_string();
        if name.is_empty() || self.bound(&name) || is_global(&name) || self.under_with() {
            return;
        }
        let candidates = self.candidates();
        self.out.push(Undefined {
            name,
            span: span_of(self.file, node),
            candidates,
        });
    }

    fn with_frame(&mut self, frame: Frame, f: impl FnOnce(&mut Self)) {
        self.frames.push(frame);
        f(self);
        self.frames.pop();
    }

    /// Walks the `${…}` parts of an attribute path.
    fn attrpath(&mut self, path: &ast::Attrpath) {
        for a in path.attrs() {
            match a {
                ast::Attr::Ident(_) => {}
                ast::Attr::Dynamic(d) => {
                    if let Some(e) = d.expr() {
                        self.walk(e.syntax());
                    }
                }
                ast::Attr::Str(s) => self.walk(s.syntax()),
            }
        }
    }

    /// The names a `let`/`rec` binds, and the bindings.
    fn binding_names(node: &SyntaxNode) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for child in node.children() {
            if let Some(e) = ast::Entry::cast(child) {
                match e {
                    ast::Entry::AttrpathValue(apv) => {
                        if let Some(first) = apv.attrpath().and_then(|p| p.attrs().next())
                            && let Some(n) = static_name(&first)
                        {
                            names.insert(n);
                        }
                    }
                    ast::Entry::Inherit(i) => {
                        for a in i.attrs() {
                            if let Some(n) = static_name(&a) {
                                names.insert(n);
                            }
                        }
                    }
                }
            }
        }
        names
    }

    /// Walks the bindings of an attrset or `let`: `recursive` ones in a scope of their own
    /// names (`inherit x;` still reads the enclosing `x`).
    fn bindings(&mut self, node: &SyntaxNode, recursive: bool) {
        let entries: Vec<ast::Entry> = node.children().filter_map(ast::Entry::cast).collect();
        // `inherit x;` names: read in the enclosing scope.
        for e in &entries {
            if let ast::Entry::Inherit(i) = e
                && i.from().is_none()
            {
                for a in i.attrs() {
                    match &a {
                        ast::Attr::Ident(id) => self.use_name(id.syntax()),
                        other => {
                            // `inherit "x";` / `inherit ${…};`: the name is still a variable.
                            if static_name(other).is_none() {
                                self.walk(other.syntax());
                            }
                        }
                    }
                }
            }
        }
        let rest = |w: &mut Self| {
            for e in &entries {
                match e {
                    ast::Entry::Inherit(i) => {
                        if let Some(from) = i.from().and_then(|f| f.expr()) {
                            w.walk(from.syntax());
                        }
                    }
                    ast::Entry::AttrpathValue(apv) => {
                        if let Some(p) = apv.attrpath() {
                            w.attrpath(&p);
                        }
                        if let Some(v) = apv.value() {
                            w.walk(v.syntax());
                        }
                    }
                }
            }
        };
        if recursive {
            let frame = Frame {
                names: Self::binding_names(node),
                with: false,
            };
            self.with_frame(frame, rest);
        } else {
            rest(self);
        }
    }

    fn walk(&mut self, node: &SyntaxNode) {
        use SyntaxKind::*;
        match node.kind() {
            NODE_IDENT => self.use_name(node),
            NODE_ERROR => {}
            NODE_SELECT => {
                let Some(s) = ast::Select::cast(node.clone()) else {
                    return;
                };
                if let Some(e) = s.expr() {
                    self.walk(e.syntax());
                }
                if let Some(p) = s.attrpath() {
                    self.attrpath(&p);
                }
                if let Some(d) = s.default_expr() {
                    self.walk(d.syntax());
                }
            }
            NODE_HAS_ATTR => {
                let Some(h) = ast::HasAttr::cast(node.clone()) else {
                    return;
                };
                if let Some(e) = h.expr() {
                    self.walk(e.syntax());
                }
                if let Some(p) = h.attrpath() {
                    self.attrpath(&p);
                }
            }
            NODE_ATTR_SET => {
                let rec = ast::AttrSet::cast(node.clone()).is_some_and(|a| a.rec_token().is_some());
                self.bindings(node, rec);
            }
            NODE_LET_IN => {
                let Some(l) = ast::LetIn::cast(node.clone()) else {
                    return;
                };
                let names = Self::binding_names(node);
                self.bindings(node, true);
                if let Some(body) = l.body() {
                    self.with_frame(Frame { names, with: false }, |w| w.walk(body.syntax()));
                }
            }
            NODE_LEGACY_LET => {
                // `let { body = …; }`: a recursive set whose `body` is the value.
                self.bindings(node, true);
            }
            NODE_WITH => {
                let Some(w) = ast::With::cast(node.clone()) else {
                    return;
                };
                if let Some(ns) = w.namespace() {
                    self.walk(ns.syntax());
                }
                if let Some(body) = w.body() {
                    let frame = Frame {
                        names: BTreeSet::new(),
                        with: true,
                    };
                    self.with_frame(frame, |x| x.walk(body.syntax()));
                }
            }
            NODE_LAMBDA => {
                let Some(l) = ast::Lambda::cast(node.clone()) else {
                    return;
                };
                let mut names = BTreeSet::new();
                let mut defaults = Vec::new();
                match l.param() {
                    Some(ast::Param::IdentParam(p)) => {
                        if let Some(i) = p.ident() {
                            names.insert(i.syntax().text().to_string());
                        }
                    }
                    Some(ast::Param::Pattern(p)) => {
                        for e in p.pat_entries() {
                            if let Some(i) = e.ident() {
                                names.insert(i.syntax().text().to_string());
                            }
                            if let Some(d) = e.default() {
                                defaults.push(d);
                            }
                        }
                        if let Some(i) = p.pat_bind().and_then(|b| b.ident()) {
                            names.insert(i.syntax().text().to_string());
                        }
                    }
                    None => {}
                }
                let body = l.body();
                self.with_frame(Frame { names, with: false }, |w| {
                    for d in &defaults {
                        w.walk(d.syntax());
                    }
                    if let Some(b) = body {
                        w.walk(b.syntax());
                    }
                });
            }
            // Names in these are not variables; their expressions are walked by the parents.
            NODE_ATTRPATH | NODE_INHERIT | NODE_PATTERN | NODE_PAT_ENTRY | NODE_PAT_BIND
            | NODE_IDENT_PARAM => {}
            _ => {
                for c in node.children() {
                    self.walk(&c);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        let root = rnix::Root::parse(src).tree();
        undefined(root.syntax(), FileId(0))
            .into_iter()
            .map(|u| u.name)
            .collect()
    }

    #[test]
    fn finds_unbound_names_only() {
        assert_eq!(names("{ a = swap_size; }"), ["swap_size"]);
        assert!(names("{ lib, ... }: { a = lib.x; }").is_empty());
        assert!(names("let s = 1; in { a = s; }").is_empty());
        assert!(names("rec { a = 1; b = a; }").is_empty());
        assert_eq!(names("{ a = 1; b = a; }"), ["a"]);
        assert!(names("{ a ? b, b ? 1 }@args: args").is_empty());
        assert!(names("x: x").is_empty());
        assert!(names("builtins.map toString [ true null __toJSON ]").is_empty());
    }

    #[test]
    fn with_may_supply_any_name() {
        assert!(names("lib: with lib; { a = mkIf x y; }").is_empty());
        assert_eq!(names("with missing; 1"), ["missing"]);
    }

    #[test]
    fn inherit_reads_the_enclosing_scope() {
        assert_eq!(names("let inherit x; in x"), ["x"]);
        assert!(names("x: let inherit x; in x").is_empty());
        assert!(names("let s = { x = 1; }; inherit (s) x; in x").is_empty());
        assert_eq!(names("rec { inherit y; }"), ["y"]);
    }

    #[test]
    fn attribute_names_are_not_variables() {
        assert!(names("{ a.b.c = 1; }").is_empty());
        assert!(names("x: x.a.b or x ? c").is_empty());
        assert_eq!(names("x: x.${k}"), ["k"]);
        assert_eq!(names("{ \"${k}\" = 1; }"), ["k"]);
        assert_eq!(names("\"${v}/x\""), ["v"]);
    }

    #[test]
    fn formals_of_the_top_function() {
        let root = rnix::Root::parse("({ disks ? [ \"/dev/vda\" ], lib, ... }: { })").tree();
        let f = top_formals(root.syntax(), FileId(0)).unwrap();
        assert!(f.ellipsis);
        assert_eq!(f.entries.len(), 2);
        assert!(f.entries[0].has_default && !f.entries[1].has_default);
        let root = rnix::Root::parse("x: { }").tree();
        assert!(top_formals(root.syntax(), FileId(0)).is_none());
    }
}
