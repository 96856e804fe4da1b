//! `btrfs filesystem usage` in raw bytes (`-b` / `--raw`), human units (the default,
//! `--iec`, `--si`) and the `-T` table form.
//!
//! Overall lines are read by label, not position: `Device slack` (6.0+), `Free (statfs,
//! df)` (5.10+) and `Multiple profiles` (5.6.1+) are missing in older versions. Run as
//! non-root, the per-device lines and the `Unallocated:` section are missing and `Device
//! slack` is an unsigned underflow (≥ 2^63, read as unknown).

use serde::Serialize;

use super::num::{parse_f64, parse_size, tokens};

/// Space of one block-group type and profile: `Data,RAID1: Size:…, Used:…` in
/// `filesystem usage`, `Data, RAID1: total=…, used=…` in `filesystem df`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileUsage {
    /// `data`, `metadata`, `system`, or `data+metadata` (mixed block groups), lower case.
    pub kind: String,
    /// `single`, `dup`, `raid0`, `raid1`, `raid1c3`, `raid1c4`, `raid10`, `raid5`, `raid6`,
    /// lower case; `unknown` when the line has no profile (very old btrfs-progs).
    pub profile: String,
    /// Logical bytes allocated to chunks of this kind and profile (`Size` / `total`).
    pub size: Option<u64>,
    /// Logical bytes used inside them (`Used` / `used`).
    pub used: Option<u64>,
}

/// Bytes on one device (`/dev/sda` → unallocated bytes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceBytes {
    /// Device path as printed (`/dev/sda`).
    pub device: String,
    /// Raw bytes on that device; `None` when unreadable.
    pub bytes: Option<u64>,
}

/// `btrfs filesystem usage`: the whole-filesystem allocation picture. All sizes are bytes;
/// `None` when the line is missing (older versions, non-root run) or unreadable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FsUsage {
    /// `Device size`: raw bytes of all devices.
    pub device_size: Option<u64>,
    /// `Device allocated`: raw bytes allocated to chunks.
    pub device_allocated: Option<u64>,
    /// `Device unallocated`: raw bytes not yet allocated (ENOSPC risk when small).
    pub device_unallocated: Option<u64>,
    /// `Device missing`: raw bytes of missing devices.
    pub device_missing: Option<u64>,
    /// `Device slack` (6.0+): raw bytes between the fs size and the device size. Garbage
    /// when run as non-root in 6.2, read as `None`.
    pub device_slack: Option<u64>,
    /// `Used`: raw bytes used.
    pub used: Option<u64>,
    /// `Free (estimated)`: logical bytes still writable, estimated.
    pub free_estimated: Option<u64>,
    /// The `(min: …)` of `Free (estimated)`.
    pub free_min: Option<u64>,
    /// `Free (statfs, df)` (5.10+): what `df` reports as available.
    pub free_statfs: Option<u64>,
    /// `Global reserve`: bytes of the metadata reserve.
    pub global_reserve: Option<u64>,
    /// The `(used: …)` of `Global reserve`; non-zero means metadata pressure.
    pub global_reserve_used: Option<u64>,
    /// `Data ratio`: raw / logical for data (1.00 single, 2.00 DUP/RAID1).
    pub data_ratio: Option<f64>,
    /// `Metadata ratio`.
    pub metadata_ratio: Option<f64>,
    /// `Multiple profiles` (5.6.1+): `yes` = an unfinished balance or convert.
    pub multiple_profiles: Option<bool>,
    /// One entry per block-group section (or `-T` column), in output order.
    pub profiles: Vec<ProfileUsage>,
    /// Per-device unallocated raw bytes (`Unallocated:` section or `-T` column); empty when
    /// run as non-root.
    pub unallocated_per_device: Vec<DeviceBytes>,
    /// `true` when any size was printed in human units (rounded to 2 decimals).
    pub approximate: bool,
}

/// Whether `text` looks like `btrfs filesystem usage`: an `Overall:` line and a
/// `Device size:` line.
pub(crate) fn detect(text: &str) -> bool {
    let mut overall = false;
    for line in text.lines().take(64) {
        let t = line.trim();
        if t == "Overall:" {
            overall = true;
        } else if overall && t.starts_with("Device size:") {
            return true;
        }
    }
    false
}

/// Lower-case block-group type: `Data` → `data`, `Data+Metadata` → `data+metadata`.
pub(crate) fn kind_name(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

struct Sizes<'a> {
    approximate: &'a mut bool,
}

impl Sizes<'_> {
    fn get(&mut self, s: &str) -> Option<u64> {
        let (v, approx) = parse_size(s)?;
        *self.approximate |= approx;
        Some(v)
    }
}

/// The `(min: X)` / `(used: X)` suffix value.
fn paren_value<'a>(rest: &'a str, key: &str) -> Option<&'a str> {
    let start = rest.find(&format!("({key}:"))? + key.len() + 2;
    let tail = rest.get(start..)?;
    let end = tail.find(')')?;
    Some(tail[..end].trim())
}

/// Parse `btrfs filesystem usage` output (any mode).
pub(crate) fn parse(text: &str) -> FsUsage {
    let mut approximate = false;
    let mut u = FsUsage {
        device_size: None,
        device_allocated: None,
        device_unallocated: None,
        device_missing: None,
        device_slack: None,
        used: None,
        free_estimated: None,
        free_min: None,
        free_statfs: None,
        global_reserve: None,
        global_reserve_used: None,
        data_ratio: None,
        metadata_ratio: None,
        multiple_profiles: None,
        profiles: Vec::new(),
        unallocated_per_device: Vec::new(),
        approximate: false,
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut sizes = Sizes {
        approximate: &mut approximate,
    };
    #[derive(PartialEq)]
    enum Section {
        None,
        Overall,
        Profile,
        Unallocated,
    }
    let mut section = Section::None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        i += 1;
        if t.is_empty() {
            section = Section::None;
            continue;
        }
        if t == "Overall:" {
            section = Section::Overall;
            continue;
        }
        if t == "Unallocated:" {
            section = Section::Unallocated;
            continue;
        }
        // The -T table: a type line, then `Id Path …`.
        let toks = tokens(t);
        if toks.len() >= 2 && toks[0].1 == "Id" && toks[1].1 == "Path" {
            let type_line = if i >= 2 { lines[i - 2] } else { "" };
            i = parse_table(&lines, i, type_line, line, &mut u, &mut sizes);
            section = Section::None;
            continue;
        }
        if let Some((kind, profile, size, used)) = section_header(t) {
            u.profiles.push(ProfileUsage {
                kind: kind_name(kind),
                profile: profile.to_ascii_lowercase(),
                size: sizes.get(size),
                used: sizes.get(used),
            });
            section = Section::Profile;
            continue;
        }
        match section {
            Section::Overall => {
                let Some((label, rest)) = t.split_once(':') else {
                    continue;
                };
                let value = rest.split_whitespace().next().unwrap_or("");
                match label.trim() {
                    "Device size" => u.device_size = sizes.get(value),
                    "Device allocated" => u.device_allocated = sizes.get(value),
                    "Device unallocated" => u.device_unallocated = sizes.get(value),
                    "Device missing" => u.device_missing = sizes.get(value),
                    "Device slack" => u.device_slack = sizes.get(value),
                    "Used" => u.used = sizes.get(value),
                    "Free (estimated)" => {
                        u.free_estimated = sizes.get(value);
                        u.free_min = paren_value(rest, "min").and_then(|v| sizes.get(v));
                    }
                    "Free (statfs, df)" => u.free_statfs = sizes.get(value),
                    "Data ratio" => u.data_ratio = parse_f64(value),
                    "Metadata ratio" => u.metadata_ratio = parse_f64(value),
                    "Global reserve" => {
                        u.global_reserve = sizes.get(value);
                        u.global_reserve_used =
                            paren_value(rest, "used").and_then(|v| sizes.get(v));
                    }
                    "Multiple profiles" => {
                        u.multiple_profiles = match value {
                            "yes" => Some(true),
                            "no" => Some(false),
                            _ => None,
                        }
                    }
                    _ => {}
                }
            }
            Section::Unallocated => {
                let toks = tokens(t);
                if toks.len() >= 2 {
                    let (off, _) = toks[toks.len() - 1];
                    u.unallocated_per_device.push(DeviceBytes {
                        device: t[..off].trim().to_string(),
                        bytes: sizes.get(toks[toks.len() - 1].1),
                    });
                }
            }
            Section::Profile | Section::None => {}
        }
    }
    u.approximate = approximate;
    u
}

/// `Data,RAID1: Size:1311768576, Used:1139806208 (86.89%)` → parts.
fn section_header(t: &str) -> Option<(&str, &str, &str, &str)> {
    let (head, rest) = t.split_once(": Size:")?;
    let (kind, profile) = head.split_once(',')?;
    if kind.contains(char::is_whitespace) || profile.contains(char::is_whitespace) {
        return None;
    }
    let (size, rest) = rest.split_once(", Used:")?;
    let used = rest.split_whitespace().next()?;
    Some((kind, profile, size.trim(), used))
}

/// Parse the `-T` table starting after the `Id Path …` header at `lines[start - 1]`;
/// returns the index of the first line after the table.
fn parse_table(
    lines: &[&str],
    start: usize,
    type_line: &str,
    header_line: &str,
    u: &mut FsUsage,
    sizes: &mut Sizes<'_>,
) -> usize {
    let header = tokens(header_line);
    let types = tokens(type_line);
    // Columns after `Id Path`; profile columns are those with a type above them.
    let cols: Vec<(usize, &str)> = header.iter().skip(2).copied().collect();
    let n_profiles = cols
        .iter()
        .take_while(|(_, name)| !matches!(*name, "Unallocated" | "Total" | "Slack"))
        .count();
    let mut profiles: Vec<(String, String)> = Vec::new();
    for (k, (off, name)) in cols.iter().take(n_profiles).enumerate() {
        // Types are printed left-aligned above their column; fall back to order.
        let by_pos = types.iter().find(|(toff, _)| toff == off).map(|(_, t)| *t);
        let kind = by_pos
            .or_else(|| types.get(k).map(|(_, t)| *t))
            .unwrap_or("");
        profiles.push((kind_name(kind), name.to_ascii_lowercase()));
    }
    let unalloc_col = cols.iter().position(|(_, n)| *n == "Unallocated");
    let mut totals: Vec<Option<u64>> = vec![None; n_profiles];
    let mut useds: Vec<Option<u64>> = vec![None; n_profiles];
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() {
            break;
        }
        i += 1;
        let toks = tokens(t);
        if toks.iter().all(|(_, s)| s.bytes().all(|b| b == b'-')) {
            continue;
        }
        match toks.first().map(|(_, s)| *s) {
            Some("Total") => {
                for (k, slot) in totals.iter_mut().enumerate() {
                    *slot = toks.get(k + 1).and_then(|(_, v)| sizes.get(v));
                }
            }
            Some("Used") => {
                for (k, slot) in useds.iter_mut().enumerate() {
                    *slot = toks.get(k + 1).and_then(|(_, v)| sizes.get(v));
                }
            }
            Some(id) if id.bytes().all(|b| b.is_ascii_digit()) && toks.len() >= 2 => {
                if let Some(c) = unalloc_col {
                    u.unallocated_per_device.push(DeviceBytes {
                        device: toks[1].1.to_string(),
                        bytes: toks.get(c + 2).and_then(|(_, v)| sizes.get(v)),
                    });
                }
            }
            _ => {}
        }
    }
    for (k, (kind, profile)) in profiles.into_iter().enumerate() {
        u.profiles.push(ProfileUsage {
            kind,
            profile,
            size: totals[k],
            used: useds[k],
        });
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAW: &str = include_str!("../../../tests/fixtures/metrics/btrfs-fi-usage-b.raid1.txt");
    const NONROOT: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-fi-usage-b.raid1.as-nonroot.txt");
    const HUMAN: &str = include_str!("../../../tests/fixtures/metrics/btrfs-fi-usage.single.txt");
    const OLD: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-fi-usage-b.single.pre-5.6.txt");
    const TABLE: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-fi-usage-T.mixed-profiles.txt");

    const GIB: u64 = 1 << 30;

    #[test]
    fn raw_bytes() {
        let u = parse(RAW);
        assert!(!u.approximate);
        assert_eq!(u.device_size, Some(8001574060032));
        assert_eq!(u.device_unallocated, Some(4277846016));
        assert_eq!(u.device_slack, Some(0));
        assert_eq!(u.free_estimated, Some(6433890304));
        assert_eq!(u.free_min, Some(6433890304));
        assert_eq!(u.free_statfs, Some(4336910336));
        assert_eq!(u.global_reserve, Some(536870912));
        assert_eq!(u.global_reserve_used, Some(16777216));
        assert_eq!(u.data_ratio, Some(2.0));
        assert_eq!(u.metadata_ratio, Some(2.0));
        assert_eq!(u.multiple_profiles, Some(false));
        assert_eq!(u.profiles.len(), 3);
        assert_eq!(
            u.profiles[0],
            ProfileUsage {
                kind: "data".into(),
                profile: "raid1".into(),
                size: Some(3716 * GIB),
                used: Some(3712 * GIB)
            }
        );
        assert_eq!(u.profiles[2].kind, "system");
        assert_eq!(u.unallocated_per_device.len(), 2);
        assert_eq!(u.unallocated_per_device[1].device, "/dev/sdb");
        assert_eq!(u.unallocated_per_device[1].bytes, Some(2138923008));
    }

    #[test]
    fn non_root_garbage_slack_is_unknown() {
        let u = parse(NONROOT);
        assert_eq!(u.device_slack, None);
        assert_eq!(u.device_size, Some(8001574060032));
        assert_eq!(u.profiles.len(), 3);
        assert!(u.unallocated_per_device.is_empty());
    }

    #[test]
    fn human_units_are_approximate() {
        let u = parse(HUMAN);
        assert!(u.approximate);
        assert_eq!(u.device_missing, Some(0));
        assert_eq!(u.global_reserve_used, Some(0));
        assert_eq!(u.data_ratio, Some(1.0));
        assert_eq!(u.profiles[0].size, Some(180 * GIB));
        assert_eq!(u.profiles[1].profile, "dup");
        let unalloc = u.unallocated_per_device[0].bytes.unwrap();
        assert!(unalloc.abs_diff(u.device_unallocated.unwrap()) < GIB / 100);
    }

    #[test]
    fn old_versions_lack_lines() {
        let u = parse(OLD);
        assert_eq!(u.device_slack, None);
        assert_eq!(u.free_statfs, None);
        assert_eq!(u.multiple_profiles, None);
        assert!(u.free_estimated.is_some() && u.global_reserve.is_some());
        assert_eq!(u.profiles.len(), 3);
    }

    #[test]
    fn table_with_mixed_profiles() {
        let u = parse(TABLE);
        assert!(u.approximate);
        assert_eq!(u.multiple_profiles, Some(true));
        assert_eq!(u.data_ratio, Some(1.4));
        let p: Vec<(&str, &str)> = u
            .profiles
            .iter()
            .map(|p| (p.kind.as_str(), p.profile.as_str()))
            .collect();
        assert_eq!(
            p,
            [
                ("data", "single"),
                ("data", "dup"),
                ("metadata", "dup"),
                ("system", "dup")
            ]
        );
        assert_eq!(u.profiles[1].size, Some(30 * GIB));
        assert_eq!(u.profiles[1].used, Some(17 * GIB + GIB / 2));
        assert_eq!(u.profiles[3].used, Some(16384));
        assert_eq!(u.unallocated_per_device.len(), 1);
        assert_eq!(u.unallocated_per_device[0].device, "/dev/vdb");
        assert_eq!(
            u.unallocated_per_device[0].bytes,
            Some(114 * GIB + 3 * GIB / 4)
        );
    }

    #[test]
    fn detection() {
        assert!(detect(RAW) && detect(NONROOT) && detect(HUMAN) && detect(TABLE));
        assert!(!detect("/dev/sda, ID: 1\n   Device size: 100\n"));
    }
}
