//! Values of the static evaluator.
//!
//! A [`Value`] is what a Nix expression evaluates to when it can be known without running
//! Nix: strings, numbers, lists and attribute sets, each carrying the [`Span`] of the
//! expression that produced it. Anything that depends on function arguments, `config`,
//! `pkgs`, the filesystem or other runtime state is [`Kind::Unknown`] with a reason; rules
//! never invent findings from unknown values.

use super::eval::Thunk;
use crate::source::Span;
use std::collections::BTreeMap;
use std::rc::Rc;

/// An evaluated value with the span of the expression it came from.
#[derive(Clone, Debug)]
pub struct Value {
    /// What the value is.
    pub kind: Kind,
    /// The expression that produced it (for literals: the literal itself).
    pub span: Span,
    /// Set when the value only exists under a condition the linter cannot decide
    /// (`lib.mkIf cond …`, `lib.optionalAttrs cond …`, one branch of `if cond then … else …`
    /// with an unknown `cond`): the condition as written and where, e.g.
    /// `` `cfg.luks` (disko.nix:12) ``.
    pub condition: Option<Rc<str>>,
    /// Module-system priority (`lib.mkOverride n`, `mkDefault` = 1000, `mkForce` = 50) when
    /// the definition carries one; plain definitions have 100 (nixpkgs `lib/modules.nix`).
    pub priority: Option<i32>,
    /// Module-system list order (`lib.mkOrder n`, `mkBefore` = 500, `mkAfter` = 1500) when
    /// the definition carries one; plain definitions have 1000.
    pub order: Option<i32>,
}

/// The shape of a [`Value`].
#[derive(Clone, Debug)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer literal or arithmetic on them.
    Int(i64),
    /// A float literal.
    Float(f64),
    /// A string whose every part is known.
    Str(Rc<str>),
    /// A path literal, resolved against the directory of its file when relative.
    Path(Rc<std::path::Path>),
    /// A list; `literal` is true when it is written as a list literal (so edits can target it).
    List {
        items: Rc<Vec<Thunk>>,
        literal: bool,
    },
    /// An attribute set.
    Attrs(Rc<Attrs>),
    /// A lambda (closure) that can be applied.
    Lambda(Rc<super::eval::Closure>),
    /// A known library function (`lib.mkIf`, `builtins.elemAt`, …) with the arguments
    /// given so far (fewer than its arity).
    Builtin(&'static super::builtins::Builtin, Rc<Vec<Value>>),
    /// The `lib` / `builtins` namespace itself.
    Namespace(&'static str),
    /// `lib.mkIf false …`: the definition does not exist.
    Absent,
    /// A value that cannot be known statically; the string says why.
    Unknown(Rc<str>),
}

/// One binding of an attribute set.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The (lazily evaluated) value.
    pub value: Thunk,
    /// Span of the attribute name as written (the last component for dotted paths).
    pub key_span: Span,
    /// Span of the whole `path = value;` binding (or `inherit …;`).
    pub def_span: Span,
}

/// An attribute set: bindings in name order plus where its literal is written.
#[derive(Clone, Debug, Default)]
pub struct Attrs {
    /// Bindings by name.
    pub entries: BTreeMap<Rc<str>, Entry>,
    /// Span of the `{ … }` literal when the set is written as one in a file (for inserting
    /// new bindings); `None` for sets built by `//`, merges or builtins.
    pub literal: Option<Span>,
    /// Names whose binding could not be read (dynamic `${…}` keys with unknown names,
    /// `listToAttrs` items with unknown names), with the reason.
    pub dynamic_unknown: Vec<(Span, Rc<str>)>,
    /// For a set joined from the two branches of an `if` whose condition is unknown: both
    /// branches, so a reader can compare what each one means (see [`Branches`]).
    pub branches: Option<Rc<Branches>>,
}

/// The two branches of `if cond then a else b` when `cond` cannot be decided. The joined
/// value holds what both agree on; these keep each side whole.
#[derive(Clone, Debug)]
pub struct Branches {
    /// The condition as written and where (`` `cfg.luks` (disko.nix:12) ``).
    pub condition: Rc<str>,
    /// The value when the condition holds.
    pub then: Value,
    /// The value when it does not.
    pub otherwise: Value,
}

impl Value {
    /// A value of `kind` at `span`.
    pub fn new(kind: Kind, span: Span) -> Self {
        Value {
            kind,
            span,
            condition: None,
            priority: None,
            order: None,
        }
    }
    /// True when the value only exists under an undecidable condition.
    pub fn is_conditional(&self) -> bool {
        self.condition.is_some()
    }
    /// This value, marked as existing only under `condition` (an earlier mark is kept).
    pub fn under(mut self, condition: Option<&Rc<str>>) -> Self {
        if self.condition.is_none() {
            self.condition = condition.cloned();
        }
        self
    }
    /// An unknown value with `reason`.
    pub fn unknown(reason: impl Into<Rc<str>>, span: Span) -> Self {
        Value::new(Kind::Unknown(reason.into()), span)
    }
    /// The string, if known.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The bool, if known.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }
    /// The attribute set, if this is one.
    pub fn as_attrs(&self) -> Option<&Rc<Attrs>> {
        match &self.kind {
            Kind::Attrs(a) => Some(a),
            _ => None,
        }
    }
    /// The reason, if unknown.
    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.kind {
            Kind::Unknown(r) => Some(r),
            _ => None,
        }
    }
    /// The list items, if this is a list.
    pub fn as_list(&self) -> Option<&Rc<Vec<Thunk>>> {
        match &self.kind {
            Kind::List { items, .. } => Some(items),
            _ => None,
        }
    }
    /// True for the result of `throw` / `abort`: evaluation fails there, so a branch that
    /// throws is one the configuration cannot take.
    pub fn is_failure(&self) -> bool {
        self.unknown_reason()
            .is_some_and(|r| r.starts_with("`throw`") || r.starts_with("`abort`"))
    }
    /// A short type name for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "bool",
            Kind::Int(_) => "int",
            Kind::Float(_) => "float",
            Kind::Str(_) => "string",
            Kind::Path(_) => "path",
            Kind::List { .. } => "list",
            Kind::Attrs(_) => "attribute set",
            Kind::Lambda(_) | Kind::Builtin(..) => "function",
            Kind::Namespace(_) => "namespace",
            Kind::Absent => "absent",
            Kind::Unknown(_) => "unknown",
        }
    }
}
