//! `df` in any of its column sets: `df -B1 -T`, `df -T` (1K blocks), `df -h`,
//! `df --output=source,fstype,itotal,iused,size,used,avail,pcent,target`.
//!
//! Columns are found by header name, never by position. The mount point (`Mounted on`) may
//! contain spaces, so when it is the last column it is the rest of the line. A source too
//! long for its column makes df wrap the row onto the next line; both lines are joined.

use serde::Serialize;

use super::num::{parse_size, parse_u64, tokens};

/// One row of `df`: sizes of the filesystem mounted at `target`.
///
/// On btrfs every subvolume mount of one filesystem repeats the same figures, `size` is
/// the device total divided by the data ratio and `avail` is an estimate: use
/// `btrfs filesystem usage` for fullness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DfRow {
    /// `Filesystem`: the source (`/dev/nvme0n1p2`, `tmpfs`).
    pub source: String,
    /// `Type`, when the capture has it (`-T` or `--output=fstype`).
    pub fstype: Option<String>,
    /// Total size in bytes (`1B-blocks`, `1K-blocks` × 1024, `Size`). `None` when absent or `-`.
    pub size: Option<u64>,
    /// Used bytes.
    pub used: Option<u64>,
    /// Available bytes (`Available` / `Avail`).
    pub avail: Option<u64>,
    /// `Mounted on`, as printed (df does not escape spaces).
    pub target: String,
    /// `true` when the sizes are rounded: human units (`-h`, parsed as powers of 1024; `-H`
    /// cannot be told apart and is read the same way) or blocks larger than one byte.
    pub approximate: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Source,
    Type,
    Size,
    Used,
    Avail,
    Target,
    Other,
}

/// The header's columns, with the block multiplier (`None` = human sizes).
fn header(line: &str) -> Option<(Vec<Col>, Option<u64>)> {
    let toks: Vec<&str> = line.split_whitespace().collect();
    if toks.first() != Some(&"Filesystem") {
        return None;
    }
    let mut cols = Vec::new();
    let mut mult: Option<u64> = None;
    let mut human = false;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let col = match t {
            "Filesystem" => Col::Source,
            "Type" => Col::Type,
            "Size" => {
                human = true;
                Col::Size
            }
            "Used" => Col::Used,
            "Available" | "Avail" => Col::Avail,
            "Mounted" => {
                if toks.get(i + 1) == Some(&"on") {
                    i += 1;
                }
                Col::Target
            }
            _ => {
                if let Some(b) = t.strip_suffix("-blocks") {
                    mult = Some(block_size(b)?);
                    Col::Size
                } else {
                    Col::Other
                }
            }
        };
        cols.push(col);
        i += 1;
    }
    if !cols.contains(&Col::Target) {
        return None;
    }
    if human {
        mult = None;
    } else if mult.is_none() {
        // Neither `Size` nor `N-blocks`: only inode or other columns; sizes stay unknown.
        mult = Some(1);
    }
    Some((cols, mult))
}

/// `1B` → 1, `1K` → 1024, `1024` → 1024, `1M` → 1048576, `1kB` → 1000.
fn block_size(label: &str) -> Option<u64> {
    parse_size(label).map(|(b, _)| b).filter(|&b| b > 0)
}

/// Whether `text` looks like `df` output: a `Filesystem … Mounted on` header first.
pub(crate) fn detect(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| header(l).is_some())
}

/// Parse `df` output. Rows that do not fit the header are skipped.
pub(crate) fn parse(text: &str) -> Vec<DfRow> {
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let Some((cols, mult)) = lines.next().and_then(header) else {
        return Vec::new();
    };
    let target_last = cols.last() == Some(&Col::Target);
    let mut rows = Vec::new();
    let mut pending: Option<String> = None;
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        let joined;
        let line = match pending.take() {
            Some(src) => {
                joined = format!("{src} {}", line.trim_start());
                joined.as_str()
            }
            None => line,
        };
        let toks = tokens(line);
        if toks.len() == 1 && cols.len() > 1 {
            // df wrapped a long source name onto its own line.
            pending = Some(toks[0].1.to_string());
            continue;
        }
        if toks.len() < cols.len() || (!target_last && toks.len() != cols.len()) {
            continue;
        }
        let mut row = DfRow {
            source: String::new(),
            fstype: None,
            size: None,
            used: None,
            avail: None,
            target: String::new(),
            approximate: mult != Some(1),
        };
        for (i, col) in cols.iter().enumerate() {
            let (off, tok) = toks[i];
            let value = |t: &str| match mult {
                Some(m) => parse_u64(t)
                    .and_then(|v| v.checked_mul(m))
                    .filter(|&v| v < 1 << 63),
                None => parse_size(t).map(|(b, _)| b),
            };
            match col {
                Col::Source => row.source = tok.to_string(),
                Col::Type => row.fstype = Some(tok.to_string()),
                Col::Size => row.size = value(tok),
                Col::Used => row.used = value(tok),
                Col::Avail => row.avail = value(tok),
                Col::Target => {
                    row.target = if i + 1 == cols.len() {
                        line[off..].trim_end().to_string()
                    } else {
                        tok.to_string()
                    }
                }
                Col::Other => {}
            }
        }
        if row.source.is_empty() && row.target.is_empty() {
            continue;
        }
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const B1_T: &str = include_str!("../../../tests/fixtures/metrics/df-B1-T.txt");
    const K_T: &str = include_str!("../../../tests/fixtures/metrics/df-T.1K-blocks.txt");
    const H: &str = include_str!("../../../tests/fixtures/metrics/df-h.txt");
    const OUTPUT: &str = include_str!("../../../tests/fixtures/metrics/df-output-B1.txt");

    #[test]
    fn bytes_with_type_and_a_target_with_spaces() {
        let rows = parse(B1_T);
        assert_eq!(rows.len(), 6);
        let r = &rows[0];
        assert_eq!(r.source, "/dev/nvme0n1p2");
        assert_eq!(r.fstype.as_deref(), Some("btrfs"));
        assert_eq!(r.size, Some(512105316352));
        assert_eq!(r.used, Some(201863462912));
        assert_eq!(r.avail, Some(308158676992));
        assert_eq!(r.target, "/");
        assert!(!r.approximate);
        assert_eq!(rows[4].target, "/var/lib/libvirt/my images");
        assert_eq!(rows[5].avail, Some(99614720));
    }

    #[test]
    fn one_k_blocks_are_scaled_and_approximate() {
        let rows = parse(K_T);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].size, Some(523248 * 1024));
        assert!(rows[0].approximate);
    }

    #[test]
    fn human_sizes_are_approximate() {
        let rows = parse(H);
        assert_eq!(rows.len(), 5);
        let r = &rows[0];
        assert!(r.approximate);
        assert_eq!(r.fstype, None);
        assert_eq!(r.size, Some(477 << 30));
        assert_eq!(rows[1].used, Some((1.2f64 * 1048576.0).round() as u64));
        assert_eq!(rows[3].size, Some(0));
        assert_eq!(rows[4].target, "/srv/nas");
        assert_eq!(rows[4].avail, Some(95 << 20));
    }

    #[test]
    fn output_columns_in_any_order() {
        let rows = parse(OUTPUT);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].source, "/dev/sda");
        assert_eq!(rows[2].size, Some(4000787030016));
        assert_eq!(rows[2].used, Some(3995917737984));
        assert_eq!(rows[2].target, "/srv/nas");
        let custom = "Filesystem Avail Mounted on Type\n/dev/sda 1024 /srv btrfs\n";
        let rows = parse(custom);
        assert_eq!(rows[0].avail, Some(1024));
        assert_eq!(rows[0].target, "/srv");
        assert_eq!(rows[0].fstype.as_deref(), Some("btrfs"));
    }

    #[test]
    fn wrapped_long_source() {
        let text = "Filesystem     1B-blocks Used Available Use% Mounted on\n\
                    /dev/mapper/very-long-volume-group-name\n\
                    \x20              1000  10  990   1% /data\n";
        let rows = parse(text);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].source, "/dev/mapper/very-long-volume-group-name");
        assert_eq!(rows[0].size, Some(1000));
        assert_eq!(rows[0].target, "/data");
    }

    #[test]
    fn detection() {
        assert!(detect(B1_T) && detect(H) && detect(OUTPUT));
        assert!(!detect("Filesystem is fine\n"));
    }
}
