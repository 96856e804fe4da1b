//! Metrics ingestion: every capture format and version variant, recognised by content.
//! Fixtures in `tests/fixtures/metrics/` are written for these tests, modelled on real
//! captures (same shapes, other numbers).

use std::path::{Path, PathBuf};

use disko_lint::diagnose::metrics::{
    Capture, Compsize, DeviceStats, DfRow, FileAttrs, FileExtents, FsDf, FsUsage, Iostat,
    IostatDevice, Kind, MountEntry, load_dir, recognize,
};

const GIB: u64 = 1 << 30;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn capture(name: &str) -> Capture {
    recognize(&read(name)).unwrap_or_else(|| panic!("{name} not recognised"))
}

fn df(name: &str) -> Vec<DfRow> {
    match capture(name) {
        Capture::Df(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn usage(name: &str) -> FsUsage {
    match capture(name) {
        Capture::FsUsage(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn fs_df(name: &str) -> FsDf {
    match capture(name) {
        Capture::FsDf(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn stats(name: &str) -> Vec<DeviceStats> {
    match capture(name) {
        Capture::DeviceStats(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn compsize(name: &str) -> Compsize {
    match capture(name) {
        Capture::Compsize(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn iostat(name: &str) -> Iostat {
    match capture(name) {
        Capture::Iostat(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn mounts(name: &str) -> (Kind, Vec<MountEntry>) {
    match capture(name) {
        Capture::Mountinfo(v) => (Kind::Mountinfo, v),
        Capture::Findmnt(v) => (Kind::Findmnt, v),
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn attrs(name: &str) -> Vec<FileAttrs> {
    match capture(name) {
        Capture::Lsattr(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn extents(name: &str) -> Vec<FileExtents> {
    match capture(name) {
        Capture::Filefrag(v) => v,
        other => panic!("{name}: {:?}", other.kind()),
    }
}

fn last_dev(io: &Iostat, name: &str) -> IostatDevice {
    let r = io.reports.last().expect("a report");
    r.devices
        .iter()
        .find(|d| d.name == name)
        .expect("device")
        .clone()
}

// ---------------------------------------------------------------- df

#[test]
fn df_bytes_with_type_and_spaces_in_target() {
    let rows = df("df-B1-T.txt");
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0].source, "/dev/nvme0n1p2");
    assert_eq!(rows[0].fstype.as_deref(), Some("btrfs"));
    assert_eq!(rows[0].size, Some(512105316352));
    assert_eq!(rows[0].used, Some(201863462912));
    assert_eq!(rows[0].avail, Some(308158676992));
    assert!(!rows[0].approximate);
    assert_eq!(rows[4].target, "/var/lib/libvirt/my images");
}

#[test]
fn df_1k_blocks_scaled() {
    let rows = df("df-T.1K-blocks.txt");
    assert_eq!(rows[2].size, Some(523248 * 1024));
    assert!(rows[2].approximate);
}

#[test]
fn df_human_is_approximate() {
    let rows = df("df-h.txt");
    assert!(rows.iter().all(|r| r.approximate));
    assert_eq!(rows[0].size, Some(477 * GIB));
    assert_eq!(rows[0].fstype, None);
    assert_eq!(rows[4].avail, Some(95 << 20));
}

#[test]
fn df_output_columns() {
    let rows = df("df-output-B1.txt");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2].size, Some(4000787030016));
    assert_eq!(rows[2].avail, Some(99614720));
    assert_eq!(rows[2].target, "/srv/nas");
}

// ---------------------------------------------------------------- btrfs filesystem usage

#[test]
fn usage_raw_bytes() {
    let u = usage("btrfs-fi-usage-b.raid1.txt");
    assert!(!u.approximate);
    assert_eq!(u.device_size, Some(8001574060032));
    assert_eq!(u.device_unallocated, Some(4277846016));
    assert_eq!(u.free_estimated, Some(6433890304));
    assert_eq!(u.free_min, Some(6433890304));
    assert_eq!(u.global_reserve_used, Some(16777216));
    assert_eq!(u.data_ratio, Some(2.0));
    assert_eq!(u.multiple_profiles, Some(false));
    assert_eq!(
        (u.profiles[0].kind.as_str(), u.profiles[0].profile.as_str()),
        ("data", "raid1")
    );
    assert_eq!(u.profiles[0].used, Some(3712 * GIB));
    assert_eq!(u.unallocated_per_device.len(), 2);
    assert_eq!(u.unallocated_per_device[0].bytes, Some(2138923008));
}

#[test]
fn usage_as_non_root_has_unknown_slack_and_no_devices() {
    let u = usage("btrfs-fi-usage-b.raid1.as-nonroot.txt");
    assert_eq!(u.device_slack, None);
    assert_eq!(u.device_size, Some(8001574060032));
    assert_eq!(u.profiles.len(), 3);
    assert!(u.unallocated_per_device.is_empty());
}

#[test]
fn usage_human_units() {
    let u = usage("btrfs-fi-usage.single.txt");
    assert!(u.approximate);
    assert_eq!(u.profiles[0].size, Some(180 * GIB));
    assert_eq!(u.profiles[1].profile, "dup");
    assert_eq!(u.metadata_ratio, Some(2.0));
}

#[test]
fn usage_before_5_6_lacks_newer_lines() {
    let u = usage("btrfs-fi-usage-b.single.pre-5.6.txt");
    assert_eq!(
        (u.device_slack, u.free_statfs, u.multiple_profiles),
        (None, None, None)
    );
    assert!(u.used.is_some());
}

#[test]
fn usage_table_with_mixed_profiles() {
    let u = usage("btrfs-fi-usage-T.mixed-profiles.txt");
    assert_eq!(u.multiple_profiles, Some(true));
    let kinds: Vec<(&str, &str)> = u
        .profiles
        .iter()
        .map(|p| (p.kind.as_str(), p.profile.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("data", "single"),
            ("data", "dup"),
            ("metadata", "dup"),
            ("system", "dup")
        ]
    );
    assert_eq!(u.profiles[1].size, Some(30 * GIB));
    assert_eq!(u.unallocated_per_device[0].device, "/dev/vdb");
}

// ---------------------------------------------------------------- btrfs filesystem df

#[test]
fn fi_df_text_bytes_and_human() {
    let b = fs_df("btrfs-fi-df-b.raid1.txt");
    assert!(!b.approximate);
    assert_eq!(b.profiles.len(), 3);
    assert_eq!(b.profiles[0].size, Some(3716 * GIB));
    assert_eq!(b.global_reserve, Some(512 << 20));
    let h = fs_df("btrfs-fi-df.mixed-profiles.txt");
    assert!(h.approximate);
    assert_eq!(h.profiles[1].profile, "dup");
}

#[test]
fn fi_df_json_quoted_and_unquoted_numbers() {
    let quoted = fs_df("btrfs-format-json-fi-df.quoted-6.2.json");
    assert_eq!(quoted, fs_df("btrfs-fi-df-b.raid1.txt"));
    let unquoted = fs_df("btrfs-format-json-fi-df.unquoted-6.19.json");
    assert_eq!(unquoted.profiles[1].size, Some(30 * GIB));
    assert_eq!(unquoted.global_reserve_used, Some(0));
}

// ---------------------------------------------------------------- btrfs device stats

#[test]
fn device_stats_text_table_and_json_agree() {
    let text = stats("btrfs-device-stats.raid1.txt");
    assert_eq!(text[1].corruption_errs, Some(212));
    assert_eq!(text[1].read_io_errs, Some(17));
    let table = stats("btrfs-device-stats-T.raid1.txt");
    assert_eq!(table[1].devid, Some(2));
    assert_eq!(table[1].corruption_errs, Some(212));
    let quoted = stats("btrfs-format-json-device-stats.quoted-6.2.json");
    let unquoted = stats("btrfs-format-json-device-stats.unquoted-6.19.json");
    assert_eq!(quoted, unquoted);
    assert_eq!(quoted, table);
}

#[test]
fn device_stats_missing_device_and_garbage() {
    let s = stats("btrfs-device-stats.missing-device.txt");
    assert_eq!((s[1].device.as_str(), s[1].devid), ("devid:2", Some(2)));
    let g = stats("btrfs-device-stats.overflow.txt");
    assert_eq!(g[0].read_io_errs, None);
    assert_eq!(g[0].corruption_errs, None);
    assert_eq!(g[0].write_io_errs, Some(0));
}

#[test]
fn device_stats_as_non_root_is_nothing() {
    // btrfs-progs fails as non-root: empty stdout, the error on stderr.
    assert!(recognize(&read("btrfs-device-stats.raid1.as-nonroot.txt")).is_none());
    assert!(recognize(&read("btrfs-device-stats.raid1.as-nonroot.txt.stderr")).is_none());
}

// ---------------------------------------------------------------- compsize

#[test]
fn compsize_bytes_human_and_master() {
    let b = compsize("compsize-b-x.home.txt");
    assert!(!b.approximate);
    assert_eq!(
        (b.files, b.extents, b.refs, b.inline),
        (Some(31877), Some(210433), Some(244918), Some(21540))
    );
    assert_eq!(b.total.percent, Some(85.0));
    assert_eq!(b.total.disk, Some(56149147648));
    let h = compsize("compsize-x.home.txt");
    assert!(h.approximate);
    assert_eq!(h.total.disk, Some(52 * GIB));
    let m = compsize("compsize-b.top.compsize-master.txt");
    assert_eq!(m.fragments, Some(233104));
    assert_eq!(m.total, b.total);
}

#[test]
fn compsize_prealloc_and_single_file() {
    let c = compsize("compsize-x.vm-with-prealloc.txt");
    let p = c.by_type.iter().find(|r| r.kind == "prealloc").unwrap();
    assert_eq!(p.disk, Some(8 * GIB));
    assert_eq!(p.percent, Some(100.0));
    let s = compsize("compsize.swapfile.txt");
    assert_eq!(s.files, Some(1));
    assert_eq!(s.by_type[0].referenced, Some(4096));
}

// ---------------------------------------------------------------- iostat

#[test]
fn iostat_three_column_generations() {
    let old = iostat("iostat-x-1-2.sysstat-11.4.txt");
    assert_eq!(old.sysstat_version.as_deref(), Some("<=11.5.6"));
    let d = last_dev(&old, "sda");
    assert_eq!(
        (d.aqu_sz, d.await_ms, d.util_pct),
        (Some(16.21), Some(68.52), Some(99.6))
    );
    assert_eq!(d.d_s, None);

    let mid = iostat("iostat-x-1-2.sysstat-12.0.txt");
    assert_eq!(mid.sysstat_version.as_deref(), Some("11.5.7-12.1.1"));
    let d = last_dev(&mid, "sda");
    assert_eq!(
        (d.aqu_sz, d.r_await_ms, d.w_await_ms),
        (Some(16.21), Some(38.2), Some(112.75))
    );
    assert_eq!(d.await_ms, None);

    let disc = iostat("iostat-x-1-2.sysstat-12.2.txt");
    assert_eq!(disc.sysstat_version.as_deref(), Some("12.1.2-12.3.0"));
    assert_eq!(last_dev(&disc, "nvme0n1").d_s, Some(14.0));
    assert_eq!(last_dev(&disc, "nvme0n1").f_s, None);

    let new = iostat("iostat-x-1-2.sysstat-12.7.txt");
    assert_eq!(new.sysstat_version.as_deref(), Some(">=12.3.1"));
    let d = last_dev(&new, "nvme0n1");
    assert_eq!(
        (d.d_s, d.d_await_ms, d.f_s),
        (Some(14.0), Some(0.25), Some(412.0))
    );
    assert_eq!(d.util_pct, Some(100.0));
}

#[test]
fn iostat_reports_since_boot_and_cpu() {
    let io = iostat("iostat-x-1-2.sysstat-12.7.txt");
    assert_eq!(io.reports.len(), 2);
    assert!(io.reports[0].since_boot);
    assert!(!io.reports[1].since_boot);
    assert_eq!(io.reports[1].avg_cpu.as_ref().unwrap().iowait, Some(12.5));
    let y = iostat("iostat-dxy-1-1.sysstat-12.6.txt");
    assert_eq!(y.reports.len(), 1);
    assert!(!y.reports[0].since_boot);
}

#[test]
fn iostat_timestamps_units_and_short_form() {
    let t = iostat("iostat-dxkt-1-2.sysstat-12.6.txt");
    assert_eq!(t.reports[1].timestamp.as_deref(), Some("05/14/25 10:15:02"));
    assert!(t.reports[0].avg_cpu.is_none());
    let m = iostat("iostat-dxm-1-2.sysstat-12.6.txt");
    assert_eq!(last_dev(&m, "sda").rkb_s, Some(17920.0));
    let s = iostat("iostat-dxs-1-2.sysstat-12.7.txt");
    let d = last_dev(&s, "sda");
    assert_eq!(
        (d.tps, d.kb_s, d.await_ms),
        (Some(237.0), Some(24064.0), Some(68.52))
    );
}

#[test]
fn iostat_json_generations_and_truncation() {
    let j0 = iostat("iostat-dx-o-JSON-1-2.sysstat-12.0.json");
    assert_eq!(j0.sysstat_version.as_deref(), Some("11.5.7-12.1.1"));
    assert_eq!(
        last_dev(&j0, "sda"),
        last_dev(&iostat("iostat-x-1-2.sysstat-12.0.txt"), "sda")
    );
    let j2 = iostat("iostat-dx-o-JSON-1-2.sysstat-12.2.json");
    assert_eq!(j2.sysstat_version.as_deref(), Some("12.1.2-12.3.0"));
    let j6 = iostat("iostat-x-t-o-JSON-1-2.sysstat-12.6.json");
    assert_eq!(j6.sysstat_version.as_deref(), Some(">=12.3.1"));
    assert!(j6.reports[0].since_boot && !j6.reports[1].since_boot);
    assert_eq!(
        j6.reports[0].timestamp.as_deref(),
        Some("05/14/25 10:15:01")
    );
    assert_eq!(last_dev(&j6, "nvme0n1").f_await_ms, Some(0.09));
    assert!(!j6.truncated);
    let cut = iostat("iostat-dx-o-JSON.interrupted.sysstat-12.0.json");
    assert!(cut.truncated);
    assert_eq!(cut.reports.len(), 2);
    assert_eq!(cut.reports[1].devices.len(), 1);
}

// ---------------------------------------------------------------- mounts

#[test]
fn mountinfo_escapes_optional_fields_and_super_options() {
    let (kind, m) = mounts("proc-self-mountinfo.txt");
    assert_eq!(kind, Kind::Mountinfo);
    assert_eq!(m.len(), 12);
    let vm = m
        .iter()
        .find(|e| e.root.as_deref() == Some("/@vm"))
        .unwrap();
    assert_eq!(vm.mount_point, "/var/lib/libvirt/my images");
    let home = &m[4];
    assert_eq!(home.propagation, ["shared:4", "master:1"]);
    assert_eq!(home.mount_options, ["rw", "nosuid", "nodev", "noatime"]);
    assert_eq!(home.super_options[..3], ["rw", "compress=zstd:3", "ssd"]);
    assert_eq!(
        (home.subvol.as_deref(), home.subvolid),
        (Some("/@home"), Some(257))
    );
    assert_eq!(home.major_minor.as_deref(), Some("0:31"));
    assert_eq!(m[7].mount_point, "/srv/tab\tdir");
    assert_eq!(m[8].mount_point, "/srv/new\nline");
    assert_eq!(m[9].mount_point, "/srv/back\\slash");
}

#[test]
fn proc_mounts_and_mount_output() {
    let (k1, a) = mounts("proc-mounts-grep-btrfs.txt");
    let (k2, b) = mounts("mount-grep-btrfs.txt");
    assert_eq!((k1, k2), (Kind::Mountinfo, Kind::Mountinfo));
    assert_eq!(a, b);
    assert_eq!(a[3].mount_point, "/var/lib/libvirt/my images");
    assert_eq!(a[1].super_options[0], "compress=zstd:3");
}

#[test]
fn findmnt_flat_tree_typed_strings_and_pairs() {
    let (kind, flat) = mounts("findmnt-J-t-btrfs.json");
    assert_eq!(kind, Kind::Findmnt);
    assert_eq!(flat[1].source, "/dev/nvme0n1p2");
    assert_eq!(flat[1].root.as_deref(), Some("/@home"));
    assert_eq!(flat[2].mount_point, "/var/lib/libvirt/my images");
    let (_, tree) = mounts("findmnt-J.tree.json");
    assert_eq!(tree.len(), 6);
    assert_eq!(tree[4].mount_point, "/home/me/.cache");
    assert_eq!(tree[2].root.as_deref(), Some("/@"));
    let (_, typed) = mounts("findmnt-J-b-df-cols.json");
    let (_, strings) = mounts("findmnt-J-b-df-cols.util-linux-2.32-strings.json");
    assert_eq!(typed, strings);
    let (kind, pairs) = mounts("findmnt-P-t-btrfs.txt");
    assert_eq!(kind, Kind::Findmnt);
    assert_eq!(pairs[2].mount_point, "/var/lib/libvirt/my images");
    assert_eq!(pairs[2].mount_options, ["rw", "noatime"]);
    assert_eq!(pairs[2].super_options[0], "rw");
}

// ---------------------------------------------------------------- lsattr / filefrag

#[test]
fn lsattr_flags() {
    let d = attrs("lsattr-d.nodatacow-dir.txt");
    assert!(d[0].nocow && !d[0].compress);
    assert_eq!(d[0].path, "/var/lib/postgresql/16/main");
    let f = attrs("lsattr.mixed-files.txt");
    assert_eq!(f[0].path, "/var/lib/libvirt/my images/win11.raw");
    assert!(f[1].compress && f[2].nocompress && f[4].nocow);
    assert!(!f[3].nocow && !f[3].compress && !f[3].nocompress);
    let s = attrs("lsattr.short-flag-field.txt");
    assert!(s[0].nocow && !s[1].nocow);
}

#[test]
fn filefrag_counts_including_one_extent() {
    let f = extents("filefrag.db-files.txt");
    assert_eq!(f[0].extents, 48213);
    assert_eq!(f[2].extents, 1);
    assert_eq!(f[2].path, "/var/lib/libvirt/my images/win11.raw");
    assert_eq!(f[3].path, "/srv/odd: name.db");
    let v = extents("filefrag-v.txt");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].extents, 2);
}

// ---------------------------------------------------------------- load_dir

#[test]
fn load_dir_collects_and_skips() {
    let m = load_dir(&dir()).unwrap();
    assert_eq!(m.files.len(), 60);
    assert_eq!(m.skipped.len(), 8);
    let reason = |n: &str| {
        m.skipped
            .iter()
            .find(|(f, _)| f == n)
            .map(|(_, r)| r.as_str())
    };
    assert_eq!(reason("binary.bin"), Some("binary"));
    assert_eq!(
        reason("btrfs-fi-show.txt"),
        Some("not a recognised capture")
    );
    assert_eq!(reason("compsize-x.empty.txt"), Some("empty"));
    assert_eq!(
        reason("compsize-x.empty.txt.stderr"),
        Some("stderr of a capture")
    );
    assert_eq!(m.usage.len(), 5);
    assert_eq!(m.fs_df.len(), 4);
    assert_eq!(m.compsize.len(), 5);
    assert_eq!(m.iostat.len(), 12);
    assert_eq!(m.attrs.len(), 8);
    assert_eq!(m.extents.len(), 5);
    assert!(
        m.device_stats
            .iter()
            .any(|d| d.corruption_errs == Some(212))
    );
    // Recognition is by content: the files' kinds do not depend on their names.
    let kind = |n: &str| m.files.iter().find(|(f, _)| f == n).map(|(_, k)| *k);
    assert_eq!(kind("findmnt-P-t-btrfs.txt"), Some(Kind::Findmnt));
    assert_eq!(kind("mount-grep-btrfs.txt"), Some(Kind::Mountinfo));
    // df: one row per (source, target), exact preferred; findmnt size columns count.
    let root = m.df.iter().find(|r| r.target == "/").unwrap();
    assert!(!root.approximate);
    assert!(
        m.df.iter()
            .any(|r| r.target == "/mnt/sys" && r.size == Some(512105316352))
    );
}

#[test]
fn recognition_ignores_file_names() {
    let tmp = std::env::temp_dir().join(format!("metrics-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("a"), read("proc-self-mountinfo.txt")).unwrap();
    std::fs::write(tmp.join("iostat.txt"), read("compsize-x.home.txt")).unwrap();
    let m = load_dir(&tmp).unwrap();
    std::fs::remove_dir_all(&tmp).unwrap();
    assert_eq!(
        m.files,
        [
            ("a".to_string(), Kind::Mountinfo),
            ("iostat.txt".to_string(), Kind::Compsize)
        ]
    );
}

#[test]
fn never_panics_on_truncated_or_random_input() {
    let mut state: u64 = 0x243F_6A88_85A3_08D3;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let step = (text.len() / 200).max(1);
        for (i, _) in text.char_indices().step_by(step) {
            let _ = recognize(&text[..i]);
        }
        for _ in 0..50 {
            let mut b = bytes.clone();
            if !b.is_empty() {
                let at = (rand() % b.len() as u64) as usize;
                b[at] = rand() as u8;
            }
            let _ = recognize(&String::from_utf8_lossy(&b));
        }
    }
    for len in [1usize, 7, 64, 512, 4096] {
        for _ in 0..20 {
            let b: Vec<u8> = (0..len).map(|_| rand() as u8).collect();
            let _ = recognize(&String::from_utf8_lossy(&b));
        }
    }
}
