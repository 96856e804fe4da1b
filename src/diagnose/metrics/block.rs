//! Block-device queue facts facter lacks: the rotational flag and the I/O scheduler.
//!
//! Sources: `lsblk -J [-b] -d -o NAME,ROTA,TRAN,SCHED,…` (util-linux ≥ 2.27; `rota` is a
//! boolean since 2.33 and `"1"`/`"0"` before), plain `lsblk -d -o NAME,ROTA,…` tables,
//! `grep -H . /sys/block/*/queue/{rotational,scheduler,…}` and the one-line-per-device
//! `<dev> rotational=1 scheduler=[none] mq-deadline nr_requests=128` loop of FORMATS.md.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::num::{json_text, json_u64, parse_u64};

/// One block device as the kernel's request queue describes it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BlockDevice {
    /// Kernel name without `/dev/` (`sda`, `nvme0n1`, `vda`).
    pub name: String,
    /// `queue/rotational` / lsblk `ROTA`: `Some(true)` for a spinning disk as the kernel
    /// sees it. Virtual disks often report 1 whatever the medium.
    pub rotational: Option<bool>,
    /// The active I/O scheduler (`none`, `mq-deadline`, `bfq`, `kyber`); `None` when the
    /// device has no queue scheduler file or the capture lacks it.
    pub scheduler: Option<String>,
    /// The schedulers the kernel offers for it (from `queue/scheduler`), active one included.
    pub schedulers: Vec<String>,
    /// `queue/nr_requests` / lsblk `RQ-SIZE`.
    pub nr_requests: Option<u64>,
    /// `queue/read_ahead_kb` (KiB) / lsblk `RA`.
    pub read_ahead_kb: Option<u64>,
    /// lsblk `TRAN` (`nvme`, `sata`, `usb`, …).
    pub transport: Option<String>,
    /// lsblk `TYPE` (`disk`, `loop`, `part`, `rom`, …).
    pub device_type: Option<String>,
    /// lsblk `MODEL`.
    pub model: Option<String>,
    /// Size in bytes (lsblk `-b` `SIZE`); `None` for human sizes.
    pub size: Option<u64>,
    /// lsblk `DISC-GRAN` in bytes (0 = no discard support); `None` for human sizes.
    pub discard_granularity: Option<u64>,
}

/// Tree glyphs lsblk draws before child names (`├─sda1`, `│ └─root`, `-i`: `|-sda1`, `` `-sda2 ``).
const GLYPHS: &[char] = &['├', '└', '│', '─', '|', '`', '-', ' '];

/// A kernel device name from a `NAME`/`KNAME`/`PATH` value: tree glyphs, `/dev/` and
/// `/dev/mapper/` stripped. `None` when nothing usable is left (empty, or still holding
/// `/`, `:`, `=` or whitespace).
fn device_name(raw: &str) -> Option<String> {
    let s = raw.trim().trim_start_matches(GLYPHS);
    let s = s.strip_prefix("/dev/").unwrap_or(s);
    let s = s.strip_prefix("mapper/").unwrap_or(s);
    (!s.is_empty() && s.len() <= 128 && !s.contains(['/', ' ', '\t', '=', ':']))
        .then(|| s.to_string())
}

/// `1`/`0` (sysfs, lsblk text, util-linux < 2.33 JSON strings) → `true`/`false`.
fn flag(s: &str) -> Option<bool> {
    match s.trim() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

/// A non-empty trimmed text.
fn text_of(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The content of `queue/scheduler` → (active, offered). The active scheduler is the
/// bracketed one (`mq-deadline kyber [bfq] none` → `bfq`); a lone unbracketed name
/// (`none`, printed by some kernels when it is the only choice) is active too. Empty →
/// `(None, [])`.
fn schedulers(value: &str) -> (Option<String>, Vec<String>) {
    let mut active = None;
    let mut all = Vec::new();
    for tok in value.split_whitespace() {
        let name = match tok.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            Some(inner) => {
                if active.is_none() && !inner.is_empty() {
                    active = Some(inner.to_string());
                }
                inner
            }
            None => tok,
        };
        if !name.is_empty() && !name.contains(['[', ']']) {
            all.push(name.to_string());
        }
    }
    if active.is_none() && all.len() == 1 {
        active = all.first().cloned();
    }
    (active, all)
}

impl BlockDevice {
    fn named(name: String) -> Self {
        BlockDevice {
            name,
            ..Default::default()
        }
    }

    /// Set one `/sys/block/<dev>/queue/<attr>` value (or a loop-format `attr=value`).
    /// Unknown attributes are ignored; empty or unreadable values leave the field alone.
    fn set_queue_attr(&mut self, attr: &str, value: &str) {
        match attr {
            "rotational" => self.rotational = flag(value).or(self.rotational),
            "scheduler" => {
                let (active, all) = schedulers(value);
                if active.is_some() {
                    self.scheduler = active;
                }
                if !all.is_empty() {
                    self.schedulers = all;
                }
            }
            "nr_requests" => self.nr_requests = parse_u64(value).or(self.nr_requests),
            "read_ahead_kb" => self.read_ahead_kb = parse_u64(value).or(self.read_ahead_kb),
            "discard_granularity" => {
                self.discard_granularity = parse_u64(value).or(self.discard_granularity)
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------
// sysfs: `grep -H . /sys/block/*/queue/*` and the FORMATS.md loop

/// `/sys/block/sda/queue/rotational:1` (also `/sys/class/block/…`) → (`sda`, `rotational`,
/// `1`). The attribute is a sysfs path below `queue/` (`[a-z0-9_/]`; `grep -r` also
/// lists `iosched/fifo_batch`, which is read as shape and ignored).
fn sysfs_line(line: &str) -> Option<(&str, &str, &str)> {
    let line = line.trim_end_matches(['\r', '\n']);
    let rest = line
        .strip_prefix("/sys/block/")
        .or_else(|| line.strip_prefix("/sys/class/block/"))?;
    let (name, rest) = rest.split_once('/')?;
    let rest = rest.strip_prefix("queue/")?;
    let (attr, value) = rest.split_once(':')?;
    let attr_ok = !attr.is_empty()
        && attr
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'/'));
    (attr_ok && device_name(name).is_some()).then_some((name, attr, value))
}

/// One line of the loop of FORMATS.md:
/// `vda rotational=1 scheduler=none [mq-deadline] kyber bfq  nr_requests=256`.
/// A value runs up to the next ` key=` token, so the scheduler list keeps its spaces; a
/// key with nothing after `=` (`scheduler= nr_requests=`, no such file) is empty. At
/// least one of `rotational=` / `scheduler=` must be present.
fn loop_line(line: &str) -> Option<(String, Vec<(&str, String)>)> {
    let mut toks = line.split_whitespace();
    let name = toks.next()?;
    if name.contains('=') {
        return None;
    }
    let name = device_name(name.strip_prefix("/sys/block/").unwrap_or(name))?;
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for tok in toks {
        let key_val = tok.split_once('=').filter(|(k, _)| {
            !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
        match (key_val, pairs.last_mut()) {
            (Some((k, v)), _) => pairs.push((k, v.to_string())),
            (None, Some((_, value))) => {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(tok);
            }
            (None, None) => return None,
        }
    }
    pairs
        .iter()
        .any(|(k, _)| matches!(*k, "rotational" | "scheduler"))
        .then_some((name, pairs))
}

// ---------------------------------------------------------------------------------------
// lsblk text tables

/// The columns lsblk right-aligns (numbers); every other column is left-aligned text.
const RIGHT_ALIGNED: &[&str] = &[
    "MAJ:MIN",
    "SIZE",
    "RA",
    "RO",
    "RM",
    "HOTPLUG",
    "ROTA",
    "RAND",
    "ALIGNMENT",
    "MIN-IO",
    "OPT-IO",
    "PHY-SEC",
    "LOG-SEC",
    "RQ-SIZE",
    "DISC-ALN",
    "DISC-GRAN",
    "DISC-MAX",
    "DISC-ZERO",
    "WSAME",
    "FSAVAIL",
    "FSSIZE",
    "FSUSED",
    "FSUSE%",
    "DISK-SEQ",
    "START",
];

/// One header column: name and its span in characters (not bytes: tree glyphs are
/// multi-byte but one column wide).
struct Column<'a> {
    name: &'a str,
    start: usize,
    end: usize,
}

/// Whitespace-separated tokens with their character offsets `[start, end)`.
fn char_tokens(line: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char index, byte index)
    let mut ci = 0;
    for (bi, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some((cs, bs)) = start.take() {
                out.push((cs, ci, &line[bs..bi]));
            }
        } else if start.is_none() {
            start = Some((ci, bi));
        }
        ci += 1;
    }
    if let Some((cs, bs)) = start {
        out.push((cs, ci, &line[bs..]));
    }
    out
}

/// An lsblk header line: at least two column names (upper-case letters, digits and
/// `:%-`), one of `NAME`/`KNAME`/`PATH` and one of `ROTA`/`SCHED`.
fn lsblk_header(line: &str) -> Option<Vec<Column<'_>>> {
    let cols: Vec<Column> = char_tokens(line)
        .into_iter()
        .map(|(start, end, name)| Column { name, start, end })
        .collect();
    let has = |names: &[&str]| cols.iter().any(|c| names.contains(&c.name));
    let shaped = cols.len() >= 2
        && cols.len() <= 64
        && cols.iter().all(|c| {
            c.name.len() <= 16
                && c.name.starts_with(|ch: char| ch.is_ascii_uppercase())
                && c.name.bytes().all(|b| {
                    b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b':' | b'%' | b'-')
                })
        });
    (shaped && has(&["NAME", "KNAME", "PATH"]) && has(&["ROTA", "SCHED"])).then_some(cols)
}

/// Split a table row into one cell per header column. lsblk pads every column to its
/// widest cell: text columns are left-aligned (a cell starts under its header), numbers
/// right-aligned (a cell ends under its header's end). So a token overlapping a header's
/// span belongs to that column, and a token overlapping none is a further word of the
/// text column before it (`MODEL` = `Samsung SSD 870 EVO 1TB`, or the name after a `│`
/// tree glyph).
fn lsblk_cells(cols: &[Column], line: &str) -> Vec<String> {
    let mut cells = vec![String::new(); cols.len()];
    let mut last: Option<usize> = None;
    for (start, end, tok) in char_tokens(line) {
        let hit = cols.iter().position(|c| start < c.end && c.start < end);
        let target = match hit {
            Some(i) => Some(i),
            None => {
                // The text column left of the token, else the number column right of it.
                let left = cols
                    .iter()
                    .rposition(|c| c.start <= start)
                    .filter(|&i| !RIGHT_ALIGNED.contains(&cols[i].name));
                left.or(last)
                    .or_else(|| cols.iter().position(|c| c.start > start))
            }
        };
        if let Some(i) = target {
            if !cells[i].is_empty() {
                cells[i].push(' ');
            }
            cells[i].push_str(tok);
            last = Some(i);
        }
    }
    cells
}

fn lsblk_row(cols: &[Column], line: &str) -> Option<BlockDevice> {
    let cells = lsblk_cells(cols, line);
    let get = |name: &str| {
        cols.iter()
            .position(|c| c.name == name)
            .and_then(|i| text_of(&cells[i]))
    };
    let name = ["KNAME", "NAME", "PATH"]
        .iter()
        .find_map(|n| get(n).and_then(|v| device_name(&v)))?;
    let mut d = BlockDevice::named(name);
    d.rotational = get("ROTA").and_then(|v| flag(&v));
    d.scheduler = get("SCHED");
    d.nr_requests = get("RQ-SIZE").and_then(|v| parse_u64(&v));
    d.read_ahead_kb = get("RA").and_then(|v| parse_u64(&v));
    d.transport = get("TRAN");
    d.device_type = get("TYPE");
    d.model = get("MODEL");
    d.size = get("SIZE").and_then(|v| parse_u64(&v));
    d.discard_granularity = get("DISC-GRAN").and_then(|v| parse_u64(&v));
    Some(d)
}

// ---------------------------------------------------------------------------------------

/// The non-empty lines of `text`, without `\r`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
}

/// The first non-empty line, when it is an lsblk header.
fn table_header(text: &str) -> Option<Vec<Column<'_>>> {
    lines(text).next().and_then(lsblk_header)
}

/// Whether `text` is a sysfs queue listing or an lsblk table (not JSON): either the first
/// non-empty line is an lsblk header (see [`parse`]) with at least one device row under
/// it, or most non-empty lines (more than half) are sysfs `grep -H` lines or loop lines.
pub(crate) fn detect(text: &str) -> bool {
    if let Some(cols) = table_header(text) {
        return lines(text).skip(1).any(|l| lsblk_row(&cols, l).is_some());
    }
    let (mut good, mut all) = (0usize, 0usize);
    for line in lines(text) {
        all += 1;
        if sysfs_line(line).is_some() || loop_line(line).is_some() {
            good += 1;
        }
    }
    good > 0 && good * 2 > all
}

/// Parse a sysfs queue listing or an lsblk table, one entry per device, in first-seen
/// order (a device seen on several lines gathers their values). Shapes:
///
/// - `grep -H . /sys/block/*/queue/{rotational,scheduler,nr_requests,read_ahead_kb,
///   discard_granularity}` (also `/sys/class/block/`): `/sys/block/sda/queue/rotational:1`,
///   `/sys/block/sda/queue/scheduler:mq-deadline kyber [bfq] none` (active = the bracketed
///   one; a lone `none` is active), `…/nr_requests:64` (requests), `…/read_ahead_kb:128`
///   (KiB), `…/discard_granularity:512` (bytes). Other attributes are ignored.
/// - The loop of FORMATS.md: `<dev> rotational=1 scheduler=[none] mq-deadline kyber bfq
///   nr_requests=128`; empty values (`scheduler= nr_requests=`: no such file) are `None`.
/// - `lsblk [-d] [-b] -o NAME,ROTA,TRAN,SCHED,MODEL,…` tables: cells found by the header's
///   column offsets, tree glyphs stripped from names, `KNAME` preferred over `NAME`.
///   `SIZE`/`DISC-GRAN` are bytes only with `-b` (human sizes → `None`), `RA` is KiB,
///   `RQ-SIZE` requests.
///
/// Lines of any other shape are skipped.
pub(crate) fn parse(text: &str) -> Vec<BlockDevice> {
    let mut out = Devices::default();
    if let Some(cols) = table_header(text) {
        for line in lines(text).skip(1) {
            if let Some(d) = lsblk_row(&cols, line) {
                out.merge(d);
            }
        }
        return out.list;
    }
    for line in lines(text) {
        if let Some((name, attr, value)) = sysfs_line(line) {
            if let Some(name) = device_name(name) {
                out.entry(name).set_queue_attr(attr, value);
            }
        } else if let Some((name, pairs)) = loop_line(line) {
            let d = out.entry(name);
            for (k, v) in pairs {
                d.set_queue_attr(k, &v);
            }
        }
    }
    out.list
}

/// Devices in first-seen order with a name index (captures may list thousands).
#[derive(Default)]
struct Devices {
    list: Vec<BlockDevice>,
    index: HashMap<String, usize>,
}

impl Devices {
    /// The entry called `name`, added when new.
    fn entry(&mut self, name: String) -> &mut BlockDevice {
        let i = match self.index.get(&name) {
            Some(&i) => i,
            None => {
                self.index.insert(name.clone(), self.list.len());
                self.list.push(BlockDevice::named(name));
                self.list.len() - 1
            }
        };
        &mut self.list[i]
    }

    /// [`merge`] with the index.
    fn merge(&mut self, d: BlockDevice) {
        match self.index.get(&d.name) {
            Some(&i) => {
                let mut one = vec![std::mem::take(&mut self.list[i])];
                merge(&mut one, d);
                self.list[i] = one.pop().unwrap_or_default();
            }
            None => {
                self.index.insert(d.name.clone(), self.list.len());
                self.list.push(d);
            }
        }
    }
}

/// Parse `lsblk -J [-b] [-d] -o …` (`{"blockdevices":[…]}`), `children` flattened after
/// their parent. Keys are the lower-case column names (FORMATS.md "lsblk / sysfs"):
///
/// | key | field | values |
/// |---|---|---|
/// | `kname`, else `name`, else `path` | `name` | `/dev/` and tree glyphs stripped |
/// | `rota` | `rotational` | `true`/`false` (util-linux ≥ 2.33), `"1"`/`"0"` before |
/// | `sched` | `scheduler` | `"mq-deadline"`, `"none"`; `null` without a queue scheduler |
/// | `rq-size` | `nr_requests` | number or numeric string |
/// | `ra` | `read_ahead_kb` | KiB |
/// | `tran` | `transport` | `"nvme"`, `"sata"`, `"usb"`, `null` |
/// | `type` | `device_type` | `"disk"`, `"part"`, `"loop"`, … |
/// | `model` | `model` | trimmed; `null` → `None` |
/// | `size` | `size` | bytes with `-b` (number, or numeric string before 2.33); human strings (`"238.5G"`) → `None` |
/// | `disc-gran` | `discard_granularity` | bytes, as `size` |
///
/// Entries without a usable name, and unknown keys, are skipped.
pub(crate) fn parse_json(value: &serde_json::Value) -> Vec<BlockDevice> {
    let mut out = Devices::default();
    if let Some(list) = value.get("blockdevices").and_then(Value::as_array) {
        json_devices(list, &mut out, 0);
    }
    out.list
}

fn json_devices(list: &[Value], out: &mut Devices, depth: usize) {
    if depth > 64 {
        return;
    }
    for v in list {
        if !v.is_object() {
            continue;
        }
        if let Some(d) = json_device(v) {
            out.merge(d);
        }
        if let Some(children) = v.get("children").and_then(Value::as_array) {
            json_devices(children, out, depth + 1);
        }
    }
}

fn json_device(v: &Value) -> Option<BlockDevice> {
    let text = |k: &str| v.get(k).and_then(json_text).and_then(|s| text_of(&s));
    let name = ["kname", "name", "path"]
        .iter()
        .find_map(|k| text(k).and_then(|s| device_name(&s)))?;
    let mut d = BlockDevice::named(name);
    d.rotational = match v.get("rota") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => flag(s),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        _ => None,
    };
    d.scheduler = text("sched");
    d.nr_requests = v.get("rq-size").and_then(json_u64);
    d.read_ahead_kb = v.get("ra").and_then(json_u64);
    d.transport = text("tran");
    d.device_type = text("type");
    d.model = text("model");
    d.size = v.get("size").and_then(json_u64);
    d.discard_granularity = v.get("disc-gran").and_then(json_u64);
    Some(d)
}

/// Add `d` to `list`, filling the missing fields of an entry with the same name.
pub(crate) fn merge(list: &mut Vec<BlockDevice>, d: BlockDevice) {
    let Some(old) = list.iter_mut().find(|o| o.name == d.name) else {
        list.push(d);
        return;
    };
    macro_rules! fill {
        ($($f:ident),*) => {$(
            if old.$f.is_none() {
                old.$f = d.$f.clone();
            }
        )*};
    }
    fill!(
        rotational,
        scheduler,
        nr_requests,
        read_ahead_kb,
        transport,
        device_type,
        model,
        size,
        discard_granularity
    );
    if old.schedulers.is_empty() {
        old.schedulers = d.schedulers;
    }
}

impl super::Metrics {
    /// The captured rotational flag of every block device, by kernel name (`sda` → `true`),
    /// as [`crate::facter::FacterReport::storage_summary`] takes it.
    pub fn rotational(&self) -> std::collections::BTreeMap<String, bool> {
        self.block_devices
            .iter()
            .filter_map(|d| Some((d.name.clone(), d.rotational?)))
            .collect()
    }

    /// The block device called `name` (`sda`, or `/dev/sda`).
    pub fn block_device(&self, name: &str) -> Option<&BlockDevice> {
        let name = name.strip_prefix("/dev/").unwrap_or(name);
        self.block_devices.iter().find(|d| d.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_str!(concat!("../../../tests/fixtures/metrics/", $name))
        };
    }

    fn json(text: &str) -> Vec<BlockDevice> {
        parse_json(&serde_json::from_str(text).unwrap())
    }

    fn find<'a>(list: &'a [BlockDevice], name: &str) -> &'a BlockDevice {
        list.iter().find(|d| d.name == name).unwrap()
    }

    #[test]
    fn lsblk_json_typed() {
        let d = json(fixture!("lsblk-J-b-d.nvme-sata.json"));
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["sda", "sdb", "zram0", "nvme0n1"]);
        let sda = &d[0];
        assert_eq!(sda.rotational, Some(false));
        assert_eq!(sda.scheduler.as_deref(), Some("mq-deadline"));
        assert!(sda.schedulers.is_empty()); // lsblk names only the active one
        assert_eq!(sda.transport.as_deref(), Some("sata"));
        assert_eq!(sda.model.as_deref(), Some("Samsung SSD 870 EVO 1TB"));
        assert_eq!(sda.device_type.as_deref(), Some("disk"));
        assert_eq!(sda.size, Some(1000204886016));
        assert_eq!(sda.discard_granularity, Some(512));
        assert_eq!(sda.nr_requests, Some(64));
        assert_eq!(sda.read_ahead_kb, Some(128));
        // The HDD runs without a scheduler.
        assert_eq!(d[1].rotational, Some(true));
        assert_eq!(d[1].scheduler.as_deref(), Some("none"));
        assert_eq!(d[1].discard_granularity, Some(0));
        // zram0: `sched`, `rq-size`, `model`, `tran` are null.
        assert_eq!(d[2].scheduler, None);
        assert_eq!(d[2].nr_requests, None);
        assert_eq!(d[2].model, None);
        assert_eq!(d[2].transport, None);
        assert_eq!(d[3].transport.as_deref(), Some("nvme"));
        assert_eq!(d[3].rotational, Some(false));
    }

    #[test]
    fn lsblk_json_all_strings_before_2_33() {
        let d = json(fixture!("lsblk-J-d.util-linux-2.32-strings.json"));
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].rotational, Some(true)); // "rota": "1"
        assert_eq!(d[1].rotational, Some(false)); // "rota": "0"
        assert_eq!(d[0].size, None); // "1.8T": human, not bytes
        assert_eq!(d[1].discard_granularity, None); // "512B"
        assert_eq!(d[0].nr_requests, Some(64)); // "64"
        assert_eq!(d[0].read_ahead_kb, Some(4096));
        assert_eq!(d[2].device_type.as_deref(), Some("rom"));
        assert_eq!(d[2].scheduler.as_deref(), Some("bfq"));
    }

    #[test]
    fn lsblk_json_children_numeric_strings_and_odd_values() {
        let d = json(
            r#"{"blockdevices": [
              {"name": "/dev/nvme0n1", "size": "256060514304", "rota": "0", "sched": "",
               "children": [
                 {"name": "/dev/nvme0n1p1", "type": "part", "rota": 0},
                 {"name": "nvme0n1p2", "kname": "dm-x/../", "rota": 2,
                  "children": [{"name": "cryptroot", "kname": "dm-0", "type": "crypt"}]}
               ]},
              {"kname": null, "rota": true},
              {"name": "└─sdz", "rota": "yes", "model": "  WDC  "},
              7, null
            ]}"#,
        );
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["nvme0n1", "nvme0n1p1", "nvme0n1p2", "dm-0", "sdz"]);
        assert_eq!(d[0].size, Some(256060514304));
        assert_eq!(d[0].rotational, Some(false));
        assert_eq!(d[0].scheduler, None); // empty string
        assert_eq!(d[1].rotational, Some(false));
        assert_eq!(d[2].rotational, None);
        assert_eq!(d[3].device_type.as_deref(), Some("crypt"));
        assert_eq!(d[4].rotational, None);
        assert_eq!(d[4].model.as_deref(), Some("WDC"));
        assert!(parse_json(&serde_json::json!({"blockdevices": {}})).is_empty());
        assert!(parse_json(&serde_json::json!([])).is_empty());
    }

    #[test]
    fn lsblk_text_table() {
        let text = fixture!("lsblk-d-o-NAME-ROTA-TRAN-SCHED-MODEL.txt");
        assert!(detect(text));
        let d = parse(text);
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["sda", "sdb", "sdc", "zram0", "nvme0n1"]);
        assert_eq!(d[0].rotational, Some(false));
        assert_eq!(d[0].transport.as_deref(), Some("sata"));
        assert_eq!(d[0].scheduler.as_deref(), Some("mq-deadline"));
        assert_eq!(d[0].model.as_deref(), Some("Samsung SSD 870 EVO 1TB"));
        assert_eq!(d[1].rotational, Some(true));
        assert_eq!(d[1].scheduler.as_deref(), Some("bfq"));
        assert_eq!(d[1].model.as_deref(), Some("ST4000DM004-2CV104"));
        assert_eq!(d[2].transport.as_deref(), Some("usb"));
        assert_eq!(d[2].model.as_deref(), Some("Ultra Fit"));
        // Empty cells stay empty, not the next column's value.
        assert_eq!(d[3].rotational, Some(false));
        assert_eq!(d[3].transport, None);
        assert_eq!(d[3].scheduler, None);
        assert_eq!(d[3].model, None);
        assert_eq!(d[4].scheduler.as_deref(), Some("none"));
        assert_eq!(d[4].transport.as_deref(), Some("nvme"));
    }

    #[test]
    fn lsblk_text_tree() {
        let d = parse(fixture!("lsblk-o-NAME-KNAME-ROTA-TYPE-SCHED.tree.txt"));
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sda",
                "sda1",
                "dm-1",
                "sda2",
                "dm-0",
                "sdb",
                "sdb1",
                "zram0",
                "nvme0n1",
                "nvme0n1p1",
                "nvme0n1p2"
            ]
        );
        assert_eq!(d[2].device_type.as_deref(), Some("crypt"));
        assert_eq!(d[2].scheduler.as_deref(), Some("none"));
        assert_eq!(d[6].rotational, Some(true));
        assert_eq!(d[7].scheduler, None);
        // Without KNAME the glyphs are stripped from NAME; `-i` ASCII glyphs too.
        let text = "NAME          ROTA\nsda              1\n├─sda1           1\n│ └─cryptswap    0\n`-sda2           1\n";
        let names: Vec<String> = parse(text).into_iter().map(|d| d.name).collect();
        assert_eq!(names, ["sda", "sda1", "cryptswap", "sda2"]);
    }

    #[test]
    fn lsblk_text_numbers_right_aligned() {
        // `lsblk -b -d -o NAME,SIZE,ROTA,RQ-SIZE,RA,MODEL,TRAN` (util-linux 2.38.1): wide
        // numbers extend left of their header, MODEL is not last.
        let text = "NAME          SIZE ROTA RQ-SIZE   RA MODEL                   TRAN\n\
                    zram0            0    0          128                         \n\
                    vda   274877906944    1     256 8192                         \n\
                    sda   1000204886016   0      64  128 Samsung SSD 870 EVO 1TB sata\n";
        let d = parse(text);
        assert_eq!(d[0].size, Some(0));
        assert_eq!(d[0].nr_requests, None);
        assert_eq!(d[0].read_ahead_kb, Some(128));
        assert_eq!(d[1].size, Some(274877906944));
        assert_eq!(d[1].rotational, Some(true));
        assert_eq!(d[1].nr_requests, Some(256));
        assert_eq!(d[1].read_ahead_kb, Some(8192));
        assert_eq!(d[1].model, None);
        assert_eq!(d[2].model.as_deref(), Some("Samsung SSD 870 EVO 1TB"));
        assert_eq!(d[2].transport.as_deref(), Some("sata"));
        // Human sizes are not bytes.
        let d = parse("NAME ROTA  SIZE\nsda     1  1.8T\n");
        assert_eq!(d[0].size, None);
        assert_eq!(d[0].rotational, Some(true));
    }

    #[test]
    fn sysfs_grep() {
        let text = fixture!("sys-block-queue.grep-H.txt");
        assert!(detect(text));
        let d = parse(text);
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["nvme0n1", "sda", "sdb", "zram0"]);
        assert_eq!(d[0].scheduler.as_deref(), Some("none"));
        assert_eq!(d[0].schedulers, ["none", "mq-deadline", "kyber", "bfq"]);
        assert_eq!(d[0].nr_requests, Some(1023));
        assert_eq!(d[1].rotational, Some(false));
        assert_eq!(d[1].scheduler.as_deref(), Some("mq-deadline"));
        assert_eq!(d[2].rotational, Some(true));
        assert_eq!(d[2].scheduler.as_deref(), Some("bfq"));
        assert_eq!(d[2].read_ahead_kb, Some(4096));
        assert_eq!(d[3].scheduler, None);
        assert!(d[3].schedulers.is_empty());
        assert_eq!(d[3].nr_requests, None);
        assert_eq!(d[3].read_ahead_kb, Some(128));
        // /sys/class/block, a lone unbracketed `none`, discard_granularity, other attrs.
        let d = parse(
            "/sys/class/block/vda/queue/scheduler:none\n\
             /sys/class/block/vda/queue/discard_granularity:4096\n\
             /sys/class/block/vda/queue/max_sectors_kb:1280\n\
             /sys/block/vda/queue/iosched/fifo_batch:16\n\
             grep: /sys/block/zram0/queue/scheduler: No such file or directory\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].scheduler.as_deref(), Some("none"));
        assert_eq!(d[0].schedulers, ["none"]);
        assert_eq!(d[0].discard_granularity, Some(4096));
        // Several unbracketed names: the active one is unknown.
        assert_eq!(
            schedulers("none mq-deadline"),
            (None, vec!["none".into(), "mq-deadline".into()])
        );
    }

    #[test]
    fn sysfs_loop() {
        let text = fixture!("sys-block-queue.loop.txt");
        assert!(detect(text));
        let d = parse(text);
        assert_eq!(d.len(), 6);
        let sdb = find(&d, "sdb");
        assert_eq!(sdb.rotational, Some(true));
        assert_eq!(sdb.scheduler.as_deref(), Some("bfq"));
        assert_eq!(sdb.schedulers, ["mq-deadline", "kyber", "bfq", "none"]);
        assert_eq!(sdb.nr_requests, Some(64));
        assert_eq!(find(&d, "sdc").nr_requests, Some(2));
        let zram = find(&d, "zram0");
        assert_eq!(zram.rotational, Some(false));
        assert_eq!(zram.scheduler, None);
        assert!(zram.schedulers.is_empty());
        assert_eq!(zram.nr_requests, None);
    }

    #[test]
    fn merge_fills_what_lsblk_lacks() {
        let mut list = json(fixture!("lsblk-J-b-d.nvme-sata.json"));
        for d in parse(fixture!("sys-block-queue.grep-H.txt")) {
            merge(&mut list, d);
        }
        assert_eq!(list.len(), 4);
        let sda = find(&list, "sda");
        assert_eq!(sda.scheduler.as_deref(), Some("mq-deadline"));
        assert_eq!(sda.schedulers, ["mq-deadline", "kyber", "bfq", "none"]);
        assert_eq!(sda.model.as_deref(), Some("Samsung SSD 870 EVO 1TB"));
        // lsblk had `sched: null` and no `rq-size` for zram0; sysfs has neither either.
        assert_eq!(find(&list, "zram0").scheduler, None);
        // A device only sysfs knows is added.
        let mut list = json(fixture!("lsblk-J-d.util-linux-2.32-strings.json"));
        merge(
            &mut list,
            BlockDevice {
                name: "sda".into(),
                size: Some(2000398934016),
                rotational: Some(false),
                ..Default::default()
            },
        );
        let sda = find(&list, "sda");
        assert_eq!(sda.size, Some(2000398934016)); // lsblk had a human size
        assert_eq!(sda.rotational, Some(true)); // the first capture wins
    }

    #[test]
    fn other_formats_are_not_claimed() {
        for text in [
            "",
            "NAME\nsda\n",
            "ROTA\n1\n",
            "NAME ROTA\n",
            "name rota\nsda 1\n",
            "Filesystem 1B-blocks Used Available Use% Mounted on\n/dev/sda 1 1 1 1% /\n",
            "TARGET=\"/\" SOURCE=\"/dev/sda\" FSTYPE=\"btrfs\"\n",
            "vm.dirty_ratio = 20\n",
            "/proc/sys/vm/dirty_ratio:20\n",
            "/sys/fs/btrfs/x/allocation/data/total_bytes:1\n",
            "sda rotation=1\n",
            "MemTotal:       24684092 kB\n",
        ] {
            assert!(!detect(text), "{text:?}");
        }
    }
}
