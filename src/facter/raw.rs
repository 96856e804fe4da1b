//! Lenient accessors over the raw `serde_json::Value` of a facter report.
//!
//! facter's schema drifted without version bumps (FACTER.md §7): IDs are objects with or
//! without `hex`/`name`, or plain strings; numbers are ints, floats or hex strings
//! (`"0x30"`); buckets and lists are missing, `null` or hold `null`s. Every accessor here
//! answers `None` (or an empty list) for a shape it does not expect instead of failing, so
//! one odd field never costs the rest of the report.

use serde_json::Value;

/// `v[key]` when `v` is an object and the key is present and not `null`.
pub(crate) fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.get(key) {
        Some(Value::Null) | None => None,
        Some(x) => Some(x),
    }
}

/// Follow a path of object keys.
pub(crate) fn path<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(v, |cur, k| get(cur, k))
}

/// A non-empty, trimmed string.
pub(crate) fn string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        _ => None,
    }
}

/// `v[key]` as a non-empty, trimmed string.
pub(crate) fn string_at(v: &Value, key: &str) -> Option<String> {
    get(v, key).and_then(string)
}

/// A non-negative integer from an int, a float (truncated), a decimal string or a hex
/// string (`"0x30"`). Negative, non-finite or out-of-range values are `None`.
pub(crate) fn uint(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Some(u)
            } else if n.as_i64().is_some() {
                None // negative
            } else {
                n.as_f64().and_then(float_to_u64)
            }
        }
        Value::String(s) => parse_uint_text(s),
        _ => None,
    }
}

/// `v[key]` as [`uint`].
pub(crate) fn uint_at(v: &Value, key: &str) -> Option<u64> {
    get(v, key).and_then(uint)
}

/// A signed integer, with the same leniency as [`uint`].
pub(crate) fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e18)
                .map(|f| f.trunc() as i64)
        }),
        Value::String(s) => {
            let t = s.trim();
            if let Some(rest) = t.strip_prefix('-') {
                parse_uint_text(rest)
                    .and_then(|u| i64::try_from(u).ok())
                    .map(|u| -u)
            } else {
                parse_uint_text(t).and_then(|u| i64::try_from(u).ok())
            }
        }
        _ => None,
    }
}

/// A boolean: `true`/`false`, `0`/`1`, `"true"`/`"false"`/`"yes"`/`"no"`/`"1"`/`"0"`.
pub(crate) fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(_) => uint(v).and_then(|u| match u {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn float_to_u64(f: f64) -> Option<u64> {
    // 2^64 as f64; anything at or above does not fit.
    (0.0..18_446_744_073_709_551_616.0)
        .contains(&f)
        .then(|| f.trunc() as u64)
}

fn parse_uint_text(s: &str) -> Option<u64> {
    let t = s.trim();
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok();
    }
    t.parse::<u64>()
        .ok()
        .or_else(|| t.parse::<f64>().ok().and_then(float_to_u64))
}

/// The objects of a list, skipping `null`s and non-objects. A lone object counts as a
/// one-element list (some buckets changed between object and list, FACTER.md §4
/// "Chassis"); anything else is an empty list.
pub(crate) fn objects(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().filter(|x| x.is_object()).collect(),
        Some(x @ Value::Object(_)) => vec![x],
        _ => Vec::new(),
    }
}

/// The non-empty strings of a list; a lone string counts as a one-element list.
pub(crate) fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(string).collect(),
        Some(x @ Value::String(_)) => string(x).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The name of an hwinfo ID (FACTER.md §2 "ID encoding"): `{"hex","name","value"}`,
/// `{"name","value"}`, or a plain string. `None` for `{"value": 6}` alone.
pub(crate) fn id_name(v: &Value) -> Option<String> {
    match v {
        Value::String(_) => string(v),
        Value::Object(_) => string_at(v, "name"),
        _ => None,
    }
}

/// The numeric value of an hwinfo ID: `value`, else `hex` parsed as hexadecimal, else a
/// bare number.
pub(crate) fn id_value(v: &Value) -> Option<u64> {
    match v {
        Value::Object(_) => uint_at(v, "value").or_else(|| {
            string_at(v, "hex").and_then(|h| {
                let h = h.trim_start_matches("0x").trim_start_matches("0X");
                u64::from_str_radix(h, 16).ok()
            })
        }),
        Value::Number(_) => uint(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn uint_accepts_the_shapes_facter_uses() {
        assert_eq!(uint(&json!(42)), Some(42));
        assert_eq!(uint(&json!(5836.8)), Some(5836));
        assert_eq!(uint(&json!("0x30")), Some(48));
        assert_eq!(uint(&json!("0X1f")), Some(31));
        assert_eq!(uint(&json!("512")), Some(512));
        assert_eq!(uint(&json!(-1)), None);
        assert_eq!(uint(&json!(-1.5)), None);
        assert_eq!(uint(&json!(1e30)), None);
        assert_eq!(uint(&json!("0xzz")), None);
        assert_eq!(uint(&json!(true)), None);
        assert_eq!(uint(&json!(null)), None);
    }

    #[test]
    fn int_and_boolean() {
        assert_eq!(int(&json!(2)), Some(2));
        assert_eq!(int(&json!("-3")), Some(-3));
        assert_eq!(int(&json!(2.9)), Some(2));
        assert_eq!(boolean(&json!("yes")), Some(true));
        assert_eq!(boolean(&json!(0)), Some(false));
        assert_eq!(boolean(&json!(7)), None);
    }

    #[test]
    fn ids_in_all_three_forms() {
        let new = json!({"hex": "0096", "name": "NVME", "value": 150});
        let old = json!({"name": "NVME", "value": 150});
        let bare = json!({"value": 6});
        let hex_only = json!({"hex": "0085"});
        let special = json!("Virtio");
        assert_eq!(id_name(&new).as_deref(), Some("NVME"));
        assert_eq!(id_name(&old).as_deref(), Some("NVME"));
        assert_eq!(id_name(&bare), None);
        assert_eq!(id_name(&special).as_deref(), Some("Virtio"));
        assert_eq!(id_value(&new), Some(150));
        assert_eq!(id_value(&bare), Some(6));
        assert_eq!(id_value(&hex_only), Some(0x85));
        assert_eq!(id_value(&special), None);
    }

    #[test]
    fn lists_tolerate_nulls_and_lone_objects() {
        let v = json!([null, {"a": 1}, 3, {"b": 2}]);
        assert_eq!(objects(Some(&v)).len(), 2);
        let lone = json!({"a": 1});
        assert_eq!(objects(Some(&lone)).len(), 1);
        assert!(objects(Some(&json!("x"))).is_empty());
        assert!(objects(None).is_empty());
        assert_eq!(strings(Some(&json!(["a", 1, "", "b"]))), vec!["a", "b"]);
        assert_eq!(strings(Some(&json!("a"))), vec!["a"]);
    }
}
