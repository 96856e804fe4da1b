//! Kernel tunables and memory counters: `sysctl` output and `/proc/meminfo`.
//!
//! Sources: `sysctl vm` / `sysctl -a` (`vm.dirty_ratio = 20`), `grep -H . /proc/sys/vm/*`
//! (`/proc/sys/vm/dirty_ratio:20`), and `/proc/meminfo` (`Dirty:  92 kB`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::num::{known, parse_u64};

/// `sysctl` keys in dotted form (`vm.dirty_ratio`) with their values as printed.
pub type Sysctl = BTreeMap<String, String>;

/// The `/proc/meminfo` counters diagnose uses, in bytes (the file prints `kB` = KiB).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Meminfo {
    /// `MemTotal`.
    pub mem_total: Option<u64>,
    /// `MemAvailable` (the base of the `vm.dirty_*ratio` limits, kernel docs `admin-guide/sysctl/vm.rst`).
    pub mem_available: Option<u64>,
    /// `Dirty`: page cache waiting to be written back.
    pub dirty: Option<u64>,
    /// `Writeback`: being written back now.
    pub writeback: Option<u64>,
}

/// A sysctl name in dotted form: a lower-case first part (`vm`, `net`, `kernel`, `fs`,
/// `dev`, …), at least one dot, then letters, digits, `_`, `-`, `.` and `/` (`sysctl`
/// prints a dot inside an interface name as `/`: `net.ipv4.conf.eth0/100.rp_filter`).
fn sysctl_key(k: &str) -> bool {
    let Some((top, rest)) = k.split_once('.') else {
        return false;
    };
    k.len() <= 256
        && top.starts_with(|c: char| c.is_ascii_lowercase())
        && top
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
}

/// `/proc/sys/net/ipv4/conf/eth0.100/rp_filter` → `net.ipv4.conf.eth0/100.rp_filter`
/// (what `sysctl` prints: `/` → `.`, and a `.` inside a path component → `/`).
fn proc_sys_key(path: &str) -> Option<String> {
    let rel = path.strip_prefix("/proc/sys/")?;
    let key = rel
        .split('/')
        .map(|c| c.replace('.', "/"))
        .collect::<Vec<_>>()
        .join(".");
    sysctl_key(&key).then_some(key)
}

/// Lines that are neither data nor a different format: `sysctl: permission denied on key
/// …`, `sysctl: cannot stat …`, `sysctl.conf` comments.
fn noise(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("sysctl: ") || t.starts_with('#') || t.starts_with(';')
}

/// One line → (dotted key, value trimmed). Shapes: `vm.dirty_ratio = 20` (`sysctl`;
/// also `key=value` as in `sysctl.conf`; the value may hold spaces and tabs, as the
/// tab-separated `net.ipv4.tcp_rmem = 4096 131072 6291456`) and
/// `/proc/sys/vm/dirty_ratio:20` (`grep -H . /proc/sys/vm/*`).
fn sysctl_line(line: &str) -> Option<(String, String)> {
    let line = line.trim_end_matches(['\r', '\n']);
    if line.starts_with("/proc/sys/") {
        let (path, value) = line.split_once(':')?;
        return Some((proc_sys_key(path)?, value.trim().to_string()));
    }
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    sysctl_key(key).then(|| (key.to_string(), value.trim().to_string()))
}

/// Whether `text` is `sysctl` output or a `/proc/sys` grep: more than half of the
/// non-empty lines (not counting `sysctl:` error lines and comments) are
/// `key = value` or `/proc/sys/…:value` lines with a dotted sysctl key.
pub(crate) fn detect_sysctl(text: &str) -> bool {
    let (mut good, mut all) = (0usize, 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty() && !noise(l)) {
        all += 1;
        if sysctl_line(line).is_some() {
            good += 1;
        }
    }
    good > 0 && good * 2 > all
}

/// Parse `sysctl` output or a `/proc/sys` grep into dotted keys and trimmed raw values
/// (units are the key's own: `vm.dirty_ratio` percent, `vm.dirty_bytes` bytes,
/// `vm.dirty_expire_centisecs` 1/100 s). A key repeated later wins. Other lines are
/// skipped.
pub(crate) fn parse_sysctl(text: &str) -> Sysctl {
    text.lines()
        .filter(|l| !noise(l))
        .filter_map(sysctl_line)
        .collect()
}

/// One `/proc/meminfo` line → (key, number, has the `kB` unit): `Dirty:   196 kB`,
/// `HugePages_Total:       0`. Keys are letters, digits, `_` and `()` (`Active(anon)`).
fn meminfo_line(line: &str) -> Option<(&str, u64, bool)> {
    let (key, rest) = line.split_once(':')?;
    let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key.len() <= 64
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'(' | b')'));
    if !key_ok {
        return None;
    }
    let mut f = rest.split_whitespace();
    let n = parse_u64(f.next()?)?;
    let kb = match (f.next(), f.next()) {
        (None, _) => false,
        (Some("kB"), None) => true,
        _ => return None,
    };
    Some((key, n, kb))
}

/// Whether `text` is `/proc/meminfo`: a `MemTotal:` line and at least three quarters of
/// the non-empty lines of the `Key:   123 kB` shape.
pub(crate) fn detect_meminfo(text: &str) -> bool {
    let (mut good, mut all, mut total) = (0usize, 0usize, false);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        all += 1;
        if let Some((key, _, _)) = meminfo_line(line) {
            good += 1;
            total |= key == "MemTotal";
        }
    }
    total && good * 4 >= all * 3
}

/// Parse `/proc/meminfo`: `kB` values are KiB, returned in bytes (× 1024). Only
/// `MemTotal`, `MemAvailable`, `Dirty` and `Writeback` are kept; a value without `kB`
/// (those are counts, like `HugePages_Total`) or ≥ 2^63 bytes is `None`.
pub(crate) fn parse_meminfo(text: &str) -> Meminfo {
    let mut m = Meminfo::default();
    for (key, n, kb) in text.lines().filter_map(meminfo_line) {
        let bytes = kb.then(|| n.checked_mul(1024)).flatten().and_then(known);
        let slot = match key {
            "MemTotal" => &mut m.mem_total,
            "MemAvailable" => &mut m.mem_available,
            "Dirty" => &mut m.dirty,
            "Writeback" => &mut m.writeback,
            _ => continue,
        };
        *slot = bytes;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_str!(concat!("../../../tests/fixtures/metrics/", $name))
        };
    }

    #[test]
    fn sysctl_vm() {
        let text = fixture!("sysctl-vm.txt");
        assert!(detect_sysctl(text));
        assert!(!detect_meminfo(text));
        let s = parse_sysctl(text);
        assert_eq!(s.len(), text.lines().count());
        assert_eq!(s["vm.dirty_ratio"], "20");
        assert_eq!(s["vm.dirty_background_ratio"], "10");
        assert_eq!(s["vm.dirty_bytes"], "0");
        assert_eq!(s["vm.page-cluster"], "3");
        assert_eq!(s["vm.numa_zonelist_order"], "Node");
        // Tab-separated values stay as printed, trimmed.
        assert_eq!(s["vm.lowmem_reserve_ratio"], "256\t256\t32\t0\t0");
    }

    #[test]
    fn proc_sys_grep() {
        let text = fixture!("proc-sys-vm.grep-H.txt");
        assert!(detect_sysctl(text));
        let s = parse_sysctl(text);
        assert_eq!(s.len(), 6);
        assert_eq!(s["vm.dirty_bytes"], "268435456");
        assert_eq!(s["vm.dirty_ratio"], "0");
        assert_eq!(s["vm.dirty_background_bytes"], "67108864");
        // A dot inside a path component is `/` in the sysctl name.
        let s = parse_sysctl("/proc/sys/net/ipv4/conf/eth0.100/rp_filter:1\n");
        assert_eq!(s["net.ipv4.conf.eth0/100.rp_filter"], "1");
    }

    #[test]
    fn sysctl_a_noise_and_odd_values() {
        let text = "sysctl: permission denied on key 'fs.protected_regular'\n\
                    sysctl: reading key \"net.ipv6.conf.all.stable_secret\"\n\
                    net.ipv4.tcp_rmem = 4096\t131072\t6291456\n\
                    kernel.domainname = (none)\n\
                    kernel.core_pattern = |/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n\
                    net.ipv4.conf.eth0/100.rp_filter = 2\n\
                    net.ipv4.conf.enP3p49s0.forwarding = 0\n\
                    kernel.hostname = \n\
                    # comment\n\
                    vm.swappiness=10\n";
        assert!(detect_sysctl(text));
        let s = parse_sysctl(text);
        assert_eq!(s.len(), 7);
        assert_eq!(s["net.ipv4.tcp_rmem"], "4096\t131072\t6291456");
        assert_eq!(s["kernel.domainname"], "(none)");
        assert!(s["kernel.core_pattern"].ends_with("%c %h"));
        assert_eq!(s["net.ipv4.conf.eth0/100.rp_filter"], "2");
        assert_eq!(s["net.ipv4.conf.enP3p49s0.forwarding"], "0");
        assert_eq!(s["kernel.hostname"], "");
        assert_eq!(s["vm.swappiness"], "10");
        // Only error lines: nothing to detect.
        assert!(!detect_sysctl(
            "sysctl: cannot stat /proc/sys/vm/x: No such file\n"
        ));
    }

    #[test]
    fn sysctl_does_not_claim_other_shapes() {
        for text in [
            "",
            "TARGET=\"/\" SOURCE=\"/dev/sda\"\n",
            "a = b\n",
            "Vm.dirty = 1\n",
            "vm. = 1\n",
            "vm.dirty ratio = 1\n",
            "compression=zstd\n",
            "/proc/sys/:1\n",
            "/proc/sysvm/x:1\n",
            "vm.dirty_ratio = 20\nnot it\nnot it either\n",
        ] {
            assert!(!detect_sysctl(text), "{text:?}");
        }
    }

    #[test]
    fn meminfo_in_bytes() {
        let text = fixture!("proc-meminfo.txt");
        assert!(detect_meminfo(text));
        assert!(!detect_sysctl(text));
        let m = parse_meminfo(text);
        assert_eq!(m.mem_total, Some(24684092 * 1024));
        assert_eq!(m.mem_available, Some(24220276 * 1024));
        assert_eq!(m.dirty, Some(196 * 1024));
        assert_eq!(m.writeback, Some(0)); // not `WritebackTmp`
    }

    #[test]
    fn meminfo_odd_lines() {
        let m = parse_meminfo("MemTotal: 8 kB\nDirty: 5\nWriteback: 99999999999999999999 kB\n");
        assert_eq!(m.mem_total, Some(8192));
        assert_eq!(m.dirty, None); // no unit
        assert_eq!(m.writeback, None); // overflow
        assert!(!detect_meminfo("MemFree: 1 kB\n")); // no MemTotal
        assert!(!detect_meminfo("MemTotal: 1 kB\nx\ny\nz\n"));
        assert!(!detect_meminfo("MemTotal: 1 MB\n"));
    }
}
