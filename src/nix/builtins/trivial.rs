//! Functions on any value: identity and composition, `toString`, failures, `import`,
//! type tests (nixpkgs `lib/trivial.nix`, Nix manual "Built-in Functions").

use super::{Builtin, apply1, string, unknown_arg};
use crate::nix::eval::Evaluator;
use crate::nix::value::{Kind, Value};
use crate::source::Span;

/// The functions of this module.
pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "id",
        arity: 1,
        imp: id,
        source: "nixpkgs lib/trivial.nix `id`",
    },
    Builtin {
        name: "const",
        arity: 2,
        imp: const_,
        source: "nixpkgs lib/trivial.nix `const`",
    },
    Builtin {
        name: "pipe",
        arity: 2,
        imp: pipe,
        source: "nixpkgs lib/trivial.nix `pipe`",
    },
    Builtin {
        name: "flip",
        arity: 3,
        imp: flip,
        source: "nixpkgs lib/trivial.nix `flip`",
    },
    Builtin {
        name: "toString",
        arity: 1,
        imp: to_string,
        source: "Nix manual, builtins.toString",
    },
    Builtin {
        name: "throw",
        arity: 1,
        imp: throw,
        source: "Nix manual, builtins.throw",
    },
    Builtin {
        name: "abort",
        arity: 1,
        imp: abort,
        source: "Nix manual, builtins.abort",
    },
    Builtin {
        name: "import",
        arity: 1,
        imp: import,
        source: "Nix manual, builtins.import",
    },
    Builtin {
        name: "seq",
        arity: 2,
        imp: second,
        source: "Nix manual, builtins.seq",
    },
    Builtin {
        name: "trace",
        arity: 2,
        imp: second,
        source: "Nix manual, builtins.trace",
    },
    Builtin {
        name: "warn",
        arity: 2,
        imp: second,
        source: "nixpkgs lib/trivial.nix `warn`",
    },
    Builtin {
        name: "warnIf",
        arity: 3,
        imp: third,
        source: "nixpkgs lib/trivial.nix `warnIf`",
    },
    Builtin {
        name: "isString",
        arity: 1,
        imp: is_string,
        source: "Nix manual, builtins.isString",
    },
    Builtin {
        name: "isAttrs",
        arity: 1,
        imp: is_attrs,
        source: "Nix manual, builtins.isAttrs",
    },
    Builtin {
        name: "isList",
        arity: 1,
        imp: is_list,
        source: "Nix manual, builtins.isList",
    },
    Builtin {
        name: "isBool",
        arity: 1,
        imp: is_bool,
        source: "Nix manual, builtins.isBool",
    },
    Builtin {
        name: "isInt",
        arity: 1,
        imp: is_int,
        source: "Nix manual, builtins.isInt",
    },
    Builtin {
        name: "isFunction",
        arity: 1,
        imp: is_function,
        source: "Nix manual, builtins.isFunction",
    },
];

fn id(_: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    a[0].clone()
}

fn const_(_: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    a[0].clone()
}

fn second(_: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    a[1].clone()
}

fn third(_: &mut Evaluator<'_>, a: &[Value], _: Span) -> Value {
    a[2].clone()
}

/// `pipe x [ f g ]` = `g (f x)`.
fn pipe(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(fs) = a[1].as_list() else {
        return super::wrong("pipe", "a list of functions", &a[1], span);
    };
    let mut cur = a[0].clone();
    for t in fs.clone().iter() {
        let f = ev.force(t);
        cur = apply1(ev, &f, cur, span);
    }
    cur
}

/// `flip f a b` = `f b a`.
fn flip(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let g = apply1(ev, &a[0], a[2].clone(), span);
    apply1(ev, &g, a[1].clone(), span)
}

fn to_string(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match &a[0].kind {
        Kind::Str(_) => a[0].clone(),
        Kind::Int(i) => string(i.to_string(), span),
        Kind::Float(f) => string(format!("{f:.6}"), span),
        Kind::Bool(b) => string(if *b { "1" } else { "" }, span),
        Kind::Null => string("", span),
        Kind::Path(p) => string(p.to_string_lossy().into_owned(), span),
        Kind::List { items, .. } => {
            // Items joined by spaces, nested lists flattened.
            let mut parts = Vec::new();
            for t in items.clone().iter() {
                let v = ev.force(t);
                let s = to_string(ev, &[v], span);
                match s.as_str() {
                    Some(s) => parts.push(s.to_string()),
                    None => return s,
                }
            }
            string(parts.join(" "), span)
        }
        Kind::Unknown(r) => Value::unknown(r.clone(), span),
        _ => Value::unknown(format!("toString of a {}", a[0].type_name()), span),
    }
}

/// A failure (see [`Value::is_failure`]), with the message when it is known.
fn failure(name: &str, a: &[Value], span: Span) -> Value {
    let msg = a[0]
        .as_str()
        .map(|s| format!(": {}", crate::nix::eval::short(s)))
        .unwrap_or_default();
    Value::unknown(format!("`{name}`{msg}"), span)
}

fn throw(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    failure("throw", a, span)
}

fn abort(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    failure("abort", a, span)
}

fn import(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    ev.import(&a[0], span)
}

fn test(a: &[Value], span: Span, f: impl Fn(&Kind) -> bool) -> Value {
    if let Some(u) = unknown_arg(a, span) {
        return u;
    }
    Value::new(Kind::Bool(f(&a[0].kind)), span)
}

fn is_string(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    test(a, span, |k| matches!(k, Kind::Str(_)))
}

fn is_attrs(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    test(a, span, |k| matches!(k, Kind::Attrs(_)))
}

fn is_list(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    test(a, span, |k| matches!(k, Kind::List { .. }))
}

fn is_bool(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    test(a, span, |k| matches!(k, Kind::Bool(_)))
}

fn is_int(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    test(a, span, |k| matches!(k, Kind::Int(_)))
}

fn is_function(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    test(a, span, |k| {
        matches!(k, Kind::Lambda(_) | Kind::Builtin(..))
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::show;

    #[test]
    fn id_and_const() {
        assert_eq!(show("lib.id 3"), "3");
        assert_eq!(show("lib.const 1 2"), "1");
    }

    #[test]
    fn pipe_applies_left_to_right() {
        assert_eq!(
            show(r#"lib.pipe 2 [ (x: x * 10) (x: x + 1) toString ]"#),
            r#""21""#
        );
    }

    #[test]
    fn flip_swaps_arguments() {
        assert_eq!(show("lib.flip (a: b: a - b) 1 10"), "9");
    }

    #[test]
    fn to_string_of_scalars_and_lists() {
        assert_eq!(show("toString 8"), r#""8""#);
        assert_eq!(show("toString true"), r#""1""#);
        assert_eq!(show("toString null"), r#""""#);
        assert_eq!(show(r#"toString [ "a" 1 [ "b" ] ]"#), r#""a 1 b""#);
        assert!(show("toString config.x").starts_with("<unknown"));
    }

    #[test]
    fn throw_and_abort_are_failures() {
        assert_eq!(
            show(r#"throw "set the disk""#),
            "<unknown: `throw`: set the disk>"
        );
        assert_eq!(show(r#"abort "no""#), "<unknown: `abort`: no>");
    }

    #[test]
    fn import_of_a_missing_file_is_unknown() {
        assert!(show("import ./no-such-file.nix").contains("cannot be read"));
    }

    #[test]
    fn seq_trace_warn_return_their_value() {
        assert_eq!(show("builtins.seq 1 2"), "2");
        assert_eq!(show(r#"builtins.trace "m" 2"#), "2");
        assert_eq!(show(r#"lib.warn "m" 2"#), "2");
        assert_eq!(show(r#"lib.warnIf true "m" 2"#), "2");
    }

    #[test]
    fn type_tests() {
        assert_eq!(show(r#"builtins.isString "a""#), "true");
        assert_eq!(show("builtins.isAttrs { }"), "true");
        assert_eq!(show("builtins.isList { }"), "false");
        assert_eq!(show("builtins.isBool false"), "true");
        assert_eq!(show("builtins.isInt 1"), "true");
        assert_eq!(show("builtins.isFunction (x: x)"), "true");
        assert!(show("builtins.isList config.x").starts_with("<unknown"));
    }
}
