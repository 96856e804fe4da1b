//! List functions (nixpkgs `lib/lists.nix`, Nix manual "Built-in Functions").
//!
//! Results that apply a function are lazy: each item is computed when it is forced, so a
//! layout that maps over disks evaluates only what the reader looks at.

use super::{Builtin, list, unknown_arg, wrong};
use crate::nix::eval::{Evaluator, Thunk, scalar_eq};
use crate::nix::value::{Kind, Value};
use crate::source::Span;
use std::rc::Rc;

/// Longest list `genList` and `range` build; longer ones are unknown.
pub const MAX_BUILT_LIST: i64 = 10_000;

/// The functions of this module.
pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "map",
        arity: 2,
        imp: map,
        source: "Nix manual, builtins.map",
    },
    Builtin {
        name: "forEach",
        arity: 2,
        imp: for_each,
        source: "nixpkgs lib/lists.nix `forEach`",
    },
    Builtin {
        name: "imap0",
        arity: 2,
        imp: imap0,
        source: "nixpkgs lib/lists.nix `imap0`",
    },
    Builtin {
        name: "imap1",
        arity: 2,
        imp: imap1,
        source: "nixpkgs lib/lists.nix `imap1`",
    },
    Builtin {
        name: "elemAt",
        arity: 2,
        imp: elem_at,
        source: "Nix manual, builtins.elemAt",
    },
    Builtin {
        name: "head",
        arity: 1,
        imp: head,
        source: "Nix manual, builtins.head",
    },
    Builtin {
        name: "tail",
        arity: 1,
        imp: tail,
        source: "Nix manual, builtins.tail",
    },
    Builtin {
        name: "last",
        arity: 1,
        imp: last,
        source: "nixpkgs lib/lists.nix `last`",
    },
    Builtin {
        name: "length",
        arity: 1,
        imp: length,
        source: "Nix manual, builtins.length",
    },
    Builtin {
        name: "filter",
        arity: 2,
        imp: filter,
        source: "Nix manual, builtins.filter",
    },
    Builtin {
        name: "concatLists",
        arity: 1,
        imp: concat_lists,
        source: "Nix manual, builtins.concatLists",
    },
    Builtin {
        name: "flatten",
        arity: 1,
        imp: flatten,
        source: "nixpkgs lib/lists.nix `flatten`",
    },
    Builtin {
        name: "concatMap",
        arity: 2,
        imp: concat_map,
        source: "Nix manual, builtins.concatMap",
    },
    Builtin {
        name: "genList",
        arity: 2,
        imp: gen_list,
        source: "Nix manual, builtins.genList",
    },
    Builtin {
        name: "range",
        arity: 2,
        imp: range,
        source: "nixpkgs lib/lists.nix `range`",
    },
    Builtin {
        name: "foldl'",
        arity: 3,
        imp: foldl,
        source: "Nix manual, builtins.foldl'",
    },
    Builtin {
        name: "foldl",
        arity: 3,
        imp: foldl,
        source: "nixpkgs lib/lists.nix `foldl`",
    },
    Builtin {
        name: "foldr",
        arity: 3,
        imp: foldr,
        source: "nixpkgs lib/lists.nix `foldr`",
    },
    Builtin {
        name: "zipListsWith",
        arity: 3,
        imp: zip_lists_with,
        source: "nixpkgs lib/lists.nix `zipListsWith`",
    },
    Builtin {
        name: "elem",
        arity: 2,
        imp: elem,
        source: "Nix manual, builtins.elem",
    },
    Builtin {
        name: "any",
        arity: 2,
        imp: any,
        source: "Nix manual, builtins.any",
    },
    Builtin {
        name: "all",
        arity: 2,
        imp: all,
        source: "Nix manual, builtins.all",
    },
    Builtin {
        name: "reverseList",
        arity: 1,
        imp: reverse_list,
        source: "nixpkgs lib/lists.nix `reverseList`",
    },
    Builtin {
        name: "unique",
        arity: 1,
        imp: unique,
        source: "nixpkgs lib/lists.nix `unique`",
    },
    Builtin {
        name: "optional",
        arity: 2,
        imp: optional,
        source: "nixpkgs lib/lists.nix `optional`",
    },
    Builtin {
        name: "optionals",
        arity: 2,
        imp: optionals,
        source: "nixpkgs lib/lists.nix `optionals`",
    },
];

/// The items of list argument `i` of `name`, or the unknown to return.
fn items(name: &str, a: &[Value], i: usize, span: Span) -> Result<Rc<Vec<Thunk>>, Value> {
    match a[i].as_list() {
        Some(l) => Ok(l.clone()),
        None => Err(wrong(name, "a list", &a[i], span)),
    }
}

/// Lazily `f item` for every item.
fn mapped(f: &Value, l: &[Thunk], span: Span) -> Vec<Thunk> {
    l.iter()
        .map(|t| {
            let (f, t) = (f.clone(), t.clone());
            Thunk::lazy(move |ev| ev.apply(f, t, span))
        })
        .collect()
}

fn map(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match items("map", a, 1, span) {
        Ok(l) => list(mapped(&a[0], &l, span), span),
        Err(u) => u,
    }
}

fn for_each(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match items("forEach", a, 0, span) {
        Ok(l) => list(mapped(&a[1], &l, span), span),
        Err(u) => u,
    }
}

fn imap(a: &[Value], base: i64, span: Span) -> Value {
    let l = match items("imap", a, 1, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    let out = l
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (f, t) = (a[0].clone(), t.clone());
            Thunk::lazy(move |ev| {
                let idx = Thunk::done(Value::new(Kind::Int(i as i64 + base), span));
                let g = ev.apply(f, idx, span);
                ev.apply(g, t, span)
            })
        })
        .collect();
    list(out, span)
}

fn imap0(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    imap(a, 0, span)
}

fn imap1(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    imap(a, 1, span)
}

fn elem_at(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("elemAt", a, 0, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    match &a[1].kind {
        Kind::Int(i) if *i >= 0 => match l.get(*i as usize) {
            Some(t) => ev.force(t),
            None => Value::unknown(format!("list index {i} out of range"), span),
        },
        _ => wrong("elemAt", "an index", &a[1], span),
    }
}

fn head(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match items("head", a, 0, span) {
        Ok(l) => match l.first() {
            Some(t) => ev.force(t),
            None => Value::unknown("`head` of an empty list", span),
        },
        Err(u) => u,
    }
}

fn tail(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match items("tail", a, 0, span) {
        Ok(l) if !l.is_empty() => list(l[1..].to_vec(), span),
        Ok(_) => Value::unknown("`tail` of an empty list", span),
        Err(u) => u,
    }
}

fn last(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match items("last", a, 0, span) {
        Ok(l) => match l.last() {
            Some(t) => ev.force(t),
            None => Value::unknown("`last` of an empty list", span),
        },
        Err(u) => u,
    }
}

fn length(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match items("length", a, 0, span) {
        Ok(l) => Value::new(Kind::Int(l.len() as i64), span),
        Err(u) => u,
    }
}

/// Applies predicate `p` to `t`: `Ok(bool)` or the unknown to return.
fn test(ev: &mut Evaluator<'_>, p: &Value, t: &Thunk, span: Span) -> Result<bool, Value> {
    let r = ev.apply(p.clone(), t.clone(), span);
    match r.kind {
        Kind::Bool(b) => Ok(b),
        _ => Err(wrong("predicate", "a bool result", &r, span)),
    }
}

fn filter(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("filter", a, 1, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    let mut out = Vec::new();
    for t in l.iter() {
        match test(ev, &a[0], t, span) {
            Ok(true) => out.push(t.clone()),
            Ok(false) => {}
            Err(u) => return u,
        }
    }
    list(out, span)
}

fn any(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("any", a, 1, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    for t in l.iter() {
        match test(ev, &a[0], t, span) {
            Ok(true) => return Value::new(Kind::Bool(true), span),
            Ok(false) => {}
            Err(u) => return u,
        }
    }
    Value::new(Kind::Bool(false), span)
}

fn all(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("all", a, 1, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    for t in l.iter() {
        match test(ev, &a[0], t, span) {
            Ok(false) => return Value::new(Kind::Bool(false), span),
            Ok(true) => {}
            Err(u) => return u,
        }
    }
    Value::new(Kind::Bool(true), span)
}

/// Concatenates the lists held by the thunks of `l`; with `deep`, nested lists too.
fn concat(ev: &mut Evaluator<'_>, l: &[Thunk], deep: bool, span: Span, out: &mut Vec<Thunk>) {
    for t in l {
        let v = ev.force(t);
        match &v.kind {
            Kind::List { items, .. } if deep => {
                let items = items.clone();
                concat(ev, &items, true, span, out);
            }
            Kind::List { items, .. } => {
                let cond = v.condition.clone();
                out.extend(items.iter().map(|i| mark(i, cond.as_ref())));
            }
            Kind::Absent => {}
            _ if deep => out.push(t.clone()),
            _ => out.push(Thunk::done(wrong("concatLists", "lists", &v, span))),
        }
    }
}

/// `t`, marked as conditional on `cond` when it is set.
pub(crate) fn mark(t: &Thunk, cond: Option<&Rc<str>>) -> Thunk {
    match cond {
        None => t.clone(),
        Some(c) => {
            let (t, c) = (t.clone(), c.clone());
            Thunk::lazy(move |ev| ev.force(&t).under(Some(&c)))
        }
    }
}

fn concat_lists(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("concatLists", a, 0, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    let mut out = Vec::new();
    concat(ev, &l, false, span, &mut out);
    list(out, span)
}

fn flatten(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match &a[0].kind {
        Kind::List { items, .. } => {
            let mut out = Vec::new();
            concat(ev, &items.clone(), true, span, &mut out);
            list(out, span)
        }
        Kind::Unknown(_) => wrong("flatten", "a list", &a[0], span),
        _ => list(vec![Thunk::done(a[0].clone())], span),
    }
}

fn concat_map(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("concatMap", a, 1, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    let m = mapped(&a[0], &l, span);
    let mut out = Vec::new();
    concat(ev, &m, false, span, &mut out);
    list(out, span)
}

fn gen_list(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match &a[1].kind {
        Kind::Int(n) if (0..=MAX_BUILT_LIST).contains(n) => {
            let out = (0..*n)
                .map(|i| {
                    let f = a[0].clone();
                    Thunk::lazy(move |ev| {
                        ev.apply(f, Thunk::done(Value::new(Kind::Int(i), span)), span)
                    })
                })
                .collect();
            list(out, span)
        }
        Kind::Int(n) => Value::unknown(format!("`genList` of {n} items"), span),
        _ => wrong("genList", "a length", &a[1], span),
    }
}

fn range(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match (&a[0].kind, &a[1].kind) {
        (Kind::Int(x), Kind::Int(y)) if y.saturating_sub(*x) < MAX_BUILT_LIST => {
            let out = (*x..=*y)
                .map(|i| Thunk::done(Value::new(Kind::Int(i), span)))
                .collect();
            list(out, span)
        }
        (Kind::Int(_), Kind::Int(_)) => Value::unknown("`range` too long", span),
        _ => {
            unknown_arg(a, span).unwrap_or_else(|| Value::unknown("`range` of non-integers", span))
        }
    }
}

/// `foldl' op nul [ x0 x1 ]` = `op (op nul x0) x1`.
fn foldl(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("foldl'", a, 2, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    let mut acc = a[1].clone();
    for t in l.iter() {
        acc = super::apply2(ev, &a[0], Thunk::done(acc), t.clone(), span);
    }
    acc
}

/// `foldr op nul [ x0 x1 ]` = `op x0 (op x1 nul)`.
fn foldr(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("foldr", a, 2, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    let mut acc = a[1].clone();
    for t in l.iter().rev() {
        acc = super::apply2(ev, &a[0], t.clone(), Thunk::done(acc), span);
    }
    acc
}

fn zip_lists_with(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let (x, y) = match (
        items("zipListsWith", a, 1, span),
        items("zipListsWith", a, 2, span),
    ) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(u), _) | (_, Err(u)) => return u,
    };
    let out = x
        .iter()
        .zip(y.iter())
        .map(|(p, q)| {
            let (f, p, q) = (a[0].clone(), p.clone(), q.clone());
            Thunk::lazy(move |ev| super::apply2(ev, &f, p, q, span))
        })
        .collect();
    list(out, span)
}

fn elem(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("elem", a, 1, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    for t in l.iter() {
        let v = ev.force(t);
        match scalar_eq(&a[0], &v) {
            Some(true) => return Value::new(Kind::Bool(true), span),
            Some(false) => {}
            None => return Value::unknown("`elem` of a value that cannot be compared", span),
        }
    }
    Value::new(Kind::Bool(false), span)
}

fn reverse_list(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match items("reverseList", a, 0, span) {
        Ok(l) => list(l.iter().rev().cloned().collect(), span),
        Err(u) => u,
    }
}

fn unique(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let l = match items("unique", a, 0, span) {
        Ok(l) => l,
        Err(u) => return u,
    };
    let mut seen: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    for t in l.iter() {
        let v = ev.force(t);
        let mut dup = false;
        for s in &seen {
            match scalar_eq(s, &v) {
                Some(true) => dup = true,
                Some(false) => {}
                None => return Value::unknown("`unique` of values that cannot be compared", span),
            }
        }
        if !dup {
            seen.push(v);
            out.push(t.clone());
        }
    }
    list(out, span)
}

/// `optional cond x`: `[ x ]` or `[ ]`; with an unknown `cond`, `[ x ]` marked conditional.
fn optional(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match &a[0].kind {
        Kind::Bool(true) => list(vec![Thunk::done(a[1].clone())], span),
        Kind::Bool(false) => list(Vec::new(), span),
        _ => {
            let c = ev.condition_of(&a[0]);
            list(vec![Thunk::done(a[1].clone().under(Some(&c)))], span).under(Some(&c))
        }
    }
}

/// `optionals cond xs`: `xs` or `[ ]`; with an unknown `cond`, `xs` with every item marked.
fn optionals(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match &a[0].kind {
        Kind::Bool(true) => a[1].clone(),
        Kind::Bool(false) => list(Vec::new(), span),
        _ => {
            let c = ev.condition_of(&a[0]);
            match a[1].as_list() {
                Some(l) => {
                    list(l.iter().map(|t| mark(t, Some(&c))).collect(), a[1].span).under(Some(&c))
                }
                None => a[1].clone().under(Some(&c)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::show;

    #[test]
    fn map_and_for_each() {
        assert_eq!(show("map (x: x + 1) [ 1 2 ]"), "[ 2 3 ]");
        assert_eq!(show("lib.forEach [ 1 2 ] (x: x * 2)"), "[ 2 4 ]");
        assert!(show("map (x: x) config.disks").starts_with("<unknown"));
    }

    #[test]
    fn imap0_and_imap1_pass_the_index() {
        assert_eq!(
            show(r#"lib.imap0 (i: d: "${toString i}${d}") [ "a" "b" ]"#),
            r#"[ "0a" "1b" ]"#
        );
        assert_eq!(show("lib.imap1 (i: _: i) [ 7 7 ]"), "[ 1 2 ]");
    }

    #[test]
    fn elem_at_head_tail_last_length() {
        assert_eq!(show("builtins.elemAt [ 1 2 3 ] 1"), "2");
        assert!(show("builtins.elemAt [ 1 ] 5").contains("out of range"));
        assert_eq!(show("builtins.head [ 1 2 ]"), "1");
        assert_eq!(show("builtins.tail [ 1 2 ]"), "[ 2 ]");
        assert_eq!(show("lib.last [ 1 2 ]"), "2");
        assert_eq!(show("builtins.length [ 1 2 3 ]"), "3");
    }

    #[test]
    fn filter_any_all() {
        assert_eq!(show("builtins.filter (x: x > 1) [ 1 2 3 ]"), "[ 2 3 ]");
        assert_eq!(show("builtins.any (x: x == 2) [ 1 2 ]"), "true");
        assert_eq!(show("builtins.all (x: x == 2) [ 1 2 ]"), "false");
        assert!(show("builtins.filter (x: x == config.y) [ 1 ]").starts_with("<unknown"));
    }

    #[test]
    fn concat_lists_flatten_concat_map() {
        assert_eq!(show("builtins.concatLists [ [ 1 ] [ 2 3 ] ]"), "[ 1 2 3 ]");
        assert_eq!(show("lib.flatten [ 1 [ 2 [ 3 ] ] ]"), "[ 1 2 3 ]");
        assert_eq!(
            show("builtins.concatMap (x: [ x x ]) [ 1 2 ]"),
            "[ 1 1 2 2 ]"
        );
    }

    #[test]
    fn gen_list_and_range_are_capped() {
        assert_eq!(show("builtins.genList (i: i * i) 3"), "[ 0 1 4 ]");
        assert!(show("builtins.genList (i: i) 100000000").starts_with("<unknown"));
        assert_eq!(show("lib.range 1 3"), "[ 1 2 3 ]");
        assert!(show("lib.range 0 100000000").starts_with("<unknown"));
    }

    #[test]
    fn folds() {
        assert_eq!(
            show("builtins.foldl' (a: x: a * 10 + x) 0 [ 1 2 3 ]"),
            "123"
        );
        assert_eq!(show("lib.foldl (a: x: a - x) 10 [ 1 2 ]"), "7");
        assert_eq!(show("lib.foldr (x: a: a * 10 + x) 0 [ 1 2 3 ]"), "321");
        assert_eq!(
            show("builtins.foldl' (acc: n: acc // { ${n} = 1; }) { } [ \"a\" \"b\" ]"),
            "{ a = 1; b = 1; }"
        );
    }

    #[test]
    fn zip_lists_with_pairs_items() {
        assert_eq!(
            show("lib.zipListsWith (a: b: a + b) [ 1 2 ] [ 10 20 30 ]"),
            "[ 11 22 ]"
        );
    }

    #[test]
    fn elem_reverse_unique() {
        assert_eq!(show(r#"builtins.elem "b" [ "a" "b" ]"#), "true");
        assert_eq!(show("lib.reverseList [ 1 2 ]"), "[ 2 1 ]");
        assert_eq!(show("lib.unique [ 1 2 1 ]"), "[ 1 2 ]");
    }

    #[test]
    fn optional_and_optionals() {
        assert_eq!(show("lib.optional true 1"), "[ 1 ]");
        assert_eq!(show("lib.optional false 1"), "[ ]");
        assert_eq!(show("lib.optionals true [ 1 2 ]"), "[ 1 2 ]");
        // An unknown condition keeps the items, marked as conditional.
        assert_eq!(show("[ 0 ] ++ lib.optional config.ssd 1"), "[ 0 ?1 ]");
        assert_eq!(show("lib.optionals config.ssd [ 1 2 ]"), "?[ ?1 ?2 ]");
    }
}
