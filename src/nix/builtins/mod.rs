//! The library functions the evaluator knows: Nix `builtins.*` and the parts of nixpkgs
//! `lib` disko files use, one table entry ([`Builtin`]: name, arity, implementation, source)
//! per function.
//!
//! Split by concern, like nixpkgs `lib/`: [`trivial`] (`id`, `pipe`, `toString`, `throw`,
//! `import`, type tests), [`lists`], [`attrs`], [`strings`] and [`modules`] (the module
//! system: `mkIf`, `mkMerge`, priorities, orders, the `_type` forms and how definitions
//! merge). Adding a function is one entry in its module's `TABLE` and one test there.
//!
//! Every implementation gets exactly `arity` arguments, each forced to weak head normal
//! form, and returns a [`Value`]; it never fails: an argument it cannot use makes the
//! result [`Kind::Unknown`] with a reason (usually the argument's own).

pub mod attrs;
pub mod lists;
pub mod modules;
pub mod strings;
pub mod trivial;

use super::eval::{Evaluator, Thunk};
use super::value::{Attrs, Entry, Kind, Value};
use crate::source::Span;
use std::rc::Rc;

/// An implementation: the evaluator, the `arity` forced arguments, the span of the call.
pub type Impl = fn(&mut Evaluator<'_>, &[Value], Span) -> Value;

/// One library function.
pub struct Builtin {
    /// The name as selected (`mkIf`, `foldl'`, `mapAttrs'`).
    pub name: &'static str,
    /// Number of arguments before it runs.
    pub arity: usize,
    /// What it does.
    pub imp: Impl,
    /// Where its behaviour is defined upstream (nixpkgs `lib/…` or the Nix manual).
    pub source: &'static str,
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "builtin `{}`/{}", self.name, self.arity)
    }
}

const TABLES: &[&[Builtin]] = &[
    trivial::TABLE,
    lists::TABLE,
    attrs::TABLE,
    strings::TABLE,
    modules::TABLE,
];

/// The library function called `name`, if the evaluator knows it.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|b| b.name == name)
}

/// Every known function (for docs and tests).
pub fn all() -> impl Iterator<Item = &'static Builtin> {
    TABLES.iter().flat_map(|t| t.iter())
}

/// Calls `b` with its (complete) arguments; a wrong count is an unknown, never a panic.
pub fn call(ev: &mut Evaluator<'_>, b: &'static Builtin, args: &[Value], span: Span) -> Value {
    if args.len() != b.arity {
        return Value::unknown(format!("`{}` called with the wrong arity", b.name), span);
    }
    (b.imp)(ev, args, span)
}

// ----------------------------------------------------------------------------------------
// Helpers shared by the implementations.

/// The first unknown argument, as the result (the reason says what it depends on).
pub(crate) fn unknown_arg(args: &[Value], span: Span) -> Option<Value> {
    args.iter()
        .find(|a| matches!(a.kind, Kind::Unknown(_)))
        .map(|a| Value::unknown(a.unknown_reason().unwrap_or("unknown"), span))
}

/// A list value built by a function.
pub(crate) fn list(items: Vec<Thunk>, span: Span) -> Value {
    Value::new(
        Kind::List {
            items: Rc::new(items),
            literal: false,
        },
        span,
    )
}

/// An attrset value built by a function.
pub(crate) fn attrset(attrs: Attrs, span: Span) -> Value {
    Value::new(Kind::Attrs(Rc::new(attrs)), span)
}

/// An entry whose name and definition are both at `span`.
pub(crate) fn entry(value: Thunk, span: Span) -> Entry {
    Entry {
        value,
        key_span: span,
        def_span: span,
    }
}

/// `f a` for an already evaluated `a`.
pub(crate) fn apply1(ev: &mut Evaluator<'_>, f: &Value, a: Value, span: Span) -> Value {
    ev.apply(f.clone(), Thunk::done(a), span)
}

/// `f a b` for thunks `a`, `b`.
pub(crate) fn apply2(ev: &mut Evaluator<'_>, f: &Value, a: Thunk, b: Thunk, span: Span) -> Value {
    let g = ev.apply(f.clone(), a, span);
    ev.apply(g, b, span)
}

/// A string value.
pub(crate) fn string(s: impl Into<Rc<str>>, span: Span) -> Value {
    Value::new(Kind::Str(s.into()), span)
}

/// An unknown for an argument of the wrong shape.
pub(crate) fn wrong(name: &str, what: &str, got: &Value, span: Span) -> Value {
    match got.unknown_reason() {
        Some(r) => Value::unknown(r, span),
        None => Value::unknown(
            format!("`{name}` expects {what}, got a {}", got.type_name()),
            span,
        ),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Evaluates a snippet and prints the value deeply, Nix-like, for assertions.

    use super::super::eval::Evaluator;
    use super::super::parse_file;
    use super::super::value::{Kind, Value};
    use crate::source::{SourceFile, SourceMap};

    /// Evaluates `src` (with `lib` in scope as the library namespace) and renders it.
    pub fn show(src: &str) -> String {
        let text = format!("{{ lib, ... }}: {src}");
        let mut sources = SourceMap::default();
        let id = sources.add(SourceFile::new("/test/snippet.nix", text));
        let parsed = parse_file(sources.get(id), id);
        let mut ev = Evaluator::new(&mut sources);
        let f = ev.eval_file(&parsed);
        let arg = super::Thunk::done(Value::unknown("module argument", f.span));
        let v = ev.apply(f.clone(), arg, f.span);
        render(&mut ev, &v, 0)
    }

    fn render(ev: &mut Evaluator<'_>, v: &Value, depth: usize) -> String {
        if depth > 12 {
            return "…".into();
        }
        let mark = if v.is_conditional() { "?" } else { "" };
        let body = match &v.kind {
            Kind::Null => "null".into(),
            Kind::Bool(b) => b.to_string(),
            Kind::Int(i) => i.to_string(),
            Kind::Float(f) => f.to_string(),
            Kind::Str(s) => format!("{s:?}"),
            Kind::Path(p) => p.display().to_string(),
            Kind::List { items, .. } => {
                let mut out = Vec::new();
                for t in items.iter() {
                    let iv = ev.force(t);
                    out.push(render(ev, &iv, depth + 1));
                }
                format!("[ {} ]", out.join(" ")).replace("[  ]", "[ ]")
            }
            Kind::Attrs(a) => {
                let mut out = Vec::new();
                for (k, e) in a.entries.iter() {
                    let ev_ = ev.force(&e.value);
                    if matches!(ev_.kind, Kind::Absent) {
                        continue;
                    }
                    out.push(format!("{k} = {};", render(ev, &ev_, depth + 1)));
                }
                for (_, r) in &a.dynamic_unknown {
                    out.push(format!("<{r}>;"));
                }
                format!("{{ {} }}", out.join(" ")).replace("{  }", "{ }")
            }
            Kind::Lambda(_) | Kind::Builtin(..) => "<function>".into(),
            Kind::Namespace(n) => format!("<{n}>"),
            Kind::Absent => "<absent>".into(),
            Kind::Unknown(r) => format!("<unknown: {r}>"),
        };
        format!("{mark}{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_found_by_its_name_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for b in all() {
            assert!(seen.insert(b.name), "`{}` is listed twice", b.name);
            assert!(std::ptr::eq(lookup(b.name).unwrap(), b));
            assert!(b.arity >= 1, "`{}`", b.name);
            assert!(!b.source.is_empty(), "`{}` has no source", b.name);
        }
        assert!(lookup("noSuchFunction").is_none());
    }
}
