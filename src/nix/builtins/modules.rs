//! The module system, as far as definitions go (nixpkgs `lib/modules.nix`): `mkIf`,
//! `mkMerge`, priorities (`mkOverride`, `mkDefault`, `mkForce`, …), list orders
//! (`mkOrder`, `mkBefore`, `mkAfter`), the `_type = "if" | "merge" | "override" | "order"`
//! sets these functions return ([`normalize`]), and how several definitions of one option
//! merge ([`merge`]).
//!
//! Properties are carried on the [`Value`] (`condition`, `priority`, `order`) rather than
//! as wrapper sets, so every reader sees the definition itself; `mkIf false …` is
//! [`Kind::Absent`].

use super::lists::mark;
use super::{Builtin, list, wrong};
use crate::nix::eval::{Evaluator, Thunk};
use crate::nix::value::{Entry, Kind, Value};
use crate::source::Span;
use std::rc::Rc;

/// Priority of a plain definition (`lib.modules.defaultOverridePriority`).
pub const DEFAULT_PRIORITY: i32 = 100;
/// Order of a plain list definition (`lib.modules.defaultOrderPriority`).
pub const DEFAULT_ORDER: i32 = 1000;

/// The functions of this module.
pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "mkIf",
        arity: 2,
        imp: mk_if,
        source: "nixpkgs lib/modules.nix `mkIf`",
    },
    Builtin {
        name: "mkMerge",
        arity: 1,
        imp: mk_merge,
        source: "nixpkgs lib/modules.nix `mkMerge`",
    },
    Builtin {
        name: "mkOverride",
        arity: 2,
        imp: mk_override,
        source: "nixpkgs lib/modules.nix `mkOverride`",
    },
    Builtin {
        name: "mkDefault",
        arity: 1,
        imp: mk_default,
        source: "nixpkgs lib/modules.nix `mkDefault` (priority 1000)",
    },
    Builtin {
        name: "mkOptionDefault",
        arity: 1,
        imp: mk_option_default,
        source: "nixpkgs lib/modules.nix `mkOptionDefault` (priority 1500)",
    },
    Builtin {
        name: "mkForce",
        arity: 1,
        imp: mk_force,
        source: "nixpkgs lib/modules.nix `mkForce` (priority 50)",
    },
    Builtin {
        name: "mkImageMediaOverride",
        arity: 1,
        imp: mk_image_media_override,
        source: "nixpkgs lib/modules.nix `mkImageMediaOverride` (priority 60)",
    },
    Builtin {
        name: "mkVMOverride",
        arity: 1,
        imp: mk_vm_override,
        source: "nixpkgs lib/modules.nix `mkVMOverride` (priority 10)",
    },
    Builtin {
        name: "mkOrder",
        arity: 2,
        imp: mk_order,
        source: "nixpkgs lib/modules.nix `mkOrder`",
    },
    Builtin {
        name: "mkBefore",
        arity: 1,
        imp: mk_before,
        source: "nixpkgs lib/modules.nix `mkBefore` (order 500)",
    },
    Builtin {
        name: "mkAfter",
        arity: 1,
        imp: mk_after,
        source: "nixpkgs lib/modules.nix `mkAfter` (order 1500)",
    },
    Builtin {
        name: "mkAliasDefinitions",
        arity: 1,
        imp: mk_alias_definitions,
        source: "nixpkgs lib/modules.nix `mkAliasDefinitions`",
    },
    Builtin {
        name: "mkOption",
        arity: 1,
        imp: declaration,
        source: "nixpkgs lib/options.nix `mkOption`",
    },
    Builtin {
        name: "mkEnableOption",
        arity: 1,
        imp: declaration,
        source: "nixpkgs lib/options.nix `mkEnableOption`",
    },
    Builtin {
        name: "mkPackageOption",
        arity: 3,
        imp: declaration,
        source: "nixpkgs lib/options.nix `mkPackageOption`",
    },
];

/// `mkIf cond content`: `content`, [`Kind::Absent`] when `cond` is false, `content`
/// marked conditional when `cond` is unknown.
fn mk_if(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    if_(ev, &a[0], a[1].clone(), span)
}

fn if_(ev: &mut Evaluator<'_>, cond: &Value, content: Value, span: Span) -> Value {
    match cond.kind {
        Kind::Bool(true) => normalize(ev, content),
        Kind::Bool(false) => Value::new(Kind::Absent, span),
        _ => {
            let c = ev.condition_of(cond);
            normalize(ev, content).under(Some(&c))
        }
    }
}

/// `mkMerge [ a b … ]`: the definitions merged as if written in separate modules.
fn mk_merge(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(items) = a[0].as_list().cloned() else {
        return wrong("mkMerge", "a list", &a[0], span);
    };
    merge_all(ev, &items, span)
}

fn merge_all(ev: &mut Evaluator<'_>, items: &[Thunk], span: Span) -> Value {
    let mut acc: Option<Value> = None;
    for t in items {
        let v = ev.force(t);
        let v = normalize(ev, v);
        if matches!(v.kind, Kind::Absent) {
            continue;
        }
        acc = Some(match acc {
            None => v,
            Some(prev) => merge(ev, prev, v),
        });
    }
    acc.unwrap_or_else(|| Value::new(Kind::Absent, span))
}

fn with_priority(v: &Value, p: i32) -> Value {
    let mut v = v.clone();
    v.priority = Some(p);
    v
}

fn with_order(v: &Value, o: i32) -> Value {
    let mut v = v.clone();
    v.order = Some(o);
    v
}

fn int(name: &str, v: &Value, span: Span) -> Result<i32, Value> {
    match v.kind {
        Kind::Int(i) => Ok(i.clamp(i32::MIN as i64, i32::MAX as i64) as i32),
        _ => Err(wrong(name, "a priority", v, span)),
    }
}

fn mk_override(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match int("mkOverride", &a[0], span) {
        Ok(p) => with_priority(&normalize(ev, a[1].clone()), p),
        Err(u) => u,
    }
}

fn mk_default(ev: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    with_priority(&normalize(ev, a[0].clone()), 1000)
}

fn mk_option_default(ev: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    with_priority(&normalize(ev, a[0].clone()), 1500)
}

fn mk_force(ev: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    with_priority(&normalize(ev, a[0].clone()), 50)
}

fn mk_image_media_override(ev: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    with_priority(&normalize(ev, a[0].clone()), 60)
}

fn mk_vm_override(ev: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    with_priority(&normalize(ev, a[0].clone()), 10)
}

fn mk_order(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match int("mkOrder", &a[0], span) {
        Ok(o) => with_order(&normalize(ev, a[1].clone()), o),
        Err(u) => u,
    }
}

fn mk_before(ev: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    with_order(&normalize(ev, a[0].clone()), 500)
}

fn mk_after(ev: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    with_order(&normalize(ev, a[0].clone()), 1500)
}

fn mk_alias_definitions(_: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    a[0].clone()
}

fn declaration(_: &mut Evaluator<'_>, _: &[Value], span: Span) -> Value {
    Value::unknown("an option declaration", span)
}

/// Reads the module-system sets `{ _type = "if"; condition; content; }`,
/// `{ _type = "merge"; contents; }`, `{ _type = "override"; priority; content; }` and
/// `{ _type = "order"; priority; content; }` (what `mkIf`, `mkMerge`, `mkOverride` and
/// `mkOrder` return in nixpkgs) as the definitions they stand for. Any other value is
/// returned unchanged.
pub fn normalize(ev: &mut Evaluator<'_>, v: Value) -> Value {
    let Some(a) = v.as_attrs().cloned() else {
        return v;
    };
    let Some(t) = a.entries.get("_type") else {
        return v;
    };
    let ty = ev.force(&t.value.clone());
    let get = |ev: &mut Evaluator<'_>, k: &str| -> Option<Value> {
        a.entries.get(k).map(|e| ev.force(&e.value.clone()))
    };
    let span = v.span;
    let out = match ty.as_str() {
        Some("if") => match (get(ev, "condition"), get(ev, "content")) {
            (Some(c), Some(x)) => if_(ev, &c, x, span),
            _ => return v,
        },
        Some("merge") => match get(ev, "contents") {
            Some(l) => match l.as_list() {
                Some(items) => merge_all(ev, &items.clone(), span),
                None => wrong("mkMerge", "a list", &l, span),
            },
            None => return v,
        },
        Some(kind @ ("override" | "order")) => match (get(ev, "priority"), get(ev, "content")) {
            (Some(p), Some(x)) => match int(kind, &p, span) {
                Ok(p) if kind == "override" => with_priority(&normalize(ev, x), p),
                Ok(o) => with_order(&normalize(ev, x), o),
                Err(u) => u,
            },
            _ => return v,
        },
        _ => return v,
    };
    out.under(v.condition.as_ref())
}

/// `child` with the condition and priority of the definition it is part of, unless it
/// carries its own (the module system pushes properties down to every attribute).
fn inherit(child: Value, parent_cond: Option<&Rc<str>>, parent_prio: Option<i32>) -> Value {
    let mut c = child.under(parent_cond);
    if c.priority.is_none() {
        c.priority = parent_prio;
    }
    c
}

fn inherit_thunk(t: &Thunk, parent: &Value) -> Thunk {
    if parent.condition.is_none() && parent.priority.is_none() {
        return t.clone();
    }
    let (t, cond, prio) = (t.clone(), parent.condition.clone(), parent.priority);
    Thunk::lazy(move |ev| {
        let v = ev.force(&t);
        let v = normalize(ev, v);
        inherit(v, cond.as_ref(), prio)
    })
}

/// Merges two definitions of one option, as the module system does for the types disko
/// and NixOS use: sets merge attribute by attribute; for any other value only the
/// definitions of the highest priority (lowest number) count, and among those lists are
/// concatenated (in `mkOrder` order, then definition order) while for scalars the later
/// one is kept. A definition that exists only under a condition keeps its mark.
pub fn merge(ev: &mut Evaluator<'_>, a: Value, b: Value) -> Value {
    let a = normalize(ev, a);
    let b = normalize(ev, b);
    match (&a.kind, &b.kind) {
        (Kind::Absent, _) => return b,
        (_, Kind::Absent) => return a,
        _ => {}
    }
    if let (Some(x), Some(y)) = (a.as_attrs(), b.as_attrs()) {
        let mut m = (**x).clone();
        m.branches = None;
        m.dynamic_unknown.extend(y.dynamic_unknown.iter().cloned());
        for e in m.entries.values_mut() {
            e.value = inherit_thunk(&e.value, &a);
        }
        for (k, e) in y.entries.iter() {
            let merged = match m.entries.get(k) {
                Some(old) => {
                    let ov = ev.force(&old.value.clone());
                    let nv = ev.force(&e.value);
                    let nv = normalize(ev, nv);
                    let nv = inherit(nv, b.condition.as_ref(), b.priority);
                    Entry {
                        value: Thunk::done(merge(ev, ov, nv)),
                        ..old.clone()
                    }
                }
                None => Entry {
                    value: inherit_thunk(&e.value, &b),
                    ..e.clone()
                },
            };
            m.entries.insert(k.clone(), merged);
        }
        let condition = match (&a.condition, &b.condition) {
            (Some(c), Some(_)) => Some(c.clone()),
            _ => None,
        };
        return Value {
            kind: Kind::Attrs(Rc::new(m)),
            span: a.span,
            condition,
            priority: None,
            order: None,
        };
    }
    let (pa, pb) = (
        a.priority.unwrap_or(DEFAULT_PRIORITY),
        b.priority.unwrap_or(DEFAULT_PRIORITY),
    );
    if pa < pb {
        return a;
    }
    if pb < pa {
        return b;
    }
    match (&a.kind, &b.kind) {
        (Kind::List { items: x, .. }, Kind::List { items: y, .. }) => {
            let xs = x.iter().map(|t| mark(t, a.condition.as_ref()));
            let ys = y.iter().map(|t| mark(t, b.condition.as_ref()));
            let (oa, ob) = (
                a.order.unwrap_or(DEFAULT_ORDER),
                b.order.unwrap_or(DEFAULT_ORDER),
            );
            let items: Vec<Thunk> = if ob < oa {
                ys.chain(xs).collect()
            } else {
                xs.chain(ys).collect()
            };
            let mut out = list(items, a.span);
            out.priority = a.priority;
            out.order = Some(oa.min(ob)).filter(|o| *o != DEFAULT_ORDER);
            if let (Some(c), Some(_)) = (&a.condition, &b.condition) {
                out.condition = Some(c.clone());
            }
            out
        }
        _ => b,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::show;

    #[test]
    fn mk_if_true_false_unknown() {
        assert_eq!(show("lib.mkIf true 1"), "1");
        assert_eq!(show("lib.mkIf false 1"), "<absent>");
        assert_eq!(show("lib.mkIf config.x 1"), "?1");
    }

    #[test]
    fn mk_merge_concatenates_list_definitions() {
        assert_eq!(
            show(r#"lib.mkMerge [ { o = [ "defaults" ]; } { o = [ "defaults" ]; } ]"#),
            r#"{ o = [ "defaults" "defaults" ]; }"#
        );
        assert_eq!(
            show("lib.mkMerge [ { a.x = 1; } (lib.mkIf false { a.y = 2; }) { a.z = 3; } ]"),
            "{ a = { x = 1; z = 3; }; }"
        );
        assert_eq!(
            show("lib.mkMerge [ { a = 1; } (lib.mkIf config.c { b = 2; }) ]"),
            "{ a = 1; b = ?2; }"
        );
    }

    #[test]
    fn priorities_keep_only_the_strongest_definitions() {
        assert_eq!(
            show(r#"lib.mkMerge [ { o = lib.mkDefault [ "a" ]; } { o = [ "b" ]; } ]"#),
            r#"{ o = [ "b" ]; }"#
        );
        assert_eq!(
            show(r#"lib.mkMerge [ { o = [ "a" ]; } { o = lib.mkForce [ "b" ]; } ]"#),
            r#"{ o = [ "b" ]; }"#
        );
        assert_eq!(
            show(
                r#"lib.mkMerge [ { o = lib.mkOverride 10 [ "a" ]; } { o = lib.mkVMOverride [ "b" ]; } ]"#
            ),
            r#"{ o = [ "a" "b" ]; }"#
        );
        assert_eq!(
            show(r#"lib.mkMerge [ (lib.mkDefault { o = [ "a" ]; }) { o = [ "b" ]; } ]"#),
            r#"{ o = [ "b" ]; }"#
        );
        assert_eq!(
            show(
                r#"lib.mkMerge [ { o = lib.mkOptionDefault [ "a" ]; } { o = lib.mkImageMediaOverride [ "b" ]; } ]"#
            ),
            r#"{ o = [ "b" ]; }"#
        );
    }

    #[test]
    fn orders_sort_list_definitions() {
        assert_eq!(
            show(r#"lib.mkMerge [ { o = [ "a" ]; } { o = lib.mkBefore [ "b" ]; } ]"#),
            r#"{ o = [ "b" "a" ]; }"#
        );
        assert_eq!(
            show(r#"lib.mkMerge [ { o = lib.mkAfter [ "a" ]; } { o = [ "b" ]; } ]"#),
            r#"{ o = [ "b" "a" ]; }"#
        );
        assert_eq!(
            show(r#"lib.mkMerge [ { o = lib.mkOrder 2000 [ "a" ]; } { o = [ "b" ]; } ]"#),
            r#"{ o = [ "b" "a" ]; }"#
        );
    }

    #[test]
    fn type_forms_mean_what_the_functions_return() {
        assert_eq!(
            show(r#"lib.mkMerge [ { _type = "merge"; contents = [ { a = 1; } { b = 2; } ]; } ]"#),
            "{ a = 1; b = 2; }"
        );
        assert_eq!(
            show(r#"lib.mkMerge [ { _type = "if"; condition = false; content = 1; } ]"#),
            "<absent>"
        );
        assert_eq!(
            show(
                r#"lib.mkMerge [ { o = { _type = "override"; priority = 50; content = [ "a" ]; }; } { o = [ "b" ]; } ]"#
            ),
            r#"{ o = [ "a" ]; }"#
        );
        assert_eq!(
            show(
                r#"lib.mkMerge [ { o = [ "a" ]; } { o = { _type = "order"; priority = 500; content = [ "b" ]; }; } ]"#
            ),
            r#"{ o = [ "b" "a" ]; }"#
        );
        // Other `_type`s are ordinary sets.
        assert_eq!(
            show(r#"lib.mkMerge [ { _type = "flake"; } ]"#),
            r#"{ _type = "flake"; }"#
        );
    }

    #[test]
    fn mk_alias_and_declarations() {
        assert_eq!(show("lib.mkAliasDefinitions 1"), "1");
        assert_eq!(show("lib.mkOption { }"), "<unknown: an option declaration>");
        assert_eq!(
            show(r#"lib.mkEnableOption "x""#),
            "<unknown: an option declaration>"
        );
        assert_eq!(
            show(r#"lib.mkPackageOption pkgs "x" { }"#),
            "<unknown: an option declaration>"
        );
    }
}
