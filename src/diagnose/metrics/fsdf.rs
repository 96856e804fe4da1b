//! `btrfs filesystem df`: text (human units), `-b` (bytes) and `btrfs --format json
//! filesystem df` (btrfs-progs 6.1+; numbers quoted in 6.1–6.4, unquoted from 6.5).

use serde::Serialize;
use serde_json::Value;

use super::num::{json_u64, parse_size};
use super::usage::{ProfileUsage, kind_name};

/// `btrfs filesystem df`: per block-group type and profile, plus the global reserve.
/// It has no device-level figures and no unallocated space (use [`super::FsUsage`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FsDf {
    /// `Data`, `System`, `Metadata` (and `Data+Metadata`) lines in output order; sizes in
    /// logical bytes (`total` → `size`).
    pub profiles: Vec<ProfileUsage>,
    /// `GlobalReserve` total in bytes.
    pub global_reserve: Option<u64>,
    /// `GlobalReserve` used in bytes.
    pub global_reserve_used: Option<u64>,
    /// `true` when sizes were printed in human units (rounded).
    pub approximate: bool,
}

/// `Data, RAID1: total=1.22GiB, used=1.06GiB` (or `Data: total=…` without a profile).
fn line_parts(t: &str) -> Option<(&str, &str, &str, &str)> {
    let (head, rest) = t.split_once(": total=")?;
    let (kind, profile) = match head.split_once(", ") {
        Some((k, p)) => (k.trim(), p.trim()),
        None => (head.trim(), "unknown"),
    };
    if kind.is_empty() || kind.contains(char::is_whitespace) || profile.contains(' ') {
        return None;
    }
    let (total, used) = rest.split_once(", used=")?;
    Some((kind, profile, total.trim(), used.trim()))
}

/// Whether `text` looks like text `btrfs filesystem df`: at least one `…: total=…, used=…`
/// line and most non-empty lines like it.
pub(crate) fn detect(text: &str) -> bool {
    let (mut good, mut all) = (0usize, 0usize);
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        all += 1;
        if line_parts(t).is_some() {
            good += 1;
        }
    }
    good > 0 && good * 2 >= all
}

/// Parse text `btrfs filesystem df`.
pub(crate) fn parse(text: &str) -> FsDf {
    let mut df = FsDf {
        profiles: Vec::new(),
        global_reserve: None,
        global_reserve_used: None,
        approximate: false,
    };
    for line in text.lines() {
        let Some((kind, profile, total, used)) = line_parts(line.trim()) else {
            continue;
        };
        let mut size = |s: &str| {
            let (v, approx) = parse_size(s)?;
            df.approximate |= approx;
            Some(v)
        };
        let (total, used) = (size(total), size(used));
        push(&mut df, kind, profile, total, used);
    }
    df
}

fn push(df: &mut FsDf, kind: &str, profile: &str, total: Option<u64>, used: Option<u64>) {
    if kind.eq_ignore_ascii_case("GlobalReserve") {
        df.global_reserve = total;
        df.global_reserve_used = used;
    } else {
        df.profiles.push(ProfileUsage {
            kind: kind_name(kind),
            profile: profile.to_ascii_lowercase(),
            size: total,
            used,
        });
    }
}

/// Parse the `filesystem-df` array of `btrfs --format json filesystem df`. Numbers may be
/// quoted or not; unknown keys (`zone_unusable` in 6.19) are ignored.
pub(crate) fn parse_json(v: &Value) -> FsDf {
    let mut df = FsDf {
        profiles: Vec::new(),
        global_reserve: None,
        global_reserve_used: None,
        approximate: false,
    };
    for item in v.as_array().into_iter().flatten() {
        let Some(kind) = item.get("bg-type").and_then(Value::as_str) else {
            continue;
        };
        let profile = item
            .get("bg-profile")
            .and_then(Value::as_str)
            .unwrap_or("unknown");
        let total = item.get("total").and_then(json_u64);
        let used = item.get("used").and_then(json_u64);
        push(&mut df, kind, profile, total, used);
    }
    df
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAW: &str = include_str!("../../../tests/fixtures/metrics/btrfs-fi-df-b.raid1.txt");
    const HUMAN: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-fi-df.mixed-profiles.txt");
    const QUOTED: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-format-json-fi-df.quoted-6.2.json");
    const UNQUOTED: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-format-json-fi-df.unquoted-6.19.json");

    const GIB: u64 = 1 << 30;

    #[test]
    fn raw_bytes() {
        let df = parse(RAW);
        assert!(!df.approximate);
        assert_eq!(df.profiles.len(), 3);
        assert_eq!(df.profiles[0].kind, "data");
        assert_eq!(df.profiles[0].profile, "raid1");
        assert_eq!(df.profiles[0].size, Some(3716 * GIB));
        assert_eq!(df.profiles[2].kind, "metadata");
        assert_eq!(df.profiles[2].used, Some(5 * GIB));
        assert_eq!(df.global_reserve, Some(512 << 20));
        assert_eq!(df.global_reserve_used, Some(16 << 20));
    }

    #[test]
    fn human_units_and_mixed_profiles() {
        let df = parse(HUMAN);
        assert!(df.approximate);
        assert_eq!(df.profiles.len(), 4);
        assert_eq!(df.profiles[0].profile, "single");
        assert_eq!(df.profiles[1].profile, "dup");
        assert_eq!(df.profiles[1].size, Some(30 * GIB));
        assert_eq!(df.global_reserve_used, Some(0));
    }

    #[test]
    fn json_quoted_and_unquoted_numbers_agree_in_shape() {
        let q: Value = serde_json::from_str(QUOTED).unwrap();
        let q = parse_json(&q["filesystem-df"]);
        assert_eq!(q, parse(RAW));
        let u: Value = serde_json::from_str(UNQUOTED).unwrap();
        let u = parse_json(&u["filesystem-df"]);
        assert!(!u.approximate);
        assert_eq!(u.profiles.len(), 4);
        assert_eq!(u.profiles[1].profile, "dup");
        assert_eq!(u.profiles[1].size, Some(30 * GIB));
        assert_eq!(u.global_reserve, Some(134742016));
    }

    #[test]
    fn tolerant_of_old_and_new_shapes() {
        let df = parse("Data: total=1.00GiB, used=512.00MiB\nMetadata, DUP: total=2, used=1\n");
        assert_eq!(df.profiles[0].profile, "unknown");
        assert_eq!(df.profiles[0].used, Some(512 << 20));
        let v = serde_json::json!([{"bg-type": "Data", "bg-profile": "single", "total": 8,
            "used": 4, "zone_unusable": 0}, {"bg-type": 3}, "x"]);
        let df = parse_json(&v);
        assert_eq!(df.profiles.len(), 1);
        assert_eq!(df.profiles[0].size, Some(8));
    }

    #[test]
    fn detection() {
        assert!(detect(RAW) && detect(HUMAN));
        assert!(!detect("hello\nworld\n"));
    }
}
