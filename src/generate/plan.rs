//! The storage plan: every choice `generate` makes, each with its reason, before any Nix is
//! written. Built by [`plan`] from the spec, the facter report and the workload table.
//!
//! The decisions, each reason citing its public source: one identical btrfs option set on
//! every mount (only the first mount's apply, `tests/kernel.rs`), `noatime` per mount,
//! NOCOW per directory with `chattr +C` on the empty subvolume plus a tmpfiles `h` rule
//! (never the `nodatacow` mount option), compression level from storage speed and cores, no
//! redundant `ssd`/`space_cache=v2`/`discard=async` (btrfs(5) defaults), separate subvolumes
//! for what root snapshots and rollbacks must not take along (snapshots are not recursive),
//! overlay rather than the btrfs container driver, swap in its own subvolume, LUKS
//! `allowDiscards` when discards are wanted.

use super::spec::{Priority, Spec};
use super::workloads;
use crate::btrfs::KernelVersion;
use crate::facter::{FacterReport, StorageClass};

/// One subvolume of the plan.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SubvolumePlan {
    /// Subvolume name (`@nix`).
    pub name: String,
    /// Mountpoint, or `None` for a subvolume that is never mounted (`old_roots`).
    pub mountpoint: Option<String>,
    /// Why it exists (one line, becomes a comment).
    pub reason: String,
    /// NOCOW via `chattr +C` on the empty subvolume and a tmpfiles `h` rule.
    pub nocow: bool,
    /// Swap file size, for the swap subvolume.
    pub swapfile: Option<String>,
    /// Mounted in the initrd (`fileSystems."<mp>".neededForBoot = true`).
    pub needed_for_boot: bool,
    /// `btrfs property set <mp> compression <value>` (algorithm or `none`), per directory.
    pub compression_property: Option<String>,
}

/// A decision for `--explain`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Decision {
    /// What was decided ("compression", "postgresql data").
    pub topic: String,
    /// The choice.
    pub choice: String,
    /// Why.
    pub why: String,
    /// What else was possible and what it would cost.
    pub alternatives: String,
}

/// The whole plan.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Plan {
    /// The disk device (by-id path when known).
    pub device: String,
    /// Storage class used for the decisions.
    pub storage: String,
    /// Target kernel, if known.
    pub kernel: Option<String>,
    /// ESP size.
    pub esp_size: String,
    /// Encrypt with LUKS.
    pub luks: bool,
    /// Pass discards through LUKS (`allowDiscards`).
    pub luks_allow_discards: bool,
    /// The btrfs options every mount carries (filesystem-wide ones identical).
    pub fs_options: Vec<String>,
    /// Per-mount options added to every mount (`noatime`).
    pub mount_options: Vec<String>,
    /// Subvolumes in declaration order.
    pub subvolumes: Vec<SubvolumePlan>,
    /// Impermanence: root is rolled back at boot by an initrd service.
    pub rollback: bool,
    /// Hibernation to the swap file.
    pub hibernate: bool,
    /// Container engine and driver.
    pub containers: Option<(String, bool)>,
    /// snapper configuration for `/home`.
    pub snapper_home: bool,
    /// HDD tuning (I/O scheduler udev rule).
    pub hdd_tuning: bool,
    /// `vm.dirty_background_bytes` and `vm.dirty_bytes` (bytes) for slow disks with much RAM.
    pub dirty_bytes: Option<(u64, u64)>,
    /// Every decision with its reason.
    pub decisions: Vec<Decision>,
    /// tmpfiles rules to emit.
    pub tmpfiles: Vec<String>,
}

/// Why a plan cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// A workload name outside the vocabulary.
    #[error("unknown workload `{0}`; known workloads: {1}")]
    UnknownWorkload(String, String),
    /// `device = "auto"` without a facter report, or no usable disk in it.
    #[error("{0}")]
    Device(String),
}

fn decision(
    topic: &str,
    choice: impl Into<String>,
    why: impl Into<String>,
    alternatives: impl Into<String>,
) -> Decision {
    Decision {
        topic: topic.into(),
        choice: choice.into(),
        why: why.into(),
        alternatives: alternatives.into(),
    }
}

/// Rounds bytes up to whole GiB as a disko size (`16G`).
fn gib(bytes: u64) -> String {
    format!("{}G", bytes.div_ceil(1 << 30).max(1))
}

/// Builds the plan.
pub fn plan(spec: &Spec, facter: Option<&FacterReport>) -> Result<Plan, PlanError> {
    let table = workloads::table();
    for w in &spec.host.workloads {
        if workloads::get(w).is_none() {
            return Err(PlanError::UnknownWorkload(
                w.clone(),
                workloads::names().join(", "),
            ));
        }
    }
    let _ = table;
    let has = |w: &str| spec.host.workloads.iter().any(|x| x == w);
    let priority = spec.priority();
    let mut decisions = Vec::new();

    // --- The disk and its storage class.
    let wanted = spec.disk.device.clone().unwrap_or_else(|| "auto".into());
    let (device, facter_class) = if wanted == "auto" {
        let Some(f) = facter else {
            return Err(PlanError::Device(
                "[disk] device = \"auto\" needs --facter facter.json to choose the disk".into(),
            ));
        };
        let Some(d) = f.largest_internal_disk() else {
            return Err(PlanError::Device(
                "the facter report lists no internal disk".into(),
            ));
        };
        let path = d
            .stable_path()
            .or(d.dev.as_deref())
            .unwrap_or("/dev/sda")
            .to_string();
        decisions.push(decision(
            "disk",
            path.clone(),
            format!(
                "the largest internal, non-USB disk in the facter report ({})",
                d.model.clone().unwrap_or_else(|| "unknown model".into())
            ),
            "name it in [disk] device to choose another",
        ));
        (path, Some(d.storage_class(None)))
    } else {
        let class = facter.and_then(|f| f.find_disk(&wanted).map(|d| d.storage_class(None)));
        (wanted, class)
    };
    let storage = match (&spec.host.storage, facter_class) {
        (Some(s), _) => s.clone(),
        (None, Some(StorageClass::Nvme)) => "nvme".into(),
        (None, Some(StorageClass::Ssd)) => "ssd".into(),
        (None, Some(StorageClass::Hdd)) => "hdd".into(),
        (None, Some(StorageClass::Virtual)) => "virtual".into(),
        (None, Some(StorageClass::SataUnknown)) => {
            decisions.push(decision(
                "storage class",
                "ssd (assumed)",
                "facter cannot tell a SATA SSD from a HDD (hwinfo does not read queue/rotational)",
                "set [host] storage = \"hdd\" if `cat /sys/block/<dev>/queue/rotational` prints 1",
            ));
            "ssd".into()
        }
        _ => "ssd".into(),
    };
    let kernel = spec.host.kernel.clone();
    let kernel_v = kernel
        .as_deref()
        .and_then(|k| k.parse::<KernelVersion>().ok());
    let threads = facter.and_then(|f| f.cpu.threads).unwrap_or(4);
    let ram = facter.and_then(|f| f.ram.best_bytes);

    // --- One filesystem-wide option set, identical on every mount.
    let mut fs_options = Vec::new();
    let level = match (priority, storage.as_str()) {
        (Priority::Space, _) => 3,
        (_, "hdd") => 3,
        (Priority::Performance, _) => 1,
        (_, "nvme") if threads < 8 => 1,
        (_, "nvme") => 1,
        _ => 1,
    };
    fs_options.push(format!("compress=zstd:{level}"));
    decisions.push(decision(
        "compression",
        format!("compress=zstd:{level} on every mount"),
        format!(
            "zstd:1–3 takes most of the gain (nix store ~2.1–2.4x, source ~3.6–3.8x on btrfs) at 170–450 MB/s per core; {} with {threads} threads; btrfs applies the first mount's level to the whole filesystem (verified on Linux 6.18 by `tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume`); ratios and speeds: zstd 1.5.4 and compsize, measured on Linux 6.18",
            if storage == "hdd" { "a HDD is slower than zstd:3, so the higher level costs nothing" } else { "fast flash can outrun zstd on few cores, so level 1" }
        ),
        "zstd:9+ costs 5–30x CPU for +5–15% space (write-once archives only); no compression leaves /nix 2x larger; lzo is worse than zstd:1",
    ));
    let flash = matches!(storage.as_str(), "nvme" | "ssd");
    let discard_default = kernel_v.is_some_and(|k| k >= KernelVersion::new(6, 2));
    if flash && !discard_default {
        fs_options.push("discard=async".into());
        decisions.push(decision(
            "discard",
            "discard=async",
            "the target kernel predates 6.2, where asynchronous discard became the default on devices that support it (btrfs docs, Mount options: discard)",
            "bare `discard` is synchronous and slow; a weekly fstrim timer also works",
        ));
    } else if flash {
        decisions.push(decision(
            "discard",
            "nothing (kernel default discard=async)",
            "since Linux 6.2 btrfs uses asynchronous discard by default on devices that support it (btrfs docs, Mount options: discard)",
            "writing discard=async explicitly is redundant (DL109)",
        ));
    }
    decisions.push(decision(
        "ssd, space_cache",
        "not set",
        "`ssd` is detected from the device's rotational flag and space_cache=v2 is the mkfs default (btrfs docs, Mount options: ssd, space_cache)",
        "setting them adds nothing; `space_cache`/v1 would make the mount fail",
    ));
    let mount_options = vec!["noatime".to_string()];
    decisions.push(decision(
        "atime",
        "noatime on every mount",
        "each atime update copies metadata out of every snapshot that shares it (btrfs docs, Mount options: notes on generic mount options); it is a per-mount flag (btrfs docs, Subvolumes)",
        "relatime (the kernel default) unshares metadata on the first read after a snapshot",
    ));

    // --- Subvolumes.
    let mut subvolumes = Vec::new();
    let sv = |name: &str, mp: Option<&str>, reason: &str| SubvolumePlan {
        name: name.into(),
        mountpoint: mp.map(str::to_string),
        reason: reason.into(),
        nocow: false,
        swapfile: None,
        needed_for_boot: false,
        compression_property: None,
    };
    let imperm = spec.impermanence();
    if imperm {
        subvolumes.push(sv("root", Some("/"), "recreated empty at every boot by the rollback service; the previous root moves to old_roots"));
        subvolumes.push(sv(
            "old_roots",
            None,
            "previous roots, kept 30 days for recovery; never mounted",
        ));
        let mut p = sv(
            "persist",
            Some("/persist"),
            "state that survives the rollback (impermanence links it into place during activation)",
        );
        p.needed_for_boot = true;
        subvolumes.push(p);
    } else {
        subvolumes.push(sv(
            "@root",
            Some("/"),
            "the system root; snapshots of it stay small because everything below is split off",
        ));
    }
    subvolumes.push(sv(
        if imperm { "nix" } else { "@nix" },
        Some("/nix"),
        "the Nix store: large, rebuildable, never worth snapshotting",
    ));
    subvolumes.push(sv(
        if imperm { "log" } else { "@log" },
        Some("/var/log"),
        "logs survive root rollbacks and stay out of root snapshots",
    ));
    if !imperm {
        subvolumes.push(sv(
            "@home",
            Some("/home"),
            "user data, snapshotted on its own schedule",
        ));
    } else {
        subvolumes.push(sv(
            "home",
            Some("/home"),
            "user data, kept across root rollbacks",
        ));
    }
    let pfx = if imperm { "" } else { "@" };
    // Workload subvolumes.
    let reliability = priority == Priority::Reliability;
    let mut tmpfiles = Vec::new();
    let mut containers = None;
    // (name, mountpoint, reason, nocow, compression property)
    let mut order: Vec<(String, String, String, bool, Option<String>)> = Vec::new();
    for w in &spec.host.workloads {
        let Some(info) = workloads::get(w) else {
            continue;
        };
        if !info.separate_subvolume {
            continue;
        }
        let Some(wp) = info
            .paths
            .iter()
            .find(|p| {
                p.role == workloads::PathRole::Data && p.origin == workloads::PathOrigin::Default
            })
            .or_else(|| info.paths.first())
        else {
            continue;
        };
        let path = &wp.path;
        if w == "podman" && spec.containers.as_ref().is_some_and(|c| c.rootless) {
            continue;
        }
        let nocow = info.nocow_candidate && !reliability;
        let sub = format!(
            "{pfx}{}",
            path.trim_start_matches('/')
                .replace('/', "-")
                .replace("var-lib-", "")
        );
        let reason = if nocow {
            format!(
                "{w} data: random in-place rewrites, so NOCOW (chattr +C) and outside root snapshots"
            )
        } else if info.nocow_candidate {
            format!(
                "{w} data: its own subvolume, kept copy-on-write for checksums (priority = reliability)"
            )
        } else {
            format!("{w} data: kept out of root snapshots and rollbacks")
        };
        let taken = subvolumes
            .iter()
            .any(|s: &SubvolumePlan| s.mountpoint.as_deref() == Some(path.as_str()));
        let incompressible = info.compressibility.class == workloads::CompressClass::None && !nocow;
        if incompressible {
            decisions.push(decision(
                &format!("{w} compression"),
                format!("`btrfs property set {path} compression none`"),
                "already-compressed data gains nothing (ratio 1.00 at every zstd level, measured with compsize on Linux 6.18); the per-directory property is the only per-subvolume compression control btrfs has, and new files inherit it (btrfs docs, Compression)",
                "leaving compression on costs little (the heuristic gives up on incompressible data, btrfs docs, Compression) but tries every file",
            ));
        }
        if !taken && !order.iter().any(|o| o.1 == *path) {
            order.push((
                sub,
                path.clone(),
                reason,
                nocow,
                incompressible.then(|| "none".to_string()),
            ));
        }
        if info.nocow_candidate {
            decisions.push(decision(
                &format!("{w} data"),
                if nocow { format!("NOCOW subvolume at {path}") } else { format!("copy-on-write subvolume at {path}") },
                if nocow {
                    "random page rewrites fragment COW files badly (32,085 vs 11 extents for pgbench_accounts, measured on Linux 6.18); +C on the empty subvolume makes every file in it NOCOW (verified on Linux 6.18 by `tests/kernel.rs::dl401_chattr_nocow_semantics`)".to_string()
                } else {
                    "priority = reliability keeps btrfs data checksums (scrub can detect corruption; RAID1 can repair it); NOCOW would drop them (btrfs docs, Mount options: nodatacow implies nodatasum)".to_string()
                },
                if nocow {
                    "COW keeps checksums and compression but fragments; NOCOW data has no btrfs checksums (use the database's own, e.g. PostgreSQL data checksums: https://www.postgresql.org/docs/current/wal-reliability.html)"
                } else {
                    "NOCOW avoids fragmentation at the cost of checksums; schedule `btrfs filesystem defragment` on this subvolume instead"
                },
            ));
        }
    }
    for (name, mp, reason, nocow, property) in order {
        let mut s = sv(&name, Some(&mp), &reason);
        s.nocow = nocow;
        s.compression_property = property;
        if nocow {
            tmpfiles.push(format!("h {mp} - - - - +C"));
        }
        subvolumes.push(s);
    }
    if let Some(c) = &spec.containers {
        let engine = c.engine.clone().unwrap_or_else(|| {
            if has("docker") {
                "docker".into()
            } else {
                "podman".into()
            }
        });
        containers = Some((engine.clone(), c.rootless));
        decisions.push(decision(
            "container storage",
            "overlay driver",
            "native overlay works on btrfs (rootless too since 5.11) and keeps layers as ordinary files; the btrfs driver makes every layer and container a subvolume (https://docs.docker.com/engine/storage/drivers/btrfs-driver/)",
            "the btrfs driver: subvolume explosion, nothing useful for snapshots, expensive qgroups",
        ));
        if c.rootless {
            decisions.push(decision(
                "rootless container storage",
                "under each user's ~/.local/share/containers, i.e. in the /home subvolume",
                "rootless storage lives in the user's home by default (containers-storage.conf(5), rootless_storage_path); it is kept out of root snapshots because /home is its own subvolume",
                "snapshots of /home will include image layers; point `rootless_storage_path` at a separate subvolume if that matters",
            ));
        }
    } else if has("podman") || has("docker") {
        containers = Some((
            if has("docker") {
                "docker".into()
            } else {
                "podman".into()
            },
            false,
        ));
    }
    for p in &spec.projects {
        let name = format!("{pfx}{}", p.path.trim_start_matches('/').replace('/', "-"));
        let s = sv(
            &name,
            Some(&p.path),
            "source tree: its own subvolume, so builds (target/, node_modules) stay out of home snapshots",
        );
        subvolumes.push(s);
    }
    // Snapshots.
    let snapper_home = !imperm && priority != Priority::Performance;
    if snapper_home {
        subvolumes.push(sv(
            &format!("{pfx}home/.snapshots"),
            None,
            "snapper's snapshot directory for /home (the NixOS module does not create it: nixpkgs nixos/tests/snapper.nix)",
        ));
        decisions.push(decision(
            "snapshots",
            "snapper timeline for /home",
            "user data is what snapshots protect; /nix, logs, caches, containers and databases are separate subvolumes, so snapshots do not recurse into them (btrfs docs, Subvolumes)",
            "btrbk works the same; root snapshots are less useful on NixOS (generations already roll back the system)",
        ));
    }
    // Swap.
    let swap_size = match spec.layout.swap.as_deref() {
        Some("none") => None,
        Some(s) if s != "auto" => Some(s.to_string()),
        _ => {
            let r = ram.unwrap_or(8 << 30);
            Some(if spec.layout.hibernate {
                gib(r)
            } else {
                gib(r.min(8 << 30) / 2 + (1 << 29))
            })
        }
    };
    if let Some(size) = &swap_size {
        let mut s = sv(
            &format!("{pfx}swap"),
            Some("/swap"),
            "swap file in its own subvolume: it cannot be snapshotted while active (btrfs docs, Swapfile)",
        );
        s.swapfile = Some(size.clone());
        subvolumes.push(s);
        decisions.push(decision(
            "swap",
            format!("{size} swap file in a dedicated subvolume"),
            if spec.layout.hibernate {
                "hibernation needs a swap file at least as large as RAM; disko creates it with `btrfs filesystem mkswapfile` (NOCOW: btrfs docs, Swapfile; disko lib/types/btrfs.nix)"
            } else {
                "half of RAM up to 8G (plus headroom); disko creates it with `btrfs filesystem mkswapfile` (NOCOW: btrfs docs, Swapfile; disko lib/types/btrfs.nix)"
            },
            "a swap partition (cannot be resized without repartitioning); zram (no disk at all, but no hibernation)",
        ));
    }
    if imperm {
        decisions.push(decision(
            "root rollback",
            "systemd initrd service `rollback`",
            "the scripted initrd hooks (postDeviceCommands, postResumeCommands) are rejected with the systemd initrd (nixpkgs nixos/modules/system/boot/systemd/initrd.nix); the service mounts the top level, moves root to old_roots, deletes roots older than 30 days, recreates root and unmounts (impermanence README, BTRFS subvolumes)",
            "a blank-snapshot restore works too but keeps no history",
        ));
    }
    let luks = spec.luks();
    let luks_allow_discards = luks && flash;
    if luks {
        decisions.push(decision(
            "LUKS",
            if luks_allow_discards { "allowDiscards = true" } else { "allowDiscards unset" },
            if luks_allow_discards {
                "discards stop at dm-crypt unless allowed (NixOS default false); without them the SSD never learns which blocks are free (nixpkgs nixos/modules/system/boot/luksroot.nix; btrfs docs, Trim)"
            } else {
                "a HDD has no use for discards"
            },
            "allowDiscards reveals which blocks are unused (a known, usually accepted, trade-off)",
        ));
    }
    let hdd_tuning = storage == "hdd";
    if hdd_tuning {
        decisions.push(decision(
            "I/O scheduler",
            "bfq for rotational disks (udev rule)",
            "single-queue devices get mq-deadline by default; bfq keeps a desktop responsive on HDDs (linux block/elevator.c)",
            "mq-deadline (throughput on servers)",
        ));
    }
    let dirty_bytes =
        (hdd_tuning && ram.is_some_and(|r| r >= 8 << 30)).then_some((128 << 20, 512 << 20));
    if dirty_bytes.is_some() {
        decisions.push(decision(
            "dirty page limits",
            "vm.dirty_background_bytes = 128 MiB, vm.dirty_bytes = 512 MiB",
            "the ratio defaults (10%/20% of available memory) let gigabytes of dirty pages pile up before a HDD writes them back, so writers stall for seconds; the *_bytes pair replaces the ratios (setting one zeroes the other: https://docs.kernel.org/admin-guide/sysctl/vm.html). The values are a judgement: a few seconds of HDD throughput",
            "keep the ratio defaults (fine with little RAM or fast disks)",
        ));
    }
    Ok(Plan {
        dirty_bytes,
        device,
        storage,
        kernel,
        esp_size: spec.disk.esp_size.clone().unwrap_or_else(|| "1G".into()),
        luks,
        luks_allow_discards,
        fs_options,
        mount_options,
        subvolumes,
        rollback: imperm,
        hibernate: spec.layout.hibernate && swap_size.is_some(),
        containers,
        snapper_home,
        hdd_tuning,
        decisions,
        tmpfiles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(toml: &str) -> Plan {
        let spec = Spec::parse(toml).expect("spec");
        plan(&spec, None).expect("plan")
    }

    const DISK: &str = "[disk]\ndevice = \"/dev/disk/by-id/nvme-test\"\n";

    #[test]
    fn rootless_podman_storage_lives_under_home() {
        let p = plan_of(&format!(
            "[host]\nworkloads = [\"podman\"]\nstorage = \"nvme\"\n{DISK}[containers]\nengine = \"podman\"\nrootless = true\n"
        ));
        assert!(
            p.subvolumes
                .iter()
                .all(|s| s.mountpoint.as_deref() != Some("/var/lib/containers"))
        );
        assert!(
            p.subvolumes
                .iter()
                .any(|s| s.mountpoint.as_deref() == Some("/home"))
        );
        let d = p
            .decisions
            .iter()
            .find(|d| d.topic == "rootless container storage")
            .expect("decision");
        assert!(
            d.choice.contains("~/.local/share/containers") && d.choice.contains("/home"),
            "{d:?}"
        );
        assert_eq!(p.containers, Some(("podman".into(), true)));
    }

    #[test]
    fn rootful_podman_gets_its_own_subvolume_and_overlay() {
        let p = plan_of(&format!(
            "[host]\nworkloads = [\"podman\"]\nstorage = \"nvme\"\n{DISK}"
        ));
        assert!(p.subvolumes.iter().any(|s| {
            s.mountpoint
                .as_deref()
                .is_some_and(|m| m.starts_with("/var/lib/containers"))
        }));
        assert!(p.decisions.iter().any(|d| d.choice == "overlay driver") || p.containers.is_some());
    }

    #[test]
    fn hdd_gets_no_ssd_only_options() {
        let p = plan_of(&format!(
            "[host]\nstorage = \"hdd\"\nkernel = \"6.1\"\n{DISK}"
        ));
        assert!(
            p.fs_options
                .iter()
                .all(|o| !o.starts_with("discard") && !o.starts_with("ssd")),
            "{:?}",
            p.fs_options
        );
        assert!(p.hdd_tuning);
        assert_eq!(p.fs_options[0], "compress=zstd:3");
        // The same spec on flash with an old kernel gets discard=async.
        let f = plan_of(&format!(
            "[host]\nstorage = \"ssd\"\nkernel = \"6.1\"\n{DISK}"
        ));
        assert!(f.fs_options.iter().any(|o| o == "discard=async"));
        let n = plan_of(&format!(
            "[host]\nstorage = \"ssd\"\nkernel = \"6.12\"\n{DISK}"
        ));
        assert!(
            !n.fs_options.iter().any(|o| o.starts_with("discard")),
            "default since 6.2"
        );
    }

    #[test]
    fn reliability_keeps_databases_copy_on_write_and_says_so() {
        let p = plan_of(&format!(
            "[host]\nworkloads = [\"postgresql\"]\npriority = \"reliability\"\n{DISK}"
        ));
        let db = p
            .subvolumes
            .iter()
            .find(|s| s.mountpoint.as_deref() == Some("/var/lib/postgresql"))
            .expect("db subvolume");
        assert!(!db.nocow);
        assert!(p.tmpfiles.is_empty());
        let d = p
            .decisions
            .iter()
            .find(|d| d.topic == "postgresql data")
            .expect("decision");
        assert!(
            d.choice.starts_with("copy-on-write") && d.why.contains("checksums"),
            "{d:?}"
        );
        let balanced = plan_of(&format!("[host]\nworkloads = [\"postgresql\"]\n{DISK}"));
        assert!(balanced.subvolumes.iter().any(|s| s.nocow));
        assert_eq!(
            balanced.tmpfiles,
            vec!["h /var/lib/postgresql - - - - +C".to_string()]
        );
    }

    #[test]
    fn impermanence_persists_with_needed_for_boot_and_a_rollback_service() {
        let p = plan_of(&format!(
            "[host]\nstorage = \"nvme\"\n{DISK}[layout]\nflavour = \"impermanence\"\n"
        ));
        let persist = p
            .subvolumes
            .iter()
            .find(|s| s.mountpoint.as_deref() == Some("/persist"))
            .expect("persist");
        assert!(persist.needed_for_boot);
        assert!(p.rollback);
        assert!(
            p.subvolumes
                .iter()
                .any(|s| s.name == "old_roots" && s.mountpoint.is_none())
        );
        let text = super::super::emit::render(&p, &[]);
        assert!(text.contains("fileSystems.\"/persist\".neededForBoot = true;"));
        assert!(text.contains("boot.initrd.systemd.services.rollback"));
        assert!(text.contains("umount /btrfs_tmp"));
    }

    #[test]
    fn auto_device_needs_a_facter_report() {
        let spec = Spec::parse("[disk]\ndevice = \"auto\"\n").unwrap();
        assert!(matches!(plan(&spec, None), Err(PlanError::Device(_))));
    }

    #[test]
    fn unknown_workloads_list_the_known_ones() {
        let spec = Spec::parse("[host]\nworkloads = [\"postgres\"]\n").unwrap();
        let e = plan(&spec, None).unwrap_err().to_string();
        assert!(
            e.contains("postgres") && e.contains("postgresql") && e.contains("podman"),
            "{e}"
        );
    }
}
