//! String functions (nixpkgs `lib/strings.nix`, Nix manual "Built-in Functions").

use super::{Builtin, apply1, string, unknown_arg, wrong};
use crate::nix::eval::Evaluator;
use crate::nix::value::{Kind, Value};
use crate::source::Span;

/// The functions of this module.
pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "concatStringsSep",
        arity: 2,
        imp: concat_strings_sep,
        source: "Nix manual, builtins.concatStringsSep",
    },
    Builtin {
        name: "concatStrings",
        arity: 1,
        imp: concat_strings,
        source: "nixpkgs lib/strings.nix `concatStrings`",
    },
    Builtin {
        name: "concatMapStrings",
        arity: 2,
        imp: concat_map_strings,
        source: "nixpkgs lib/strings.nix `concatMapStrings`",
    },
    Builtin {
        name: "concatMapStringsSep",
        arity: 3,
        imp: concat_map_strings_sep,
        source: "nixpkgs lib/strings.nix `concatMapStringsSep`",
    },
    Builtin {
        name: "optionalString",
        arity: 2,
        imp: optional_string,
        source: "nixpkgs lib/strings.nix `optionalString`",
    },
    Builtin {
        name: "hasPrefix",
        arity: 2,
        imp: has_prefix,
        source: "nixpkgs lib/strings.nix `hasPrefix`",
    },
    Builtin {
        name: "hasSuffix",
        arity: 2,
        imp: has_suffix,
        source: "nixpkgs lib/strings.nix `hasSuffix`",
    },
    Builtin {
        name: "removePrefix",
        arity: 2,
        imp: remove_prefix,
        source: "nixpkgs lib/strings.nix `removePrefix`",
    },
    Builtin {
        name: "removeSuffix",
        arity: 2,
        imp: remove_suffix,
        source: "nixpkgs lib/strings.nix `removeSuffix`",
    },
    Builtin {
        name: "replaceStrings",
        arity: 3,
        imp: replace_strings,
        source: "Nix manual, builtins.replaceStrings",
    },
    Builtin {
        name: "stringLength",
        arity: 1,
        imp: string_length,
        source: "Nix manual, builtins.stringLength",
    },
    Builtin {
        name: "toLower",
        arity: 1,
        imp: to_lower,
        source: "nixpkgs lib/strings.nix `toLower`",
    },
    Builtin {
        name: "toUpper",
        arity: 1,
        imp: to_upper,
        source: "nixpkgs lib/strings.nix `toUpper`",
    },
];

/// The strings of a list value, or the unknown to return.
fn strs(ev: &mut Evaluator<'_>, name: &str, v: &Value, span: Span) -> Result<Vec<String>, Value> {
    let Some(l) = v.as_list().cloned() else {
        return Err(wrong(name, "a list of strings", v, span));
    };
    let mut out = Vec::new();
    for t in l.iter() {
        let s = ev.force(t);
        match s.as_str() {
            Some(s) => out.push(s.to_string()),
            None => return Err(wrong(name, "strings", &s, span)),
        }
    }
    Ok(out)
}

fn concat_strings_sep(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(sep) = a[0].as_str() else {
        return wrong("concatStringsSep", "a separator", &a[0], span);
    };
    match strs(ev, "concatStringsSep", &a[1], span) {
        Ok(p) => string(p.join(sep), span),
        Err(u) => u,
    }
}

fn concat_strings(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match strs(ev, "concatStrings", &a[0], span) {
        Ok(p) => string(p.concat(), span),
        Err(u) => u,
    }
}

fn mapped(ev: &mut Evaluator<'_>, f: &Value, l: &Value, span: Span) -> Result<Vec<String>, Value> {
    let Some(items) = l.as_list().cloned() else {
        return Err(wrong("concatMapStrings", "a list", l, span));
    };
    let mut out = Vec::new();
    for t in items.iter() {
        let x = ev.force(t);
        let s = apply1(ev, f, x, span);
        match s.as_str() {
            Some(s) => out.push(s.to_string()),
            None => return Err(wrong("concatMapStrings", "strings", &s, span)),
        }
    }
    Ok(out)
}

fn concat_map_strings(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match mapped(ev, &a[0], &a[1], span) {
        Ok(p) => string(p.concat(), span),
        Err(u) => u,
    }
}

fn concat_map_strings_sep(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let Some(sep) = a[0].as_str() else {
        return wrong("concatMapStringsSep", "a separator", &a[0], span);
    };
    let sep = sep.to_string();
    match mapped(ev, &a[1], &a[2], span) {
        Ok(p) => string(p.join(&sep), span),
        Err(u) => u,
    }
}

/// `optionalString cond s`: `s` or `""`; with an unknown `cond`, `s` marked conditional.
fn optional_string(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match &a[0].kind {
        Kind::Bool(true) => a[1].clone(),
        Kind::Bool(false) => string("", span),
        _ => {
            let c = ev.condition_of(&a[0]);
            a[1].clone().under(Some(&c))
        }
    }
}

fn two<'v>(name: &str, a: &'v [Value], span: Span) -> Result<(&'v str, &'v str), Value> {
    match (a[0].as_str(), a[1].as_str()) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(unknown_arg(a, span)
            .unwrap_or_else(|| Value::unknown(format!("`{name}` of non-strings"), span))),
    }
}

fn has_prefix(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match two("hasPrefix", a, span) {
        Ok((p, s)) => Value::new(Kind::Bool(s.starts_with(p)), span),
        Err(u) => u,
    }
}

fn has_suffix(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match two("hasSuffix", a, span) {
        Ok((p, s)) => Value::new(Kind::Bool(s.ends_with(p)), span),
        Err(u) => u,
    }
}

fn remove_prefix(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match two("removePrefix", a, span) {
        Ok((p, s)) => string(s.strip_prefix(p).unwrap_or(s), span),
        Err(u) => u,
    }
}

fn remove_suffix(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match two("removeSuffix", a, span) {
        Ok((p, s)) => string(s.strip_suffix(p).unwrap_or(s), span),
        Err(u) => u,
    }
}

/// `replaceStrings from to s`: at each position, the first `from` that matches is
/// replaced; an empty `from` matches between characters (as in Nix).
fn replace_strings(ev: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    let from = match strs(ev, "replaceStrings", &a[0], span) {
        Ok(f) => f,
        Err(u) => return u,
    };
    let to = match strs(ev, "replaceStrings", &a[1], span) {
        Ok(t) => t,
        Err(u) => return u,
    };
    let Some(s) = a[2].as_str() else {
        return wrong("replaceStrings", "a string", &a[2], span);
    };
    if from.len() != to.len() {
        return Value::unknown("`replaceStrings` lists of different lengths", span);
    }
    let mut out = String::new();
    let mut i = 0;
    while i <= s.len() {
        let hit = from.iter().position(|f| s[i..].starts_with(f.as_str()));
        match hit {
            Some(k) => {
                out.push_str(&to[k]);
                if from[k].is_empty() {
                    match s[i..].chars().next() {
                        Some(c) => {
                            out.push(c);
                            i += c.len_utf8();
                        }
                        None => break,
                    }
                } else {
                    i += from[k].len();
                }
            }
            None => match s[i..].chars().next() {
                Some(c) => {
                    out.push(c);
                    i += c.len_utf8();
                }
                None => break,
            },
        }
    }
    string(out, span)
}

fn string_length(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match a[0].as_str() {
        Some(s) => Value::new(Kind::Int(s.len() as i64), span),
        None => wrong("stringLength", "a string", &a[0], span),
    }
}

fn to_lower(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match a[0].as_str() {
        Some(s) => string(s.to_ascii_lowercase(), span),
        None => wrong("toLower", "a string", &a[0], span),
    }
}

fn to_upper(_: &mut Evaluator<'_>, a: &[Value], span: Span) -> Value {
    match a[0].as_str() {
        Some(s) => string(s.to_ascii_uppercase(), span),
        None => wrong("toUpper", "a string", &a[0], span),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::show;

    #[test]
    fn concatenations() {
        assert_eq!(show(r#"lib.concatStringsSep "," [ "a" "b" ]"#), r#""a,b""#);
        assert_eq!(show(r#"lib.concatStrings [ "a" "b" ]"#), r#""ab""#);
        assert_eq!(
            show(r#"lib.concatMapStrings (x: x + "-") [ "a" "b" ]"#),
            r#""a-b-""#
        );
        assert_eq!(
            show(r#"lib.concatMapStringsSep "," (x: "=${x}") [ "a" "b" ]"#),
            r#""=a,=b""#
        );
        assert!(show(r#"lib.concatStringsSep "," config.opts"#).starts_with("<unknown"));
    }

    #[test]
    fn optional_string() {
        assert_eq!(show(r#"lib.optionalString true "x""#), r#""x""#);
        assert_eq!(show(r#"lib.optionalString false "x""#), r#""""#);
        assert_eq!(show(r#"lib.optionalString config.y "x""#), r#"?"x""#);
    }

    #[test]
    fn prefixes_and_suffixes() {
        assert_eq!(show(r#"lib.hasPrefix "/dev" "/dev/sda""#), "true");
        assert_eq!(show(r#"lib.hasSuffix "1" "/dev/sda""#), "false");
        assert_eq!(show(r#"lib.removePrefix "/dev/" "/dev/sda""#), r#""sda""#);
        assert_eq!(show(r#"lib.removeSuffix ".nix" "a.nix""#), r#""a""#);
    }

    #[test]
    fn replace_strings_first_match_wins() {
        assert_eq!(
            show(r#"builtins.replaceStrings [ "/" "-" ] [ "_" "" ] "a/b-c""#),
            r#""a_bc""#
        );
    }

    #[test]
    fn length_and_case() {
        assert_eq!(show(r#"builtins.stringLength "abc""#), "3");
        assert_eq!(show(r#"lib.toLower "AbC""#), r#""abc""#);
        assert_eq!(show(r#"lib.toUpper "abc""#), r#""ABC""#);
    }
}
