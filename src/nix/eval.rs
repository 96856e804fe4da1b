//! A small, lazy, *partial* Nix evaluator over rnix syntax trees.
//!
//! It resolves what is static in disko files — `let` bindings, `inherit`, `rec`, dotted and
//! repeated attribute paths, `++`, `//`, string interpolation of known values, lambdas the
//! file defines and applies, `import ./relative.nix`, and the library functions of
//! [`super::builtins`] — and turns everything else into [`Kind::Unknown`] with a reason.
//! `if` with a condition it cannot decide evaluates both branches and [`join`]s them. It
//! never fails and never panics: recursion depth, evaluation steps and import depth are all
//! capped, and each cap yields an unknown value.

use super::builtins::{self, Builtin};
use super::escapes::{dedent_parts, unescape};
use super::value::{Attrs, Branches, Entry, Kind, Value};
use super::{ParsedFile, parse_file};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Maximum nesting of evaluation (forcing inside forcing).
const MAX_DEPTH: u32 = 300;
/// Maximum evaluation steps per file (guards against `genList 1e9`-style blow-ups).
const MAX_STEPS: u32 = 2_000_000;
/// Maximum depth of `import` chains.
const MAX_IMPORT_DEPTH: u32 = 6;
/// Largest file `import` will read (bytes).
const MAX_IMPORT_SIZE: u64 = 2 * 1024 * 1024;

/// A lazily evaluated expression, shared between all its uses.
#[derive(Clone, Debug)]
pub struct Thunk(Rc<RefCell<ThunkState>>);

/// A computation the evaluator runs when the thunk is forced (library functions build
/// their results lazily with it).
type Deferred = Box<dyn FnOnce(&mut Evaluator<'_>) -> Value>;

enum ThunkState {
    Pending {
        node: SyntaxNode,
        env: Env,
        file: FileId,
    },
    Lazy(Deferred),
    Forcing,
    Done(Value),
}

impl std::fmt::Debug for ThunkState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThunkState::Pending { node, .. } => write!(f, "Pending({:?})", node.text_range()),
            ThunkState::Lazy(_) => write!(f, "Lazy"),
            ThunkState::Forcing => write!(f, "Forcing"),
            ThunkState::Done(v) => write!(f, "Done({v:?})"),
        }
    }
}

impl Thunk {
    /// A thunk that is already evaluated.
    pub fn done(v: Value) -> Self {
        Thunk(Rc::new(RefCell::new(ThunkState::Done(v))))
    }
    /// A thunk that runs `f` when forced (at most once).
    pub fn lazy(f: impl FnOnce(&mut Evaluator<'_>) -> Value + 'static) -> Self {
        Thunk(Rc::new(RefCell::new(ThunkState::Lazy(Box::new(f)))))
    }
    fn pending(node: SyntaxNode, env: Env, file: FileId) -> Self {
        Thunk(Rc::new(RefCell::new(ThunkState::Pending {
            node,
            env,
            file,
        })))
    }
}

/// A lambda with the environment it closes over.
#[derive(Debug)]
pub struct Closure {
    param: ast::Param,
    body: SyntaxNode,
    env: Env,
    file: FileId,
}

type Env = Rc<Scope>;

#[derive(Debug, Default)]
struct Scope {
    vars: HashMap<Rc<str>, Thunk>,
    /// `with e;` namespaces: looked up only after every lexical binding failed.
    with: Option<Thunk>,
    parent: Option<Env>,
}

impl Scope {
    fn child(parent: &Env) -> Scope {
        Scope {
            vars: HashMap::new(),
            with: None,
            parent: Some(parent.clone()),
        }
    }
}

/// The evaluator for one checked file and the files it imports.
pub struct Evaluator<'a> {
    /// Source texts of every file read so far.
    pub sources: &'a mut SourceMap,
    /// Parse errors per file reached through `import` (the checked file's own are reported
    /// by the caller).
    pub import_errors: Vec<(FileId, String)>,
    imports: HashMap<PathBuf, Value>,
    depth: Cell<u32>,
    steps: Cell<u32>,
    import_depth: u32,
    /// Files reached through `import`, in order.
    pub imported: Vec<PathBuf>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator that adds imported files to `sources`.
    pub fn new(sources: &'a mut SourceMap) -> Self {
        Evaluator {
            sources,
            import_errors: Vec::new(),
            imports: HashMap::new(),
            depth: Cell::new(0),
            steps: Cell::new(0),
            import_depth: 0,
            imported: Vec::new(),
        }
    }

    /// Evaluates the root expression of a parsed file.
    pub fn eval_file(&mut self, parsed: &ParsedFile) -> Value {
        let env: Env = Rc::new(Scope::default());
        match parsed.root.expr() {
            Some(expr) => self.eval(expr.syntax(), &env, parsed.file),
            None => Value::unknown("empty file", Span::new(parsed.file, 0, 0)),
        }
    }

    /// Forces a thunk to a value (weak head normal form).
    pub fn force(&mut self, t: &Thunk) -> Value {
        let state = std::mem::replace(&mut *t.0.borrow_mut(), ThunkState::Forcing);
        match state {
            ThunkState::Done(v) => {
                *t.0.borrow_mut() = ThunkState::Done(v.clone());
                v
            }
            ThunkState::Forcing => {
                // Infinite recursion in the source, or a self-reference we cannot resolve.
                Value::unknown("infinite recursion", Span::new(FileId(0), 0, 0))
            }
            ThunkState::Pending { node, env, file } => {
                let v = self.eval(&node, &env, file);
                *t.0.borrow_mut() = ThunkState::Done(v.clone());
                v
            }
            ThunkState::Lazy(f) => {
                let d = self.depth.get();
                let v = if d >= MAX_DEPTH {
                    Value::unknown(
                        "expression nested too deeply to evaluate",
                        Span::new(FileId(0), 0, 0),
                    )
                } else {
                    self.depth.set(d + 1);
                    let v = f(self);
                    self.depth.set(d);
                    v
                };
                *t.0.borrow_mut() = ThunkState::Done(v.clone());
                v
            }
        }
    }

    /// Describes an undecidable condition for messages: its text where it is written and
    /// the place, e.g. `` `cfg.luks` (disko.nix:12) ``.
    pub fn condition_of(&self, cond: &Value) -> Rc<str> {
        self.describe(cond.span).into()
    }

    /// `` `text` (file:line) `` for a span.
    fn describe(&self, span: Span) -> String {
        if span.file.0 as usize >= self.sources.len() {
            return "an unknown condition".into();
        }
        let src = self.sources.get(span.file);
        let text = short(src.slice(span));
        let (line, _) = src.lines.line_col(&src.text, span.start);
        let name = src
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if text.is_empty() {
            format!("an unknown condition ({name}:{line})")
        } else {
            format!("`{text}` ({name}:{line})")
        }
    }

    fn span(file: FileId, node: &SyntaxNode) -> Span {
        let r = node.text_range();
        Span::new(file, r.start().into(), r.end().into())
    }

    /// Evaluates `node` in `env`.
    fn eval(&mut self, node: &SyntaxNode, env: &Env, file: FileId) -> Value {
        let span = Self::span(file, node);
        let d = self.depth.get();
        if d >= MAX_DEPTH {
            return Value::unknown("expression nested too deeply to evaluate", span);
        }
        let s = self.steps.get();
        if s >= MAX_STEPS {
            return Value::unknown("evaluation step budget exhausted", span);
        }
        self.steps.set(s + 1);
        self.depth.set(d + 1);
        let v = self.eval_inner(node, env, file, span);
        self.depth.set(d);
        v
    }

    fn eval_inner(&mut self, node: &SyntaxNode, env: &Env, file: FileId, span: Span) -> Value {
        use SyntaxKind::*;
        match node.kind() {
            NODE_PAREN | NODE_ROOT => match first_child(node) {
                Some(c) => self.eval(&c, env, file),
                None => Value::unknown("syntax error", span),
            },
            NODE_LITERAL => literal(node, span),
            NODE_STRING => self.string(node, env, file, span),
            NODE_PATH_ABS | NODE_PATH_REL | NODE_PATH_HOME | NODE_PATH_SEARCH => {
                self.path(node, file, span)
            }
            NODE_IDENT => {
                let name = node.text().to_string();
                self.lookup(&name, env, span)
            }
            NODE_LIST => {
                let items: Vec<Thunk> = node
                    .children()
                    .map(|c| Thunk::pending(c, env.clone(), file))
                    .collect();
                Value::new(
                    Kind::List {
                        items: Rc::new(items),
                        literal: true,
                    },
                    span,
                )
            }
            NODE_ATTR_SET => self.attrset(node, env, file, span),
            NODE_LET_IN => {
                let scope = self.rec_scope(node, env, file);
                match ast::LetIn::cast(node.clone()).and_then(|l| l.body()) {
                    Some(body) => self.eval(body.syntax(), &scope, file),
                    None => Value::unknown("syntax error in let", span),
                }
            }
            NODE_WITH => {
                let Some(w) = ast::With::cast(node.clone()) else {
                    return Value::unknown("syntax error", span);
                };
                let (Some(ns), Some(body)) = (w.namespace(), w.body()) else {
                    return Value::unknown("syntax error in with", span);
                };
                let mut scope = Scope::child(env);
                scope.with = Some(Thunk::pending(ns.syntax().clone(), env.clone(), file));
                self.eval(body.syntax(), &Rc::new(scope), file)
            }
            NODE_ASSERT => match ast::Assert::cast(node.clone()).and_then(|a| a.body()) {
                Some(body) => self.eval(body.syntax(), env, file),
                None => Value::unknown("syntax error", span),
            },
            NODE_LAMBDA => {
                let Some(l) = ast::Lambda::cast(node.clone()) else {
                    return Value::unknown("syntax error", span);
                };
                match (l.param(), l.body()) {
                    (Some(param), Some(body)) => Value::new(
                        Kind::Lambda(Rc::new(Closure {
                            param,
                            body: body.syntax().clone(),
                            env: env.clone(),
                            file,
                        })),
                        span,
                    ),
                    _ => Value::unknown("syntax error in lambda", span),
                }
            }
            NODE_APPLY => {
                let Some(a) = ast::Apply::cast(node.clone()) else {
                    return Value::unknown("syntax error", span);
                };
                let (Some(f), Some(arg)) = (a.lambda(), a.argument()) else {
                    return Value::unknown("syntax error in application", span);
                };
                let fv = self.eval(f.syntax(), env, file);
                let arg = Thunk::pending(arg.syntax().clone(), env.clone(), file);
                self.apply(fv, arg, span)
            }
            NODE_SELECT => self.select(node, env, file, span),
            NODE_HAS_ATTR => {
                let Some(h) = ast::HasAttr::cast(node.clone()) else {
                    return Value::unknown("syntax error", span);
                };
                let (Some(e), Some(path)) = (h.expr(), h.attrpath()) else {
                    return Value::unknown("syntax error", span);
                };
                let mut cur = self.eval(e.syntax(), env, file);
                for attr in path.attrs() {
                    let Some(name) = self.attr_name(&attr, env, file) else {
                        return Value::unknown("dynamic attribute name", span);
                    };
                    match &cur.kind {
                        Kind::Attrs(a) => match a.entries.get(name.as_str()) {
                            Some(e) => cur = self.force(&e.value.clone()),
                            None => return Value::new(Kind::Bool(false), span),
                        },
                        Kind::Unknown(r) => return Value::unknown(r.clone(), span),
                        _ => return Value::new(Kind::Bool(false), span),
                    }
                }
                Value::new(Kind::Bool(true), span)
            }
            NODE_IF_ELSE => {
                let Some(i) = ast::IfElse::cast(node.clone()) else {
                    return Value::unknown("syntax error", span);
                };
                let (Some(c), Some(t), Some(e)) = (i.condition(), i.body(), i.else_body()) else {
                    return Value::unknown("syntax error in if", span);
                };
                match self.eval(c.syntax(), env, file).kind {
                    Kind::Bool(true) => self.eval(t.syntax(), env, file),
                    Kind::Bool(false) => self.eval(e.syntax(), env, file),
                    Kind::Unknown(_) => {
                        // Both branches: what they agree on is known, the rest is marked.
                        let cond: Rc<str> = self.describe(Self::span(file, c.syntax())).into();
                        let a = self.eval(t.syntax(), env, file);
                        let b = self.eval(e.syntax(), env, file);
                        join(&cond, a, b, span)
                    }
                    _ => Value::unknown("the condition of `if` is not a bool", span),
                }
            }
            NODE_BIN_OP => self.binop(node, env, file, span),
            NODE_UNARY_OP => {
                let Some(u) = ast::UnaryOp::cast(node.clone()) else {
                    return Value::unknown("syntax error", span);
                };
                let Some(e) = u.expr() else {
                    return Value::unknown("syntax error", span);
                };
                let v = self.eval(e.syntax(), env, file);
                match (u.operator(), v.kind) {
                    (Some(ast::UnaryOpKind::Invert), Kind::Bool(b)) => {
                        Value::new(Kind::Bool(!b), span)
                    }
                    (Some(ast::UnaryOpKind::Negate), Kind::Int(i)) => {
                        Value::new(Kind::Int(i.wrapping_neg()), span)
                    }
                    (_, Kind::Unknown(r)) => Value::unknown(r, span),
                    _ => Value::unknown("unsupported unary operation", span),
                }
            }
            NODE_ERROR => Value::unknown("syntax error", span),
            NODE_LEGACY_LET => Value::unknown("legacy `let { }` is not supported", span),
            NODE_CUR_POS => Value::unknown("__curPos", span),
            _ => Value::unknown("unsupported expression", span),
        }
    }

    fn lookup(&mut self, name: &str, env: &Env, span: Span) -> Value {
        // Lexical bindings first.
        let mut cur = Some(env.clone());
        while let Some(scope) = cur {
            if let Some(t) = scope.vars.get(name) {
                let t = t.clone();
                return self.force(&t);
            }
            cur = scope.parent.clone();
        }
        // Then `with` namespaces, innermost first.
        let mut cur = Some(env.clone());
        while let Some(scope) = cur {
            if let Some(w) = &scope.with {
                let w = w.clone();
                let ns = self.force(&w);
                match &ns.kind {
                    Kind::Attrs(a) => {
                        if let Some(e) = a.entries.get(name) {
                            let t = e.value.clone();
                            return self.force(&t);
                        }
                    }
                    Kind::Namespace(_) | Kind::Unknown(_) => {
                        if let Some(b) = builtins::lookup(name) {
                            return function(b, span);
                        }
                        if let Kind::Unknown(_) = ns.kind {
                            return Value::unknown(
                                format!("`{name}` comes from a `with` scope"),
                                span,
                            );
                        }
                    }
                    _ => {}
                }
            }
            cur = scope.parent.clone();
        }
        match name {
            "true" => Value::new(Kind::Bool(true), span),
            "false" => Value::new(Kind::Bool(false), span),
            "null" => Value::new(Kind::Null, span),
            "builtins" => Value::new(Kind::Namespace("builtins"), span),
            "import" | "toString" | "map" | "throw" | "abort" | "removeAttrs" => {
                match builtins::lookup(name) {
                    Some(b) => function(b, span),
                    None => Value::unknown(format!("`{name}`"), span),
                }
            }
            _ => Value::unknown(format!("`{name}` is not defined in this file"), span),
        }
    }

    /// Builds the scope of a `let … in` or `rec { … }`: every binding sees every other.
    fn rec_scope(&mut self, node: &SyntaxNode, env: &Env, file: FileId) -> Env {
        let (attrs, placeholder) = self.collect_bindings(node, env, file, true);
        let scope = Rc::new(Scope {
            vars: attrs
                .entries
                .iter()
                .map(|(k, e)| (k.clone(), e.value.clone()))
                .collect(),
            with: None,
            parent: Some(env.clone()),
        });
        patch_envs(&attrs, &placeholder, &scope);
        scope
    }

    fn attrset(&mut self, node: &SyntaxNode, env: &Env, file: FileId, span: Span) -> Value {
        let is_rec = node
            .children_with_tokens()
            .any(|c| c.kind() == SyntaxKind::TOKEN_REC);
        let attrs = if is_rec {
            let (attrs, placeholder) = self.collect_bindings(node, env, file, true);
            let scope = Rc::new(Scope {
                vars: attrs
                    .entries
                    .iter()
                    .map(|(k, e)| (k.clone(), e.value.clone()))
                    .collect(),
                with: None,
                parent: Some(env.clone()),
            });
            patch_envs(&attrs, &placeholder, &scope);
            attrs
        } else {
            self.collect_bindings(node, env, file, false).0
        };
        let mut attrs = attrs;
        attrs.literal = Some(span);
        Value::new(Kind::Attrs(Rc::new(attrs)), span)
    }

    /// Collects the bindings of an attrset or let node, merging dotted paths.
    /// With `recursive`, value thunks are created with a placeholder env (returned) that
    /// [`patch_envs`] later replaces by the recursive scope.
    fn collect_bindings(
        &mut self,
        node: &SyntaxNode,
        env: &Env,
        file: FileId,
        recursive: bool,
    ) -> (Attrs, Env) {
        let value_env: Env = if recursive {
            Rc::new(Scope::child(env))
        } else {
            env.clone()
        };
        let mut tree = PendingSet::default();
        for child in node.children() {
            match child.kind() {
                SyntaxKind::NODE_ATTRPATH_VALUE => {
                    let Some(apv) = ast::AttrpathValue::cast(child.clone()) else {
                        continue;
                    };
                    let (Some(path), Some(value)) = (apv.attrpath(), apv.value()) else {
                        continue;
                    };
                    let def_span = Self::span(file, &child);
                    let mut names = Vec::new();
                    let mut ok = true;
                    for attr in path.attrs() {
                        let aspan = Self::span(file, attr.syntax());
                        // Names are resolved in the *outer* env (Nix semantics for dynamic keys
                        // in rec sets are subtle; the outer env is right for let and plain sets).
                        match self.attr_name_or_reason(&attr, env, file) {
                            Ok(n) => names.push((Rc::<str>::from(n.as_str()), aspan)),
                            Err(reason) => {
                                ok = false;
                                tree.dynamic_unknown.push((aspan, reason.into()));
                                break;
                            }
                        }
                    }
                    if ok && !names.is_empty() {
                        tree.insert(&names, value.syntax().clone(), def_span, file);
                    }
                }
                SyntaxKind::NODE_INHERIT => {
                    let Some(inh) = ast::Inherit::cast(child.clone()) else {
                        continue;
                    };
                    let def_span = Self::span(file, &child);
                    let from = inh.from().and_then(|f| f.expr());
                    for attr in inh.attrs() {
                        let aspan = Self::span(file, attr.syntax());
                        let Some(name) = self.attr_name(&attr, env, file) else {
                            continue;
                        };
                        let name: Rc<str> = name.as_str().into();
                        let thunk = match &from {
                            Some(src) => {
                                let v = self.eval(src.syntax(), env, file);
                                Thunk::done(self.select_name(v, &name, aspan))
                            }
                            None => {
                                let v = self.lookup(&name, env, aspan);
                                Thunk::done(v)
                            }
                        };
                        tree.entries.insert(
                            name,
                            PendingNode::Done(Entry {
                                value: thunk,
                                key_span: aspan,
                                def_span,
                            }),
                        );
                    }
                }
                _ => {}
            }
        }
        (tree.finish(&value_env), value_env)
    }

    fn attr_name_or_reason(
        &mut self,
        attr: &ast::Attr,
        env: &Env,
        file: FileId,
    ) -> Result<String, String> {
        let v = match attr {
            ast::Attr::Ident(i) => return Ok(i.syntax().text().to_string()),
            ast::Attr::Str(s) => {
                let span = Self::span(file, s.syntax());
                self.string(s.syntax(), env, file, span)
            }
            ast::Attr::Dynamic(d) => match d.expr() {
                Some(e) => self.eval(e.syntax(), env, file),
                None => return Err("syntax error in attribute name".into()),
            },
        };
        match &v.kind {
            Kind::Str(s) => Ok(s.to_string()),
            Kind::Unknown(r) => Err(format!("attribute name {r}")),
            _ => Err(format!("attribute name is a {}", v.type_name())),
        }
    }

    fn attr_name(&mut self, attr: &ast::Attr, env: &Env, file: FileId) -> Option<String> {
        self.attr_name_or_reason(attr, env, file).ok()
    }

    fn string(&mut self, node: &SyntaxNode, env: &Env, file: FileId, span: Span) -> Value {
        let multiline = node
            .first_token()
            .map(|t| t.text() == "''")
            .unwrap_or(false);
        // Parts: literal text (raw) or interpolated values.
        let mut parts: Vec<Result<String, Value>> = Vec::new();
        for child in node.children_with_tokens() {
            match child {
                rnix::NodeOrToken::Token(t) => match t.kind() {
                    SyntaxKind::TOKEN_STRING_CONTENT => parts.push(Ok(t.text().to_string())),
                    SyntaxKind::TOKEN_STRING_START | SyntaxKind::TOKEN_STRING_END => {}
                    _ => return Value::unknown("syntax error in string", span),
                },
                rnix::NodeOrToken::Node(n) => {
                    if n.kind() != SyntaxKind::NODE_INTERPOL {
                        // rnix's error recovery can leave error nodes inside strings.
                        return Value::unknown("syntax error in string", span);
                    }
                    let Some(inner) = first_child(&n) else {
                        return Value::unknown("empty interpolation", span);
                    };
                    parts.push(Err(self.eval(&inner, env, file)));
                }
            }
        }
        let mut out = String::new();
        let mut unknown: Option<String> = None;
        let literal_parts: Vec<String> = if multiline {
            dedent_parts(&parts)
        } else {
            parts
                .iter()
                .filter_map(|p| p.as_ref().ok().map(|s| unescape(s, false)))
                .collect()
        };
        let mut lit = literal_parts.into_iter();
        let mut cond: Option<Rc<str>> = None;
        for p in &parts {
            match p {
                Ok(_) => out.push_str(&lit.next().unwrap_or_default()),
                Err(v) => {
                    if cond.is_none() {
                        cond = v.condition.clone();
                    }
                    match &v.kind {
                        Kind::Str(s) => out.push_str(s),
                        Kind::Path(p) => out.push_str(&p.to_string_lossy()),
                        Kind::Int(i) => out.push_str(&i.to_string()),
                        Kind::Unknown(r) => {
                            unknown.get_or_insert_with(|| {
                                format!("interpolates an unknown value ({r})")
                            });
                        }
                        _ => {
                            unknown
                                .get_or_insert_with(|| format!("interpolates a {}", v.type_name()));
                        }
                    }
                }
            }
        }
        match unknown {
            Some(r) => Value::unknown(r, span),
            None => Value::new(Kind::Str(out.into()), span).under(cond.as_ref()),
        }
    }

    fn path(&mut self, node: &SyntaxNode, file: FileId, span: Span) -> Value {
        if node.children().next().is_some() {
            return Value::unknown("interpolated path", span);
        }
        let text = node.text().to_string();
        match node.kind() {
            SyntaxKind::NODE_PATH_ABS => Value::new(Kind::Path(Path::new(&text).into()), span),
            SyntaxKind::NODE_PATH_REL => {
                let base = self
                    .sources
                    .get(file)
                    .path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                Value::new(Kind::Path(normalize(&base.join(&text)).into()), span)
            }
            _ => Value::unknown(format!("search or home path `{text}`"), span),
        }
    }

    fn select(&mut self, node: &SyntaxNode, env: &Env, file: FileId, span: Span) -> Value {
        let Some(sel) = ast::Select::cast(node.clone()) else {
            return Value::unknown("syntax error", span);
        };
        let (Some(e), Some(path)) = (sel.expr(), sel.attrpath()) else {
            return Value::unknown("syntax error in selection", span);
        };
        let mut cur = self.eval(e.syntax(), env, file);
        for attr in path.attrs() {
            let aspan = Self::span(file, attr.syntax());
            let Some(name) = self.attr_name(&attr, env, file) else {
                return Value::unknown("dynamic attribute name", span);
            };
            let next = match &cur.kind {
                Kind::Attrs(a) => match a.entries.get(name.as_str()) {
                    Some(en) => {
                        let t = en.value.clone();
                        Some(self.force(&t))
                    }
                    None => None,
                },
                _ => Some(self.select_name(cur.clone(), &name, aspan)),
            };
            match next {
                Some(v) => cur = v,
                None => {
                    return match sel.default_expr() {
                        Some(d) => self.eval(d.syntax(), env, file),
                        None => Value::unknown(format!("attribute `{name}` missing"), span),
                    };
                }
            }
        }
        if let Kind::Unknown(_) = cur.kind {
            return Value::unknown(
                format!("depends on `{}`", short(&node.text().to_string())),
                span,
            );
        }
        cur
    }

    /// Selects `name` from a value that is not a known attrset (namespaces, unknowns).
    fn select_name(&mut self, v: Value, name: &str, span: Span) -> Value {
        match &v.kind {
            Kind::Attrs(a) => match a.entries.get(name) {
                Some(e) => {
                    let t = e.value.clone();
                    self.force(&t)
                }
                None => Value::unknown(format!("attribute `{name}` missing"), span),
            },
            Kind::Namespace(ns)
                if matches!(
                    name,
                    "lists" | "attrsets" | "strings" | "trivial" | "modules" | "lib"
                ) =>
            {
                Value::new(Kind::Namespace(ns), span)
            }
            Kind::Namespace(_) => match builtins::lookup(name) {
                Some(b) => function(b, span),
                None => Value::unknown(format!("library function `{name}`"), span),
            },
            // `lib` passed as an unknown argument: still recognise the functions we know.
            Kind::Unknown(r) => match builtins::lookup(name) {
                Some(b) if name.starts_with("mk") || name.starts_with("optional") => {
                    function(b, span)
                }
                Some(b) if !r.contains("config") => function(b, span),
                _ => Value::unknown(r.clone(), span),
            },
            _ => Value::unknown(
                format!("cannot select `{name}` from a {}", v.type_name()),
                span,
            ),
        }
    }

    fn binop(&mut self, node: &SyntaxNode, env: &Env, file: FileId, span: Span) -> Value {
        use ast::BinOpKind as B;
        let Some(b) = ast::BinOp::cast(node.clone()) else {
            return Value::unknown("syntax error", span);
        };
        let (Some(l), Some(r), Some(op)) = (b.lhs(), b.rhs(), b.operator()) else {
            return Value::unknown("syntax error in operation", span);
        };
        // Short-circuit boolean operators.
        if matches!(op, B::And | B::Or | B::Implication) {
            let lv = self.eval(l.syntax(), env, file);
            return match (op, lv.as_bool()) {
                (B::And, Some(false)) => Value::new(Kind::Bool(false), span),
                (B::Or, Some(true)) => Value::new(Kind::Bool(true), span),
                (B::Implication, Some(false)) => Value::new(Kind::Bool(true), span),
                (_, Some(_)) => {
                    let rv = self.eval(r.syntax(), env, file);
                    match rv.as_bool() {
                        Some(x) => Value::new(Kind::Bool(x), span),
                        None => Value::unknown("unknown condition", span),
                    }
                }
                _ => Value::unknown("unknown condition", span),
            };
        }
        if matches!(op, B::PipeRight | B::PipeLeft) {
            let (f, a) = if op == B::PipeRight { (r, l) } else { (l, r) };
            let fv = self.eval(f.syntax(), env, file);
            let at = Thunk::pending(a.syntax().clone(), env.clone(), file);
            return self.apply(fv, at, span);
        }
        let lv = self.eval(l.syntax(), env, file);
        let rv = self.eval(r.syntax(), env, file);
        // `++` and `//` keep each side's condition on its own items: what the
        // unconditional side contributes stays unconditional.
        let both = match (&lv.condition, &rv.condition) {
            (Some(c), Some(_)) => Some(c.clone()),
            _ => None,
        };
        let cond = lv.condition.clone().or_else(|| rv.condition.clone());
        let out = match (op, &lv.kind, &rv.kind) {
            (_, Kind::Unknown(x), _) | (_, _, Kind::Unknown(x)) => Value::unknown(x.clone(), span),
            (B::Concat, Kind::List { items: a, .. }, Kind::List { items: b, .. }) => {
                let mut v: Vec<Thunk> = a
                    .iter()
                    .map(|t| builtins::lists::mark(t, lv.condition.as_ref()))
                    .collect();
                v.extend(
                    b.iter()
                        .map(|t| builtins::lists::mark(t, rv.condition.as_ref())),
                );
                return builtins::list(v, span).under(both.as_ref());
            }
            (B::Update, Kind::Attrs(a), Kind::Attrs(b)) => {
                let mut m = (**a).clone();
                if lv.condition.is_some() {
                    for e in m.entries.values_mut() {
                        e.value = builtins::lists::mark(&e.value, lv.condition.as_ref());
                    }
                }
                for (k, e) in b.entries.iter() {
                    let value = builtins::lists::mark(&e.value, rv.condition.as_ref());
                    m.entries.insert(k.clone(), Entry { value, ..e.clone() });
                }
                m.dynamic_unknown.extend(b.dynamic_unknown.iter().cloned());
                m.literal = None;
                m.branches = None;
                return Value::new(Kind::Attrs(Rc::new(m)), span).under(both.as_ref());
            }
            (B::Update, Kind::Absent, Kind::Attrs(_)) => return rv,
            (B::Update, Kind::Attrs(_), Kind::Absent) => return lv,
            (B::Add, Kind::Int(a), Kind::Int(b)) => Value::new(Kind::Int(a.wrapping_add(*b)), span),
            (B::Sub, Kind::Int(a), Kind::Int(b)) => Value::new(Kind::Int(a.wrapping_sub(*b)), span),
            (B::Mul, Kind::Int(a), Kind::Int(b)) => Value::new(Kind::Int(a.wrapping_mul(*b)), span),
            (B::Div, Kind::Int(a), Kind::Int(b)) if *b != 0 => {
                Value::new(Kind::Int(a.wrapping_div(*b)), span)
            }
            (B::Add, Kind::Str(a), Kind::Str(b)) => {
                Value::new(Kind::Str(format!("{a}{b}").into()), span)
            }
            (B::Add, Kind::Path(a), Kind::Str(b)) => Value::new(
                Kind::Path(PathBuf::from(format!("{}{b}", a.display())).into()),
                span,
            ),
            (B::Equal | B::NotEqual, _, _) => match scalar_eq(&lv, &rv) {
                Some(eq) => Value::new(Kind::Bool(if op == B::Equal { eq } else { !eq }), span),
                None => Value::unknown("comparison of non-literal values", span),
            },
            (B::Less | B::LessOrEq | B::More | B::MoreOrEq, Kind::Int(a), Kind::Int(b)) => {
                let r = match op {
                    B::Less => a < b,
                    B::LessOrEq => a <= b,
                    B::More => a > b,
                    _ => a >= b,
                };
                Value::new(Kind::Bool(r), span)
            }
            _ => Value::unknown(
                format!(
                    "unsupported operation on {} and {}",
                    lv.type_name(),
                    rv.type_name()
                ),
                span,
            ),
        };
        out.under(cond.as_ref())
    }

    /// Applies a function value to an argument.
    pub fn apply(&mut self, f: Value, arg: Thunk, span: Span) -> Value {
        match f.kind {
            Kind::Lambda(c) => self.call_closure(&c, arg, span),
            Kind::Builtin(b, args) => {
                let mut args = args.as_ref().clone();
                let av = self.force(&arg);
                args.push(av);
                if args.len() < b.arity {
                    Value::new(Kind::Builtin(b, Rc::new(args)), span)
                } else {
                    builtins::call(self, b, &args, span)
                }
            }
            Kind::Unknown(r) => Value::unknown(r, span),
            _ => Value::unknown(format!("cannot call a {}", f.type_name()), span),
        }
    }

    fn call_closure(&mut self, c: &Closure, arg: Thunk, span: Span) -> Value {
        let mut scope = Scope::child(&c.env);
        match &c.param {
            ast::Param::IdentParam(p) => {
                if let Some(id) = p.ident() {
                    scope
                        .vars
                        .insert(id.syntax().text().to_string().into(), arg);
                }
                self.eval(&c.body, &Rc::new(scope), c.file)
            }
            ast::Param::Pattern(pat) => {
                let av = self.force(&arg);
                if let Some(b) = pat.pat_bind().and_then(|b| b.ident()) {
                    scope.vars.insert(
                        b.syntax().text().to_string().into(),
                        Thunk::done(av.clone()),
                    );
                }
                // Defaults may refer to other parameters: bind lazily in a recursive scope.
                let holder = Rc::new(RefCell::new(Vec::<(Rc<str>, SyntaxNode)>::new()));
                for entry in pat.pat_entries() {
                    let Some(id) = entry.ident() else { continue };
                    let name: Rc<str> = id.syntax().text().to_string().into();
                    let given = match &av.kind {
                        Kind::Attrs(a) => a.entries.get(&name).map(|e| e.value.clone()),
                        _ => None,
                    };
                    match (given, entry.default()) {
                        (Some(t), _) => {
                            scope.vars.insert(name, t);
                        }
                        (None, Some(d)) => holder.borrow_mut().push((name, d.syntax().clone())),
                        (None, None) => {
                            let v = if &*name == "lib" {
                                Value::new(Kind::Namespace("lib"), span)
                            } else {
                                match &av.kind {
                                    Kind::Unknown(_) => Value::unknown(
                                        format!("function argument `{name}`"),
                                        Self::span(c.file, id.syntax()),
                                    ),
                                    _ => Value::unknown(
                                        format!("function argument `{name}` is not given"),
                                        Self::span(c.file, id.syntax()),
                                    ),
                                }
                            };
                            scope.vars.insert(name, Thunk::done(v));
                        }
                    }
                }
                let defaults = holder.borrow().clone();
                if defaults.is_empty() {
                    return self.eval(&c.body, &Rc::new(scope), c.file);
                }
                // Build the final scope with default thunks pointing at it.
                let cells: Vec<(Rc<str>, Rc<RefCell<ThunkState>>)> = defaults
                    .iter()
                    .map(|(n, _)| (n.clone(), Rc::new(RefCell::new(ThunkState::Forcing))))
                    .collect();
                for (n, cell) in &cells {
                    scope.vars.insert(n.clone(), Thunk(cell.clone()));
                }
                let env = Rc::new(scope);
                for ((_, node), (_, cell)) in defaults.iter().zip(cells.iter()) {
                    *cell.borrow_mut() = ThunkState::Pending {
                        node: node.clone(),
                        env: env.clone(),
                        file: c.file,
                    };
                }
                self.eval(&c.body, &env, c.file)
            }
        }
    }

    /// Reads `import path`: the file is parsed and evaluated once per evaluator;
    /// unreadable, huge or cyclic imports are unknown with the reason.
    pub fn import(&mut self, target: &Value, span: Span) -> Value {
        let path = match &target.kind {
            Kind::Path(p) => p.to_path_buf(),
            Kind::Unknown(r) => return Value::unknown(r.clone(), span),
            _ => return Value::unknown("import of a non-path", span),
        };
        let path = if path.is_dir() {
            path.join("default.nix")
        } else {
            path
        };
        if let Some(v) = self.imports.get(&path) {
            return v.clone();
        }
        if self.import_depth >= MAX_IMPORT_DEPTH {
            return Value::unknown("import chain too deep", span);
        }
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(_) => {
                return Value::unknown(
                    format!("imports `{}`, which cannot be read", path.display()),
                    span,
                );
            }
        };
        if meta.len() > MAX_IMPORT_SIZE {
            return Value::unknown(
                format!("imports `{}`, which is too large", path.display()),
                span,
            );
        }
        let text = match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            _ => {
                return Value::unknown(
                    format!("imports `{}`, which is not UTF-8 text", path.display()),
                    span,
                );
            }
        };
        let id = self.sources.add(SourceFile::new(path.clone(), text));
        let parsed = parse_file(self.sources.get(id), id);
        if let Some(err) = parsed.errors.first() {
            self.import_errors.push((id, err.message.clone()));
        }
        self.imported.push(path.clone());
        self.import_depth += 1;
        // Mark as in progress to break import cycles.
        self.imports
            .insert(path.clone(), Value::unknown("import cycle", span));
        let v = self.eval_file(&parsed);
        self.import_depth -= 1;
        self.imports.insert(path, v.clone());
        v
    }
}

/// The value of `if cond then a else b` when `cond` cannot be decided (`cond` describes
/// it): scalars both branches agree on are known; where they differ the value is unknown
/// ("depends on the condition …"); attributes and list items are joined one by one, and
/// an attribute only one branch has is kept, marked as conditional. A branch that fails
/// (`throw`) is one evaluation cannot take, so the other one is the value. Sets keep both
/// branches whole in [`Attrs::branches`].
pub fn join(cond: &Rc<str>, a: Value, b: Value, span: Span) -> Value {
    if a.is_failure() {
        return b;
    }
    if b.is_failure() {
        return a;
    }
    let differ = || Value::unknown(format!("depends on the condition {cond}"), span);
    match (&a.kind, &b.kind) {
        (Kind::Absent, Kind::Absent) => a,
        (Kind::Absent, _) => b.under(Some(cond)),
        (_, Kind::Absent) => a.under(Some(cond)),
        (Kind::Unknown(_), _) => a,
        (_, Kind::Unknown(_)) => Value::unknown(b.unknown_reason().unwrap_or(""), b.span),
        (Kind::Attrs(x), Kind::Attrs(y)) => {
            let mut m = Attrs {
                dynamic_unknown: x.dynamic_unknown.clone(),
                ..Default::default()
            };
            m.dynamic_unknown.extend(y.dynamic_unknown.iter().cloned());
            for (k, e) in x.entries.iter() {
                let value = match y.entries.get(k) {
                    Some(f) => {
                        let (c, p, q) = (cond.clone(), e.value.clone(), f.value.clone());
                        Thunk::lazy(move |ev| {
                            let p = ev.force(&p);
                            let q = ev.force(&q);
                            join(&c, p, q, span)
                        })
                    }
                    None => builtins::lists::mark(&e.value, Some(cond)),
                };
                m.entries.insert(k.clone(), Entry { value, ..e.clone() });
            }
            for (k, f) in y.entries.iter() {
                if !x.entries.contains_key(k) {
                    let value = builtins::lists::mark(&f.value, Some(cond));
                    m.entries.insert(k.clone(), Entry { value, ..f.clone() });
                }
            }
            m.branches = Some(Rc::new(Branches {
                condition: cond.clone(),
                then: a.clone(),
                otherwise: b.clone(),
            }));
            let condition = a.condition.clone().filter(|_| b.is_conditional());
            Value::new(Kind::Attrs(Rc::new(m)), a.span).under(condition.as_ref())
        }
        (Kind::List { items: x, literal }, Kind::List { items: y, .. }) if x.len() == y.len() => {
            if x.iter().zip(y.iter()).all(|(p, q)| Rc::ptr_eq(&p.0, &q.0)) {
                return a;
            }
            let items = x
                .iter()
                .zip(y.iter())
                .map(|(p, q)| {
                    let (c, p, q) = (cond.clone(), p.clone(), q.clone());
                    Thunk::lazy(move |ev| {
                        let p = ev.force(&p);
                        let q = ev.force(&q);
                        join(&c, p, q, span)
                    })
                })
                .collect();
            Value::new(
                Kind::List {
                    items: Rc::new(items),
                    literal: *literal,
                },
                a.span,
            )
        }
        (Kind::Lambda(p), Kind::Lambda(q)) if Rc::ptr_eq(p, q) => a,
        _ => match scalar_eq(&a, &b) {
            Some(true) => a,
            _ => differ(),
        },
    }
}

/// A library function value, not yet applied.
fn function(b: &'static Builtin, span: Span) -> Value {
    Value::new(Kind::Builtin(b, Rc::new(Vec::new())), span)
}

/// `Some(a == b)` for scalars (strings, integers, booleans, null, paths), `None` when the
/// two cannot be compared statically.
pub fn scalar_eq(a: &Value, b: &Value) -> Option<bool> {
    match (&a.kind, &b.kind) {
        (Kind::Str(x), Kind::Str(y)) => Some(x == y),
        (Kind::Int(x), Kind::Int(y)) => Some(x == y),
        (Kind::Bool(x), Kind::Bool(y)) => Some(x == y),
        (Kind::Null, Kind::Null) => Some(true),
        (Kind::Path(x), Kind::Path(y)) => Some(x == y),
        (Kind::Null, Kind::Str(_) | Kind::Int(_) | Kind::Bool(_))
        | (Kind::Str(_) | Kind::Int(_) | Kind::Bool(_), Kind::Null) => Some(false),
        _ => None,
    }
}

/// Bindings collected before their scope exists (see `collect_bindings`).
#[derive(Default)]
struct PendingSet {
    entries: BTreeMap<Rc<str>, PendingNode>,
    dynamic_unknown: Vec<(Span, Rc<str>)>,
}

enum PendingNode {
    Leaf {
        node: SyntaxNode,
        key_span: Span,
        def_span: Span,
        file: FileId,
    },
    Nested {
        set: PendingSet,
        key_span: Span,
        def_span: Span,
        literal: Option<Span>,
    },
    Done(Entry),
}

impl PendingSet {
    fn insert(
        &mut self,
        names: &[(Rc<str>, Span)],
        value: SyntaxNode,
        def_span: Span,
        file: FileId,
    ) {
        let (name, key_span) = names[0].clone();
        if names.len() == 1 {
            match self.entries.get_mut(&name) {
                // `a.b = …; a = { … };`: merge the literal into the nested set.
                Some(PendingNode::Nested { set, literal, .. })
                    if value.kind() == SyntaxKind::NODE_ATTR_SET =>
                {
                    let r = value.text_range();
                    *literal = Some(Span::new(file, r.start().into(), r.end().into()));
                    set.absorb_literal(&value, file);
                }
                _ => {
                    self.entries.insert(
                        name,
                        PendingNode::Leaf {
                            node: value,
                            key_span,
                            def_span,
                            file,
                        },
                    );
                }
            }
            return;
        }
        let entry = self.entries.remove(&name);
        let mut node = match entry {
            Some(PendingNode::Nested {
                set,
                key_span,
                def_span,
                literal,
            }) => PendingNode::Nested {
                set,
                key_span,
                def_span,
                literal,
            },
            Some(PendingNode::Leaf {
                node,
                key_span,
                def_span,
                file: lf,
            }) if node.kind() == SyntaxKind::NODE_ATTR_SET && !is_rec(&node) => {
                let r = node.text_range();
                let mut set = PendingSet::default();
                set.absorb_literal(&node, lf);
                PendingNode::Nested {
                    set,
                    key_span,
                    def_span,
                    literal: Some(Span::new(lf, r.start().into(), r.end().into())),
                }
            }
            // Nix would report a conflicting definition; keep the later one.
            _ => PendingNode::Nested {
                set: PendingSet::default(),
                key_span,
                def_span,
                literal: None,
            },
        };
        if let PendingNode::Nested { set, .. } = &mut node {
            set.insert(&names[1..], value, def_span, file);
        }
        self.entries.insert(name, node);
    }

    /// Adds the static bindings of a non-rec attrset literal (names are taken literally;
    /// dynamic names are dropped with a note).
    fn absorb_literal(&mut self, node: &SyntaxNode, file: FileId) {
        for child in node.children() {
            if child.kind() != SyntaxKind::NODE_ATTRPATH_VALUE {
                continue;
            }
            let Some(apv) = ast::AttrpathValue::cast(child.clone()) else {
                continue;
            };
            let (Some(path), Some(value)) = (apv.attrpath(), apv.value()) else {
                continue;
            };
            let r = child.text_range();
            let def_span = Span::new(file, r.start().into(), r.end().into());
            let mut names = Vec::new();
            for attr in path.attrs() {
                let ar = attr.syntax().text_range();
                let aspan = Span::new(file, ar.start().into(), ar.end().into());
                match static_attr_name(&attr) {
                    Some(n) => names.push((Rc::<str>::from(n.as_str()), aspan)),
                    None => {
                        self.dynamic_unknown
                            .push((aspan, "attribute name is interpolated".into()));
                        names.clear();
                        break;
                    }
                }
            }
            if !names.is_empty() {
                self.insert(&names, value.syntax().clone(), def_span, file);
            }
        }
    }

    fn finish(self, env: &Env) -> Attrs {
        let mut out = Attrs {
            dynamic_unknown: self.dynamic_unknown,
            ..Default::default()
        };
        for (name, node) in self.entries {
            let entry = match node {
                PendingNode::Leaf {
                    node,
                    key_span,
                    def_span,
                    file,
                } => Entry {
                    value: Thunk::pending(node, env.clone(), file),
                    key_span,
                    def_span,
                },
                PendingNode::Nested {
                    set,
                    key_span,
                    def_span,
                    literal,
                } => {
                    let mut attrs = set.finish(env);
                    attrs.literal = literal;
                    let span = literal.unwrap_or(def_span);
                    Entry {
                        value: Thunk::done(Value::new(Kind::Attrs(Rc::new(attrs)), span)),
                        key_span,
                        def_span,
                    }
                }
                PendingNode::Done(e) => e,
            };
            out.entries.insert(name, entry);
        }
        out
    }
}

fn is_rec(node: &SyntaxNode) -> bool {
    node.children_with_tokens()
        .any(|c| c.kind() == SyntaxKind::TOKEN_REC)
}

/// The literal name of an attribute, when it has no interpolation.
pub fn static_attr_name(attr: &ast::Attr) -> Option<String> {
    match attr {
        ast::Attr::Ident(i) => Some(i.syntax().text().to_string()),
        ast::Attr::Str(s) => {
            let mut out = String::new();
            for c in s.syntax().children_with_tokens() {
                match c {
                    rnix::NodeOrToken::Token(t) if t.kind() == SyntaxKind::TOKEN_STRING_CONTENT => {
                        out.push_str(&unescape(t.text(), false))
                    }
                    rnix::NodeOrToken::Token(_) => {}
                    rnix::NodeOrToken::Node(_) => return None,
                }
            }
            Some(out)
        }
        ast::Attr::Dynamic(_) => None,
    }
}

/// Replaces the placeholder env of every pending thunk in `attrs` (recursively through
/// nested sets built from dotted paths) with `scope`.
fn patch_envs(attrs: &Attrs, placeholder: &Env, scope: &Env) {
    for e in attrs.entries.values() {
        let mut st = e.value.0.borrow_mut();
        match &mut *st {
            ThunkState::Pending { env, .. } => {
                if Rc::ptr_eq(env, placeholder) {
                    *env = scope.clone();
                }
            }
            ThunkState::Done(v) => {
                if let Kind::Attrs(inner) = &v.kind {
                    let inner = inner.clone();
                    drop(st);
                    patch_envs(&inner, placeholder, scope);
                }
            }
            ThunkState::Forcing | ThunkState::Lazy(_) => {}
        }
    }
}

fn first_child(node: &SyntaxNode) -> Option<SyntaxNode> {
    node.children().next()
}

fn literal(node: &SyntaxNode, span: Span) -> Value {
    let Some(tok) = node.first_token() else {
        return Value::unknown("syntax error", span);
    };
    match tok.kind() {
        SyntaxKind::TOKEN_INTEGER => match tok.text().parse::<i64>() {
            Ok(i) => Value::new(Kind::Int(i), span),
            Err(_) => Value::unknown("integer out of range", span),
        },
        SyntaxKind::TOKEN_FLOAT => match tok.text().parse::<f64>() {
            Ok(f) => Value::new(Kind::Float(f), span),
            Err(_) => Value::unknown("bad float", span),
        },
        SyntaxKind::TOKEN_URI => Value::new(Kind::Str(tok.text().into()), span),
        _ => Value::unknown("syntax error", span),
    }
}

/// `s` on one line, cut to 60 characters (for messages).
pub fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(60).collect::<String>())
    } else {
        one
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::builtins::test_support::show;

    #[test]
    fn an_undecidable_if_keeps_what_both_branches_agree_on() {
        assert_eq!(
            show(r#"if config.x then { a = 1; b = "s"; } else { a = 1; b = "t"; c = 3; }"#),
            "{ a = 1; b = <unknown: depends on the condition `config.x` (snippet.nix:1)>; c = ?3; }"
        );
        assert_eq!(
            show("if config.x then [ 1 2 ] else [ 1 3 ]"),
            "[ 1 <unknown: depends on the condition `config.x` (snippet.nix:1)> ]"
        );
        assert!(show("if config.x then [ 1 ] else [ 1 2 ]").contains("depends on the condition"));
    }

    #[test]
    fn a_branch_that_throws_is_not_taken() {
        assert_eq!(show(r#"if config.x then 1 else throw "no""#), "1");
        assert_eq!(
            show(r#"if config.x then throw "no" else { a = 1; }"#),
            "{ a = 1; }"
        );
    }

    #[test]
    fn decided_conditions_take_one_branch() {
        assert_eq!(show("if 1 < 2 then 1 else 2"), "1");
        assert_eq!(show("let c = false; in if c then 1 else 2"), "2");
    }

    #[test]
    fn update_and_concat_keep_each_sides_condition() {
        assert_eq!(
            show("lib.optionalAttrs config.a { x = 1; } // { y = 2; }"),
            "{ x = ?1; y = 2; }"
        );
        assert_eq!(show("lib.optionals config.a [ 1 ] ++ [ 2 ]"), "[ ?1 2 ]");
        assert_eq!(show(r#""a${lib.optionalString config.b "b"}""#), r#"?"ab""#);
    }
}
