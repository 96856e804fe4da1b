//! Number and size parsing shared by the parsers.
//!
//! Every helper answers `None` for what it cannot read instead of failing, and treats any
//! value ≥ 2^63 as **unknown**: btrfs-progs run as non-root prints unsigned underflows such
//! as `18446744070494617600` (`Device slack` in `btrfs filesystem usage -b`), and no real
//! byte count or error counter comes near 2^63.

use serde_json::Value;

/// Values at or above this are garbage (unsigned underflow), never real figures.
pub(crate) const UNKNOWN_FROM: u64 = 1 << 63;

/// `v` when it is below 2^63.
pub(crate) fn known(v: u64) -> Option<u64> {
    (v < UNKNOWN_FROM).then_some(v)
}

/// A plain decimal integer (`"1311768576"`), surrounding whitespace allowed.
/// `None` for anything else, for overflow and for values ≥ 2^63.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok().and_then(known)
}

/// A decimal number (`"12.40"`, `"12,40"` in a comma-decimal locale, `"60%"`), finite only.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = s.strip_suffix('%').unwrap_or(s).trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    let owned;
    let s = if s.contains(',') && !s.contains('.') {
        owned = s.replace(',', ".");
        owned.as_str()
    } else {
        s
    };
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A byte size as the tools print it: a plain integer (exact), or a number with a unit
/// (rounded by the tool, so **approximate**). Returns `(bytes, approximate)`.
///
/// Units: `B`; one letter `K k M G T P E` = powers of 1024 (`df -h`, compsize, iostat
/// `-h`); `KiB MiB GiB TiB PiB EiB` = powers of 1024 (btrfs-progs); two letters ending in
/// `B` (`kB MB GB …`, btrfs `--si`) = powers of 1000. `"0.00B"` and `"512B"` are exact.
/// `None` for `-`, garbage and results ≥ 2^63.
pub(crate) fn parse_size(s: &str) -> Option<(u64, bool)> {
    let s = s.trim();
    if let Some(v) = parse_u64(s) {
        return Some((v, false));
    }
    if s.len() > 64 {
        return None;
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    if num.is_empty() || !num.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let x = parse_f64(num)?;
    let unit = unit.trim();
    let mult = unit_multiplier(unit)?;
    let bytes = x * mult;
    if !bytes.is_finite() || bytes < 0.0 || bytes >= UNKNOWN_FROM as f64 {
        return None;
    }
    let exact = (unit.is_empty() || unit == "B") && x.fract() == 0.0;
    Some((bytes.round() as u64, !exact))
}

/// The byte multiplier of a unit suffix (see [`parse_size`]); `None` when unknown.
pub(crate) fn unit_multiplier(unit: &str) -> Option<f64> {
    fn power(c: char) -> Option<i32> {
        Some(match c.to_ascii_uppercase() {
            'K' => 1,
            'M' => 2,
            'G' => 3,
            'T' => 4,
            'P' => 5,
            'E' => 6,
            _ => return None,
        })
    }
    let mut chars = unit.chars();
    match (chars.next(), chars.next(), chars.next(), chars.next()) {
        (None, ..) => Some(1.0),
        (Some('B'), None, ..) => Some(1.0),
        (Some(c), None, ..) => power(c).map(|p| 1024f64.powi(p)),
        (Some(c), Some('i'), Some('B'), None) => power(c).map(|p| 1024f64.powi(p)),
        (Some(c), Some('B'), None, ..) => power(c).map(|p| 1000f64.powi(p)),
        _ => None,
    }
}

/// A non-negative integer from a JSON number or a decimal string (btrfs-progs 6.1–6.4
/// quote numbers, 6.5+ do not; util-linux before 2.33 prints every value as a string).
/// `None` for anything else and for values ≥ 2^63.
pub(crate) fn json_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                known(u)
            } else {
                let f = n.as_f64()?;
                (f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < UNKNOWN_FROM as f64)
                    .then_some(f as u64)
            }
        }
        Value::String(s) => parse_u64(s),
        _ => None,
    }
}

/// A byte size from a JSON number (exact) or string (see [`parse_size`]).
pub(crate) fn json_size(v: &Value) -> Option<(u64, bool)> {
    match v {
        Value::String(s) => parse_size(s),
        other => json_u64(other).map(|b| (b, false)),
    }
}

/// A finite float from a JSON number or numeric string.
pub(crate) fn json_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => parse_f64(s),
        _ => None,
    }
}

/// A JSON scalar as text (strings as they are, numbers and booleans printed); `None` for
/// `null`, arrays and objects.
pub(crate) fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whitespace-separated tokens with their byte offsets.
pub(crate) fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_the_unknown_range() {
        assert_eq!(parse_u64(" 1311768576 "), Some(1311768576));
        assert_eq!(parse_u64("9223372036854775807"), Some(i64::MAX as u64));
        assert_eq!(parse_u64("9223372036854775808"), None);
        assert_eq!(parse_u64("18446744073709551615"), None);
        assert_eq!(parse_u64("99999999999999999999999"), None);
        assert_eq!(parse_u64("-1"), None);
        assert_eq!(parse_u64("-"), None);
        assert_eq!(parse_u64(""), None);
    }

    #[test]
    fn floats_percent_and_decimal_comma() {
        assert_eq!(parse_f64("12.40"), Some(12.4));
        assert_eq!(parse_f64("60%"), Some(60.0));
        assert_eq!(parse_f64("0,75"), Some(0.75));
        assert_eq!(parse_f64("nan"), None);
        assert_eq!(parse_f64("inf"), None);
        assert_eq!(parse_f64("1e999"), None);
        assert_eq!(parse_f64("-"), None);
    }

    #[test]
    fn sizes_with_units() {
        assert_eq!(parse_size("1048576"), Some((1048576, false)));
        assert_eq!(parse_size("0.00B"), Some((0, false)));
        assert_eq!(parse_size("512B"), Some((512, false)));
        assert_eq!(parse_size("16.00KiB"), Some((16384, true)));
        assert_eq!(parse_size("1.50GiB"), Some((1610612736, true)));
        assert_eq!(parse_size("4.0K"), Some((4096, true)));
        assert_eq!(parse_size("164M"), Some((171966464, true)));
        assert_eq!(parse_size("2kB"), Some((2000, true)));
        assert_eq!(parse_size("8.00EiB"), None);
        assert_eq!(parse_size("1.2X"), None);
        assert_eq!(parse_size("-"), None);
        assert_eq!(parse_size("G"), None);
        assert_eq!(parse_size("18446744070494617600"), None);
    }

    #[test]
    fn json_numbers_quoted_or_not() {
        let v: Value = serde_json::json!({"a": "42", "b": 42, "c": 4.0, "d": -1, "e": "x",
            "f": 18446744073709551615u64, "g": null});
        assert_eq!(json_u64(&v["a"]), Some(42));
        assert_eq!(json_u64(&v["b"]), Some(42));
        assert_eq!(json_u64(&v["c"]), Some(4));
        assert_eq!(json_u64(&v["d"]), None);
        assert_eq!(json_u64(&v["e"]), None);
        assert_eq!(json_u64(&v["f"]), None);
        assert_eq!(json_u64(&v["g"]), None);
        assert_eq!(
            json_size(&serde_json::json!("4G")),
            Some((4294967296, true))
        );
    }

    #[test]
    fn tokens_keep_offsets() {
        assert_eq!(tokens("  a bc\td "), vec![(2, "a"), (4, "bc"), (7, "d")]);
        assert!(tokens("   ").is_empty());
    }
}
