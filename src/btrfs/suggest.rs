//! Did-you-mean for mount options: edit distance (optimal string alignment, so a swap of
//! two neighbouring letters counts as one edit) against the registry's names and values.

use super::{Registry, ValueKind, split_option};

/// Compression algorithms the kernel accepts after `compress=` (btrfs docs, Compression).
pub(super) const ALGORITHMS: [&str; 5] = ["zstd", "zlib", "lzo", "no", "none"];

/// Optimal-string-alignment distance between `a` and `b` (insertions, deletions,
/// substitutions and adjacent transpositions each cost 1), on Unicode scalar values.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    // Three rows: i-2, i-1, i.
    let mut rows = vec![vec![0usize; w]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
        }
    }
    rows[a.len() % 3][b.len()]
}

/// How many edits a word of this length may be away from a suggestion.
fn budget(len: usize) -> usize {
    match len {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    }
}

/// The closest candidate to `word` within the edit budget (compared case-insensitively),
/// earliest candidate on ties.
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&lower, &c.to_lowercase());
        if d <= budget(word.chars().count()) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A corrected value for a known option whose value is misspelt, or `None` if the value
/// is fine or nothing is close.
fn suggest_value(reg: &Registry, name: &str, value: &str) -> Option<String> {
    let info = reg.get(name)?;
    match info.value {
        ValueKind::Enum | ValueKind::OptionalEnum => {
            if info.enum_value(value).is_some() {
                return None;
            }
            // Values that make the mount fail come last, so ties go to working ones.
            let ordered = info
                .values
                .iter()
                .filter(|v| !v.fails_mount)
                .chain(info.values.iter().filter(|v| v.fails_mount));
            let names = ordered.flat_map(|v| {
                std::iter::once(v.name.as_str()).chain(v.aliases.iter().map(String::as_str))
            });
            closest(value, names).map(|v| format!("{name}={v}"))
        }
        ValueKind::Compress => {
            let (alg, level) = match value.split_once(':') {
                Some((a, l)) => (a, Some(l)),
                None => (value, None),
            };
            if ALGORITHMS.contains(&alg) {
                return None;
            }
            let fixed = closest(alg, ALGORITHMS)?;
            Some(match level {
                Some(l) => format!("{name}={fixed}:{l}"),
                None => format!("{name}={fixed}"),
            })
        }
        _ => None,
    }
}

/// True when `name` takes a value and `value` is one it accepts (for enums and compression;
/// other value kinds are left to validation).
fn value_fits(reg: &Registry, name: &str, value: &str) -> bool {
    let Some(info) = reg.get(name) else {
        return false;
    };
    match info.value {
        ValueKind::Flag => false,
        ValueKind::Enum | ValueKind::OptionalEnum => info.enum_value(value).is_some(),
        ValueKind::Compress => {
            let alg = value.split_once(':').map_or(value, |(a, _)| a);
            ALGORITHMS.contains(&alg)
        }
        _ => !value.is_empty(),
    }
}

/// `compress-zstd` → `compress=zstd`, `compress-force_zstd:3` → `compress-force=zstd:3`,
/// `discard:async` → `discard=async`: an option whose `=` was written as `-`, `_`, `:` or a
/// space, recognised when the part before is a known option that accepts the part after.
/// Later separators are tried first, so `compress-force-zstd` finds `compress-force`.
fn wrong_separator(reg: &Registry, unknown: &str) -> Option<String> {
    if unknown.contains('=') {
        return None;
    }
    for (i, c) in unknown.char_indices().rev() {
        if !matches!(c, '-' | '_' | ':' | ' ') {
            continue;
        }
        let (name, value) = (&unknown[..i], &unknown[i + c.len_utf8()..]);
        if value_fits(reg, name, value) {
            return Some(format!("{name}={value}"));
        }
    }
    None
}

pub(super) fn suggest(reg: &Registry, unknown: &str) -> Option<String> {
    let (name, value) = split_option(unknown);
    if name.is_empty() {
        return None;
    }
    if reg.lookup(unknown).is_some() {
        return value.and_then(|v| suggest_value(reg, name, v));
    }
    if let Some(fixed) = wrong_separator(reg, unknown) {
        return Some(fixed);
    }
    // Prefer options whose value syntax fits what was written (a value or none).
    let fits = |k: ValueKind| match value {
        Some(_) => k != ValueKind::Flag,
        None => matches!(
            k,
            ValueKind::Flag | ValueKind::OptionalEnum | ValueKind::Compress
        ),
    };
    let names = || reg.all().filter(|o| !o.prefix);
    let fitting = names().filter(|o| fits(o.value)).map(|o| o.name.as_str());
    let fixed =
        closest(name, fitting).or_else(|| closest(name, names().map(|o| o.name.as_str())))?;
    Some(match value {
        Some(v) => suggest_value(reg, fixed, v).unwrap_or_else(|| format!("{fixed}={v}")),
        None => fixed.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::registry;
    use super::*;

    #[test]
    fn a_wrong_separator_before_the_value_is_corrected() {
        let reg = registry();
        assert_eq!(
            suggest(reg, "compress-zstd").as_deref(),
            Some("compress=zstd")
        );
        assert_eq!(
            suggest(reg, "compress-zstd:3").as_deref(),
            Some("compress=zstd:3")
        );
        assert_eq!(
            suggest(reg, "compress-force-zstd").as_deref(),
            Some("compress-force=zstd")
        );
        assert_eq!(
            suggest(reg, "discard:async").as_deref(),
            Some("discard=async")
        );
        // A real option name with a separator in it is not split.
        assert_eq!(wrong_separator(reg, "space_cache"), None);
        assert_eq!(wrong_separator(reg, "compress-force"), None);
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("noatim", "noatime"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("zsdt", "zstd"), 1, "transposition");
        assert_eq!(edit_distance("asnyc", "async"), 1);
        assert_eq!(edit_distance("compress", "compress"), 0);
    }

    #[test]
    fn did_you_mean() {
        let r = registry();
        let s = |x: &str| r.suggest(x);
        assert_eq!(s("noatim").as_deref(), Some("noatime"));
        assert_eq!(s("compres=zstd").as_deref(), Some("compress=zstd"));
        assert_eq!(
            s("compress_force=zstd:1").as_deref(),
            Some("compress-force=zstd:1")
        );
        assert_eq!(s("space-cache=v2").as_deref(), Some("space_cache=v2"));
        assert_eq!(s("NOATIME").as_deref(), Some("noatime"));
        assert_eq!(s("nodatacwo").as_deref(), Some("nodatacow"));
        assert_eq!(s("autodefarg").as_deref(), Some("autodefrag"));
        assert_eq!(s("discard=asnyc").as_deref(), Some("discard=async"));
        assert_eq!(s("discard=ASYNC").as_deref(), Some("discard=async"));
        assert_eq!(s("compress=zsdt:3").as_deref(), Some("compress=zstd:3"));
        assert_eq!(s("compres=zstdd").as_deref(), Some("compress=zstd"));
        assert_eq!(
            s("space_cache=v3").as_deref(),
            Some("space_cache=v2"),
            "never suggest a failing value"
        );
        assert_eq!(s("rescue=ibadroot").as_deref(), Some("rescue=ibadroots"));
        assert_eq!(s("subvl=@home").as_deref(), Some("subvol=@home"));
    }

    #[test]
    fn no_suggestion_when_valid_or_far() {
        let r = registry();
        assert_eq!(r.suggest("noatime"), None);
        assert_eq!(r.suggest("compress=zstd:3"), None);
        assert_eq!(r.suggest("x-systemd.automount"), None);
        assert_eq!(r.suggest("errors=remount-ro"), None);
        assert_eq!(r.suggest("completelywrong"), None);
        assert_eq!(r.suggest(""), None);
        assert_eq!(r.suggest("=x"), None);
    }
}
