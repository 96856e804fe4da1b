//! Metrics ingestion: tolerant parsers for captured command outputs, recognised by
//! content, not by file name.
//!
//! Formats (see `FORMATS.md` beside the real captures for the version notes):
//!
//! | [`Kind`] | command | variants |
//! |---|---|---|
//! | `Df` | `df` | `-B1 -T`, `-T` (1K blocks), `-h` (approximate), `--output=…` |
//! | `FsUsage` | `btrfs filesystem usage` | `-b`, human units, `-T`, non-root, pre-5.10 lines |
//! | `FsDf` | `btrfs filesystem df` | text, `-b`, `--format json` (quoted 6.1–6.4 / unquoted 6.5+) |
//! | `DeviceStats` | `btrfs device stats` | text, `-c`, `-T`, `--format json` (quoted / unquoted) |
//! | `Compsize` | `compsize` | `-x`, `-b`, `prealloc` rows, git master `fragments` |
//! | `Iostat` | `iostat` | `-x` of sysstat ≤ 11.5.6 / 11.5.7–12.1.1 / 12.1.2+, `-s`, `-d`, `-k`/`-m`, `-t`, `-y`, `-h`, `-o JSON` (also cut short) |
//! | `Mountinfo` | `/proc/self/mountinfo` | optional fields, `\040` escapes; also `/proc/mounts` and `mount` output |
//! | `Findmnt` | `findmnt` | `-J` flat or tree, typed or all-string values, `-b -o …,SIZE,USED,AVAIL`, `-P` |
//! | `Lsattr` | `lsattr [-d]` | 22-position and shorter flag fields, `-R` headers |
//! | `Filefrag` | `filefrag [-v]` | `N extents found`, `1 extent found` |
//! | `BlockDevices` | `lsblk`, `/sys/block/*/queue` | `-J` (boolean or `"1"` `rota`), tables, `grep -H .` of sysfs, the FORMATS.md loop |
//! | `Sysctl` | `sysctl` | `sysctl vm`/`-a`, `grep -H . /proc/sys/vm/*` |
//! | `Meminfo` | `/proc/meminfo` | |
//!
//! Units: bytes as `u64`, rates as `f64` per second, latencies in milliseconds,
//! percentages as `f64` 0–100. A figure that is missing, unreadable, or ≥ 2^63 (the
//! unsigned underflow btrfs-progs prints for some fields when run as non-root) is `None`,
//! never a huge number. Values printed in human units are rounded by the tool; the
//! structures say so with an `approximate` flag.
//!
//! Nothing here panics on any input, and only [`load_dir`] does IO.
//!
//! ```
//! use disko_lint::diagnose::metrics::{Capture, recognize};
//! let text = "Data, single: total=8589934592, used=4294967296\n\
//!             GlobalReserve, single: total=16777216, used=0\n";
//! let Some(Capture::FsDf(df)) = recognize(text) else { panic!() };
//! assert_eq!(df.profiles[0].used, Some(4294967296));
//! assert_eq!(df.global_reserve, Some(16777216));
//! assert!(recognize("hello").is_none());
//! ```

mod block;
mod compsize;
mod devstats;
mod df;
mod files;
mod fsdf;
mod iostat;
mod mounts;
mod num;
mod sysctl;
mod usage;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

pub use block::BlockDevice;
pub use compsize::{Compsize, CompsizeRow};
pub use devstats::DeviceStats;
pub use df::DfRow;
pub use files::{FileAttrs, FileExtents};
pub use fsdf::FsDf;
pub use iostat::{AvgCpu, Iostat, IostatDevice, IostatReport};
pub use mounts::MountEntry;
pub use sysctl::{Meminfo, Sysctl};
pub use usage::{DeviceBytes, FsUsage, ProfileUsage};

/// Which command a capture came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `df`.
    Df,
    /// `btrfs filesystem usage`.
    FsUsage,
    /// `btrfs filesystem df`.
    FsDf,
    /// `btrfs device stats`.
    DeviceStats,
    /// `compsize`.
    Compsize,
    /// `iostat`.
    Iostat,
    /// `/proc/self/mountinfo` (also `/proc/mounts` and `mount` output).
    Mountinfo,
    /// `findmnt -J` or `findmnt -P`.
    Findmnt,
    /// `lsattr`.
    Lsattr,
    /// `filefrag`.
    Filefrag,
    /// `lsblk` or `/sys/block/*/queue`.
    BlockDevices,
    /// `sysctl` or `/proc/sys`.
    Sysctl,
    /// `/proc/meminfo`.
    Meminfo,
}

/// A recognised capture with its parsed content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "kebab-case")]
pub enum Capture {
    /// `df` rows in output order.
    Df(Vec<DfRow>),
    /// `btrfs filesystem usage`.
    FsUsage(FsUsage),
    /// `btrfs filesystem df`.
    FsDf(FsDf),
    /// `btrfs device stats`, one entry per device.
    DeviceStats(Vec<DeviceStats>),
    /// `compsize`.
    Compsize(Compsize),
    /// `iostat`.
    Iostat(Iostat),
    /// `/proc/self/mountinfo`, `/proc/mounts` or `mount` output, one entry per line.
    Mountinfo(Vec<MountEntry>),
    /// `findmnt -J` (tree flattened, parent first) or `findmnt -P`: same shape as mountinfo
    /// where the columns allow.
    Findmnt(Vec<MountEntry>),
    /// `lsattr` lines.
    Lsattr(Vec<FileAttrs>),
    /// `filefrag` summary lines.
    Filefrag(Vec<FileExtents>),
    /// Block devices (`lsblk`, sysfs queue files).
    BlockDevices(Vec<BlockDevice>),
    /// Kernel tunables.
    Sysctl(Sysctl),
    /// Memory counters.
    Meminfo(Meminfo),
}

impl Capture {
    /// The kind of command this capture came from.
    pub fn kind(&self) -> Kind {
        match self {
            Capture::Df(_) => Kind::Df,
            Capture::FsUsage(_) => Kind::FsUsage,
            Capture::FsDf(_) => Kind::FsDf,
            Capture::DeviceStats(_) => Kind::DeviceStats,
            Capture::Compsize(_) => Kind::Compsize,
            Capture::Iostat(_) => Kind::Iostat,
            Capture::Mountinfo(_) => Kind::Mountinfo,
            Capture::Findmnt(_) => Kind::Findmnt,
            Capture::Lsattr(_) => Kind::Lsattr,
            Capture::Filefrag(_) => Kind::Filefrag,
            Capture::BlockDevices(_) => Kind::BlockDevices,
            Capture::Sysctl(_) => Kind::Sysctl,
            Capture::Meminfo(_) => Kind::Meminfo,
        }
    }
}

/// Recognise a capture by its content and parse it. `None` when nothing matches, or when
/// the recognised format holds no data (e.g. a header only).
pub fn recognize(text: &str) -> Option<Capture> {
    recognize_full(text).map(|(c, _)| c)
}

/// [`recognize`], plus the df rows a `findmnt -J -b -o …,SIZE,USED,AVAIL` capture carries.
fn recognize_full(text: &str) -> Option<(Capture, Vec<DfRow>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Some(found) = recognize_json(trimmed)
    {
        return Some(found);
    }
    let capture = if usage::detect(text) {
        Capture::FsUsage(usage::parse(text))
    } else if devstats::detect(text) {
        Capture::DeviceStats(devstats::parse(text))
    } else if fsdf::detect(text) {
        Capture::FsDf(fsdf::parse(text))
    } else if compsize::detect(text) {
        Capture::Compsize(compsize::parse(text))
    } else if iostat::detect(text) {
        Capture::Iostat(iostat::parse(text))
    } else if df::detect(text) {
        Capture::Df(df::parse(text))
    } else if let Some(table) = mounts::detect(text) {
        let entries = mounts::parse_table(text, table);
        if table == mounts::Table::FindmntPairs {
            Capture::Findmnt(entries)
        } else {
            Capture::Mountinfo(entries)
        }
    } else if files::detect_filefrag(text) {
        Capture::Filefrag(files::parse_filefrag(text))
    } else if files::detect_lsattr(text) {
        Capture::Lsattr(files::parse_lsattr(text))
    } else if block::detect(text) {
        Capture::BlockDevices(block::parse(text))
    } else if sysctl::detect_meminfo(text) {
        Capture::Meminfo(sysctl::parse_meminfo(text))
    } else if sysctl::detect_sysctl(text) {
        Capture::Sysctl(sysctl::parse_sysctl(text))
    } else {
        return None;
    };
    non_empty(capture).map(|c| (c, Vec::new()))
}

/// Drop captures that parsed to nothing.
fn non_empty(c: Capture) -> Option<Capture> {
    let empty = match &c {
        Capture::Df(v) => v.is_empty(),
        Capture::FsUsage(u) => u.profiles.is_empty() && u.device_size.is_none() && u.used.is_none(),
        Capture::FsDf(d) => d.profiles.is_empty() && d.global_reserve.is_none(),
        Capture::DeviceStats(v) => v.is_empty(),
        Capture::Compsize(c) => c.files.is_none() && c.total.disk.is_none() && c.by_type.is_empty(),
        Capture::Iostat(i) => i.reports.is_empty(),
        Capture::Mountinfo(v) | Capture::Findmnt(v) => v.is_empty(),
        Capture::Lsattr(v) => v.is_empty(),
        Capture::Filefrag(v) => v.is_empty(),
        Capture::BlockDevices(v) => v.is_empty(),
        Capture::Sysctl(v) => v.is_empty(),
        Capture::Meminfo(m) => *m == Meminfo::default(),
    };
    (!empty).then_some(c)
}

fn recognize_json(text: &str) -> Option<(Capture, Vec<DfRow>)> {
    let (value, truncated) = match serde_json::from_str::<Value>(text) {
        Ok(v) => (v, false),
        // sysstat before 12.1.4 leaves the JSON open when interrupted.
        Err(_) if text.contains("\"sysstat\"") => (close_truncated_json(text)?, true),
        Err(_) => return None,
    };
    let capture = if let Some(a) = value.get("filesystem-df") {
        Capture::FsDf(fsdf::parse_json(a))
    } else if let Some(a) = value.get("device-stats") {
        Capture::DeviceStats(devstats::parse_json(a))
    } else if value.get("sysstat").is_some() {
        Capture::Iostat(iostat::parse_json(&value, truncated))
    } else if value.get("blockdevices").is_some() {
        Capture::BlockDevices(block::parse_json(&value))
    } else if value.get("filesystems").is_some() {
        let (mounts, df) = mounts::parse_findmnt_json(&value);
        return non_empty(Capture::Findmnt(mounts)).map(|c| (c, df));
    } else {
        return None;
    };
    non_empty(capture).map(|c| (c, Vec::new()))
}

/// Close a JSON text that was cut off: cut after the last complete `}` or `]` (trying the
/// last few) and append the closers still open there. `None` when that does not parse.
fn close_truncated_json(text: &str) -> Option<Value> {
    const TRIES: usize = 16;
    const MAX_DEPTH: usize = 128;
    let mut stack: Vec<u8> = Vec::new();
    let mut candidates: Vec<(usize, Vec<u8>)> = Vec::new();
    let (mut in_str, mut escaped) = (false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(b);
            }
            b'}' | b']' => {
                stack.pop();
                if candidates.len() == TRIES {
                    candidates.remove(0);
                }
                candidates.push((i + 1, stack.clone()));
            }
            _ => {}
        }
    }
    for (end, open) in candidates.into_iter().rev() {
        let mut fixed = text[..end].to_string();
        for b in open.iter().rev() {
            fixed.push(if *b == b'{' { '}' } else { ']' });
        }
        if let Ok(v) = serde_json::from_str::<Value>(&fixed) {
            return Some(v);
        }
    }
    None
}

/// Everything read from a metrics directory.
///
/// `files` lists the recognised files in name order; the captures of each kind appear in
/// the per-kind lists in the same order (the n-th [`FsUsage`] in `usage` is from the n-th
/// `files` entry of kind [`Kind::FsUsage`]). Row lists are merged across files:
/// `df` keeps one row per (source, target), an exact one over an approximate one, and
/// also takes the size columns of `findmnt -J -b -o …,SIZE,USED,AVAIL`; `mounts` holds
/// mountinfo-like entries first, then findmnt entries for mount points not seen in them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Metrics {
    /// Filesystem sizes (`df`, findmnt size columns).
    pub df: Vec<DfRow>,
    /// `btrfs filesystem usage` captures.
    pub usage: Vec<FsUsage>,
    /// `btrfs filesystem df` captures.
    pub fs_df: Vec<FsDf>,
    /// Device error counters of all `btrfs device stats` captures.
    pub device_stats: Vec<DeviceStats>,
    /// `compsize` captures.
    pub compsize: Vec<Compsize>,
    /// `iostat` captures.
    pub iostat: Vec<Iostat>,
    /// Mounts (mountinfo, `/proc/mounts`, `mount`, findmnt).
    pub mounts: Vec<MountEntry>,
    /// `lsattr` lines of all captures.
    pub attrs: Vec<FileAttrs>,
    /// `filefrag` lines of all captures.
    pub extents: Vec<FileExtents>,
    /// Block devices of all `lsblk`/sysfs captures, one per name; a later capture fills in
    /// what an earlier one lacked.
    pub block_devices: Vec<BlockDevice>,
    /// Kernel tunables of all `sysctl` captures (a later capture wins per key).
    pub sysctl: Sysctl,
    /// The last `/proc/meminfo` capture.
    pub meminfo: Option<Meminfo>,
    /// Recognised files: (file name, kind), in name order.
    pub files: Vec<(String, Kind)>,
    /// Files not used: (file name, reason).
    pub skipped: Vec<(String, String)>,
}

/// Files larger than this are skipped.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Read every regular file directly in `dir` (not subdirectories, not symlinks) and
/// recognise it by content. Skipped, with a reason in [`Metrics::skipped`]: `*.stderr`
/// files, empty files, files over 8 MiB, binary files (a NUL byte), unreadable files and
/// unrecognised content. Fails only when the directory itself cannot be listed.
pub fn load_dir(dir: &Path) -> std::io::Result<Metrics> {
    let mut entries: Vec<(String, std::path::PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((
            entry.file_name().to_string_lossy().into_owned(),
            entry.path(),
        ));
    }
    entries.sort();
    let mut m = Metrics::default();
    let mut findmnt: Vec<MountEntry> = Vec::new();
    let mut df_index: HashMap<(String, String), usize> = HashMap::new();
    for (name, path) in entries {
        let skip = |m: &mut Metrics, why: &str| m.skipped.push((name.clone(), why.to_string()));
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                skip(&mut m, &format!("unreadable: {e}"));
                continue;
            }
        };
        if meta.is_dir() {
            skip(&mut m, "directory (not searched)");
            continue;
        }
        if !meta.is_file() {
            skip(&mut m, "not a regular file");
            continue;
        }
        if name.ends_with(".stderr") {
            skip(&mut m, "stderr of a capture");
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            skip(&mut m, "larger than 8 MiB");
            continue;
        }
        let mut bytes = Vec::new();
        let read = std::fs::File::open(&path)
            .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
        if let Err(e) = read {
            skip(&mut m, &format!("unreadable: {e}"));
            continue;
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            skip(&mut m, "larger than 8 MiB");
            continue;
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            skip(&mut m, "empty");
            continue;
        }
        if bytes.contains(&0) {
            skip(&mut m, "binary");
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let Some((capture, df_rows)) = recognize_full(&text) else {
            skip(&mut m, "not a recognised capture");
            continue;
        };
        m.files.push((name.clone(), capture.kind()));
        for row in df_rows {
            add_df_row(&mut m.df, &mut df_index, row);
        }
        match capture {
            Capture::Df(rows) => {
                for row in rows {
                    add_df_row(&mut m.df, &mut df_index, row);
                }
            }
            Capture::FsUsage(u) => m.usage.push(u),
            Capture::FsDf(d) => m.fs_df.push(d),
            Capture::DeviceStats(s) => m.device_stats.extend(s),
            Capture::Compsize(c) => m.compsize.push(c),
            Capture::Iostat(i) => m.iostat.push(i),
            Capture::Mountinfo(e) => m.mounts.extend(e),
            Capture::Findmnt(e) => findmnt.extend(e),
            Capture::Lsattr(a) => m.attrs.extend(a),
            Capture::Filefrag(f) => m.extents.extend(f),
            Capture::BlockDevices(b) => {
                for d in b {
                    block::merge(&mut m.block_devices, d);
                }
            }
            Capture::Sysctl(s) => m.sysctl.extend(s),
            Capture::Meminfo(i) => m.meminfo = Some(i),
        }
    }
    let seen: HashSet<String> = m.mounts.iter().map(|e| e.mount_point.clone()).collect();
    m.mounts.extend(
        findmnt
            .into_iter()
            .filter(|e| !seen.contains(&e.mount_point)),
    );
    Ok(m)
}

/// Keep one row per (source, target), preferring exact figures.
fn add_df_row(rows: &mut Vec<DfRow>, index: &mut HashMap<(String, String), usize>, row: DfRow) {
    let key = (row.source.clone(), row.target.clone());
    match index.get(&key) {
        Some(&i) => {
            if rows[i].approximate && !row.approximate {
                rows[i] = row;
            }
        }
        None => {
            index.insert(key, rows.len());
            rows.push(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/metrics");

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
    }

    fn kind_of(name: &str) -> Option<Kind> {
        recognize(&fixture(name)).map(|c| c.kind())
    }

    #[test]
    fn every_fixture_is_recognised_as_its_kind() {
        let expect = [
            ("df-B1-T.txt", Kind::Df),
            ("df-T.1K-blocks.txt", Kind::Df),
            ("df-h.txt", Kind::Df),
            ("df-output-B1.txt", Kind::Df),
            ("btrfs-fi-usage-b.raid1.txt", Kind::FsUsage),
            ("btrfs-fi-usage-b.raid1.as-nonroot.txt", Kind::FsUsage),
            ("btrfs-fi-usage.single.txt", Kind::FsUsage),
            ("btrfs-fi-usage-b.single.pre-5.6.txt", Kind::FsUsage),
            ("btrfs-fi-usage-T.mixed-profiles.txt", Kind::FsUsage),
            ("btrfs-fi-df-b.raid1.txt", Kind::FsDf),
            ("btrfs-fi-df.mixed-profiles.txt", Kind::FsDf),
            ("btrfs-format-json-fi-df.quoted-6.2.json", Kind::FsDf),
            ("btrfs-format-json-fi-df.unquoted-6.19.json", Kind::FsDf),
            ("btrfs-device-stats.raid1.txt", Kind::DeviceStats),
            ("btrfs-device-stats-T.raid1.txt", Kind::DeviceStats),
            ("btrfs-device-stats.missing-device.txt", Kind::DeviceStats),
            ("btrfs-device-stats.overflow.txt", Kind::DeviceStats),
            (
                "btrfs-format-json-device-stats.quoted-6.2.json",
                Kind::DeviceStats,
            ),
            (
                "btrfs-format-json-device-stats.unquoted-6.19.json",
                Kind::DeviceStats,
            ),
            ("compsize-x.home.txt", Kind::Compsize),
            ("compsize-b-x.home.txt", Kind::Compsize),
            ("compsize-b.top.compsize-master.txt", Kind::Compsize),
            ("compsize-x.vm-with-prealloc.txt", Kind::Compsize),
            ("compsize.swapfile.txt", Kind::Compsize),
            ("iostat-x-1-2.sysstat-11.4.txt", Kind::Iostat),
            ("iostat-x-1-2.sysstat-12.0.txt", Kind::Iostat),
            ("iostat-x-1-2.sysstat-12.2.txt", Kind::Iostat),
            ("iostat-x-1-2.sysstat-12.7.txt", Kind::Iostat),
            ("iostat-dxkt-1-2.sysstat-12.6.txt", Kind::Iostat),
            ("iostat-dxm-1-2.sysstat-12.6.txt", Kind::Iostat),
            ("iostat-dxs-1-2.sysstat-12.7.txt", Kind::Iostat),
            ("iostat-dxy-1-1.sysstat-12.6.txt", Kind::Iostat),
            ("iostat-dx-o-JSON-1-2.sysstat-12.0.json", Kind::Iostat),
            ("iostat-dx-o-JSON-1-2.sysstat-12.2.json", Kind::Iostat),
            ("iostat-x-t-o-JSON-1-2.sysstat-12.6.json", Kind::Iostat),
            (
                "iostat-dx-o-JSON.interrupted.sysstat-12.0.json",
                Kind::Iostat,
            ),
            ("proc-self-mountinfo.txt", Kind::Mountinfo),
            ("proc-self-mountinfo-grep-btrfs.txt", Kind::Mountinfo),
            ("proc-mounts-grep-btrfs.txt", Kind::Mountinfo),
            ("mount-grep-btrfs.txt", Kind::Mountinfo),
            ("findmnt-J-t-btrfs.json", Kind::Findmnt),
            ("findmnt-J.tree.json", Kind::Findmnt),
            ("findmnt-J-b-df-cols.json", Kind::Findmnt),
            (
                "findmnt-J-b-df-cols.util-linux-2.32-strings.json",
                Kind::Findmnt,
            ),
            ("findmnt-J-df-cols.human.json", Kind::Findmnt),
            ("findmnt-P-t-btrfs.txt", Kind::Findmnt),
            ("lsattr-d.nodatacow-dir.txt", Kind::Lsattr),
            ("lsattr.mixed-files.txt", Kind::Lsattr),
            ("lsattr.short-flag-field.txt", Kind::Lsattr),
            ("filefrag.db-files.txt", Kind::Filefrag),
            ("filefrag-v.txt", Kind::Filefrag),
            // lsblk 2.39 `-J -b -d`: boolean `rota`, byte sizes, `sched` null for zram0.
            ("lsblk-J-b-d.nvme-sata.json", Kind::BlockDevices),
            // util-linux 2.32 `-J -d`: every value a string, `"rota": "1"`, human sizes.
            ("lsblk-J-d.util-linux-2.32-strings.json", Kind::BlockDevices),
            // Aligned text table; MODEL has spaces, zram0 has empty cells.
            (
                "lsblk-d-o-NAME-ROTA-TRAN-SCHED-MODEL.txt",
                Kind::BlockDevices,
            ),
            // Tree without `-d`: `├─`, `│ └─` glyphs, KNAME `dm-0` for a crypt mapping.
            (
                "lsblk-o-NAME-KNAME-ROTA-TYPE-SCHED.tree.txt",
                Kind::BlockDevices,
            ),
            // `grep -H . /sys/block/*/queue/{rotational,scheduler,nr_requests,read_ahead_kb}`;
            // zram0 has no scheduler/nr_requests file.
            ("sys-block-queue.grep-H.txt", Kind::BlockDevices),
            // The FORMATS.md loop; `scheduler= nr_requests=` empty for zram0.
            ("sys-block-queue.loop.txt", Kind::BlockDevices),
            // Real `sysctl vm` (tab-separated `vm.lowmem_reserve_ratio`).
            ("sysctl-vm.txt", Kind::Sysctl),
            // `grep -H . /proc/sys/vm/dirty_*`, edited to the `dirty_bytes` variant.
            ("proc-sys-vm.grep-H.txt", Kind::Sysctl),
            // Real `/proc/meminfo`.
            ("proc-meminfo.txt", Kind::Meminfo),
        ];
        for (name, kind) in expect {
            assert_eq!(kind_of(name), Some(kind), "{name}");
        }
        for name in [
            "btrfs-device-stats.raid1.as-nonroot.txt",
            "compsize-x.empty.txt",
            "btrfs-fi-show.txt",
            "btrfs-fi-df.mixed-profiles.txt.stderr",
            "compsize-x.empty.txt.stderr",
        ] {
            assert_eq!(kind_of(name), None, "{name}");
        }
        // Every fixture is listed above or is one of the skipped ones.
        let all = std::fs::read_dir(FIXTURES).unwrap().count();
        assert_eq!(all, expect.len() + 8);
    }

    #[test]
    fn interrupted_iostat_json_is_closed() {
        let Some(Capture::Iostat(io)) =
            recognize(&fixture("iostat-dx-o-JSON.interrupted.sysstat-12.0.json"))
        else {
            panic!()
        };
        assert!(io.truncated);
        assert_eq!(io.reports.len(), 2);
        assert_eq!(io.reports[0].devices.len(), 2);
        assert_eq!(io.reports[1].devices.len(), 1);
        assert_eq!(io.reports[1].devices[0].name, "nvme0n1");
        assert!(recognize("{\"filesystem-df\": [").is_none());
    }

    #[test]
    fn json_of_unknown_shape_is_not_recognised() {
        assert!(recognize("{\"blockdevices\": []}").is_none());
        assert!(recognize("[1, 2]").is_none());
        assert!(recognize("{\"filesystem-df\": []}").is_none());
        assert!(recognize("").is_none());
    }

    #[test]
    fn load_dir_reads_every_fixture() {
        let m = load_dir(Path::new(FIXTURES)).unwrap();
        assert_eq!(m.files.len(), 60);
        let skipped: Vec<(&str, &str)> = m
            .skipped
            .iter()
            .map(|(n, r)| (n.as_str(), r.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                ("binary.bin", "binary"),
                ("btrfs-device-stats.raid1.as-nonroot.txt", "empty"),
                (
                    "btrfs-device-stats.raid1.as-nonroot.txt.stderr",
                    "stderr of a capture"
                ),
                (
                    "btrfs-fi-df.mixed-profiles.txt.stderr",
                    "stderr of a capture"
                ),
                ("btrfs-fi-show.txt", "not a recognised capture"),
                (
                    "btrfs-fi-usage-b.raid1.as-nonroot.txt.stderr",
                    "stderr of a capture"
                ),
                ("compsize-x.empty.txt", "empty"),
                ("compsize-x.empty.txt.stderr", "stderr of a capture"),
            ]
        );
        assert_eq!(m.usage.len(), 5);
        assert_eq!(m.fs_df.len(), 4);
        assert_eq!(m.compsize.len(), 5);
        assert_eq!(m.iostat.len(), 12);
        assert_eq!(m.attrs.len(), 8);
        assert_eq!(m.extents.len(), 5);
        // Exact df rows win over `df -h`; findmnt size columns add /mnt/sys.
        let root = m.df.iter().find(|r| r.target == "/").unwrap();
        assert!(!root.approximate);
        assert_eq!(root.size, Some(512105316352));
        let bpf = m.df.iter().find(|r| r.target == "/sys/fs/bpf").unwrap();
        assert!(bpf.approximate);
        assert!(
            m.df.iter()
                .any(|r| r.target == "/mnt/sys" && !r.approximate)
        );
        // Mount points appear once per mountinfo line; findmnt adds only new ones.
        let home = m.mounts.iter().filter(|e| e.mount_point == "/home").count();
        assert_eq!(home, 4); // mountinfo, mountinfo-grep, /proc/mounts, mount
        assert!(m.mounts.iter().any(|e| e.mount_point == "/home/me/.cache"));
        // Block devices merge across the lsblk and sysfs captures, one entry per name;
        // the first capture (name order: lsblk JSON) wins, later ones fill its gaps.
        let names = |m: &Metrics, n: &str| m.block_devices.iter().filter(|d| d.name == n).count();
        assert_eq!(names(&m, "sda"), 1);
        let sdb = m.block_device("/dev/sdb").unwrap();
        assert_eq!(sdb.rotational, Some(true));
        assert_eq!(sdb.transport.as_deref(), Some("sata"));
        assert_eq!(sdb.scheduler.as_deref(), Some("none")); // lsblk JSON, not sysfs `[bfq]`
        assert_eq!(sdb.schedulers, ["mq-deadline", "kyber", "bfq", "none"]); // from sysfs
        let dm0 = m.block_device("dm-0").unwrap(); // only in the tree table
        assert_eq!(dm0.device_type.as_deref(), Some("crypt"));
        assert_eq!(m.block_device("sr0").unwrap().rotational, Some(true));
        assert_eq!(m.block_device("zram0").unwrap().scheduler, None);
        // sysctl: `sysctl-vm.txt` (later in name order) wins over the edited /proc/sys grep.
        assert_eq!(m.sysctl["vm.dirty_ratio"], "20");
        assert_eq!(m.sysctl["vm.dirty_bytes"], "0");
        assert_eq!(m.sysctl["vm.dirty_background_bytes"], "0");
        assert_eq!(m.sysctl["vm.swappiness"], "60");
        let mem = m.meminfo.as_ref().unwrap();
        assert_eq!(mem.mem_total, Some(24684092 * 1024));
        // Kinds are listed in name order.
        assert_eq!(
            m.files[0],
            (
                "btrfs-device-stats-T.raid1.txt".to_string(),
                Kind::DeviceStats
            )
        );
    }

    #[test]
    fn load_dir_skips_directories_big_files_and_symlinks() {
        let dir = std::env::temp_dir().join(format!("metrics-load-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("lsattr.txt"), "---------------C------ /a\n").unwrap();
        let big = std::fs::File::create(dir.join("big.txt")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("lsattr.txt"), dir.join("link.txt")).unwrap();
        let m = load_dir(&dir).unwrap();
        assert_eq!(m.files, [("lsattr.txt".to_string(), Kind::Lsattr)]);
        let reasons: Vec<&str> = m.skipped.iter().map(|(_, r)| r.as_str()).collect();
        assert!(reasons.contains(&"directory (not searched)"));
        assert!(reasons.contains(&"larger than 8 MiB"));
        #[cfg(unix)]
        assert!(reasons.contains(&"not a regular file"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(load_dir(&dir).is_err());
    }

    /// xorshift64*: deterministic pseudo-random bytes without a dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
    }

    #[test]
    fn never_panics_on_truncated_mutated_or_random_input() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut names: Vec<_> = std::fs::read_dir(FIXTURES)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for path in names {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // Truncated at ~250 points (every char boundary for short files).
            let step = (text.len() / 250).max(1);
            for (i, _) in text.char_indices().step_by(step) {
                let _ = recognize(&text[..i]);
                let _ = recognize(&text[i..]);
            }
            // Random byte flips and insertions.
            for _ in 0..100 {
                let mut b = bytes.clone();
                for _ in 0..1 + rng.next() % 8 {
                    if b.is_empty() {
                        break;
                    }
                    let at = (rng.next() % b.len() as u64) as usize;
                    match rng.next() % 3 {
                        0 => b[at] = rng.next() as u8,
                        1 => b.insert(
                            at,
                            b"\\ \t\n:-[]{}\"%,.0123456789"[(rng.next() % 24) as usize],
                        ),
                        _ => {
                            b.remove(at);
                        }
                    }
                }
                let _ = recognize(&String::from_utf8_lossy(&b));
            }
        }
        for len in [0usize, 1, 2, 3, 10, 100, 1000, 10_000] {
            for _ in 0..50 {
                let b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                let _ = recognize(&String::from_utf8_lossy(&b));
                let ascii: String = (0..len)
                    .map(|_| {
                        b" \t\n-:[]{}\"\\,.%0123456789abcCmDevice"[(rng.next() % 33) as usize]
                            as char
                    })
                    .collect();
                let _ = recognize(&ascii);
            }
        }
        // Deep nesting, huge numbers, odd escapes.
        let _ = recognize(&"[".repeat(100_000));
        let _ = recognize(&format!("{{\"sysstat\": {}", "[".repeat(10_000)));
        let _ = recognize(
            "{\"sysstat\": {\"hosts\": [{\"statistics\": [{\"disk\": [{\"disk_device\": 1e999",
        );
        let _ = recognize("1 2 3:4 / /\\7 rw - btrfs \\0 rw\n");
        let _ = recognize(
            "Filesystem 99999999999999999999-blocks Used Available Use% Mounted on\nx 1 1 1 1% /\n",
        );
    }
}
