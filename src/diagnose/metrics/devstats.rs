//! `btrfs device stats`: text (also `-c`), the `-T` table (5.19+) and `btrfs --format json
//! device stats` (5.10+; numbers quoted before 6.5).
//!
//! Run as non-root, btrfs-progs fails (`ERROR: getting device info … Operation not
//! permitted`, empty stdout), so such a capture is not recognised at all. Any counter
//! ≥ 2^63 is read as unknown.

use serde::Serialize;
use serde_json::Value;

use super::num::{json_text, json_u64, parse_u64, tokens};

/// Persistent I/O error counters of one device (they survive reboots; any non-zero value
/// is a finding). Counters are counts; `None` = missing or unreadable (≥ 2^63).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceStats {
    /// Device path (`/dev/sdb`), or `devid:N` for a missing device.
    pub device: String,
    /// The btrfs device id, when printed (`-T`, JSON, or a `[devid:N]` text line).
    pub devid: Option<u64>,
    /// `write_io_errs`: failed writes (device or cable failing).
    pub write_io_errs: Option<u64>,
    /// `read_io_errs`: failed reads.
    pub read_io_errs: Option<u64>,
    /// `flush_io_errs`: failed flushes.
    pub flush_io_errs: Option<u64>,
    /// `corruption_errs`: checksum mismatches (bad media or RAM).
    pub corruption_errs: Option<u64>,
    /// `generation_errs`: lost writes.
    pub generation_errs: Option<u64>,
}

impl DeviceStats {
    fn new(device: &str, devid: Option<u64>) -> Self {
        DeviceStats {
            device: device.to_string(),
            devid: devid.or_else(|| device.strip_prefix("devid:").and_then(parse_u64)),
            write_io_errs: None,
            read_io_errs: None,
            flush_io_errs: None,
            corruption_errs: None,
            generation_errs: None,
        }
    }

    fn set(&mut self, counter: &str, value: Option<u64>) {
        let slot = match counter {
            "write_io_errs" => &mut self.write_io_errs,
            "read_io_errs" => &mut self.read_io_errs,
            "flush_io_errs" => &mut self.flush_io_errs,
            "corruption_errs" => &mut self.corruption_errs,
            "generation_errs" => &mut self.generation_errs,
            _ => return,
        };
        *slot = value;
    }
}

/// `[/dev/sdb].corruption_errs  212` → (device, counter, value text).
fn text_line(t: &str) -> Option<(&str, &str, &str)> {
    let rest = t.strip_prefix('[')?;
    let close = rest.rfind("].")?;
    let device = &rest[..close];
    let tail = &rest[close + 2..];
    let mut parts = tail.split_whitespace();
    let counter = parts.next()?;
    let value = parts.next()?;
    if parts.next().is_some()
        || !counter.ends_with("_errs")
        || !value.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some((device, counter, value))
}

fn is_table_header(t: &str) -> bool {
    t.starts_with("Id ") && t.contains(" Path") && t.contains("errors")
}

/// Whether `text` looks like `btrfs device stats` (text or `-T`).
pub(crate) fn detect(text: &str) -> bool {
    let (mut good, mut all) = (0usize, 0usize);
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if is_table_header(t) {
            return true;
        }
        all += 1;
        if text_line(t).is_some() {
            good += 1;
        }
    }
    good > 0 && good * 2 >= all
}

/// Parse text or `-T` `btrfs device stats`.
pub(crate) fn parse(text: &str) -> Vec<DeviceStats> {
    let mut out: Vec<DeviceStats> = Vec::new();
    let mut table: Option<Vec<String>> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if is_table_header(t) {
            // `Id Path Write errors Read errors …`: each counter is `<Word> errors`.
            let words: Vec<&str> = t.split_whitespace().skip(2).collect();
            let mut cols = Vec::new();
            let mut k = 0;
            while k < words.len() {
                if words.get(k + 1) == Some(&"errors") {
                    cols.push(format!("{}_errs", words[k].to_ascii_lowercase()));
                    k += 2;
                } else {
                    cols.push(words[k].to_ascii_lowercase());
                    k += 1;
                }
            }
            for c in &mut cols {
                if matches!(c.as_str(), "write_errs" | "read_errs" | "flush_errs") {
                    *c = c.replace("_errs", "_io_errs");
                }
            }
            table = Some(cols);
            continue;
        }
        if let Some(cols) = &table {
            let toks = tokens(t);
            if toks.iter().all(|(_, s)| s.bytes().all(|b| b == b'-')) || toks.len() < 2 {
                continue;
            }
            let Some(id) = parse_u64(toks[0].1) else {
                continue;
            };
            let mut d = DeviceStats::new(toks[1].1, Some(id));
            for (c, (_, v)) in cols.iter().zip(toks.iter().skip(2)) {
                d.set(c, parse_u64(v));
            }
            out.push(d);
            continue;
        }
        if let Some((device, counter, value)) = text_line(t) {
            if out.last().is_none_or(|d| d.device != device) {
                out.push(DeviceStats::new(device, None));
            }
            if let Some(d) = out.last_mut() {
                d.set(counter, parse_u64(value));
            }
        }
    }
    out
}

/// Parse the `device-stats` array of `btrfs --format json device stats`.
pub(crate) fn parse_json(v: &Value) -> Vec<DeviceStats> {
    let mut out = Vec::new();
    for item in v.as_array().into_iter().flatten() {
        let Some(device) = item.get("device").and_then(json_text) else {
            continue;
        };
        let mut d = DeviceStats::new(&device, item.get("devid").and_then(json_u64));
        for counter in [
            "write_io_errs",
            "read_io_errs",
            "flush_io_errs",
            "corruption_errs",
            "generation_errs",
        ] {
            d.set(counter, item.get(counter).and_then(json_u64));
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = include_str!("../../../tests/fixtures/metrics/btrfs-device-stats.raid1.txt");
    const TABLE: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-device-stats-T.raid1.txt");
    const MISSING: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-device-stats.missing-device.txt");
    const OVERFLOW: &str =
        include_str!("../../../tests/fixtures/metrics/btrfs-device-stats.overflow.txt");
    const QUOTED: &str = include_str!(
        "../../../tests/fixtures/metrics/btrfs-format-json-device-stats.quoted-6.2.json"
    );
    const UNQUOTED: &str = include_str!(
        "../../../tests/fixtures/metrics/btrfs-format-json-device-stats.unquoted-6.19.json"
    );

    #[test]
    fn text_counters_per_device() {
        let s = parse(TEXT);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].device, "/dev/sda");
        assert_eq!(s[0].devid, None);
        assert_eq!(s[0].corruption_errs, Some(0));
        assert_eq!(s[1].write_io_errs, Some(3));
        assert_eq!(s[1].read_io_errs, Some(17));
        assert_eq!(s[1].flush_io_errs, Some(1));
        assert_eq!(s[1].corruption_errs, Some(212));
        assert_eq!(s[1].generation_errs, Some(0));
    }

    #[test]
    fn table_equals_text_plus_devids() {
        let t = parse(TABLE);
        let mut text = parse(TEXT);
        text[0].devid = Some(1);
        text[1].devid = Some(2);
        assert_eq!(t, text);
    }

    #[test]
    fn json_quoted_and_unquoted() {
        let q: Value = serde_json::from_str(QUOTED).unwrap();
        let u: Value = serde_json::from_str(UNQUOTED).unwrap();
        let q = parse_json(&q["device-stats"]);
        let u = parse_json(&u["device-stats"]);
        assert_eq!(q, u);
        assert_eq!(q, parse(TABLE));
    }

    #[test]
    fn missing_device_by_devid() {
        let s = parse(MISSING);
        assert_eq!(s[1].device, "devid:2");
        assert_eq!(s[1].devid, Some(2));
    }

    #[test]
    fn garbage_counters_are_unknown() {
        let s = parse(OVERFLOW);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].write_io_errs, Some(0));
        assert_eq!(s[0].read_io_errs, None);
        assert_eq!(s[0].corruption_errs, None);
        let v = serde_json::json!([{"device": "/dev/sdc", "devid": "1",
            "read_io_errs": "18446744073709551615", "write_io_errs": 18446744073709551615u64}]);
        let j = parse_json(&v);
        assert_eq!(j[0].read_io_errs, None);
        assert_eq!(j[0].write_io_errs, None);
        assert_eq!(j[0].devid, Some(1));
    }

    #[test]
    fn detection() {
        assert!(detect(TEXT) && detect(TABLE) && detect(MISSING));
        assert!(!detect(""));
        assert!(!detect("[x] not stats\n"));
    }
}
