//! Attribute-set functions (nixpkgs `lib/attrsets.nix`, Nix manual "Built-in Functions").
//!
//! Sets built from computed names keep the span of each name where it is written; an item
//! whose name cannot be known is listed in [`Attrs::dynamic_unknown`] with the reason, not
//! dropped silently.

use super::lists::mark;
use super::{Builtin, apply1, apply2, attrset, entry, list, string, unknown_arg, wrong};
use crate::nix::eval::{Evaluator, Thunk};
use crate::nix::value::{Attrs, Entry, Kind, Value};
use crate::source::Span;
use std::rc::Rc;

/// `f name value` for one entry of a set (what `mapAttrs`, `filterAttrs` and friends call),
/// the name carrying the entry's key span.
fn apply_to_entry(ev: &mut Evaluator<'_>, f: &Value, k: &str, e: &Entry, span: Span) -> Value {
    apply2(
        ev,
        f,
        Thunk::done(string(k.to_string(), e.key_span)),
        e.value.clone(),
        span,
    )
}

/// The functions of this module.
pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "attrNames",
        arity: 1,
        imp: attr_names,
        source: "Nix manual, builtins.attrNames",
    },
    Builtin {
        name: "attrValues",
        arity: 1,
        imp: attr_values,
        source: "Nix manual, builtins.attrValues",
    },
    Builtin {
        name: "mapAttrs",
        arity: 2,
        imp: map_attrs,
        source: "Nix manual, builtins.mapAttrs",
    },
    Builtin {
        name: "mapAttrs'",
        arity: 2,
        imp: map_attrs_prime,
        source: "nixpkgs lib/attrsets.nix `mapAttrs'`",
    },
    Builtin {
        name: "mapAttrsToList",
        arity: 2,
        imp: map_attrs_to_list,
        source: "nixpkgs lib/attrsets.nix `mapAttrsToList`",
    },
    Builtin {
        name: "concatMapAttrs",
        arity: 2,
        imp: concat_map_attrs,
        source: "nixpkgs lib/attrsets.nix `concatMapAttrs`",
    },
    Builtin {
        name: "filterAttrs",
        arity: 2,
        imp: filter_attrs,
        source: "nixpkgs lib/attrsets.nix `filterAttrs`",
    },
    Builtin {
        name: "genAttrs",
        arity: 2,
        imp: gen_attrs,
        source: "nixpkgs lib/attrsets.nix `genAttrs`",
    },
    Builtin {
        name: "listToAttrs",
        arity: 1,
        imp: list_to_attrs,
        source: "Nix manual, builtins.listToAttrs",
    },
    Builtin {
        name: "nameValuePair",
        arity: 2,
        imp: name_value_pair,
        source: "nixpkgs lib/attrsets.nix `nameValuePair`",
    },
    Builtin {
        name: "recursiveUpdate",
        arity: 2,
        imp: recursive_update,
        source: "nixpkgs lib/attrsets.nix `recursiveUpdate`",
    },
    Builtin {
        name: "mergeAttrsList",
        arity: 1,
        imp: merge_attrs_list,
        source: "nixpkgs lib/attrsets.nix `mergeAttrsList`",
    },
    Builtin {
        name: "attrByPath",
        arity: 3,
        imp: attr_by_path,
        source: "nixpkgs lib/attrsets.nix `attrByPath`",
    },
    Builtin {
        name: "getAttrFromPath",
        arity: 2,
        imp: get_attr_from_path,
        source: "nixpkgs lib/attrsets.nix `getAttrFromPath`",
    },
    Builtin {
        name: "setAttrByPath",
        arity: 2,
        imp: set_attr_by_path,
        source: "nixpkgs lib/attrsets.nix `setAttrByPath`",
    },
    Builtin {
        name: "hasAttr",
        arity: 2,
        imp: has_attr,
        source: "Nix manual, builtins.hasAttr",
    },
    Builtin {
        name: "getAttr",
        arity: 2,
        imp: get_attr,
        source: "Nix manual, builtins.getAttr",
    },
    Builtin {
        name: "removeAttrs",
        arity: 2,
        imp: remove_attrs,
        source: "Nix manual, builtins.removeAttrs",
    },
    Builtin {
        name: "catAttrs",
        arity: 2,
        imp: cat_attrs,
        source: "Nix manual, builtins.catAttrs",
    },
    Builtin {
        name: "optionalAttrs",
        arity: 2,
        imp: optional_attrs,
        source: "nixpkgs lib/attrsets.nix `optionalAttrs`",
    },
];

fn set<'v>(name: &str, a: &'v [Value], i: usize, span: Span) -> Result<&'v Rc<Attrs>, Value> {
    a[i].as_attrs()
        .ok_or_else(|| wrong(name, "an attribute set", &a[i], span))
}

fn attr_names(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match set("attrNames", a, 0, span) {
        Ok(s) => list(
            s.entries
                .iter()
                .map(|(k, e)| Thunk::done(string(k.clone(), e.key_span)))
                .collect(),
            span,
        ),
        Err(u) => u,
    }
}

fn attr_values(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match set("attrValues", a, 0, span) {
        Ok(s) => list(s.entries.values().map(|e| e.value.clone()).collect(), span),
        Err(u) => u,
    }
}

fn map_attrs(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let s = match set("mapAttrs", a, 1, span) {
        Ok(s) => s.clone(),
        Err(u) => return u,
    };
    let mut out = Attrs {
        dynamic_unknown: s.dynamic_unknown.clone(),
        ..Default::default()
    };
    for (k, e) in s.entries.iter() {
        let (f, name, v) = (a[0].clone(), string(k.clone(), e.key_span), e.value.clone());
        out.entries.insert(
            k.clone(),
            Entry {
                value: Thunk::lazy(move |ev| apply2(ev, &f, Thunk::done(name), v, span)),
                ..e.clone()
            },
        );
    }
    attrset(out, span)
}

/// Adds the `{ name; value; }` pair `p` to `out`; the first definition of a name wins
/// (as in `builtins.listToAttrs`). A pair whose name is not known goes to
/// `dynamic_unknown`.
fn add_pair(ev: &mut Evaluator<'_>, out: &mut Attrs, p: &Value, span: Span) {
    let Some(pa) = p.as_attrs() else {
        let why = p.unknown_reason().unwrap_or("not a name/value pair");
        out.dynamic_unknown.push((p.span, why.into()));
        return;
    };
    let (Some(n), Some(v)) = (pa.entries.get("name"), pa.entries.get("value")) else {
        out.dynamic_unknown
            .push((p.span, "an item without `name` and `value`".into()));
        return;
    };
    let nv = ev.force(&n.value.clone());
    let Some(name) = nv.as_str() else {
        let why = match nv.unknown_reason() {
            Some(r) => format!("attribute name {r}"),
            None => format!("attribute name is a {}", nv.type_name()),
        };
        out.dynamic_unknown.push((nv.span, why.into()));
        return;
    };
    let _ = span;
    if out.entries.contains_key(name) {
        return;
    }
    out.entries.insert(
        name.into(),
        Entry {
            value: mark(&v.value, p.condition.as_ref()),
            key_span: nv.span,
            def_span: p.span,
        },
    );
}

fn list_to_attrs(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(l) = a[0].as_list().cloned() else {
        return wrong("listToAttrs", "a list", &a[0], span);
    };
    let mut out = Attrs::default();
    for t in l.iter() {
        let p = ev.force(t);
        if matches!(p.kind, Kind::Absent) {
            continue;
        }
        add_pair(ev, &mut out, &p, span);
    }
    attrset(out, span)
}

fn map_attrs_prime(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let s = match set("mapAttrs'", a, 1, span) {
        Ok(s) => s.clone(),
        Err(u) => return u,
    };
    let mut out = Attrs {
        dynamic_unknown: s.dynamic_unknown.clone(),
        ..Default::default()
    };
    for (k, e) in s.entries.iter() {
        let p = apply_to_entry(ev, &a[0], k, e, span);
        add_pair(ev, &mut out, &p, span);
    }
    attrset(out, span)
}

fn map_attrs_to_list(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let s = match set("mapAttrsToList", a, 1, span) {
        Ok(s) => s.clone(),
        Err(u) => return u,
    };
    let out = s
        .entries
        .iter()
        .map(|(k, e)| {
            let (f, name, v) = (a[0].clone(), string(k.clone(), e.key_span), e.value.clone());
            Thunk::lazy(move |ev| apply2(ev, &f, Thunk::done(name), v, span))
        })
        .collect();
    list(out, span)
}

/// `concatMapAttrs f set`: the sets `f name value` merged with `//`, later names winning.
fn concat_map_attrs(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let s = match set("concatMapAttrs", a, 1, span) {
        Ok(s) => s.clone(),
        Err(u) => return u,
    };
    let mut out = Attrs {
        dynamic_unknown: s.dynamic_unknown.clone(),
        ..Default::default()
    };
    for (k, e) in s.entries.iter() {
        let r = apply_to_entry(ev, &a[0], k, e, span);
        match r.as_attrs() {
            Some(ra) => {
                out.dynamic_unknown
                    .extend(ra.dynamic_unknown.iter().cloned());
                for (rk, re) in ra.entries.iter() {
                    let value = mark(&re.value, r.condition.as_ref());
                    out.entries.insert(
                        rk.clone(),
                        Entry {
                            value,
                            ..re.clone()
                        },
                    );
                }
            }
            None => {
                let why = r.unknown_reason().unwrap_or("not an attribute set");
                out.dynamic_unknown.push((e.key_span, why.into()));
            }
        }
    }
    attrset(out, span)
}

/// `filterAttrs pred set`; an entry whose predicate cannot be decided is kept, marked as
/// conditional on it.
fn filter_attrs(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let s = match set("filterAttrs", a, 1, span) {
        Ok(s) => s.clone(),
        Err(u) => return u,
    };
    let mut out = Attrs {
        dynamic_unknown: s.dynamic_unknown.clone(),
        ..Default::default()
    };
    for (k, e) in s.entries.iter() {
        let r = apply_to_entry(ev, &a[0], k, e, span);
        match r.kind {
            Kind::Bool(true) => {
                out.entries.insert(k.clone(), e.clone());
            }
            Kind::Bool(false) => {}
            _ => {
                let c = ev.condition_of(&r);
                out.entries.insert(
                    k.clone(),
                    Entry {
                        value: mark(&e.value, Some(&c)),
                        ..e.clone()
                    },
                );
            }
        }
    }
    attrset(out, span)
}

fn gen_attrs(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(names) = a[0].as_list().cloned() else {
        return wrong("genAttrs", "a list of names", &a[0], span);
    };
    let mut out = Attrs::default();
    for t in names.iter() {
        let n = ev.force(t);
        let Some(s) = n.as_str() else {
            let why = match n.unknown_reason() {
                Some(r) => format!("attribute name {r}"),
                None => format!("attribute name is a {}", n.type_name()),
            };
            out.dynamic_unknown.push((n.span, why.into()));
            continue;
        };
        let (f, nv) = (a[1].clone(), n.clone());
        let value = Thunk::lazy(move |ev| apply1(ev, &f, nv, span));
        out.entries.insert(
            s.into(),
            Entry {
                value: mark(&value, n.condition.as_ref()),
                key_span: n.span,
                def_span: n.span,
            },
        );
    }
    attrset(out, span)
}

fn name_value_pair(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let mut out = Attrs::default();
    out.entries
        .insert("name".into(), entry(Thunk::done(a[0].clone()), a[0].span));
    out.entries
        .insert("value".into(), entry(Thunk::done(a[1].clone()), a[1].span));
    attrset(out, span)
}

/// `recursiveUpdate l r`: like `l // r`, but sets in both are updated recursively; any
/// other value in `r` replaces the one in `l` (lists are not concatenated).
pub(crate) fn update(ev: &mut Evaluator<'_>, l: &Value, r: &Value) -> Value {
    let (Some(x), Some(y)) = (l.as_attrs(), r.as_attrs()) else {
        return r.clone();
    };
    let mut m = (**x).clone();
    m.literal = x.literal;
    m.branches = None;
    m.dynamic_unknown.extend(y.dynamic_unknown.iter().cloned());
    for (k, e) in y.entries.iter() {
        let merged = match m.entries.get(k) {
            Some(old) => {
                let ov = ev.force(&old.value.clone());
                let nv = ev.force(&e.value);
                if ov.as_attrs().is_some() && nv.as_attrs().is_some() {
                    Entry {
                        value: Thunk::done(update(ev, &ov, &nv.under(r.condition.as_ref()))),
                        ..e.clone()
                    }
                } else {
                    Entry {
                        value: mark(&e.value, r.condition.as_ref()),
                        ..e.clone()
                    }
                }
            }
            None => Entry {
                value: mark(&e.value, r.condition.as_ref()),
                ..e.clone()
            },
        };
        m.entries.insert(k.clone(), merged);
    }
    Value {
        kind: Kind::Attrs(Rc::new(m)),
        span: l.span,
        condition: l.condition.clone(),
        priority: l.priority,
        order: l.order,
    }
}

fn recursive_update(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    if let Some(u) = unknown_arg(a, span) {
        return u;
    }
    update(ev, &a[0], &a[1])
}

fn merge_attrs_list(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(l) = a[0].as_list().cloned() else {
        return wrong("mergeAttrsList", "a list of sets", &a[0], span);
    };
    let mut out = Attrs::default();
    for t in l.iter() {
        let v = ev.force(t);
        match v.as_attrs() {
            Some(s) => {
                out.dynamic_unknown
                    .extend(s.dynamic_unknown.iter().cloned());
                for (k, e) in s.entries.iter() {
                    let value = mark(&e.value, v.condition.as_ref());
                    out.entries.insert(k.clone(), Entry { value, ..e.clone() });
                }
            }
            None if matches!(v.kind, Kind::Absent) => {}
            None => return wrong("mergeAttrsList", "a list of sets", &v, span),
        }
    }
    attrset(out, span)
}

/// The names of an attribute path argument (`[ "a" "b" ]`), or the unknown to return.
fn path_names(ev: &mut Evaluator<'_>, p: &Value, span: Span) -> Result<Vec<String>, Value> {
    let Some(l) = p.as_list().cloned() else {
        return Err(wrong("attrByPath", "an attribute path", p, span));
    };
    let mut out = Vec::new();
    for t in l.iter() {
        let v = ev.force(t);
        match v.as_str() {
            Some(s) => out.push(s.to_string()),
            None => return Err(wrong("attrByPath", "a string", &v, span)),
        }
    }
    Ok(out)
}

/// Follows `path` in `v`: `Ok(Some(value))`, `Ok(None)` when an attribute is missing, or
/// the unknown to return.
fn follow(
    ev: &mut Evaluator<'_>,
    v: &Value,
    path: &[String],
    span: Span,
) -> Result<Option<Value>, Value> {
    let mut cur = v.clone();
    for n in path {
        match &cur.kind {
            Kind::Attrs(a) => match a.entries.get(n.as_str()) {
                Some(e) => cur = ev.force(&e.value.clone()),
                None => return Ok(None),
            },
            Kind::Unknown(r) => return Err(Value::unknown(r.clone(), span)),
            _ => return Ok(None),
        }
    }
    Ok(Some(cur))
}

fn attr_by_path(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let path = match path_names(ev, &a[0], span) {
        Ok(p) => p,
        Err(u) => return u,
    };
    match follow(ev, &a[2], &path, span) {
        Ok(Some(v)) => v,
        Ok(None) => a[1].clone(),
        Err(u) => u,
    }
}

fn get_attr_from_path(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let path = match path_names(ev, &a[0], span) {
        Ok(p) => p,
        Err(u) => return u,
    };
    match follow(ev, &a[1], &path, span) {
        Ok(Some(v)) => v,
        Ok(None) => Value::unknown(format!("attribute `{}` missing", path.join(".")), span),
        Err(u) => u,
    }
}

fn set_attr_by_path(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let path = match path_names(ev, &a[0], span) {
        Ok(p) => p,
        Err(u) => return u,
    };
    let mut cur = a[1].clone();
    for n in path.iter().rev() {
        let mut s = Attrs::default();
        s.entries
            .insert(n.as_str().into(), entry(Thunk::done(cur), span));
        cur = attrset(s, span);
    }
    cur
}

fn has_attr(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match (&a[0].kind, &a[1].kind) {
        (Kind::Str(n), Kind::Attrs(s)) => Value::new(Kind::Bool(s.entries.contains_key(n)), span),
        _ => unknown_arg(a, span)
            .unwrap_or_else(|| wrong("hasAttr", "a name and a set", &a[1], span)),
    }
}

fn get_attr(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match (&a[0].kind, &a[1].kind) {
        (Kind::Str(n), Kind::Attrs(s)) => match s.entries.get(n) {
            Some(e) => ev.force(&e.value.clone()),
            None => Value::unknown(format!("attribute `{n}` missing"), span),
        },
        _ => unknown_arg(a, span)
            .unwrap_or_else(|| wrong("getAttr", "a name and a set", &a[1], span)),
    }
}

fn remove_attrs(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let s = match set("removeAttrs", a, 0, span) {
        Ok(s) => s.clone(),
        Err(u) => return u,
    };
    let Some(names) = a[1].as_list().cloned() else {
        return wrong("removeAttrs", "a list of names", &a[1], span);
    };
    let mut m = (*s).clone();
    m.literal = None;
    m.branches = None;
    for t in names.iter() {
        let n = ev.force(t);
        match n.as_str() {
            Some(n) => {
                m.entries.remove(n);
            }
            None => return wrong("removeAttrs", "a name", &n, span),
        }
    }
    attrset(m, span)
}

fn cat_attrs(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(name) = a[0].as_str() else {
        return wrong("catAttrs", "a name", &a[0], span);
    };
    let Some(l) = a[1].as_list().cloned() else {
        return wrong("catAttrs", "a list of sets", &a[1], span);
    };
    let mut out = Vec::new();
    for t in l.iter() {
        let v = ev.force(t);
        match &v.kind {
            Kind::Attrs(s) => {
                if let Some(e) = s.entries.get(name) {
                    out.push(e.value.clone());
                }
            }
            _ => return wrong("catAttrs", "a list of sets", &v, span),
        }
    }
    list(out, span)
}

/// `optionalAttrs cond set`: `set` or `{ }`; with an unknown `cond`, `set` marked
/// conditional (its entries keep the mark when merged with `//`).
fn optional_attrs(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match &a[0].kind {
        Kind::Bool(true) => a[1].clone(),
        Kind::Bool(false) => attrset(Attrs::default(), span),
        _ => {
            let c = ev.condition_of(&a[0]);
            a[1].clone().under(Some(&c))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::show;

    #[test]
    fn attr_names_and_values_in_name_order() {
        assert_eq!(
            show("builtins.attrNames { b = 1; a = 2; }"),
            r#"[ "a" "b" ]"#
        );
        assert_eq!(show("builtins.attrValues { b = 1; a = 2; }"), "[ 2 1 ]");
    }

    #[test]
    fn map_attrs_variants() {
        assert_eq!(
            show(r#"builtins.mapAttrs (n: v: "${n}${v}") { a = "x"; }"#),
            r#"{ a = "ax"; }"#
        );
        assert_eq!(
            show(r#"lib.mapAttrs' (n: v: lib.nameValuePair "@${n}" v) { a = 1; }"#),
            "{ @a = 1; }"
        );
        assert_eq!(
            show("lib.mapAttrsToList (n: v: v) { a = 1; b = 2; }"),
            "[ 1 2 ]"
        );
        assert_eq!(
            show(r#"lib.concatMapAttrs (n: v: { "${n}1" = v; "${n}2" = v; }) { a = 0; }"#),
            "{ a1 = 0; a2 = 0; }"
        );
    }

    #[test]
    fn filter_attrs_keeps_undecided_entries_as_conditional() {
        assert_eq!(
            show("lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; }"),
            "{ b = 2; }"
        );
        assert_eq!(
            show("lib.filterAttrs (n: v: config.keep) { a = 1; }"),
            "{ a = ?1; }"
        );
    }

    #[test]
    fn gen_attrs_and_list_to_attrs() {
        assert_eq!(
            show(r#"lib.genAttrs [ "a" "b" ] (n: n)"#),
            r#"{ a = "a"; b = "b"; }"#
        );
        assert_eq!(
            show(
                r#"builtins.listToAttrs [ { name = "a"; value = 1; } (lib.nameValuePair "a" 2) ]"#
            ),
            "{ a = 1; }"
        );
        // A computed name that cannot be known is noted, the others are kept.
        assert_eq!(
            show(
                r#"builtins.listToAttrs [ { name = config.n; value = 1; } { name = "b"; value = 2; } ]"#
            ),
            "{ b = 2; <attribute name depends on `config.n`>; }"
        );
    }

    #[test]
    fn name_value_pair_builds_a_pair() {
        assert_eq!(
            show(r#"lib.nameValuePair "a" 1"#),
            r#"{ name = "a"; value = 1; }"#
        );
    }

    #[test]
    fn recursive_update_replaces_lists() {
        assert_eq!(
            show(
                "lib.recursiveUpdate { a = { x = 1; l = [ 1 ]; }; } { a = { y = 2; l = [ 2 ]; }; }"
            ),
            "{ a = { l = [ 2 ]; x = 1; y = 2; }; }"
        );
        assert_eq!(
            show("lib.mergeAttrsList [ { a = 1; } { b = 2; a = 3; } ]"),
            "{ a = 3; b = 2; }"
        );
    }

    #[test]
    fn attr_paths() {
        assert_eq!(show(r#"lib.attrByPath [ "a" "b" ] 0 { a.b = 1; }"#), "1");
        assert_eq!(show(r#"lib.attrByPath [ "a" "c" ] 0 { a.b = 1; }"#), "0");
        assert_eq!(show(r#"lib.getAttrFromPath [ "a" "b" ] { a.b = 1; }"#), "1");
        assert_eq!(
            show(r#"lib.setAttrByPath [ "a" "b" ] 1"#),
            "{ a = { b = 1; }; }"
        );
    }

    #[test]
    fn has_get_remove_cat() {
        assert_eq!(show(r#"builtins.hasAttr "a" { a = 1; }"#), "true");
        assert_eq!(show(r#"builtins.getAttr "a" { a = 1; }"#), "1");
        assert_eq!(
            show(r#"builtins.removeAttrs { a = 1; b = 2; } [ "a" ]"#),
            "{ b = 2; }"
        );
        assert_eq!(
            show(r#"builtins.catAttrs "a" [ { a = 1; } { b = 2; } ]"#),
            "[ 1 ]"
        );
    }

    #[test]
    fn optional_attrs_marks_entries_merged_with_update() {
        assert_eq!(show("lib.optionalAttrs true { a = 1; }"), "{ a = 1; }");
        assert_eq!(show("lib.optionalAttrs false { a = 1; }"), "{ }");
        assert_eq!(
            show("{ a = 1; } // lib.optionalAttrs config.more { b = 2; }"),
            "{ a = 1; b = ?2; }"
        );
    }
}
