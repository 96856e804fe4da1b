//! Mount tables: `/proc/self/mountinfo` (exact VFS/superblock split), `/proc/mounts` and
//! `mount` output (merged options), `findmnt -J` (flat with `-t`, a `children` tree
//! otherwise; typed values since util-linux 2.33, all strings before) and `findmnt -P`.
//!
//! Where a format merges the per-mount and the superblock options into one list, they are
//! split by name: the VFS flags (`rw ro nosuid nodev noexec noatime nodiratime relatime
//! strictatime nosymfollow idmapped`) are per-mount, everything else is superblock. On
//! btrfs the superblock options (`compress=`, `ssd`, `discard=`, `space_cache=`, …) are
//! filesystem-wide: the first mount sets them.

use serde::Serialize;
use serde_json::Value;

use super::df::DfRow;
use super::num::{json_size, json_text, parse_u64};

/// One mount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MountEntry {
    /// Mount point, unescaped (`\040` → space, `\011` tab, `\012` newline, `\134` backslash).
    pub mount_point: String,
    /// Source device (`/dev/nvme0n1p2`), without findmnt's `[/subvol]` suffix; unescaped.
    pub source: String,
    /// Filesystem type (`btrfs`, `ext4`, `fuse.sshfs`).
    pub fstype: String,
    /// Per-mount (VFS) options: `rw`/`ro`, `noatime`/`relatime`, `nosuid`, ….
    pub mount_options: Vec<String>,
    /// Superblock options. From mountinfo (and `findmnt FS-OPTIONS`) exactly as the kernel
    /// prints them, starting with the superblock's `rw`/`ro`; from merged lists (findmnt
    /// `OPTIONS`, `/proc/mounts`, `mount`) the non-VFS options, without `rw`/`ro`. On btrfs
    /// these are filesystem-wide (`compress=zstd:1`, `ssd`, `discard=async`, …).
    pub super_options: Vec<String>,
    /// Root of the mount within the filesystem: mountinfo field 4 or findmnt `FSROOT` /
    /// `[/path]` source suffix (`/@`, `/@home`, `/@home/me` for a bind); else, for btrfs,
    /// the `subvol=` option.
    pub root: Option<String>,
    /// btrfs `subvol=` option (the subvolume path), when present.
    pub subvol: Option<String>,
    /// btrfs `subvolid=` option, when present.
    pub subvolid: Option<u64>,
    /// mountinfo `major:minor` (btrfs: an anonymous `0:NN` shared by every subvolume of
    /// one filesystem, so it groups mounts by filesystem).
    pub major_minor: Option<String>,
    /// Propagation: mountinfo optional fields (`shared:1`, `master:2`, `unbindable`) or
    /// findmnt `PROPAGATION` (`shared`, `private`, …).
    pub propagation: Vec<String>,
    /// Filesystem UUID (findmnt `-o UUID`).
    pub uuid: Option<String>,
}

const VFS_OPTIONS: &[&str] = &[
    "rw",
    "ro",
    "nosuid",
    "nodev",
    "noexec",
    "noatime",
    "nodiratime",
    "relatime",
    "strictatime",
    "nosymfollow",
    "idmapped",
];

/// Undo the kernel's octal escapes (`\040`); other bytes stay.
pub(crate) fn unescape_octal(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') as u32 * 64
                + (b[i + 2] - b'0') as u32 * 8
                + (b[i + 3] - b'0') as u32;
            if let Ok(byte) = u8::try_from(v) {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Undo findmnt `-P` / `-r` escapes (`\x20`).
fn unescape_hex(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1] == b'x'
            && b[i + 2].is_ascii_hexdigit()
            && b[i + 3].is_ascii_hexdigit()
        {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 2]) * 16 + hex(b[i + 3]));
            i += 4;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn split_options(s: &str, unescape: fn(&str) -> String) -> Vec<String> {
    s.split(',')
        .filter(|o| !o.is_empty())
        .map(unescape)
        .collect()
}

fn identity(s: &str) -> String {
    s.to_string()
}

/// Split a merged option list into (VFS, superblock) options.
fn split_merged(opts: Vec<String>) -> (Vec<String>, Vec<String>) {
    opts.into_iter()
        .partition(|o| VFS_OPTIONS.contains(&o.as_str()))
}

impl MountEntry {
    fn new(mount_point: String, source: String, fstype: String) -> Self {
        MountEntry {
            mount_point,
            source,
            fstype,
            mount_options: Vec::new(),
            super_options: Vec::new(),
            root: None,
            subvol: None,
            subvolid: None,
            major_minor: None,
            propagation: Vec::new(),
            uuid: None,
        }
    }

    /// Fill `subvol`/`subvolid` from the superblock options, and `root` from `subvol=`
    /// for btrfs when nothing better is known.
    fn finish(mut self) -> Self {
        for o in &self.super_options {
            if let Some(v) = o.strip_prefix("subvol=") {
                self.subvol = Some(v.to_string());
            } else if let Some(v) = o.strip_prefix("subvolid=") {
                self.subvolid = parse_u64(v);
            }
        }
        if self.root.is_none() && self.fstype == "btrfs" {
            self.root = self.subvol.clone();
        }
        self
    }

    /// `/dev/sda[/@home]` → source `/dev/sda`, root `/@home` (when no root is known yet).
    fn strip_bracket_root(&mut self) {
        if self.source.ends_with(']')
            && let Some(open) = self.source.rfind('[')
        {
            let inner = self.source[open + 1..self.source.len() - 1].to_string();
            self.source.truncate(open);
            if self.root.is_none() && !inner.is_empty() {
                self.root = Some(inner);
            }
        }
    }
}

/// One `/proc/self/mountinfo` line.
fn mountinfo_line(line: &str) -> Option<MountEntry> {
    let f: Vec<&str> = line.split_whitespace().collect();
    if f.len() < 8 {
        return None;
    }
    parse_u64(f[0])?;
    parse_u64(f[1])?;
    let (maj, min) = f[2].split_once(':')?;
    parse_u64(maj)?;
    parse_u64(min)?;
    let sep = f.iter().skip(6).position(|x| *x == "-")? + 6;
    let fstype = f.get(sep + 1)?;
    let source = f.get(sep + 2)?;
    let mut e = MountEntry::new(
        unescape_octal(f[4]),
        unescape_octal(source),
        unescape_octal(fstype),
    );
    e.root = Some(unescape_octal(f[3]));
    e.major_minor = Some(f[2].to_string());
    e.mount_options = split_options(f[5], unescape_octal);
    e.propagation = f[6..sep].iter().map(|s| s.to_string()).collect();
    e.super_options = f
        .get(sep + 3)
        .map(|s| split_options(s, unescape_octal))
        .unwrap_or_default();
    Some(e.finish())
}

/// One `/proc/mounts` (fstab-format) line: `src target fstype opts 0 0`.
fn proc_mounts_line(line: &str) -> Option<MountEntry> {
    let f: Vec<&str> = line.split_whitespace().collect();
    if f.len() != 6 || parse_u64(f[4]).is_none() || parse_u64(f[5]).is_none() {
        return None;
    }
    let mut e = MountEntry::new(
        unescape_octal(f[1]),
        unescape_octal(f[0]),
        unescape_octal(f[2]),
    );
    (e.mount_options, e.super_options) = split_merged(split_options(f[3], unescape_octal));
    Some(e.finish())
}

/// One `mount` line: `src on target type fstype (opts)`; the target is not escaped.
fn mount_line(line: &str) -> Option<MountEntry> {
    let line = line.trim_end();
    let body = line.strip_suffix(')')?;
    let (head, opts) = body.rsplit_once(" (")?;
    let (source, rest) = head.split_once(" on ")?;
    let (target, fstype) = rest.rsplit_once(" type ")?;
    if source.is_empty() || target.is_empty() || fstype.contains(' ') {
        return None;
    }
    let mut e = MountEntry::new(target.to_string(), source.to_string(), fstype.to_string());
    (e.mount_options, e.super_options) = split_merged(split_options(opts, identity));
    Some(e.finish())
}

/// `KEY="value" KEY="value"` pairs of `findmnt -P`.
fn pairs(line: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    let mut rest = line.trim();
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq].trim();
        let after = &rest[eq + 2..];
        let Some(close) = after.find('"') else {
            break;
        };
        out.push((key, unescape_hex(&after[..close])));
        rest = &after[close + 1..];
    }
    out
}

fn findmnt_pairs_line(line: &str) -> Option<MountEntry> {
    let p = pairs(line);
    let get = |k: &str| p.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone());
    let target = get("TARGET")?;
    let mut e = MountEntry::new(
        target,
        get("SOURCE").unwrap_or_default(),
        get("FSTYPE").unwrap_or_default(),
    );
    e.root = get("FSROOT").filter(|s| !s.is_empty());
    match (get("VFS-OPTIONS"), get("FS-OPTIONS")) {
        (vfs, fs) if vfs.is_some() || fs.is_some() => {
            e.mount_options = vfs.map(|s| split_options(&s, identity)).unwrap_or_default();
            e.super_options = fs.map(|s| split_options(&s, identity)).unwrap_or_default();
        }
        _ => {
            if let Some(o) = get("OPTIONS") {
                (e.mount_options, e.super_options) = split_merged(split_options(&o, identity));
            }
        }
    }
    e.propagation = get("PROPAGATION")
        .map(|s| split_options(&s, identity))
        .unwrap_or_default();
    e.uuid = get("UUID").filter(|s| !s.is_empty());
    e.strip_bracket_root();
    Some(e.finish())
}

/// Which line-based mount table `text` is, if any.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Table {
    Mountinfo,
    ProcMounts,
    Mount,
    FindmntPairs,
}

fn line_parser(t: Table) -> fn(&str) -> Option<MountEntry> {
    match t {
        Table::Mountinfo => mountinfo_line,
        Table::ProcMounts => proc_mounts_line,
        Table::Mount => mount_line,
        Table::FindmntPairs => findmnt_pairs_line,
    }
}

/// The table kind most lines of `text` parse as (at least one, and half of the non-empty
/// lines).
pub(crate) fn detect(text: &str) -> Option<Table> {
    for t in [
        Table::Mountinfo,
        Table::FindmntPairs,
        Table::ProcMounts,
        Table::Mount,
    ] {
        let parse = line_parser(t);
        let (mut good, mut all) = (0usize, 0usize);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            all += 1;
            if parse(line).is_some() {
                good += 1;
            }
        }
        if good > 0 && good * 2 >= all {
            return Some(t);
        }
    }
    None
}

/// Parse every line of a line-based mount table; lines that do not parse are skipped.
pub(crate) fn parse_table(text: &str, t: Table) -> Vec<MountEntry> {
    let parse = line_parser(t);
    text.lines().filter_map(parse).collect()
}

/// Parse `findmnt -J`: mounts (tree flattened parent-first) and, when the capture has
/// `size`/`used`/`avail` columns (`-o …,SIZE,USED,AVAIL`, with `-b` for bytes), df rows.
pub(crate) fn parse_findmnt_json(v: &Value) -> (Vec<MountEntry>, Vec<DfRow>) {
    let mut mounts = Vec::new();
    let mut df = Vec::new();
    if let Some(list) = v.get("filesystems").and_then(Value::as_array) {
        for fs in list {
            walk(fs, &mut mounts, &mut df);
        }
    }
    (mounts, df)
}

fn walk(fs: &Value, mounts: &mut Vec<MountEntry>, df: &mut Vec<DfRow>) {
    let text = |k: &str| fs.get(k).and_then(json_text);
    if let Some(target) = text("target") {
        let mut e = MountEntry::new(
            target,
            text("source").unwrap_or_default(),
            text("fstype").unwrap_or_default(),
        );
        e.root = text("fsroot").filter(|s| !s.is_empty());
        let vfs = text("vfs-options");
        let sup = text("fs-options");
        if vfs.is_some() || sup.is_some() {
            e.mount_options = vfs.map(|s| split_options(&s, identity)).unwrap_or_default();
            e.super_options = sup.map(|s| split_options(&s, identity)).unwrap_or_default();
        } else if let Some(o) = text("options") {
            (e.mount_options, e.super_options) = split_merged(split_options(&o, identity));
        }
        e.propagation = text("propagation")
            .map(|s| split_options(&s, identity))
            .unwrap_or_default();
        e.uuid = text("uuid").filter(|s| !s.is_empty());
        e.strip_bracket_root();
        let e = e.finish();
        let size = fs.get("size").and_then(json_size);
        let used = fs.get("used").and_then(json_size);
        let avail = fs.get("avail").and_then(json_size);
        if size.is_some() || used.is_some() || avail.is_some() {
            let approximate = [size, used, avail].iter().flatten().any(|(_, a)| *a);
            df.push(DfRow {
                source: e.source.clone(),
                fstype: (!e.fstype.is_empty()).then(|| e.fstype.clone()),
                size: size.map(|s| s.0),
                used: used.map(|s| s.0),
                avail: avail.map(|s| s.0),
                target: e.mount_point.clone(),
                approximate,
            });
        }
        mounts.push(e);
    }
    // serde_json caps nesting at 128 levels, which bounds this recursion.
    for child in fs
        .get("children")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        walk(child, mounts, df);
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

    fn json(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn mountinfo_escapes_and_optional_fields() {
        let text = fixture!("proc-self-mountinfo.txt");
        assert_eq!(detect(text), Some(Table::Mountinfo));
        let m = parse_table(text, Table::Mountinfo);
        assert_eq!(m.len(), 12);
        let home = &m[4];
        assert_eq!(home.mount_point, "/home");
        assert_eq!(home.source, "/dev/nvme0n1p2");
        assert_eq!(home.fstype, "btrfs");
        assert_eq!(home.mount_options, ["rw", "nosuid", "nodev", "noatime"]);
        assert_eq!(home.propagation, ["shared:4", "master:1"]);
        assert_eq!(home.super_options[0], "rw");
        assert!(home.super_options.contains(&"compress=zstd:3".to_string()));
        assert_eq!(home.root.as_deref(), Some("/@home"));
        assert_eq!(home.subvol.as_deref(), Some("/@home"));
        assert_eq!(home.subvolid, Some(257));
        assert_eq!(home.major_minor.as_deref(), Some("0:31"));
        assert_eq!(m[6].mount_point, "/var/lib/libvirt/my images");
        assert_eq!(m[7].mount_point, "/srv/tab\tdir");
        assert_eq!(m[7].root.as_deref(), Some("/@home/me/odd\ttab"));
        assert_eq!(m[7].propagation, ["propagate_from:4", "unbindable"]);
        assert_eq!(m[7].mount_options[0], "ro");
        assert_eq!(m[8].mount_point, "/srv/new\nline");
        assert_eq!(m[9].mount_point, "/srv/back\\slash");
        assert_eq!(m[10].fstype, "vfat");
        assert_eq!(m[10].subvol, None);
        assert_eq!(
            m[11].super_options,
            [
                "rw",
                "space_cache=v2",
                "autodefrag",
                "subvolid=5",
                "subvol=/"
            ]
        );
    }

    #[test]
    fn mountinfo_without_optional_fields() {
        let text = fixture!("proc-self-mountinfo-grep-btrfs.txt");
        let m = parse_table(text, detect(text).unwrap());
        assert_eq!(m.len(), 4);
        assert!(m.iter().all(|e| e.propagation.is_empty()));
        assert_eq!(m[2].root.as_deref(), Some("/@postgres"));
    }

    #[test]
    fn proc_mounts_and_mount_output_split_by_name() {
        let text = fixture!("proc-mounts-grep-btrfs.txt");
        assert_eq!(detect(text), Some(Table::ProcMounts));
        let m = parse_table(text, Table::ProcMounts);
        assert_eq!(m[3].mount_point, "/var/lib/libvirt/my images");
        assert_eq!(m[1].mount_options, ["rw", "nosuid", "nodev", "noatime"]);
        assert_eq!(m[1].super_options[0], "compress=zstd:3");
        assert_eq!(m[1].root.as_deref(), Some("/@home"));
        let text = fixture!("mount-grep-btrfs.txt");
        assert_eq!(detect(text), Some(Table::Mount));
        let n = parse_table(text, Table::Mount);
        assert_eq!(n, m);
    }

    #[test]
    fn findmnt_flat_with_fsroot_and_propagation() {
        let (m, df) = parse_findmnt_json(&json(fixture!("findmnt-J-t-btrfs.json")));
        assert!(df.is_empty());
        assert_eq!(m.len(), 4);
        assert_eq!(m[1].source, "/dev/nvme0n1p2");
        assert_eq!(m[1].root.as_deref(), Some("/@home"));
        assert_eq!(m[1].propagation, ["shared", "slave"]);
        assert_eq!(m[1].mount_options, ["rw", "nosuid", "nodev", "noatime"]);
        assert_eq!(m[2].mount_point, "/var/lib/libvirt/my images");
        assert_eq!(m[3].root.as_deref(), Some("/"));
    }

    #[test]
    fn findmnt_tree_is_flattened() {
        let (m, _) = parse_findmnt_json(&json(fixture!("findmnt-J.tree.json")));
        let targets: Vec<&str> = m.iter().map(|e| e.mount_point.as_str()).collect();
        assert_eq!(
            targets,
            [
                "/",
                "/proc",
                "/mnt/sys",
                "/home",
                "/home/me/.cache",
                "/srv/nas"
            ]
        );
        assert_eq!(m[2].root.as_deref(), Some("/@"));
        assert_eq!(m[2].source, "/dev/nvme0n1p2");
        assert_eq!(m[5].root.as_deref(), Some("/"));
        assert_eq!(m[1].root, None);
    }

    #[test]
    fn findmnt_typed_string_and_human_sizes() {
        let (m, typed) = parse_findmnt_json(&json(fixture!("findmnt-J-b-df-cols.json")));
        let (_, strings) = parse_findmnt_json(&json(fixture!(
            "findmnt-J-b-df-cols.util-linux-2.32-strings.json"
        )));
        let (_, human) = parse_findmnt_json(&json(fixture!("findmnt-J-df-cols.human.json")));
        assert_eq!(typed, strings);
        assert_eq!(typed[1].size, Some(4000787030016));
        assert_eq!(typed[1].avail, Some(99614720));
        assert!(!typed[1].approximate);
        assert_eq!(
            m[0].uuid.as_deref(),
            Some("0b6f1f3e-6c2a-4d0e-9a51-3c8d2f6e7a10")
        );
        assert!(human[0].approximate);
        assert_eq!(human[0].size, Some(477 << 30));
    }

    #[test]
    fn findmnt_pairs() {
        let text = fixture!("findmnt-P-t-btrfs.txt");
        assert_eq!(detect(text), Some(Table::FindmntPairs));
        let m = parse_table(text, Table::FindmntPairs);
        assert_eq!(m.len(), 4);
        assert_eq!(m[2].mount_point, "/var/lib/libvirt/my images");
        assert_eq!(m[2].source, "/dev/nvme0n1p2");
        assert_eq!(m[2].root.as_deref(), Some("/@vm"));
        assert_eq!(m[2].mount_options, ["rw", "noatime"]);
        assert_eq!(m[2].super_options[0], "rw");
        assert_eq!(m[2].subvolid, Some(260));
    }

    #[test]
    fn odd_escapes_do_not_break() {
        assert_eq!(unescape_octal("a\\040b\\"), "a b\\");
        assert_eq!(unescape_octal("\\777x"), "\\777x");
        assert_eq!(unescape_octal("\\04"), "\\04");
        assert_eq!(unescape_hex("a\\x20b\\x2"), "a b\\x2");
        assert_eq!(detect("not a mount table\n"), None);
    }
}
