//! `compsize [-b] [-x] PATH…` (1.5 and git master, which adds `, N fragments` to the
//! `Processed` line). Rows are `Type Perc Disk-Usage Uncompressed Referenced`; without
//! `-b` sizes use base-1024 units `B K M G T P E` and are rounded.

use serde::Serialize;

use super::num::{parse_f64, parse_size, parse_u64, tokens};

/// One row of the compsize table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompsizeRow {
    /// `TOTAL`, `none`, `zstd`, `lzo`, `zlib`, `prealloc` (fallocated, unwritten), or `?N`
    /// for an unknown compression type; as printed.
    pub kind: String,
    /// `Perc`: disk × 100 / uncompressed (integer division by compsize), 0–100.
    pub percent: Option<f64>,
    /// `Disk Usage`: bytes on disk.
    pub disk: Option<u64>,
    /// `Uncompressed`: bytes before compression.
    pub uncompressed: Option<u64>,
    /// `Referenced`: bytes referenced by files (more than uncompressed = shared by reflinks
    /// or snapshots; less = partially overwritten extents still pinned).
    pub referenced: Option<u64>,
}

/// `compsize` output: the `Processed …` counts and the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compsize {
    /// `Processed N files`.
    pub files: Option<u64>,
    /// `N regular extents`.
    pub extents: Option<u64>,
    /// `(N refs)`.
    pub refs: Option<u64>,
    /// `N inline` extents.
    pub inline: Option<u64>,
    /// `N fragments` (compsize git master only).
    pub fragments: Option<u64>,
    /// The `TOTAL` row (all values `None` when it is missing).
    pub total: CompsizeRow,
    /// The per-type rows after `TOTAL` (`none`, `zstd`, `prealloc`, …) in output order.
    pub by_type: Vec<CompsizeRow>,
    /// `true` when sizes were printed in human units (no `-b`).
    pub approximate: bool,
}

fn is_header(t: &str) -> bool {
    let toks: Vec<&str> = t.split_whitespace().collect();
    toks.len() >= 3 && toks[0] == "Type" && toks[1] == "Perc" && toks[2] == "Disk"
}

/// Whether `text` looks like compsize output.
pub(crate) fn detect(text: &str) -> bool {
    text.lines().take(8).any(|l| {
        let t = l.trim();
        is_header(t) || (t.starts_with("Processed ") && t.contains(" regular extents"))
    })
}

/// `Processed 56879 files, 17093 regular extents (25320 refs), 40927 inline, 57238 fragments.`
fn processed(t: &str, c: &mut Compsize) {
    let Some(rest) = t.strip_prefix("Processed ") else {
        return;
    };
    let rest = rest.trim_end().trim_end_matches('.');
    for part in rest.split(", ") {
        let toks: Vec<&str> = part.split_whitespace().collect();
        let Some(n) = toks.first().and_then(|s| parse_u64(s)) else {
            continue;
        };
        match toks.get(1).copied() {
            Some("file" | "files") => c.files = Some(n),
            Some("regular") => {
                c.extents = Some(n);
                c.refs = part
                    .split_once('(')
                    .and_then(|(_, r)| r.split_whitespace().next())
                    .and_then(parse_u64);
            }
            Some("inline") => c.inline = Some(n),
            Some("fragments" | "fragment") => c.fragments = Some(n),
            _ => {}
        }
    }
}

/// Parse compsize output.
pub(crate) fn parse(text: &str) -> Compsize {
    let mut c = Compsize {
        files: None,
        extents: None,
        refs: None,
        inline: None,
        fragments: None,
        total: CompsizeRow {
            kind: "TOTAL".into(),
            percent: None,
            disk: None,
            uncompressed: None,
            referenced: None,
        },
        by_type: Vec::new(),
        approximate: false,
    };
    let mut in_table = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("Processed ") {
            processed(t, &mut c);
            continue;
        }
        if is_header(t) {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        let toks = tokens(t);
        if toks.len() != 5 || !toks[1].1.ends_with('%') {
            continue;
        }
        let mut size = |s: &str| {
            let (v, approx) = parse_size(s)?;
            c.approximate |= approx;
            Some(v)
        };
        let row = CompsizeRow {
            kind: toks[0].1.to_string(),
            percent: parse_f64(toks[1].1),
            disk: size(toks[2].1),
            uncompressed: size(toks[3].1),
            referenced: size(toks[4].1),
        };
        if row.kind == "TOTAL" {
            c.total = row;
        } else {
            c.by_type.push(row);
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUMAN: &str = include_str!("../../../tests/fixtures/metrics/compsize-x.home.txt");
    const RAW: &str = include_str!("../../../tests/fixtures/metrics/compsize-b-x.home.txt");
    const MASTER: &str =
        include_str!("../../../tests/fixtures/metrics/compsize-b.top.compsize-master.txt");
    const PREALLOC: &str =
        include_str!("../../../tests/fixtures/metrics/compsize-x.vm-with-prealloc.txt");
    const SWAP: &str = include_str!("../../../tests/fixtures/metrics/compsize.swapfile.txt");

    const GIB: u64 = 1 << 30;

    #[test]
    fn raw_bytes() {
        let c = parse(RAW);
        assert!(!c.approximate);
        assert_eq!(c.files, Some(31877));
        assert_eq!(c.extents, Some(210433));
        assert_eq!(c.refs, Some(244918));
        assert_eq!(c.inline, Some(21540));
        assert_eq!(c.fragments, None);
        assert_eq!(c.total.percent, Some(85.0));
        assert_eq!(c.total.disk, Some(56149147648));
        assert_eq!(c.total.uncompressed, Some(65508737024));
        assert_eq!(c.total.referenced, Some(81067507712));
        let kinds: Vec<&str> = c.by_type.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["none", "zstd"]);
        assert_eq!(c.by_type[1].percent, Some(48.0));
    }

    #[test]
    fn human_units_are_approximate() {
        let c = parse(HUMAN);
        assert!(c.approximate);
        assert_eq!(c.total.disk, Some(52 * GIB));
        assert_eq!(c.by_type[1].disk, Some((8.2 * GIB as f64).round() as u64));
        // Same counts as the -b capture.
        assert_eq!(c.files, parse(RAW).files);
    }

    #[test]
    fn master_adds_fragments() {
        let c = parse(MASTER);
        assert_eq!(c.fragments, Some(233104));
        assert_eq!(c.inline, Some(21540));
        assert_eq!(c.total, parse(RAW).total);
    }

    #[test]
    fn prealloc_row() {
        let c = parse(PREALLOC);
        assert_eq!(c.by_type.len(), 3);
        let p = &c.by_type[2];
        assert_eq!(p.kind, "prealloc");
        assert_eq!(p.percent, Some(100.0));
        assert_eq!(p.disk, Some(8 * GIB));
    }

    #[test]
    fn single_file() {
        let c = parse(SWAP);
        assert_eq!(c.files, Some(1));
        assert_eq!(c.by_type[0].referenced, Some(4096));
    }

    #[test]
    fn detection() {
        assert!(detect(HUMAN) && detect(RAW) && detect(MASTER) && detect(SWAP));
        assert!(!detect("No files.\n"));
    }
}
