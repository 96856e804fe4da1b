//! Kernel truth tests: prove on a real btrfs (and, for DL105 and DL212, ext4 and tmpfs) the behaviour
//! that rules DL101, DL102, DL103, DL104, DL106, DL401 and DL406 rest on (what the btrfs documentation says in Administration →
//! Mount options, Compression, Subvolumes and File attributes), and that the NOCOW and
//! subvolume-split procedures `diagnose` prints work. Explanations and generated comments
//! cite these tests by name ("verified on Linux 6.18 by `tests/kernel.rs::<test>`").
//!
//! Each test builds its own sparse image file in a fresh temporary directory, attaches it
//! to a loop device, runs mkfs.btrfs, creates subvolumes and mounts them, then inspects
//! `/proc/self/mountinfo`, `lsattr` and `btrfs inspect-internal dump-tree`. A guard value
//! unmounts everything, detaches the loop device and removes the directory on drop, also
//! when an assertion fails.
//!
//! They need root, a kernel with btrfs, btrfs-progs, e2fsprogs (lsattr/chattr) and
//! util-linux (losetup, mount, blockdev), so they are `#[ignore]`d for an ordinary
//! `cargo test`. Where the linter computes a kernel behaviour itself (the data flags of an
//! option list), the test compares the kernel with that computation. Run them with
//!
//! ```text
//! cargo test --test kernel -- --ignored
//! ```
//!
//! When not root, a tool is missing, btrfs is not available or no loop device can be set
//! up, a test prints why and returns without failing. Only `std` (and the crate under test) is used.

use std::fs;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Tests share loop devices and the mount table: run them one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

const TOOLS: [&str; 11] = [
    "mkfs.btrfs",
    "btrfs",
    "losetup",
    "mount",
    "umount",
    "lsattr",
    "chattr",
    "truncate",
    "blockdev",
    "cp",
    "mv",
];

// ---------------------------------------------------------------------------------------
// Environment checks
// ---------------------------------------------------------------------------------------

fn is_root() -> bool {
    // Effective uid is the second field of the "Uid:" line.
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|uid| uid == "0"))
        })
        .unwrap_or(false)
}

fn in_path(tool: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/sbin", "/usr/sbin"].map(PathBuf::from))
        .any(|d| d.join(tool).is_file())
}

fn btrfs_in_kernel() -> bool {
    let listed = |s: String| {
        s.lines()
            .any(|l| l.split_whitespace().last() == Some("btrfs"))
    };
    if fs::read_to_string("/proc/filesystems")
        .map(listed)
        .unwrap_or(false)
    {
        return true;
    }
    // Not loaded yet: try the module, then look again.
    let _ = Command::new("modprobe").arg("btrfs").output();
    fs::read_to_string("/proc/filesystems")
        .map(listed)
        .unwrap_or(false)
}

/// Why the kernel tests cannot run here, if they cannot.
fn skip_reason() -> Option<String> {
    if !is_root() {
        return Some("not root".into());
    }
    let missing: Vec<_> = TOOLS.iter().filter(|t| !in_path(t)).collect();
    if !missing.is_empty() {
        return Some(format!(
            "missing tools: {missing:?} (apt-get install btrfs-progs e2fsprogs util-linux)"
        ));
    }
    if !btrfs_in_kernel() {
        return Some("btrfs is not in /proc/filesystems".into());
    }
    None
}

/// Take the serial lock and build a fresh filesystem, or print why not and return `None`.
macro_rules! setup {
    ($name:expr) => {{
        let guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(reason) = skip_reason() {
            eprintln!("SKIP {}: {reason}", $name);
            return;
        }
        match Btrfs::new($name) {
            Ok(fs) => (guard, fs),
            Err(Skip(reason)) => {
                eprintln!("SKIP {}: {reason}", $name);
                return;
            }
        }
    }};
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

fn run(cmd: &str, args: &[&str]) -> Output {
    Command::new(cmd)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd}: {e}"))
}

fn describe(cmd: &str, args: &[&str], out: &Output) -> String {
    format!(
        "`{cmd} {}` exited with {}\nstdout: {}\nstderr: {}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Run a command that must succeed; returns its stdout.
fn check(cmd: &str, args: &[&str]) -> String {
    let out = run(cmd, args);
    assert!(out.status.success(), "{}", describe(cmd, args, &out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

// ---------------------------------------------------------------------------------------
// /proc/self/mountinfo
// ---------------------------------------------------------------------------------------

/// One line of /proc/self/mountinfo (proc(5)).
#[derive(Debug, Clone)]
struct MountInfo {
    /// Root of the mount within the filesystem (for btrfs: the subvolume path, "/@a").
    root: String,
    mount_point: PathBuf,
    /// Column 6: per-mount options (VFS flags such as noatime, nosuid, ro).
    mount_options: Vec<String>,
    fstype: String,
    source: String,
    /// After the " - " separator: per-superblock options, shared by every mount of the
    /// filesystem (compress, nodatacow, space_cache, lazytime, ...).
    super_options: Vec<String>,
}

impl MountInfo {
    fn has_mount_option(&self, o: &str) -> bool {
        self.mount_options.iter().any(|x| x == o)
    }
    fn has_super_option(&self, o: &str) -> bool {
        self.super_options.iter().any(|x| x == o)
    }
    fn super_option_starting(&self, prefix: &str) -> Option<&str> {
        self.super_options
            .iter()
            .map(String::as_str)
            .find(|x| x.starts_with(prefix))
    }
}

/// Undo the octal escapes (\040 for space, \011, \012, \134) used in mountinfo fields.
fn unescape(field: &str) -> String {
    let b = field.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            out.push((b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_mountinfo_line(line: &str) -> Option<MountInfo> {
    let fields: Vec<&str> = line.split(' ').collect();
    // 0 id, 1 parent, 2 major:minor, 3 root, 4 mount point, 5 options, 6.. optional
    // fields, then "-", fstype, source, super options.
    let sep = fields.iter().position(|f| *f == "-")?;
    if sep < 6 || fields.len() < sep + 4 {
        return None;
    }
    let split = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
    Some(MountInfo {
        root: unescape(fields[3]),
        mount_point: PathBuf::from(unescape(fields[4])),
        mount_options: split(fields[5]),
        fstype: fields[sep + 1].to_string(),
        source: unescape(fields[sep + 2]),
        super_options: split(fields[sep + 3]),
    })
}

fn mountinfo() -> Vec<MountInfo> {
    fs::read_to_string("/proc/self/mountinfo")
        .expect("read /proc/self/mountinfo")
        .lines()
        .filter_map(parse_mountinfo_line)
        .collect()
}

// ---------------------------------------------------------------------------------------
// The test filesystem
// ---------------------------------------------------------------------------------------

struct Skip(String);

/// A btrfs on a loop device in a temporary directory. Dropping it unmounts everything,
/// detaches the loop device and removes the directory.
struct Btrfs {
    dir: PathBuf,
    loopdev: Option<String>,
    mounts: Vec<PathBuf>,
    /// Filesystem UUID given to mkfs; the kernel shows a mounted filesystem under
    /// /sys/fs/btrfs/<uuid>/ until its superblock is gone.
    uuid: String,
}

impl Btrfs {
    fn new(tag: &str) -> Result<Self, Skip> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "disko-lint-kernel-{}-{tag}-{nanos}",
            std::process::id()
        ));
        fs::create_dir_all(&dir)
            .map_err(|e| Skip(format!("cannot create {}: {e}", dir.display())))?;
        let uuid = format!(
            "d15c0000-0000-4000-8000-{:04x}{:08x}",
            std::process::id() & 0xffff,
            nanos
        );
        let mut me = Self {
            dir,
            loopdev: None,
            mounts: Vec::new(),
            uuid,
        };
        let image = me.dir.join("btrfs.img");
        // Sparse 300 MiB: mkfs.btrfs needs about 114 MiB at least.
        check("truncate", &["-s", "300M", p(&image)]);
        let out = run("losetup", &["--find", "--show", p(&image)]);
        if !out.status.success() {
            return Err(Skip(format!(
                "no loop device: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        me.loopdev = Some(String::from_utf8_lossy(&out.stdout).trim().to_string());
        // Defaults of btrfs-progs >= 5.15: free-space-tree (space_cache=v2), no-holes.
        let dev = me.dev().to_string();
        check("mkfs.btrfs", &["-q", "-f", "-U", &me.uuid, &dev]);
        Ok(me)
    }

    fn dev(&self) -> &str {
        self.loopdev.as_deref().unwrap_or_default()
    }

    /// Create top-level subvolumes (mounts subvolid=5 briefly).
    fn subvolumes(&mut self, names: &[&str]) {
        let top = self
            .mount_raw("top", "subvolid=5")
            .unwrap_or_else(|e| panic!("{e}"));
        for n in names {
            check("btrfs", &["-q", "subvolume", "create", p(&top.join(n))]);
        }
        self.umount_all();
    }

    /// `mount -o OPTIONS DEV DIR/<label>`; Err(stderr) if mount fails.
    fn mount_raw(&mut self, label: &str, options: &str) -> Result<PathBuf, String> {
        let target = self.dir.join(format!("mnt-{label}-{}", self.mounts.len()));
        fs::create_dir_all(&target).map_err(|e| e.to_string())?;
        let args = ["-t", "btrfs", "-o", options, self.dev(), p(&target)];
        let out = run("mount", &args);
        if !out.status.success() {
            return Err(describe("mount", &args, &out));
        }
        self.mounts.push(target.clone());
        Ok(target)
    }

    /// Mount subvolume `subvol` with extra `options` (may be empty); must succeed.
    fn mount(&mut self, subvol: &str, options: &str) -> PathBuf {
        let opts = if options.is_empty() {
            format!("subvol={subvol}")
        } else {
            format!("subvol={subvol},{options}")
        };
        self.mount_raw(subvol, &opts)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Mountinfo lines of this filesystem's mounts.
    fn mountinfo(&self) -> Vec<MountInfo> {
        mountinfo()
            .into_iter()
            .filter(|m| {
                m.fstype == "btrfs"
                    && m.source == self.dev()
                    && m.mount_point.starts_with(&self.dir)
            })
            .collect()
    }

    /// The mountinfo line of one of our mount points.
    fn line(&self, target: &Path) -> MountInfo {
        let all = self.mountinfo();
        all.iter()
            .find(|m| m.mount_point == target)
            .cloned()
            .unwrap_or_else(|| panic!("{} not in mountinfo: {all:#?}", target.display()))
    }

    fn umount_all(&mut self) {
        while let Some(m) = self.mounts.pop() {
            let out = run("umount", &[p(&m)]);
            if !out.status.success() {
                eprintln!(
                    "umount failed, detaching lazily: {}",
                    describe("umount", &[p(&m)], &out)
                );
                // Busy? Detach lazily so the loop device can still go away.
                let _ = run("umount", &["-l", p(&m)]);
            }
        }
        self.wait_for_superblock_teardown();
    }

    /// After the last unmount the kernel may still hold the superblock for a moment; a
    /// mount in that window would reuse it with the old options. Wait until
    /// /sys/fs/btrfs/<uuid> is gone (at most 10 s).
    fn wait_for_superblock_teardown(&self) {
        let sysfs = PathBuf::from(format!("/sys/fs/btrfs/{}", self.uuid));
        let start = Instant::now();
        while sysfs.exists() {
            if start.elapsed() > Duration::from_secs(10) {
                eprintln!(
                    "warning: {} still present 10 s after the last unmount",
                    sysfs.display()
                );
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if start.elapsed() > Duration::from_millis(20) {
            eprintln!("note: superblock teardown took {:?}", start.elapsed());
        }
    }

    /// Commit everything written so far and drop stale block-device caches, so that
    /// dump-tree (which reads the device) sees the current trees.
    fn sync(&self, path: &Path) {
        check("btrfs", &["filesystem", "sync", p(path)]);
        check("blockdev", &["--flushbufs", self.dev()]);
    }

    /// Compression types of the file's data extents, from `btrfs inspect-internal
    /// dump-tree` ("extent compression 3 (zstd)" → "zstd").
    fn extent_compression(&self, file: &Path) -> Vec<String> {
        let dir = file.parent().expect("file in a directory");
        self.sync(dir);
        let root = check("btrfs", &["inspect-internal", "rootid", p(dir)]);
        let ino = fs::metadata(file).expect("stat").ino();
        let dump = check(
            "btrfs",
            &[
                "inspect-internal",
                "dump-tree",
                "-t",
                root.trim(),
                self.dev(),
            ],
        );
        let key = format!("key ({ino} EXTENT_DATA ");
        let mut out = Vec::new();
        let mut in_item = false;
        for line in dump.lines() {
            let l = line.trim();
            if l.starts_with("item ") {
                in_item = l.contains(&key);
            } else if in_item && let Some(rest) = l.strip_prefix("extent compression ") {
                // "3 (zstd)"
                let name = rest.split(['(', ')']).nth(1).unwrap_or(rest).to_string();
                out.push(name);
            }
        }
        assert!(
            !out.is_empty(),
            "no EXTENT_DATA items for inode {ino} in tree {}",
            root.trim()
        );
        out
    }
}

impl Drop for Btrfs {
    fn drop(&mut self) {
        self.umount_all();
        if let Some(dev) = self.loopdev.take() {
            let _ = run("losetup", &["-d", &dev]);
            // Detaching is asynchronous when the device was busy a moment ago.
            let name = dev.trim_start_matches("/dev/");
            let backing = format!("/sys/block/{name}/loop/backing_file");
            let deadline = Instant::now() + Duration::from_secs(5);
            while Path::new(&backing).exists() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
                let _ = run("losetup", &["-d", &dev]);
            }
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// 1 MiB of very compressible text.
fn write_text(path: &Path) {
    let mut f = fs::File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
    let line = b"disko-lint kernel test: highly compressible line of text\n";
    for _ in 0..(1 << 20) / line.len() {
        f.write_all(line).expect("write");
    }
    f.sync_all().expect("fsync");
}

/// True when `lsattr -d` shows the NOCOW attribute `C` for `path`.
fn has_nocow(path: &Path) -> bool {
    let out = check("lsattr", &["-d", p(path)]);
    let attrs = out.split_whitespace().next().unwrap_or_default();
    attrs.contains('C')
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

/// DL101 (btrfs docs, Mount options and Subvolumes): btrfs options are per filesystem, only the first mount's
/// count; generic VFS flags like noatime/nosuid are per mount; lazytime lives in the
/// superblock.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl101_first_mount_options_win_for_every_subvolume() {
    let (_lock, mut fs) = setup!("dl101");
    fs.subvolumes(&["@a", "@b", "@c"]);
    let a = fs.mount("@a", "compress=zstd:1,noatime");
    let b = fs.mount("@b", "compress=zstd:3");
    let c = fs.mount("@c", "compress=lzo,lazytime,nosuid");

    let lines = fs.mountinfo();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    for m in &lines {
        // Every mount shows the first mount's compression in the super options.
        assert_eq!(
            m.super_option_starting("compress"),
            Some("compress=zstd:1"),
            "{m:#?}"
        );
        // lazytime is a superblock flag: ignored on a later mount.
        assert!(!m.has_super_option("lazytime"), "{m:#?}");
    }
    // Per-mount VFS flags stay per mount.
    assert!(fs.line(&a).has_mount_option("noatime"));
    assert!(!fs.line(&b).has_mount_option("noatime"));
    assert!(!fs.line(&c).has_mount_option("noatime"));
    assert!(fs.line(&c).has_mount_option("nosuid"));
    assert!(!fs.line(&a).has_mount_option("nosuid"));
    assert_eq!(fs.line(&a).root, "/@a");

    // Data written through the "lzo" mount is compressed with zstd.
    let file = c.join("data.txt");
    write_text(&file);
    let algs = fs.extent_compression(&file);
    assert!(algs.iter().all(|a| a == "zstd"), "{algs:?}");
}

/// DL102 (btrfs docs, Mount options: nodatacow): nodatacow on a later mount is silently ignored; nodatacow on the
/// first mount turns off COW, checksums and compression for the whole filesystem.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl102_nodatacow_mount_option_is_ignored_or_global() {
    let (_lock, mut fs) = setup!("dl102");
    fs.subvolumes(&["@root", "@db"]);

    // Case 1: the database subvolume is mounted second.
    let _root = fs.mount("@root", "compress=zstd:1");
    let db = fs.mount("@db", "nodatacow");
    for m in fs.mountinfo() {
        assert_eq!(
            m.super_option_starting("compress"),
            Some("compress=zstd:1"),
            "{m:#?}"
        );
        assert!(
            !m.has_super_option("nodatacow") && !m.has_super_option("nodatasum"),
            "{m:#?}"
        );
    }
    let file = db.join("table.dat");
    write_text(&file);
    assert!(
        !has_nocow(&file),
        "nodatacow on a second mount must not set C"
    );
    let algs = fs.extent_compression(&file);
    assert!(
        algs.iter().all(|a| a == "zstd"),
        "still compressed: {algs:?}"
    );
    fs.umount_all();

    // Case 2: the database subvolume is mounted first.
    let _db = fs.mount("@db", "nodatacow");
    let root = fs.mount("@root", "compress=zstd:1");
    let lines = fs.mountinfo();
    assert_eq!(lines.len(), 2);
    for m in &lines {
        assert!(
            m.has_super_option("nodatacow") && m.has_super_option("nodatasum"),
            "{m:#?}"
        );
        assert_eq!(m.super_option_starting("compress"), None, "{m:#?}");
    }
    // Files created anywhere now get NOCOW and stay uncompressed.
    let file = root.join("etc.txt");
    write_text(&file);
    assert!(
        has_nocow(&file),
        "new files inherit NOCOW from the first mount's nodatacow"
    );
    let algs = fs.extent_compression(&file);
    assert!(algs.iter().all(|a| a == "none"), "{algs:?}");
}

/// DL103 (btrfs docs, Mount options: processed in order): in one option list the last of nodatacow / compress wins.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl103_nodatacow_and_compress_last_one_wins() {
    let (_lock, mut fs) = setup!("dl103");

    let t = fs
        .mount_raw("a", "compress=zstd,nodatacow")
        .unwrap_or_else(|e| panic!("{e}"));
    let m = fs.line(&t);
    assert!(
        m.has_super_option("nodatacow") && m.has_super_option("nodatasum"),
        "{m:#?}"
    );
    assert_eq!(m.super_option_starting("compress"), None, "{m:#?}");
    fs.umount_all();

    let t = fs
        .mount_raw("b", "nodatacow,compress=zstd")
        .unwrap_or_else(|e| panic!("{e}"));
    let m = fs.line(&t);
    assert_eq!(
        m.super_option_starting("compress"),
        Some("compress=zstd:3"),
        "{m:#?}"
    );
    assert!(
        !m.has_super_option("nodatacow") && !m.has_super_option("nodatasum"),
        "{m:#?}"
    );
}

/// DL102/DL103 (linux `fs/btrfs/super.c`, `btrfs_parse_param`): the data flags one option
/// list leaves are those `disko_lint::btrfs::effective_flags` computes, parsed left to right:
/// `compress` clears nodatacow and nodatasum, `nodatacow` clears compression, `datacow`
/// clears only nodatacow (nodatasum stays), `nodatasum` after `compress` keeps the compress
/// flag but new files are neither checksummed nor compressed.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl103_data_flags_follow_the_parse_order() {
    let (_lock, mut fs) = setup!("dl103-flags");
    let lists: [&[&str]; 10] = [
        &["nodatacow", "noatime", "compress-force=zstd:5"],
        &["compress-force=zstd:5", "nodatacow"],
        &["nodatasum", "compress=zstd"],
        &["compress=zstd", "nodatasum"],
        &["nodatacow", "datacow"],
        &["nodatacow", "datasum"],
        &["nodatacow", "compress=no"],
        &["compress=zstd", "nodatacow", "datacow"],
        &["datacow", "nodatasum"],
        &["compress=lzo", "compress=no"],
    ];
    for (n, list) in lists.iter().enumerate() {
        let want = disko_lint::btrfs::effective_flags(list);
        let t = fs
            .mount_raw(&format!("l{n}"), &list.join(","))
            .unwrap_or_else(|e| panic!("{e}"));
        let m = fs.line(&t);
        assert_eq!(
            m.has_super_option("nodatacow"),
            !want.datacow,
            "{list:?}: {m:#?}"
        );
        assert_eq!(
            m.has_super_option("nodatasum"),
            !want.datasum,
            "{list:?}: {m:#?}"
        );
        assert_eq!(
            m.super_option_starting("compress").is_some(),
            want.compress,
            "{list:?}: {m:#?}"
        );
        assert_eq!(
            m.super_option_starting("compress-force").is_some(),
            want.force,
            "{list:?}: {m:#?}"
        );
        // What a new file gets: NOCOW (lsattr C) and compressed extents.
        let file = t.join(format!("new-{n}.txt"));
        write_text(&file);
        assert_eq!(has_nocow(&file), !want.datacow, "{list:?}");
        let algs = fs.extent_compression(&file);
        assert_eq!(
            algs.iter().any(|a| a != "none"),
            want.compresses,
            "{list:?}: {algs:?}"
        );
        fs.umount_all();
    }
}

/// DL401 (btrfs docs, File attributes): chattr +C semantics on btrfs.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl401_chattr_nocow_semantics() {
    let (_lock, mut fs) = setup!("dl401");
    fs.subvolumes(&["@data"]);
    let mnt = fs.mount("@data", "compress=zstd:1");

    // +C on an empty directory: new files inherit it.
    let dir = mnt.join("postgresql");
    fs::create_dir(&dir).expect("mkdir");
    check("chattr", &["+C", p(&dir)]);
    assert!(has_nocow(&dir));
    let new_file = dir.join("new.dat");
    write_text(&new_file);
    assert!(
        has_nocow(&new_file),
        "a new file in a +C directory inherits C"
    );

    // +C on an existing non-empty file: rc 0, silently ignored.
    let old = mnt.join("old.dat");
    write_text(&old);
    let out = run("chattr", &["+C", p(&old)]);
    assert!(
        out.status.success(),
        "{}",
        describe("chattr", &["+C", p(&old)], &out)
    );
    assert!(!has_nocow(&old), "C cannot be set on a non-empty file");

    // mv keeps the existing (COW) file; cp makes a new file that inherits C.
    let moved_src = mnt.join("moved.dat");
    write_text(&moved_src);
    check("mv", &[p(&moved_src), p(&dir)]);
    assert!(
        !has_nocow(&dir.join("moved.dat")),
        "mv into a +C dir keeps the file COW"
    );
    let copied_src = mnt.join("copied.dat");
    write_text(&copied_src);
    check("cp", &[p(&copied_src), p(&dir)]);
    assert!(
        has_nocow(&dir.join("copied.dat")),
        "cp into a +C dir makes a NOCOW file"
    );
}

/// DL104 (btrfs docs, Mount options: space_cache): on a free-space-tree filesystem (mkfs >= 5.15 default), asking for
/// the v1 space cache or none makes the mount fail.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl104_space_cache_v1_fails_on_free_space_tree() {
    let (_lock, mut fs) = setup!("dl104-space-cache");
    for opts in ["space_cache=v1", "space_cache", "nospace_cache"] {
        let r = fs.mount_raw("fail", opts);
        assert!(
            r.is_err(),
            "mount -o {opts} should fail on a free-space-tree filesystem"
        );
    }
    assert!(
        fs.mountinfo().is_empty(),
        "failed mounts leave nothing mounted"
    );
    let t = fs
        .mount_raw("ok", "space_cache=v2")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(fs.line(&t).has_super_option("space_cache=v2"));
}

/// DL104 (btrfs docs, deprecated mount options): removed options fail the mount; commit
/// above 300 is accepted (btrfs docs, Mount options: commit).
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl104_removed_options_fail_the_mount() {
    let (_lock, mut fs) = setup!("dl104-removed");
    for opts in [
        "inode_cache",
        "check_int",
        "check_int_data",
        "recovery",
        "alloc_start=1G",
        "subvolrootid=5",
    ] {
        assert!(
            fs.mount_raw("fail", opts).is_err(),
            "mount -o {opts} should fail"
        );
    }
    assert!(fs.mountinfo().is_empty());
    let t = fs
        .mount_raw("commit", "commit=400")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(fs.line(&t).has_super_option("commit=400"));
}

/// DL106 / DL107 (btrfs docs, Compression): compression levels are clamped silently, level 0 is the
/// default, lzo ignores levels and a bare compress means zlib:3. The same table is
/// encoded in src/btrfs/compression.rs (parse_compression).
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl106_compression_levels_are_clamped() {
    let (_lock, mut fs) = setup!("dl106");
    let cases = [
        ("compress", "compress=zlib:3"),
        ("compress=zstd", "compress=zstd:3"),
        ("compress=zstd:0", "compress=zstd:3"),
        ("compress=zstd:16", "compress=zstd:15"),
        ("compress=zstd:-16", "compress=zstd:-15"),
        ("compress=zstd:-3", "compress=zstd:-3"),
        ("compress=zlib:10", "compress=zlib:9"),
        ("compress=lzo:3", "compress=lzo"),
        ("compress-force=zstd:20", "compress-force=zstd:15"),
    ];
    for (opts, shown) in cases {
        let t = fs.mount_raw("c", opts).unwrap_or_else(|e| panic!("{e}"));
        let m = fs.line(&t);
        assert_eq!(
            m.super_option_starting("compress"),
            Some(shown),
            "{opts}: {m:#?}"
        );
        fs.umount_all();
    }
    for opts in ["compress=gzip", "compress=zstd:abc"] {
        assert!(
            fs.mount_raw("bad", opts).is_err(),
            "mount -o {opts} should fail"
        );
    }
}

/// DL101 / DL403: the `compression` property is the per-directory way to compress when the
/// first mount says `compress=no`. Set on a subvolume's root the way a disko btrfs
/// `postCreateHook` does it (the top level mounted with `subvol=/`, then `btrfs property set
/// <top>/@home compression zstd`, no `-t` needed), it makes files created in that subvolume
/// zstd-compressed; files in other subvolumes, and files that existed before the property
/// was set, stay uncompressed.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl101_compression_property_on_a_subvolume() {
    let (_lock, mut fs) = setup!("dl101-property");
    fs.subvolumes(&["@root", "@home"]);

    // What the hook does at creation: the top level, no compression option.
    let top = fs
        .mount_raw("top", "subvol=/")
        .unwrap_or_else(|e| panic!("{e}"));
    let home_root = top.join("@home");
    let before = home_root.join("before.txt");
    write_text(&before);
    check(
        "btrfs",
        &["property", "set", p(&home_root), "compression", "zstd"],
    );
    let got = check("btrfs", &["property", "get", p(&home_root), "compression"]);
    assert_eq!(got.trim(), "compression=zstd", "{got}");
    fs.umount_all();

    // The booted system: the first mount turns compression off for the filesystem.
    let root = fs.mount("@root", "compress=no");
    let home = fs.mount("@home", "compress=no");
    for m in fs.mountinfo() {
        assert_eq!(m.super_option_starting("compress"), None, "{m:#?}");
    }
    let in_home = home.join("new.txt");
    write_text(&in_home);
    let in_root = root.join("new.txt");
    write_text(&in_root);

    let algs = fs.extent_compression(&in_home);
    assert!(algs.iter().all(|a| a == "zstd"), "{algs:?}");
    let algs = fs.extent_compression(&in_root);
    assert!(algs.iter().all(|a| a == "none"), "{algs:?}");
    let algs = fs.extent_compression(&home.join("before.txt"));
    assert!(
        algs.iter().all(|a| a == "none"),
        "existing files keep their compression: {algs:?}"
    );
}

#[test]
fn mountinfo_lines_parse() {
    let line = "44 27 0:39 /@b /tmp/x\\040y/b ro,relatime,nosuid shared:5 master:1 - btrfs /dev/loop0 rw,compress=zstd:1,space_cache=v2,subvolid=257,subvol=/@b";
    let m = parse_mountinfo_line(line).expect("parses");
    assert_eq!(m.root, "/@b");
    assert_eq!(m.mount_point, PathBuf::from("/tmp/x y/b"));
    assert!(m.has_mount_option("nosuid") && !m.has_mount_option("compress=zstd:1"));
    assert_eq!(m.fstype, "btrfs");
    assert_eq!(m.source, "/dev/loop0");
    assert_eq!(m.super_option_starting("compress"), Some("compress=zstd:1"));
    assert!(parse_mountinfo_line("garbage").is_none());
}

/// diagnose's NOCOW procedure (btrfs docs, File attributes): run the printed commands (without the
/// systemctl lines) on a data directory that is itself a subvolume mountpoint, as
/// `/var/lib/postgresql` often is; afterwards every existing file is NOCOW, with its content.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn diagnose_nocow_procedure_converts_existing_files() {
    let (_lock, mut fs) = setup!("nocow-proc");
    fs.subvolumes(&["@postgres"]);
    let mnt = fs.mount("@postgres", "compress=zstd:1");
    let base = mnt.join("16/base/16384");
    fs::create_dir_all(&base).expect("mkdir");
    let table = base.join("16397");
    write_text(&table);
    let before = fs::read(&table).expect("read");
    assert!(!has_nocow(&table));
    let target = p(&mnt).to_string();
    for cmd in disko_lint::diagnose::analyze::nocow_procedure(&target) {
        if cmd.starts_with("systemctl") {
            continue;
        }
        let out = run("sh", &["-c", &cmd]);
        assert!(
            out.status.success(),
            "{}",
            describe("sh", &["-c", &cmd], &out)
        );
    }
    assert!(has_nocow(&mnt), "the directory has C");
    assert!(has_nocow(&table), "the copied table is NOCOW");
    assert_eq!(fs::read(&table).expect("read"), before, "same content");
    assert!(
        !has_nocow(&mnt.join("16.cow/base/16384/16397")),
        "the old copy stays COW until deleted"
    );
}

/// diagnose's layout split (btrfs docs, Subvolumes: snapshots are not recursive): run the printed commands (without the
/// systemctl lines) to move `/var/lib/containers` out of the root subvolume into a new one;
/// then mounting that subvolume at the directory shows the data, and a snapshot of the root
/// subvolume no longer contains it (an empty directory in its place).
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn diagnose_split_procedure_moves_data_into_a_new_subvolume() {
    let (_lock, mut fs) = setup!("split-proc");
    fs.subvolumes(&["@"]);
    let root = fs.mount("@", "compress=zstd:1");
    let data = root.join("var/lib/containers");
    fs::create_dir_all(data.join("storage/volumes/db")).expect("mkdir");
    let file = data.join("storage/volumes/db/data.bin");
    write_text(&file);
    let before = fs::read(&file).expect("read");
    let top = fs.dir.join("top");
    fs::create_dir_all(&top).expect("mkdir top");
    let dev = fs.dev().to_string();
    let path = p(&data).to_string();
    let steps = disko_lint::diagnose::analyze::layout::split_procedure(
        &disko_lint::diagnose::analyze::layout::SplitProcedure {
            path: &path,
            subvolume: "@containers",
            device: &dev,
            top_mount: p(&top),
            unit: "podman",
            nocow: false,
            cache_note: None,
        },
    );
    for cmd in steps
        .iter()
        .filter(|c| !c.starts_with("systemctl") && !c.starts_with('#'))
    {
        let out = run("sh", &["-c", cmd]);
        assert!(
            out.status.success(),
            "{}",
            describe("sh", &["-c", cmd], &out)
        );
    }
    // The config change would now mount the subvolume at the (empty) directory.
    assert_eq!(
        fs::read_dir(&data).expect("ls").count(),
        0,
        "an empty mountpoint is left"
    );
    let args = ["-t", "btrfs", "-o", "subvol=@containers", &dev, &path];
    let out = run("mount", &args);
    assert!(out.status.success(), "{}", describe("mount", &args, &out));
    fs.mounts.push(data.clone());
    assert_eq!(
        fs::read(&file).expect("read"),
        before,
        "the data is in the new subvolume"
    );
    // A snapshot of the root subvolume stops at the subvolume boundary (btrfs docs, Subvolumes).
    let snap = root.join("snap");
    check(
        "btrfs",
        &["-q", "subvolume", "snapshot", "-r", p(&root), p(&snap)],
    );
    let in_snap = snap.join("var/lib/containers");
    assert!(in_snap.is_dir());
    assert_eq!(
        fs::read_dir(&in_snap).expect("ls").count(),
        0,
        "the snapshot holds an empty directory"
    );
    assert!(
        snap.join("var/lib/containers.old/storage/volumes/db/data.bin")
            .is_file(),
        "until .old is deleted"
    );
}

/// A scratch directory with an ext4 on a loop device; dropping it unmounts, detaches and
/// removes everything.
struct Ext4 {
    dir: PathBuf,
    loopdev: String,
    target: PathBuf,
}

impl Ext4 {
    fn new(tag: &str) -> Result<Self, Skip> {
        if !in_path("mkfs.ext4") {
            return Err(Skip("mkfs.ext4 missing (apt-get install e2fsprogs)".into()));
        }
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "disko-lint-kernel-{}-{tag}-{nanos}",
            std::process::id()
        ));
        fs::create_dir_all(&dir).map_err(|e| Skip(format!("cannot create dir: {e}")))?;
        let image = dir.join("ext4.img");
        check("truncate", &["-s", "64M", p(&image)]);
        let out = run("losetup", &["--find", "--show", p(&image)]);
        if !out.status.success() {
            let _ = fs::remove_dir_all(&dir);
            return Err(Skip("no loop device".into()));
        }
        let loopdev = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let target = dir.join("mnt");
        let me = Self {
            dir,
            loopdev,
            target,
        };
        fs::create_dir_all(&me.target).map_err(|e| Skip(e.to_string()))?;
        check("mkfs.ext4", &["-q", "-F", &me.loopdev]);
        Ok(me)
    }

    /// `mount -t ext4 -o OPTIONS`, unmounted again at once when it worked.
    fn mounts_with(&self, options: &str) -> bool {
        let ok = run(
            "mount",
            &["-t", "ext4", "-o", options, &self.loopdev, p(&self.target)],
        )
        .status
        .success();
        if ok {
            check("umount", &[p(&self.target)]);
        }
        ok
    }
}

impl Drop for Ext4 {
    fn drop(&mut self) {
        let _ = run("umount", &[p(&self.target)]);
        let _ = run("losetup", &["-d", &self.loopdev]);
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// DL105 on other filesystems (`src/mount_options/`): ext4 refuses btrfs's options, a
/// value on one of its flags and a bad enum value, and accepts its own options and the
/// generic VFS ones; tmpfs likewise.
#[test]
#[ignore = "needs root and e2fsprogs; run with --ignored"]
fn dl105_other_filesystems_refuse_foreign_options() {
    let _lock = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !is_root() {
        eprintln!("SKIP dl105-ext4: not root");
        return;
    }
    let ext4 = match Ext4::new("dl105-ext4") {
        Ok(e) => e,
        Err(Skip(reason)) => {
            eprintln!("SKIP dl105-ext4: {reason}");
            return;
        }
    };
    for bad in [
        "compress=zstd",
        "ssd",
        "space_cache=v2",
        "nodatacow",
        "discard=async",
        "errors=bogus",
        "data=writebak",
        "nouser_xattr",
        "umask=0077",
    ] {
        assert!(!ext4.mounts_with(bad), "ext4 should refuse -o {bad}");
    }
    for good in [
        "noatime,errors=remount-ro,data=ordered,commit=60",
        "defaults,rw,discard,barrier=1,lazytime",
        "nosuid,nodev,noexec,nofail,x-systemd.automount",
    ] {
        assert!(ext4.mounts_with(good), "ext4 should accept -o {good}");
    }
    drop(ext4);

    let target =
        std::env::temp_dir().join(format!("disko-lint-kernel-{}-tmpfs", std::process::id()));
    fs::create_dir_all(&target).expect("tmpfs target");
    let tmpfs = |opts: &str| {
        let ok = run("mount", &["-t", "tmpfs", "-o", opts, "tmpfs", p(&target)])
            .status
            .success();
        if ok {
            check("umount", &[p(&target)]);
        }
        ok
    };
    for bad in [
        "compress=zstd",
        "huge=deny",
        "user_xattr",
        "acl",
        "noswap=1",
    ] {
        assert!(!tmpfs(bad), "tmpfs should refuse -o {bad}");
    }
    assert!(tmpfs(
        "size=64M,mode=1777,huge=within_size,nosuid,nodev,noswap"
    ));
    let _ = fs::remove_dir_all(&target);
}

/// DL406: a bind mount keeps the source mount's `noexec` (as the Nix sandbox bind-mounts
/// the build directory to `/build`): a program or script run directly from it fails with
/// EACCES ("Permission denied"), while `sh script` still works.
#[test]
#[ignore = "needs root and btrfs-progs; run with --ignored"]
fn dl406_bind_mount_keeps_noexec() {
    let (_lock, mut fs) = setup!("dl406");
    fs.subvolumes(&["@tmp"]);
    let tmp = fs.mount("@tmp", "noexec");
    let build = tmp.join("nix-build-x.drv-0");
    fs::create_dir_all(&build).unwrap();
    let prog = build.join("prog");
    fs::copy("/bin/true", &prog).unwrap();
    let script = build.join("configure");
    fs::write(&script, "#!/bin/sh\nexit 0\n").unwrap();
    check("chmod", &["+x", p(&prog), p(&script)]);
    let sandbox = tmp.parent().unwrap().join("sandbox-build");
    fs::create_dir_all(&sandbox).unwrap();
    check("mount", &["--bind", p(&build), p(&sandbox)]);
    let bound = mountinfo()
        .into_iter()
        .find(|m| m.mount_point == sandbox)
        .map(|m| m.has_mount_option("noexec"));
    let direct = Command::new(sandbox.join("prog")).status();
    let configure = Command::new(sandbox.join("configure")).status();
    let via_sh = run("sh", &[p(&sandbox.join("configure"))]);
    check("umount", &[p(&sandbox)]);
    assert_eq!(bound, Some(true), "the bind mount shows noexec");
    let denied = |r: std::io::Result<std::process::ExitStatus>| matches!(r, Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied);
    assert!(
        denied(direct),
        "a binary on the bind mount cannot be executed"
    );
    assert!(denied(configure), "nor can a script with a shebang");
    assert!(via_sh.status.success(), "sh script reads it and works");
}

/// DL212: a tmpfs mounted without `mode=` gets a world-writable, sticky root directory
/// (1777, Documentation/filesystems/tmpfs.rst; mm/shmem.c), and `mode=755` gives 0755.
#[test]
#[ignore = "needs root; run with --ignored"]
fn dl212_tmpfs_root_mode_defaults_to_1777() {
    let _guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    if !is_root() || !in_path("mount") || !in_path("umount") {
        eprintln!("SKIP dl212_tmpfs_root_mode_defaults_to_1777: needs root, mount and umount");
        return;
    }
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("disko-lint-dl212-{}-{stamp}", std::process::id()));
    let plain = dir.join("plain");
    let strict = dir.join("strict");
    fs::create_dir_all(&plain).expect("mkdir plain");
    fs::create_dir_all(&strict).expect("mkdir strict");
    // Unmount and remove on every exit path, also when an assertion fails.
    struct Cleanup(PathBuf, Vec<PathBuf>);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            for m in &self.1 {
                let _ = Command::new("umount").arg(m).output();
            }
            let _ = fs::remove_dir_all(&self.0);
        }
    }
    let mut cleanup = Cleanup(dir.clone(), Vec::new());
    check("mount", &["-t", "tmpfs", "none", p(&plain)]);
    cleanup.1.push(plain.clone());
    check(
        "mount",
        &["-t", "tmpfs", "-o", "mode=755", "none", p(&strict)],
    );
    cleanup.1.push(strict.clone());
    let mode = |d: &Path| fs::metadata(d).expect("stat").mode() & 0o7777;
    assert_eq!(
        mode(&plain),
        0o1777,
        "tmpfs without mode= is world-writable and sticky"
    );
    assert_eq!(mode(&strict), 0o755, "mode=755 gives rwxr-xr-x");
    drop(cleanup);
}
