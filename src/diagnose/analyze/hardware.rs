//! Hardware: the storage class of each disk (the SATA SSD/HDD ambiguity resolved by an
//! `lsblk ROTA` or sysfs capture), the I/O scheduler of rotational disks (linux `block/elevator.c`) and the
//! dirty-page limits against the disk's write speed (kernel docs, `admin-guide/sysctl/vm.rst`).

use super::{Change, Cx, Disruption, Impact, Inputs, Level, Risk};
use crate::diagnose::metrics::BlockDevice;
use crate::facter::StorageClass;

/// The disk the analyses judge by.
pub(super) struct MainDisk {
    /// Kernel name (`sda`), if known.
    pub name: Option<String>,
    /// Its class, after the rotational flag of a capture.
    pub class: StorageClass,
}

/// Loop, zram, RAM, optical and device-mapper nodes are not disks to judge.
fn is_physical(d: &BlockDevice) -> bool {
    let virtual_name = ["loop", "zram", "ram", "sr", "dm-", "md", "nbd", "fd"]
        .iter()
        .any(|p| d.name.starts_with(p));
    !virtual_name && d.device_type.as_deref().is_none_or(|t| t == "disk")
}

/// The main disk: facter's largest internal disk, its class resolved by a rotational
/// capture; without facter, the largest captured physical disk by its rotational flag and
/// transport. Computed once per run ([`super::Cx`] keeps it).
pub(super) fn main_disk(inp: &Inputs) -> Option<MainDisk> {
    if let Some(f) = inp.facter {
        let d = f.largest_internal_disk()?;
        let name = d.kernel_name().map(str::to_string);
        let rota = name
            .as_deref()
            .and_then(|n| inp.metrics?.block_device(n)?.rotational);
        return Some(MainDisk {
            name,
            class: d.storage_class(rota),
        });
    }
    let m = inp.metrics?;
    let d = m
        .block_devices
        .iter()
        .filter(|d| is_physical(d))
        .max_by_key(|d| d.size.unwrap_or(0))?;
    let class = match (d.transport.as_deref(), d.rotational) {
        (Some("nvme"), _) => StorageClass::Nvme,
        (Some("usb"), _) => StorageClass::Usb,
        (_, _) if d.name.starts_with("vd") || d.name.starts_with("xvd") => StorageClass::Virtual,
        (_, Some(true)) => StorageClass::Hdd,
        (_, Some(false)) => StorageClass::Ssd,
        (_, None) => StorageClass::Unknown,
    };
    Some(MainDisk {
        name: Some(d.name.clone()),
        class,
    })
}

/// The class of the device iostat or lsblk calls `name` (`sda`, `nvme0n1`): facter's
/// disk with the captured rotational flag, else the capture alone.
pub(super) fn device_class(cx: &Cx, name: &str) -> Option<StorageClass> {
    let captured = cx.inp.metrics.and_then(|m| m.block_device(name));
    if let Some(d) = cx
        .inp
        .facter
        .and_then(|f| f.find_disk(&format!("/dev/{name}")))
    {
        return Some(d.storage_class(captured.and_then(|b| b.rotational)));
    }
    if name.starts_with("nvme") {
        return Some(StorageClass::Nvme);
    }
    let b = captured?;
    if !is_physical(b) || is_vm_disk(cx, name) {
        return None;
    }
    match (b.transport.as_deref(), b.rotational) {
        (Some("nvme"), _) => Some(StorageClass::Nvme),
        (_, Some(true)) => Some(StorageClass::Hdd),
        (_, Some(false)) => Some(StorageClass::Ssd),
        _ => None,
    }
}

/// Inputs lines for the hardware, and limits for what it leaves open.
pub(super) fn describe(cx: &mut Cx) {
    let Some(f) = cx.inp.facter else {
        match &cx.main {
            Some(d) => cx.report.inputs.push(format!(
                "no facter report; main disk {} taken as {:?} from the block-device capture",
                d.name.as_deref().unwrap_or("?"),
                d.class
            )),
            None => cx.report.limits.push(
                "no facter report: CPU cores and disk kind unknown, so compression cost and hardware limits are not judged"
                    .into(),
            ),
        }
        return;
    };
    let rota = cx.inp.metrics.map(|m| m.rotational()).unwrap_or_default();
    let summary = f.storage_summary(&rota);
    let disk = &cx.main;
    cx.report.inputs.push(format!(
        "facter: {} threads, {} RAM, virtualisation {}",
        f.cpu
            .threads
            .map(|t| t.to_string())
            .unwrap_or_else(|| "?".into()),
        f.ram
            .best_bytes
            .map(|b| format!("{} GiB", b >> 30))
            .unwrap_or_else(|| "?".into()),
        f.virtualisation.as_deref().unwrap_or("?"),
    ));
    for d in summary.disks.iter().filter(|d| !d.removable) {
        let dev = d.dev.as_deref().unwrap_or("?");
        let name = dev.strip_prefix("/dev/").unwrap_or(dev);
        let main = disk.as_ref().and_then(|m| m.name.as_deref()) == Some(name);
        let resolved = match rota.get(name) {
            Some(r) if d.storage == StorageClass::Virtual => format!(
                "; rotational={} in the capture is ignored (a VM disk's flag says nothing about the medium)",
                u8::from(*r)
            ),
            Some(r) if d.storage != facter_only(f, dev) => format!(
                "; rotational={} in the capture → {:?}",
                u8::from(*r),
                d.storage
            ),
            Some(r) => format!("; rotational={} in the capture agrees", u8::from(*r)),
            None => String::new(),
        };
        cx.report.inputs.push(format!(
            "disk {dev}{} ({}): facter says {:?} ({:?}){resolved}",
            if main { " [main]" } else { "" },
            d.model.as_deref().unwrap_or("?"),
            facter_only(f, dev),
            d.basis,
        ));
    }
    // What the captures left open (storage_summary only notes unresolved disks): SATA
    // disks without a rotational flag, model guesses, VM disks, hardware RAID.
    cx.report.limits.extend(summary.notes);
}

/// A disk's class from facter alone.
fn facter_only(f: &crate::facter::FacterReport, dev: &str) -> StorageClass {
    f.find_disk(dev)
        .map(|d| d.storage_class(None))
        .unwrap_or(StorageClass::Unknown)
}

/// Whether `name` is a VM disk (its rotational flag says nothing).
fn is_vm_disk(cx: &Cx, name: &str) -> bool {
    if name.starts_with("vd") || name.starts_with("xvd") {
        return true;
    }
    cx.inp.facter.is_some_and(|f| {
        f.find_disk(&format!("/dev/{name}"))
            .is_some_and(|d| d.storage_class(None) == StorageClass::Virtual)
    })
}

/// A rotational disk without an I/O scheduler (linux `block/elevator.c`).
pub(super) fn scheduler(cx: &mut Cx) {
    let Some(m) = cx.inp.metrics else { return };
    let hdds: Vec<&BlockDevice> = m
        .block_devices
        .iter()
        .filter(|d| is_physical(d) && d.rotational == Some(true) && !is_vm_disk(cx, &d.name))
        .filter(|d| d.scheduler.as_deref() == Some("none"))
        .collect();
    if hdds.is_empty() {
        return;
    }
    let server = cx.inp.facter.is_some_and(|f| {
        f.chassis.iter().any(|c| {
            ["server", "rack", "blade"]
                .iter()
                .any(|s| c.to_lowercase().contains(s))
        })
    });
    let pick = if server { "mq-deadline" } else { "bfq" };
    let offered = hdds
        .iter()
        .all(|d| d.schedulers.is_empty() || d.schedulers.iter().any(|s| s == pick));
    let names: Vec<&str> = hdds.iter().map(|d| d.name.as_str()).collect();
    let evidence = hdds
        .iter()
        .map(|d| {
            format!(
                "block device {}: rotational=1 scheduler={}{}",
                d.name,
                if d.schedulers.is_empty() {
                    "none".to_string()
                } else {
                    d.schedulers
                        .iter()
                        .map(|s| {
                            if s == "none" {
                                "[none]".to_string()
                            } else {
                                s.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                },
                d.model
                    .as_deref()
                    .map(|m| format!(" model {m}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    let busy = cx.observed(&["slow", "stutter", "freeze", "hang", "lag", "copy"]);
    let severity = if busy.is_some() {
        Level::Warning
    } else {
        Level::Info
    };
    let mut evidence: Vec<String> = evidence;
    if let Some(o) = &busy {
        evidence.push(format!("observed: {o}"));
    }
    let id = cx.finding(
        "scheduler",
        severity,
        format!("rotational disk {} runs without an I/O scheduler", names.join(", ")),
        evidence,
        "with `none` requests go to the disk in arrival order, so a seek-bound HDD serves interleaved readers and writers with no merging by position or fairness; the kernel gives single-queue devices `mq-deadline` by default, so `none` on a HDD was set by a rule, a driver or a tuning guide meant for SSDs (linux block/elevator.c, elevator_get_default)",
    );
    let kernel_glob = if names.iter().all(|n| n.starts_with("sd")) {
        "sd[a-z]*"
    } else {
        "sd[a-z]*|hd[a-z]*"
    };
    let mut nix = format!(
        "services.udev.extraRules = ''\n  ACTION==\"add|change\", KERNEL==\"{kernel_glob}\", ATTR{{queue/rotational}}==\"1\", ATTR{{queue/scheduler}}=\"{pick}\"\n'';"
    );
    if pick == "bfq" {
        nix.push_str(
            "\nboot.kernelModules = [ \"bfq\" ];  # the scheduler must be available when udev runs",
        );
    }
    let mut commands: Vec<String> = hdds
        .iter()
        .map(|d| {
            format!(
                "echo {pick} > /sys/block/{}/queue/scheduler   # now, until reboot",
                d.name
            )
        })
        .collect();
    if pick == "bfq" {
        commands.insert(0, "modprobe bfq".into());
    }
    if !offered {
        commands.push(format!("# the capture does not list {pick} for every disk: check /sys/block/<dev>/queue/scheduler after modprobe"));
    }
    // A saturated HDD is what the scheduler acts on.
    let mut addresses = vec![id];
    addresses.extend(
        cx.report
            .findings
            .iter()
            .filter(|f| {
                f.category == "saturation"
                    && names.iter().any(|n| f.title.starts_with(&format!("{n} ")))
            })
            .map(|f| f.id.clone()),
    );
    let refs: Vec<&str> = addresses.iter().map(String::as_str).collect();
    cx.recommend(
        format!("give rotational disks the {pick} scheduler (udev rule; echo to sysfs now)"),
        &refs,
        severity,
        Disruption::Live,
        Risk::Low,
        Change {
            kind: "udev".into(),
            nix: Some(nix),
            commands,
            diff: None,
        },
        Impact {
            metric: "request ordering on the HDD".into(),
            before: "arrival order (none)".into(),
            after: if pick == "bfq" {
                "per-process fairness: an interactive reader is not starved by a bulk writer".into()
            } else {
                "deadline-bounded, position-sorted batches: fewer seeks per request".into()
            },
            basis: "linux block/elevator.c (kernel elevator defaults); no measured figure here: the gain depends on the mix of readers and writers, so measure await in iostat before and after".into(),
        },
    );
}

/// Write speed assumed for a HDD when the captures give none: a 7200 rpm disk's sequential
/// rate, less when seeking (a judgement, not a measured figure).
const HDD_WRITE_BYTES_PER_S: u64 = 150_000_000;

/// `vm.dirty_bytes` and `vm.dirty_background_bytes` the generator also writes for HDDs.
const DIRTY_BYTES: u64 = 512 << 20;
const DIRTY_BACKGROUND_BYTES: u64 = 128 << 20;

fn gib(b: u64) -> String {
    if b >= 1 << 30 {
        format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64)
    } else {
        format!("{} MiB", b >> 20)
    }
}

/// Dirty-page limits that let more data pile up than a slow disk writes back in seconds
/// (https://docs.kernel.org/admin-guide/sysctl/vm.html).
pub(super) fn dirty_pages(cx: &mut Cx) {
    let Some(m) = cx.inp.metrics else { return };
    if !matches!(cx.storage(), Some(StorageClass::Hdd)) {
        return;
    }
    let get = |k: &str| m.sysctl.get(k).and_then(|v| v.trim().parse::<u64>().ok());
    let (Some(bytes), Some(ratio)) = (get("vm.dirty_bytes"), get("vm.dirty_ratio")) else {
        if m.sysctl.is_empty() {
            cx.report
                .limits
                .push("no `sysctl vm` capture: dirty-page limits on this HDD not judged".into());
        }
        return;
    };
    let available = m
        .meminfo
        .as_ref()
        .and_then(|i| i.mem_available)
        .map(|b| (b, "MemAvailable"))
        .or_else(|| {
            cx.inp.facter.and_then(|f| f.ram.best_bytes).map(|b| {
                (
                    b,
                    "RAM (upper bound: the ratio applies to available memory)",
                )
            })
        });
    let (limit, how) = if bytes > 0 {
        (bytes, format!("vm.dirty_bytes = {bytes}"))
    } else {
        let Some((avail, base)) = available else {
            cx.report.limits.push(
                "dirty-page limit is a ratio, but neither /proc/meminfo nor facter gives the memory it applies to".into(),
            );
            return;
        };
        (
            avail / 100 * ratio,
            format!("vm.dirty_ratio = {ratio} (% of {base} {})", gib(avail)),
        )
    };
    // The measured write rate when iostat has one, else the HDD assumption.
    let measured = m
        .iostat
        .iter()
        .flat_map(|io| io.reports.iter().filter(|r| !r.since_boot))
        .flat_map(|r| r.devices.iter())
        .filter_map(|d| d.wkb_s.map(|k| k * 1024.0))
        .fold(None::<f64>, |a, b| Some(a.map_or(b, |a| a.max(b))))
        .filter(|b| *b >= 10e6);
    let rate = measured.map(|b| b as u64).unwrap_or(HDD_WRITE_BYTES_PER_S);
    let seconds = limit / rate.max(1);
    if limit <= 2 * DIRTY_BYTES || seconds < 8 {
        return;
    }
    let mut evidence = vec![format!("sysctl: {how} → up to {} dirty", gib(limit))];
    if let Some(bg) =
        get("vm.dirty_background_ratio").filter(|_| get("vm.dirty_background_bytes") == Some(0))
    {
        evidence.push(format!("sysctl: vm.dirty_background_ratio = {bg}"));
    }
    if let Some(i) = &m.meminfo
        && let Some(d) = i.dirty
    {
        evidence.push(format!(
            "meminfo: Dirty {} Writeback {}",
            gib(d),
            gib(i.writeback.unwrap_or(0))
        ));
    }
    let stall = cx.observed(&["freeze", "stall", "hang", "copy", "unresponsive", "sync"]);
    if let Some(o) = &stall {
        evidence.push(format!("observed: {o}"));
    }
    let severity = if stall.is_some() {
        Level::Warning
    } else {
        Level::Info
    };
    let id = cx.finding(
        "dirty-pages",
        severity,
        format!(
            "up to {} of dirty pages before writers are throttled: about {seconds} s of writeback on this HDD",
            gib(limit)
        ),
        evidence,
        "the kernel lets dirty page cache grow to vm.dirty_ratio percent of available memory (default 20) before it blocks writers, and starts background writeback at dirty_background_ratio (10); on a disk that writes ~150 MB/s a large backlog means long stalls in fsync and at the throttling point (https://docs.kernel.org/admin-guide/sysctl/vm.html)",
    );
    cx.recommend(
        "cap dirty pages in bytes (sysctl now, boot.kernel.sysctl for good)".into(),
        &[&id],
        severity,
        Disruption::Live,
        Risk::Low,
        Change {
            kind: "sysctl".into(),
            nix: Some(format!(
                "boot.kernel.sysctl = {{\n  \"vm.dirty_background_bytes\" = {DIRTY_BACKGROUND_BYTES};\n  \"vm.dirty_bytes\" = {DIRTY_BYTES};\n}};"
            )),
            commands: vec![format!(
                "sysctl -w vm.dirty_background_bytes={DIRTY_BACKGROUND_BYTES} vm.dirty_bytes={DIRTY_BYTES}   # setting the *_bytes pair zeroes the ratios (https://docs.kernel.org/admin-guide/sysctl/vm.html)"
            )],
            diff: None,
        },
        Impact {
            metric: "dirty data a writer can pile up before it is throttled".into(),
            before: format!("{} (~{seconds} s at {} MB/s)", gib(limit), rate / 1_000_000),
            after: format!(
                "{} (~{} s)",
                gib(DIRTY_BYTES),
                (DIRTY_BYTES / rate.max(1)).max(1)
            ),
            basis: format!(
                "https://docs.kernel.org/admin-guide/sysctl/vm.html (ratio of available memory; the bytes pair replaces it); write rate {}",
                if measured.is_some() {
                    "measured by iostat"
                } else {
                    "assumed 150 MB/s (typical 7200 rpm sequential; a judgement)"
                }
            ),
        },
    );
}

/// disko's partition label for a content at `disk.<d>.content.partitions.<p>.content`:
/// `/dev/disk/by-partlabel/disk-<d>-<p>` (disko's gpt default label).
fn partlabel(path: &str) -> Option<String> {
    let rest = path.strip_prefix("disk.")?;
    let (disk, rest) = rest.split_once(".content.partitions.")?;
    let part = rest.strip_suffix(".content")?;
    (!disk.contains('.') && !part.contains('.'))
        .then(|| format!("/dev/disk/by-partlabel/disk-{disk}-{part}"))
}

/// Whether facter listed CPU flags at all (a report without `features` gives all false).
fn flags_known(f: &crate::facter::FacterReport) -> bool {
    let c = f.cpu.flags;
    c.sse4_2 || c.avx || c.pclmulqdq || c.asimd || c.crc32 || c.aes
}

/// The value of `--csum`/`--checksum`/`-c` in mkfs.btrfs arguments.
fn csum_arg(args: &[String]) -> Option<String> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        for key in ["--csum", "--checksum"] {
            if let Some(v) = a.strip_prefix(key).and_then(|r| r.strip_prefix('=')) {
                return Some(v.to_string());
            }
        }
        if a == "--csum" || a == "--checksum" {
            return it.next().cloned();
        }
    }
    None
}

/// Encryption and checksums the CPU computes in software: LUKS (aes-xts by default)
/// without AES instructions, sha256 checksums without SHA instructions.
pub(super) fn cpu_crypto(cx: &mut Cx) {
    let (Some(f), Some(cfg)) = (cx.inp.facter, cx.inp.config.as_ref()) else {
        return;
    };
    if !flags_known(f) {
        return;
    }
    let flash = matches!(cx.storage(), Some(StorageClass::Nvme | StorageClass::Ssd));
    let file = cfg.display();
    let luks: Vec<String> = cfg
        .model
        .luks
        .iter()
        .map(|l| l.name.clone().unwrap_or_else(|| l.path.clone()))
        .collect();
    if !luks.is_empty() && !f.cpu.flags.aes {
        let id = cx.finding(
            "encryption",
            if flash { Level::Warning } else { Level::Info },
            format!(
                "LUKS `{}` encrypts without AES instructions",
                luks.join("`, `")
            ),
            vec![
                format!("{file}: LUKS `{}` (cipher not set here: cryptsetup's default aes-xts-plain64)", luks.join("`, `")),
                format!(
                    "facter: CPU {} lists no `aes` flag",
                    f.cpu.model.as_deref().unwrap_or("?")
                ),
            ],
            "dm-crypt encrypts every block; without the CPU's AES instructions AES runs in software, which on most CPUs is slower than an SSD can write, so the CPU becomes the disk's limit (facter's cpu features are the /proc/cpuinfo flags)",
        );
        let part = cfg
            .model
            .luks
            .first()
            .and_then(|l| partlabel(&l.path))
            .unwrap_or_else(|| "/dev/disk/by-partlabel/<the LUKS partition>".into());
        cx.recommend(
            "measure dm-crypt speed; on a CPU without AES consider Adiantum (re-encryption)".into(),
            &[&id],
            if flash { Level::Warning } else { Level::Info },
            Disruption::Rewrite,
            Risk::High,
            Change {
                kind: "procedure".into(),
                nix: None,
                commands: vec![
                    "cryptsetup benchmark   # this CPU's aes-xts and xchacha rates in MiB/s".into(),
                    format!("cryptsetup reencrypt --cipher xchacha12,aes-adiantum-plain64 {part}   # LUKS2 online re-encryption of everything: back up first"),
                ],
                diff: None,
            },
            Impact {
                metric: "encryption throughput".into(),
                before: "software AES (the aes-xts line of `cryptsetup benchmark`)".into(),
                after: "Adiantum's rate (the xchacha line); the kernel's fscrypt documentation recommends Adiantum for CPUs without AES acceleration".into(),
                basis: "no measured figure: measure on this CPU with `cryptsetup benchmark` before deciding".into(),
            },
        );
    }
    let sha = f.cpu.flags.sha_ni || f.cpu.flags.sha2;
    for b in &cfg.model.btrfs {
        let Some(csum) = csum_arg(&b.extra_args) else {
            continue;
        };
        let software = match csum.as_str() {
            "sha256" => !sha,
            "blake2" | "blake2b" => true,
            _ => false,
        };
        if !software {
            continue;
        }
        let mp = b
            .mounted
            .first()
            .map(|m| m.mountpoint.clone())
            .unwrap_or_else(|| b.path.clone());
        let id = cx.finding(
            "checksum",
            Level::Info,
            format!("the filesystem at {mp} checksums with {csum}, computed in software on this CPU"),
            vec![
                format!("{file}: extraArgs = [ … \"{csum}\" … ] (mkfs.btrfs --csum)"),
                format!(
                    "facter: no {} flag",
                    if csum == "sha256" { "`sha_ni`/`sha2`" } else { "instruction for it" }
                ),
            ],
            "btrfs checksums every data and metadata block it writes and reads; crc32c (the default) and xxhash are cheap, sha256 without SHA instructions and blake2 cost far more CPU per byte; the kernel log names the implementation at mount (`using sha256 (sha256-generic) checksum algorithm`)",
        );
        cx.recommend(
            format!("keep {csum} only if you need a cryptographic checksum; otherwise crc32c or xxhash at the next mkfs"),
            &[&id],
            Level::Info,
            Disruption::Reformat,
            Risk::High,
            Change {
                kind: "layout".into(),
                nix: Some("extraArgs = [ \"--csum\" \"xxhash\" ];  # takes effect only when disko formats anew".into()),
                commands: vec![
                    "dmesg | grep 'checksum algorithm'   # which implementation runs now".into(),
                    "# the checksum is fixed at mkfs (btrfstune(8): --csum is offline and experimental)".into(),
                ],
                diff: None,
            },
            Impact {
                metric: "CPU time per byte read or written".into(),
                before: format!("{csum} in software"),
                after: "xxhash or crc32c (hardware crc32c with sse4_2/crc32)".into(),
                basis: "btrfs(5) checksum algorithms; mkfs.btrfs(8), btrfstune(8) (only mkfs, or btrfstune offline, changes it); no figure measured here".into(),
            },
        );
    }
}
