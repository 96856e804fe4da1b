//! The analyses: inputs → findings with evidence → recommendations with disruption, risk
//! and an expected impact grounded in measured figures and public sources. Each missing input narrows what is
//! said; the report lists what could not be judged.

mod config;
mod hardware;
pub mod layout;

use super::edits::{self, Config};
use super::metrics::{Metrics, MountEntry};
use super::report::{Change, Disruption, Finding, Impact, Level, Recommendation, Report, Risk};
use crate::diagnostic::Edit;
use crate::disko::model::Btrfs;
use crate::facter::{FacterReport, StorageClass};

/// Everything `diagnose` was given.
pub struct Inputs<'a> {
    /// The facter report.
    pub facter: Option<&'a FacterReport>,
    /// The current disko.nix: model, text, the check engine's findings.
    pub config: Option<Config<'a>>,
    /// Captured metrics.
    pub metrics: Option<&'a Metrics>,
    /// What the user observes ("builds crawl").
    pub observations: &'a [String],
    /// Declared workloads.
    pub workloads: &'a [String],
}

struct Cx<'a> {
    inp: &'a Inputs<'a>,
    /// The disk the analyses judge by ([`hardware::main_disk`]).
    main: Option<hardware::MainDisk>,
    report: Report,
    next: usize,
}

impl<'a> Cx<'a> {
    fn finding(
        &mut self,
        category: &str,
        severity: Level,
        title: String,
        evidence: Vec<String>,
        cause: &str,
    ) -> String {
        // The same problem seen in several captures (text, -T and JSON of one command):
        // one finding with the evidence of all.
        if let Some(f) = self
            .report
            .findings
            .iter_mut()
            .find(|f| f.category == category && f.title == title)
        {
            for e in evidence {
                if !f.evidence.contains(&e) {
                    f.evidence.push(e);
                }
            }
            return f.id.clone();
        }
        self.next += 1;
        let id = format!("f{}", self.next);
        self.report.findings.push(Finding {
            id: id.clone(),
            category: category.into(),
            severity,
            title,
            evidence,
            cause: cause.into(),
        });
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn recommend(
        &mut self,
        title: String,
        addresses: &[&str],
        weight: Level,
        disruption: Disruption,
        risk: Risk,
        change: Change,
        impact: Impact,
    ) -> usize {
        if let Some((i, r)) = self
            .report
            .recommendations
            .iter_mut()
            .enumerate()
            .find(|(_, r)| r.title == title)
        {
            for a in addresses {
                if !r.addresses.iter().any(|x| x == a) {
                    r.addresses.push(a.to_string());
                }
            }
            return i;
        }
        self.report.recommendations.push(Recommendation {
            id: String::new(),
            title,
            addresses: addresses.iter().map(|s| s.to_string()).collect(),
            disruption,
            risk,
            change,
            impact,
            weight,
            lint_codes: Vec::new(),
        });
        self.report.recommendations.len() - 1
    }

    /// Records that recommendation `i`'s diff carries the fixes of `codes`.
    fn carries(&mut self, i: usize, codes: &[&str]) {
        let r = &mut self.report.recommendations[i];
        r.lint_codes.extend(codes.iter().map(|c| c.to_string()));
    }

    fn observed(&self, words: &[&str]) -> Option<String> {
        self.inp
            .observations
            .iter()
            .find(|o| {
                let l = o.to_lowercase();
                words.iter().any(|w| l.contains(w))
            })
            .cloned()
    }

    fn threads(&self) -> Option<u32> {
        self.inp.facter.and_then(|f| f.cpu.threads.or(f.cpu.cores))
    }

    /// The storage class of the main disk (see [`hardware::main_disk`]).
    fn storage(&self) -> Option<StorageClass> {
        self.main.as_ref().map(|d| d.class)
    }

    /// The model's btrfs filesystem that has one of `mounts` as a mountpoint.
    fn model_fs(&self, mounts: &[String]) -> Option<&'a Btrfs> {
        let cfg = self.inp.config.as_ref()?;
        cfg.model
            .btrfs
            .iter()
            .find(|b| b.mounted.iter().any(|m| mounts.contains(&m.mountpoint)))
    }

    /// Edits replacing, in every mount of the model's filesystem that has one of `mounts`,
    /// each option `new` maps to a different value (see [`edits::map_options`]).
    fn map_fs_options(&self, mounts: &[String], new: impl Fn(&str) -> Option<String>) -> Vec<Edit> {
        self.model_fs(mounts)
            .map(|b| {
                b.mounted
                    .iter()
                    .flat_map(|m| edits::map_options(&m.mount_options, &new))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The diff of a disko.nix change (see [`Config::diff`]); `None` without a config.
    fn diff(&self, own: &[Edit], codes: &[&str]) -> Option<String> {
        self.inp.config.as_ref()?.diff(own, codes)
    }
}

/// A btrfs filesystem as the kernel runs it (from mountinfo), or as the config declares it.
struct Fs {
    /// Mount points, first = the one shown as evidence.
    mounts: Vec<String>,
    /// Filesystem-wide options in effect (mountinfo super options) or declared (config).
    options: Vec<String>,
    /// The evidence line.
    evidence: String,
    /// True when taken from the kernel, false when from the config.
    live: bool,
}

fn btrfs_filesystems(cx: &Cx) -> Vec<Fs> {
    let mut out: Vec<Fs> = Vec::new();
    if let Some(m) = cx.inp.metrics {
        for e in m.mounts.iter().filter(|e| e.fstype == "btrfs") {
            match out
                .iter_mut()
                .find(|f| f.live && f.evidence.contains(&format!(" {} ", e.source)))
            {
                Some(f) => f.mounts.push(e.mount_point.clone()),
                None => out.push(Fs {
                    mounts: vec![e.mount_point.clone()],
                    options: e.super_options.clone(),
                    evidence: mount_line(e),
                    live: true,
                }),
            }
        }
    }
    if out.is_empty()
        && let Some(cfg) = &cx.inp.config
    {
        let path = cfg.display();
        for b in &cfg.model.btrfs {
            let Some(first) = b.mounted.first() else {
                continue;
            };
            out.push(Fs {
                mounts: b.mounted.iter().map(|m| m.mountpoint.clone()).collect(),
                options: first
                    .mount_options
                    .items
                    .iter()
                    .map(|i| i.value.clone())
                    .collect(),
                evidence: format!(
                    "{path}: {} mountOptions = [ {} ] (declared)",
                    first.mountpoint,
                    first
                        .mount_options
                        .items
                        .iter()
                        .map(|i| format!("\"{}\"", i.value))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                live: false,
            });
        }
    }
    out
}

fn mount_line(e: &MountEntry) -> String {
    format!(
        "mountinfo: {} {} {} {} - {}",
        e.mount_point,
        e.mount_options.join(","),
        e.fstype,
        e.source,
        e.super_options.join(",")
    )
}

/// Runs every analysis.
pub fn analyze(inp: &Inputs) -> Report {
    let mut cx = Cx {
        inp,
        main: hardware::main_disk(inp),
        report: Report {
            findings: Vec::new(),
            recommendations: Vec::new(),
            inputs: Vec::new(),
            limits: Vec::new(),
        },
        next: 0,
    };
    inputs_and_limits(&mut cx);
    let fss = btrfs_filesystems(&cx);
    for fs in &fss {
        compression(&mut cx, fs);
        discard(&mut cx, fs);
    }
    drift(&mut cx);
    space(&mut cx);
    device_errors(&mut cx);
    fragmentation(&mut cx);
    recompress(&mut cx, &fss);
    layout::split(&mut cx);
    atime(&mut cx);
    saturation(&mut cx);
    // Dirty pages before the scheduler: on equal rank the first recommendation leads, and
    // a writeback backlog is the more direct cause of stalls under large writes.
    hardware::dirty_pages(&mut cx);
    hardware::scheduler(&mut cx);
    hardware::cpu_crypto(&mut cx);
    luks(&mut cx);
    config::lint(&mut cx);
    cx.report.rank();
    cx.report
}

fn inputs_and_limits(cx: &mut Cx) {
    let inp = cx.inp;
    hardware::describe(cx);
    if let Some(cfg) = &inp.config {
        cx.report.inputs.push(format!(
            "config: {} ({} btrfs filesystems, {} linter findings under {})",
            cfg.display(),
            cfg.model.btrfs.len(),
            cfg.lint.len(),
            if cfg.policy.name.is_empty() {
                "the default policy"
            } else {
                &cfg.policy.name
            }
        ));
    } else {
        cx.report
            .limits
            .push("no disko.nix: declared-vs-effective drift not judged".into());
    }
    match inp.metrics {
        Some(m) => {
            for (f, k) in &m.files {
                cx.report.inputs.push(format!("metrics: {f} ({k:?})"));
            }
            let missing = [
                (
                    m.mounts.is_empty(),
                    "no /proc/self/mountinfo or findmnt capture: effective mount options taken from the config",
                ),
                (
                    m.usage.is_empty() && m.fs_df.is_empty(),
                    "no `btrfs filesystem usage -b`: unallocated space not judged",
                ),
                (
                    m.extents.is_empty(),
                    "no filefrag output: fragmentation not measured",
                ),
                (
                    m.iostat.is_empty(),
                    "no iostat: device saturation not judged",
                ),
                (
                    m.device_stats.is_empty(),
                    "no `btrfs device stats`: device errors not judged",
                ),
            ];
            for (_, why) in missing.iter().filter(|(gone, _)| *gone) {
                cx.report.limits.push(why.to_string());
            }
        }
        None => cx.report.limits.push(
            "no --metrics directory: space, errors, fragmentation and saturation not judged".into(),
        ),
    }
}

fn compression(cx: &mut Cx, fs: &Fs) {
    let Some(opt) = fs.options.iter().find(|o| o.starts_with("compress")) else {
        return;
    };
    let Some(c) = crate::btrfs::parse_compression(opt) else {
        return;
    };
    if c.effective_algorithm != "zstd" {
        return;
    }
    let level = c.effective_level.unwrap_or(3);
    if level < 9 {
        return;
    }
    let threads = cx.threads();
    let flash = matches!(cx.storage(), Some(StorageClass::Nvme | StorageClass::Ssd));
    let obs = cx.observed(&["build", "slow", "compile", "crawl", "write", "pull"]);
    let per_core = if level >= 15 { "8.6–9.9" } else { "52–76" };
    let mut evidence = vec![fs.evidence.clone()];
    if let Some(t) = threads {
        evidence.push(format!("facter: {t} CPU threads"));
    }
    if let Some(o) = &obs {
        evidence.push(format!("observed: {o}"));
    }
    let cpu_bound = cpu_bound_writes(cx);
    evidence.extend(cpu_bound.clone());
    let sev = if obs.is_some() || cpu_bound.is_some() || threads.is_some_and(|t| t <= 8) {
        Level::Warning
    } else {
        Level::Info
    };
    let id = cx.finding(
        "compression",
        sev,
        format!("zstd level {level} on {} makes every write CPU-bound", fs.mounts.join(", ")),
        evidence,
        "btrfs compresses each 128 KiB chunk at the filesystem-wide level; zstd at level 15 manages about 9 MB/s per core, level 9 about 55–75, level 1 about 320–450, for +5–15% space (zstd 1.5.4 on 128 KiB blocks, measured on Linux 6.18); all writes (builds, the Nix store, container layers) pay it",
    );
    let cores = threads.unwrap_or(1) as f64;
    let before_mb = if level >= 15 {
        9.0 * cores
    } else {
        60.0 * cores
    };
    let after_mb = 350.0 * cores;
    let mounts = fs.mounts.first().cloned().unwrap_or_else(|| "/".into());
    // Every compress item of every mount of the filesystem: the level is filesystem-wide,
    // and the linter (DL101) wants the mounts to agree.
    let own = cx.map_fs_options(&fs.mounts, |v| {
        let key = v.split('=').next()?;
        key.starts_with("compress").then(|| format!("{key}=zstd:1"))
    });
    let diff = cx.diff(&own, &[]);
    let i = cx.recommend(
        "lower compression to zstd:1 (remount now, then in disko.nix for every mount)".into(),
        &[&id],
        sev,
        Disruption::Live,
        Risk::Low,
        Change {
            kind: "mount-option".into(),
            nix: Some("mountOptions = [ \"compress=zstd:1\" \"noatime\" ]; # on every subvolume of this filesystem (it is filesystem-wide)".into()),
            commands: vec![
                format!("mount -o remount,compress=zstd:1 {mounts}   # filesystem-wide, immediately; new writes only (btrfs docs, Subvolumes)"),
                "# optional, breaks reflinks/snapshot sharing: btrfs filesystem defragment -r -czstd <dir> (btrfs-filesystem(8))".into(),
            ],
            diff,
        },
        Impact {
            metric: "compression throughput for new writes".into(),
            before: match threads {
                Some(t) => format!("~{before_mb:.0} MB/s ({t} threads × {per_core} MB/s at level {level})"),
                None => format!("{per_core} MB/s per core at level {level} (core count unknown without facter)"),
            },
            after: match threads {
                Some(_) => format!("~{after_mb:.0} MB/s at level 1{}", if flash { ", so the NVMe/SSD, not the CPU, sets the pace" } else { "" }),
                None => "320–450 MB/s per core at level 1".into(),
            },
            basis: "zstd 1.5.4 on 128 KiB blocks, single thread, measured on Linux 6.18 (zstd README benchmark: https://github.com/facebook/zstd); ratios on btrfs drop by ~5–15% (e.g. binaries 2.49 → 2.14, compsize)".into(),
        },
    );
    cx.carries(i, &["DL403"]);
}

/// iostat evidence that writes wait for the CPU rather than the drive: in the last interval
/// report the CPU is ≥ 60% busy (%user + %nice + %system; compression runs in kernel
/// threads) while the busiest writer is under 50% utilised with a short queue.
fn cpu_bound_writes(cx: &Cx) -> Option<String> {
    let io = cx.inp.metrics?.iostat.last()?;
    let rep = io.reports.iter().rev().find(|r| !r.since_boot)?;
    let c = rep.avg_cpu.as_ref()?;
    let busy = c.user? + c.system? + c.nice.unwrap_or(0.0);
    let d = rep
        .devices
        .iter()
        .filter(|d| d.wkb_s.is_some_and(|w| w > 0.0))
        .max_by(|a, b| {
            a.wkb_s
                .partial_cmp(&b.wkb_s)
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
    let (util, q) = (d.util_pct?, d.aqu_sz.unwrap_or(0.0));
    (busy >= 60.0 && util < 50.0 && q < 1.0).then(|| {
        format!(
            "iostat: {} writes {:.0} MB/s at {util:.0}% util, aqu-sz {q:.2}, while the CPU is {busy:.0}% busy (%user+%system): the drive waits for the CPU",
            d.name,
            d.wkb_s.unwrap_or(0.0) * 1024.0 / 1e6
        )
    })
}

fn discard(cx: &mut Cx, fs: &Fs) {
    if !fs
        .options
        .iter()
        .any(|o| o == "discard" || o == "discard=sync")
    {
        return;
    }
    let hdd = matches!(
        cx.storage(),
        Some(StorageClass::Hdd | StorageClass::SataUnknown)
    ) && !matches!(cx.storage(), Some(StorageClass::Nvme));
    let id = cx.finding(
        "discard",
        Level::Warning,
        format!("synchronous discard on {}", fs.mounts.join(", ")),
        vec![fs.evidence.clone()],
        "bare `discard` trims freed extents inside each transaction commit, which the btrfs docs say can have a severe performance hit; `discard=async` (default since 6.2) batches them (https://btrfs.readthedocs.io/en/latest/Trim.html)",
    );
    let target = if hdd { "nodiscard" } else { "discard=async" };
    let mp = fs.mounts.first().cloned().unwrap_or_else(|| "/".into());
    let own = cx.map_fs_options(&fs.mounts, |v| {
        (v == "discard" || v == "discard=sync").then(|| target.to_string())
    });
    let diff = cx.diff(&own, &[]);
    let i = cx.recommend(
        format!("switch to {target} (remount now, then in disko.nix)"),
        &[&id],
        Level::Warning,
        Disruption::Live,
        Risk::Low,
        Change {
            kind: "mount-option".into(),
            nix: Some(format!(
                "replace \"discard\" with \"{target}\" in mountOptions (DL108)"
            )),
            commands: vec![format!(
                "mount -o remount,{target} {mp}   # filesystem-wide, immediately"
            )],
            diff,
        },
        Impact {
            metric: "commit latency under deletes".into(),
            before: "every commit waits for TRIM of freed extents".into(),
            after: if hdd {
                "no TRIM at all (a HDD has nothing to trim)".into()
            } else {
                "TRIM batched in the background".into()
            },
            basis: "btrfs documentation, Trim (https://btrfs.readthedocs.io/en/latest/Trim.html) and Mount options: discard".into(),
        },
    );
    cx.carries(i, &["DL108"]);
}

fn drift(cx: &mut Cx) {
    let (Some(cfg), Some(m)) = (&cx.inp.config, cx.inp.metrics) else {
        return;
    };
    let (model, path) = (cfg.model, cfg.display());
    if m.mounts.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for b in &model.btrfs {
        for mt in &b.mounted {
            let live = m
                .mounts
                .iter()
                .find(|e| e.fstype == "btrfs" && e.mount_point == mt.mountpoint);
            let Some(live) = live else { continue };
            for item in &mt.mount_options.items {
                let p = crate::btrfs::parse_option(&item.value);
                let fs_wide = p
                    .info
                    .is_some_and(|i| i.scope == crate::btrfs::Scope::Filesystem);
                if !fs_wide || live.super_options.contains(&item.value) {
                    continue;
                }
                // compress=zstd shows as compress=zstd:3: compare through the parser.
                let same = item.value.starts_with("compress")
                    && live.super_options.iter().any(|o| {
                        crate::btrfs::parse_compression(o).and_then(|c| c.canonical())
                            == crate::btrfs::parse_compression(&item.value)
                                .and_then(|c| c.canonical())
                    });
                if !same {
                    found.push((mt.mountpoint.clone(), item.value.clone(), mount_line(live)));
                }
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let mut evidence = Vec::new();
    for (mp, opt, line) in &found {
        evidence.push(format!("{path}: {mp} asks for \"{opt}\""));
        evidence.push(line.clone());
    }
    evidence.dedup();
    let asks_nocow = found
        .iter()
        .any(|f| f.1 == "nodatacow" || f.1 == "nodatasum");
    let id = cx.finding(
        "config-drift",
        if asks_nocow { Level::Warning } else { Level::Info },
        format!(
            "the config asks for {} per subvolume, but the kernel applies one filesystem-wide set",
            found.iter().map(|f| format!("`{}` on {}", f.1, f.0)).collect::<Vec<_>>().join(", ")
        ),
        evidence,
        "most btrfs mount options are filesystem-wide and only the first mount's count; later mounts' values are silently ignored (https://btrfs.readthedocs.io/en/latest/Administration.html#mount-options); the superblock options in mountinfo show what is in effect",
    );
    let diff = cx.diff(&[], &["DL101", "DL102"]);
    let i = cx.recommend(
        "make every mount of the filesystem carry the options in effect; use chattr +C / btrfs property for per-directory needs".into(),
        &[&id],
        Level::Info,
        Disruption::Live,
        Risk::Low,
        Change {
            kind: "mount-option".into(),
            nix: Some("`disko-lint check --fix --unsafe-fixes disko.nix` (DL101, DL102) aligns the lists".into()),
            commands: vec![],
            diff,
        },
        Impact {
            metric: "what the config says vs what runs".into(),
            before: "per-subvolume options that do nothing".into(),
            after: "one honest option set; no surprise when the boot order changes".into(),
            basis: "verified on Linux 6.18 by `tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume`".into(),
        },
    );
    cx.carries(i, &["DL101", "DL102"]);
}

fn space(cx: &mut Cx) {
    let Some(m) = cx.inp.metrics else { return };
    for u in &m.usage {
        let (Some(size), Some(unalloc)) = (u.device_size, u.device_unallocated) else {
            continue;
        };
        let limit = (1u64 << 30).max(size / 50);
        if unalloc >= limit {
            continue;
        }
        let meta = u.profiles.iter().find(|p| p.kind == "metadata");
        let data = u.profiles.iter().find(|p| p.kind == "data");
        let pct = |p: Option<&super::metrics::ProfileUsage>| {
            p.and_then(|p| Some(p.used? as f64 * 100.0 / p.size?.max(1) as f64))
                .map(|x| format!("{x:.0}%"))
                .unwrap_or_else(|| "?".into())
        };
        let obs = cx.observed(&["no space", "enospc", "full", "space left"]);
        let mut evidence = vec![
            format!(
                "btrfs filesystem usage: Device size {size}, Device unallocated {unalloc} bytes"
            ),
            format!("data {} used, metadata {} used", pct(data), pct(meta)),
        ];
        if let Some(o) = obs {
            evidence.push(format!("observed: {o}"));
        }
        let id = cx.finding(
            "space",
            Level::Error,
            "no unallocated space left: new metadata chunks cannot be allocated (ENOSPC although df shows free space)".into(),
            evidence,
            "btrfs allocates space in chunks per profile; once every byte is allocated, metadata cannot grow even when data chunks have free room, and writes fail with ENOSPC; df's free figure counts that unusable room",
        );
        cx.recommend(
            "compact partly used data chunks with a filtered balance".into(),
            &[&id],
            Level::Error,
            Disruption::Balance,
            Risk::Medium,
            Change {
                kind: "procedure".into(),
                nix: None,
                commands: vec![
                    "btrfs balance start -dusage=10 /   # start with nearly empty chunks".into(),
                    "btrfs balance start -dusage=50 /   # then more, while unallocated stays low"
                        .into(),
                    "btrfs filesystem usage -b /         # check Device unallocated grew".into(),
                ],
                diff: None,
            },
            Impact {
                metric: "unallocated space".into(),
                before: format!("{} MiB", unalloc >> 20),
                after: "the free space inside data chunks up to 50% full returns as unallocated"
                    .into(),
                basis:
                    "btrfs-balance(8) usage filter; balance does not recompress (btrfs docs, Compression: existing data is untouched)"
                        .into(),
            },
        );
    }
}

fn device_errors(cx: &mut Cx) {
    let Some(m) = cx.inp.metrics else { return };
    for d in &m.device_stats {
        let counts = [
            ("write_io_errs", d.write_io_errs),
            ("read_io_errs", d.read_io_errs),
            ("flush_io_errs", d.flush_io_errs),
            ("corruption_errs", d.corruption_errs),
            ("generation_errs", d.generation_errs),
        ];
        let bad: Vec<String> = counts
            .iter()
            .filter_map(|(n, v)| {
                v.filter(|v| *v > 0)
                    .map(|v| format!("[{}].{n} {v}", d.device))
            })
            .collect();
        if bad.is_empty() {
            continue;
        }
        let id = cx.finding(
            "device-errors",
            Level::Error,
            format!("device {} has recorded errors", d.device),
            bad.iter().map(|b| format!("btrfs device stats: {b}")).collect(),
            "btrfs counts I/O and checksum failures per device; corruption errors mean data or metadata did not match its checksum (NOCOW data has none to check: btrfs docs, Mount options, nodatacow implies nodatasum)",
        );
        cx.recommend(
            format!("scrub and check {}", d.device),
            &[&id],
            Level::Error,
            Disruption::Live,
            Risk::High,
            Change {
                kind: "procedure".into(),
                nix: Some(
                    "services.btrfs.autoScrub = { enable = true; fileSystems = [ \"/\" ]; };"
                        .into(),
                ),
                commands: vec![
                    "btrfs scrub start -B /".into(),
                    format!("smartctl -a {}   # hardware health", d.device),
                    "btrfs device stats -z /   # reset the counters once the cause is known".into(),
                ],
                diff: None,
            },
            Impact {
                metric: "unrepaired errors".into(),
                before: bad.join(", "),
                after:
                    "repaired from the other copy on raid1/dup, or the damaged files named in dmesg"
                        .into(),
                basis: "btrfs-scrub(8)".into(),
            },
        );
    }
}

/// Database and VM-image directories (in-place random writers: libvir-list, Chris Murphy 2020-07).
const COW_SENSITIVE: &[&str] = &[
    "/var/lib/postgresql",
    "/var/lib/mysql",
    "/var/lib/libvirt/images",
    "/var/lib/etcd",
    "/var/lib/mongodb",
    "/var/db/mongodb",
];

fn fragmentation(cx: &mut Cx) {
    let Some(m) = cx.inp.metrics else { return };
    let heavy: Vec<&super::metrics::FileExtents> =
        m.extents.iter().filter(|e| e.extents >= 1000).collect();
    if heavy.is_empty() {
        return;
    }
    let dir = COW_SENSITIVE
        .iter()
        .find(|d| heavy.iter().any(|e| e.path.contains(*d)))
        .copied();
    let nocow = m
        .attrs
        .iter()
        .any(|a| a.nocow && dir.is_some_and(|d| a.path.contains(d)));
    if nocow {
        return;
    }
    let mut evidence: Vec<String> = heavy
        .iter()
        .take(4)
        .map(|e| format!("filefrag: {}: {} extents found", e.path, e.extents))
        .collect();
    if let Some(a) = m
        .attrs
        .iter()
        .find(|a| dir.is_some_and(|d| a.path.contains(d)))
    {
        evidence.push(format!(
            "lsattr -d: {} {} (no C: copy-on-write)",
            a.flags, a.path
        ));
    }
    let obs = cx.observed(&["postgres", "database", "db", "slow", "vm"]);
    if let Some(o) = &obs {
        evidence.push(format!("observed: {o}"));
    }
    let max = heavy.iter().map(|e| e.extents).max().unwrap_or(0);
    let target = dir.unwrap_or("/var/lib/postgresql");
    let id = cx.finding(
        "fragmentation",
        Level::Warning,
        format!("copy-on-write files in {target} are fragmented into up to {max} extents"),
        evidence,
        "random in-place page rewrites under COW scatter a file over thousands of extents (pgbench_accounts: 32,085 extents COW vs 11 NOCOW, measured on Linux 6.18); the nodatacow mount option does not help, only +C on the directory does (verified on Linux 6.18 by `tests/kernel.rs::dl102_nodatacow_mount_option_is_ignored_or_global` and `tests/kernel.rs::dl401_chattr_nocow_semantics`)",
    );
    let diff = cx.diff(&[], &["DL401", "DL102"]);
    let i = cx.recommend(
        format!("move {target} to NOCOW: +C on the directory, copy each entry (not move), swap"),
        &[&id],
        Level::Warning,
        Disruption::Rewrite,
        Risk::Medium,
        Change {
            kind: "procedure".into(),
            nix: Some(format!("systemd.tmpfiles.rules = [ \"h {target} - - - - +C\" ];  # and drop nodatacow from mountOptions (DL102)")),
            commands: nocow_procedure(target),
            diff,
        },
        Impact {
            metric: "extents of the busiest file".into(),
            before: format!("{max}"),
            after: "tens (11 in the reference run), staying low; NOCOW data loses btrfs checksums and compression (use the database's own checksums: https://www.postgresql.org/docs/current/wal-reliability.html)".into(),
            basis: "PostgreSQL 15 pgbench on btrfs, COW vs +C, measured on Linux 6.18".into(),
        },
    );
    cx.carries(i, &["DL401", "DL102"]);
}

/// The NOCOW migration (`tests/kernel.rs::diagnose_nocow_procedure_converts_existing_files`): `+C` on the directory reaches only files created
/// afterwards, so each entry is copied (not moved or reflinked) into a new sibling, which
/// inherits `C`, and the two are swapped by rename. Works when `target` is a mountpoint
/// (a mountpoint cannot be renamed, its entries can).
pub fn nocow_procedure(target: &str) -> Vec<String> {
    let unit = match target {
        t if t.contains("postgresql") => "postgresql",
        t if t.contains("mysql") => "mysql",
        t if t.contains("libvirt") => "libvirtd   # after shutting the VMs down",
        t if t.contains("etcd") => "etcd",
        t if t.contains("mongodb") => "mongodb",
        _ => "<the service that owns the data>",
    };
    vec![
        format!("systemctl stop {unit}"),
        format!("chattr +C {target}   # new files and directories created in it inherit No_COW"),
        format!(
            "cd {target} && for d in *; do cp -a --reflink=never \"$d\" \"$d.nocow\" && mv \"$d\" \"$d.cow\" && mv \"$d.nocow\" \"$d\"; done   # a copy makes NOCOW files; mv or a reflink would keep them COW (verified on Linux 6.18 by `tests/kernel.rs::dl401_chattr_nocow_semantics`)"
        ),
        format!("lsattr -d {target}/*   # the copies show C"),
        format!(
            "systemctl start {}   # then delete the *.cow entries",
            unit.split("   #").next().unwrap_or(unit)
        ),
    ]
}

fn atime(cx: &mut Cx) {
    let Some(m) = cx.inp.metrics else { return };
    let snapshots = cx
        .inp
        .config
        .as_ref()
        .is_some_and(|c| !c.model.nixos.snapper.is_empty() || c.model.nixos.btrbk);
    if !snapshots {
        return;
    }
    let mut rel: Vec<&MountEntry> = Vec::new();
    for e in m
        .mounts
        .iter()
        .filter(|e| e.fstype == "btrfs" && !e.mount_options.iter().any(|o| o == "noatime"))
    {
        if !rel.iter().any(|r| r.mount_point == e.mount_point) {
            rel.push(e);
        }
    }
    if rel.is_empty() {
        return;
    }
    let id = cx.finding(
        "atime",
        Level::Info,
        format!("{} btrfs mounts update access times while snapshots are taken", rel.len()),
        rel.iter().take(4).map(|e| mount_line(e)).collect(),
        "each atime update copies metadata out of every snapshot that shares it; reading 20,000 files unshared 8.77 MiB under relatime vs 16 KiB under noatime (measured on Linux 6.18; btrfs docs, Mount options: notes on generic mount options)",
    );
    let diff = cx.diff(&[], &["DL402"]);
    let i = cx.recommend(
        "add noatime to every mount (per mount; remount now)".into(),
        &[&id],
        Level::Info,
        Disruption::Live,
        Risk::Low,
        Change {
            kind: "mount-option".into(),
            nix: Some("add \"noatime\" to each subvolume's mountOptions (DL402)".into()),
            commands: rel
                .iter()
                .map(|e| format!("mount -o remount,noatime {}", e.mount_point))
                .collect(),
            diff,
        },
        Impact {
            metric: "metadata unshared from snapshots by reads".into(),
            before: "grows with every first read after a snapshot".into(),
            after: "none".into(),
            basis: "qgroup usage measured on Linux 6.18; https://btrfs.readthedocs.io/en/latest/Administration.html#mount-options, https://lwn.net/Articles/499293/".into(),
        },
    );
    cx.carries(i, &["DL402"]);
}

/// Data stored uncompressed on a filesystem that compresses now: written before the
/// option, or skipped by the heuristic; only a rewrite changes it (btrfs docs, Compression).
fn recompress(cx: &mut Cx, fss: &[Fs]) {
    let Some(m) = cx.inp.metrics else { return };
    let Some(fs) = fss.iter().find(|f| {
        f.options
            .iter()
            .any(|o| o.starts_with("compress") && !o.ends_with("=no"))
    }) else {
        return;
    };
    let snapshots = cx
        .inp
        .config
        .as_ref()
        .is_some_and(|c| !c.model.nixos.snapper.is_empty() || c.model.nixos.btrbk);
    for c in &m.compsize {
        let Some(none) = c.by_type.iter().find(|r| r.kind == "none") else {
            continue;
        };
        let (Some(plain), Some(total)) = (none.disk, c.total.disk) else {
            continue;
        };
        if plain < 1 << 30 || plain * 2 < total {
            continue;
        }
        // Referenced above uncompressed: extents shared by snapshots or reflinks, which a
        // defragment would unshare.
        let shared = matches!((c.total.referenced, c.total.uncompressed), (Some(r), Some(u)) if r > u + u / 20);
        let gib = |b: u64| format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64);
        let mut evidence = vec![
            format!(
                "compsize: TOTAL disk {}, of which `none` (stored uncompressed) {}{}",
                gib(total),
                gib(plain),
                if c.approximate { " (rounded)" } else { "" }
            ),
            fs.evidence.clone(),
        ];
        if shared {
            evidence.push(format!(
                "compsize: Referenced {} > Uncompressed {}: extents shared by snapshots or reflinks",
                gib(c.total.referenced.unwrap_or(0)),
                gib(c.total.uncompressed.unwrap_or(0))
            ));
        }
        let id = cx.finding(
            "compression",
            Level::Info,
            format!(
                "{} of {} is stored uncompressed although {} compresses new writes",
                gib(plain),
                gib(total),
                fs.mounts.join(", ")
            ),
            evidence,
            "compression applies to data written after the option is set; older data stays as written, and so does data the heuristic found incompressible (media, archives) and NOCOW files; balance does not recompress, only a rewrite does (https://btrfs.readthedocs.io/en/latest/Compression.html)",
        );
        let risky = shared || snapshots;
        cx.recommend(
            "recompress old data with btrfs filesystem defragment -c (only where nothing is shared)".into(),
            &[&id],
            Level::Info,
            Disruption::Rewrite,
            if risky { Risk::High } else { Risk::Medium },
            Change {
                kind: "procedure".into(),
                nix: None,
                commands: vec![
                    "btrfs filesystem defragment -r -v -czstd <dir>   # per directory of old, compressible data; add -L 1 with progs ≥ 6.14 on kernel ≥ 6.15".into(),
                    "compsize -x <dir>   # before and after".into(),
                    "# defragment does not preserve extent sharing: snapshotted or reflinked data is copied, and space use grows (https://btrfs.readthedocs.io/en/latest/Defragmentation.html)".into(),
                ],
                diff: None,
            },
            Impact {
                metric: "disk usage of the uncompressed part".into(),
                before: gib(plain),
                after: format!(
                    "about {} if it compresses like program files (zstd:1 on btrfs: 2.14× for ELF binaries, 3.58× for source); unchanged for media and archives (1.00×){}",
                    gib((plain as f64 / 2.14) as u64),
                    if risky { "; with snapshots or reflinks the shared copies stay, so total use can grow instead" } else { "" }
                ),
                basis: "btrfs-filesystem(8) and https://btrfs.readthedocs.io/en/latest/Defragmentation.html (defragment -c rewrites and unshares); on-disk ratios by data type from compsize, measured on Linux 6.18".into(),
            },
        );
    }
}

/// Devices at their limit, and whether the hardware or the CPU is what limits. `%util`
/// only means "saturated" for a device that serves one request at a time (a HDD); NVMe and
/// SSDs serve many in parallel, so for them the queue depth and wait times decide
/// (iostat(1), `%util`).
fn saturation(cx: &mut Cx) {
    let Some(m) = cx.inp.metrics else { return };
    let Some(io) = m.iostat.last() else { return };
    let Some(rep) = io
        .reports
        .iter()
        .rev()
        .find(|r| !r.since_boot)
        .or(io.reports.last())
    else {
        return;
    };
    let cpu_busy = rep
        .avg_cpu
        .as_ref()
        .and_then(|c| Some(c.user? + c.system? + c.nice.unwrap_or(0.0)))
        .filter(|b| *b >= 70.0);
    for d in &rep.devices {
        let (Some(util), Some(q)) = (d.util_pct, d.aqu_sz) else {
            continue;
        };
        let wait = d.r_await_ms.unwrap_or(0.0).max(d.w_await_ms.unwrap_or(0.0));
        let class = hardware::device_class(cx, &d.name);
        let flash = matches!(class, Some(StorageClass::Nvme | StorageClass::Ssd));
        let saturated = if flash {
            q >= 8.0 && wait >= 5.0
        } else {
            util >= 90.0 && q >= 1.0
        };
        if !saturated {
            continue;
        }
        let mut evidence = vec![format!(
            "iostat -x: {} r/s {} w/s {} r_await {} w_await {} aqu-sz {q:.2} %util {util:.1}",
            d.name,
            d.r_s.map(|v| format!("{v:.1}")).unwrap_or_default(),
            d.w_s.map(|v| format!("{v:.1}")).unwrap_or_default(),
            d.r_await_ms.map(|v| format!("{v:.1}")).unwrap_or_default(),
            d.w_await_ms.map(|v| format!("{v:.1}")).unwrap_or_default(),
        )];
        if let Some(c) = &rep.avg_cpu {
            let f = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "?".into());
            evidence.push(format!(
                "iostat avg-cpu: %user {} %system {} %iowait {} %idle {}",
                f(c.user),
                f(c.system),
                f(c.iowait),
                f(c.idle)
            ));
        }
        let (title, cause) = match (class, cpu_busy) {
            (Some(StorageClass::Hdd), _) => (
                format!("{} is saturated ({util:.0}% busy, queue {q:.1})", d.name),
                "the disk itself is the limit: a HDD serves ~100–200 random IOPS; software settings can only reduce or reorder the writes".to_string(),
            ),
            (_, Some(b)) if flash => (
                format!("{} has a deep queue (queue {q:.1}, await {wait:.1} ms) while the CPU is {b:.0}% busy", d.name),
                "compression, checksums and encryption run on the CPU; with the CPU this busy, check them (zstd level, LUKS without AES) before blaming the drive".to_string(),
            ),
            _ if flash => (
                format!("{} has a deep queue (queue {q:.1}, await {wait:.1} ms)", d.name),
                "requests wait at the drive while the CPU has headroom: the drive is the limit for this load; %util says nothing about limits for devices that serve requests in parallel (iostat(1))".to_string(),
            ),
            _ => (
                format!("{} is saturated ({util:.0}% busy, queue {q:.1})", d.name),
                "requests queue at the device; the disk's kind is unknown, so whether the device or the CPU is the limit is not judged".to_string(),
            ),
        };
        cx.finding("saturation", Level::Warning, title, evidence, &cause);
    }
}

fn luks(cx: &mut Cx) {
    let Some(cfg) = &cx.inp.config else {
        return;
    };
    let (model, path) = (cfg.model, cfg.display());
    let flash = matches!(cx.storage(), Some(StorageClass::Nvme | StorageClass::Ssd));
    if !flash {
        return;
    }
    for l in &model.luks {
        if l.allow_discards == Some(true) || l.settings_unknown.is_some() {
            continue;
        }
        let name = l.name.clone().unwrap_or_default();
        let id = cx.finding(
            "discard",
            Level::Warning,
            format!("discards never reach the SSD through LUKS `{name}`"),
            vec![format!("{path}: LUKS `{name}` has no settings.allowDiscards = true")],
            "dm-crypt drops discards unless the mapping allows them (NixOS default false), so neither discard=async nor fstrim reach the drive (nixpkgs nixos/modules/system/boot/luksroot.nix, allowDiscards; https://btrfs.readthedocs.io/en/latest/Trim.html)",
        );
        let diff = cx.diff(&[], &["DL206"]);
        let i = cx.recommend(
            format!("allow discards on LUKS `{name}`"),
            &[&id],
            Level::Warning,
            Disruption::Live,
            Risk::Low,
            Change {
                kind: "mount-option".into(),
                nix: Some("settings.allowDiscards = true;  # in the luks content (DL206)".into()),
                commands: vec![format!("cryptsetup refresh --allow-discards {name}   # now; the config applies from the next boot")],
                diff,
            },
            Impact {
                metric: "space the SSD knows is free".into(),
                before: "none (no TRIM passes dm-crypt)".into(),
                after: "freed blocks trimmed; steadier write performance on a full SSD".into(),
                basis: "nixpkgs nixos/modules/system/boot/luksroot.nix (allowDiscards); reveals which blocks are unused (security trade-off)".into(),
            },
        );
        cx.carries(i, &["DL206"]);
    }
}
