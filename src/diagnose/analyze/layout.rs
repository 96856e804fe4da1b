//! Layout: workload data that should be a subvolume of its own but lives inside a larger
//! (snapshotted) subvolume. Snapshots are not recursive, so a subvolume boundary keeps the
//! data out of the parent's snapshots and rollbacks (btrfs docs, Subvolumes); inside them, every
//! snapshot pins the old copies of rewritten files and turns NOCOW writes COW once (libvir-list,
//! Chris Murphy 2020-07). Moving data into a new subvolume is a copy (rename(2) fails with
//! `EXDEV` across subvolumes), so the change is a `rewrite`.

use super::{Change, Cx, Disruption, Impact, Level, Risk};
use crate::diagnostic::Edit;
use crate::disko::model::{Btrfs, FsMount};
use crate::engine::helpers::{nix_str, path_under};
use crate::generate::workloads::{self, PathOrigin, PathRole, Workload};

/// NixOS services (as the model names them) → workload names of the table.
const SERVICE_WORKLOADS: &[(&str, &str)] = &[
    ("postgresql", "postgresql"),
    ("mysql", "mysql"),
    ("etcd", "etcd"),
    ("mongodb", "mongodb"),
    ("podman", "podman"),
    ("docker", "docker"),
    ("libvirtd", "vm-images"),
];

/// Words in an observation → workload names.
const OBSERVED_WORKLOADS: &[(&str, &str)] = &[
    ("postgres", "postgresql"),
    ("mysql", "mysql"),
    ("mariadb", "mariadb"),
    ("etcd", "etcd"),
    ("mongo", "mongodb"),
    ("podman", "podman"),
    ("container", "podman"),
    ("docker", "docker"),
    ("libvirt", "vm-images"),
    ("qemu", "vm-images"),
    (" vm", "vm-images"),
];

/// The systemd unit that owns a workload's data, for the stop/start lines.
fn unit(w: &str) -> &str {
    match w {
        "postgresql" => "postgresql",
        "mysql" | "mariadb" => "mysql",
        "etcd" => "etcd",
        "mongodb" => "mongodb",
        "docker" => "docker docker.socket",
        "podman" => "podman podman.socket   # and every container unit",
        "vm-images" => "libvirtd   # after shutting the VMs down",
        _ => "<the service>",
    }
}

/// The workloads in play: declared (`--workload`, `[host] workloads`), enabled in the
/// config, or named in an observation.
fn workloads_in_play(cx: &Cx) -> Vec<(&'static Workload, String)> {
    let mut out: Vec<(&'static Workload, String)> = Vec::new();
    let mut add = |name: &str, why: String| {
        if let Some(w) = workloads::get(name)
            && !out.iter().any(|(o, _)| o.name == w.name)
        {
            out.push((w, why));
        }
    };
    for w in cx.inp.workloads {
        add(w, format!("--workload {w}"));
    }
    if let Some(cfg) = &cx.inp.config {
        for w in &cfg.policy.host.workloads {
            add(w, format!("[host] workloads = [\"{w}\"]"));
        }
        for s in &cfg.model.nixos.services {
            if let Some((_, w)) = SERVICE_WORKLOADS.iter().find(|(svc, _)| svc == s) {
                add(w, format!("{s} is enabled in {}", cfg.display()));
            }
        }
    }
    for o in cx.inp.observations {
        let l = format!(" {}", o.to_lowercase());
        for (word, w) in OBSERVED_WORKLOADS {
            if l.contains(word) {
                add(w, format!("observed: {o}"));
            }
        }
    }
    out
}

/// The mount (with its filesystem) whose mountpoint is the longest prefix of `path`.
fn holder<'m>(btrfs: &'m [Btrfs], path: &str) -> Option<(&'m Btrfs, &'m FsMount)> {
    btrfs
        .iter()
        .flat_map(|b| b.mounted.iter().map(move |m| (b, m)))
        .filter(|(_, m)| path_under(path, &m.mountpoint))
        .max_by_key(|(_, m)| m.mountpoint.len())
}

/// A subvolume name in the file's style (`@x`, `/x` or `x`) for `path`, not yet taken.
fn subvolume_key(b: &Btrfs, path: &str) -> String {
    let stem = path
        .strip_prefix("/var/lib/")
        .unwrap_or(path.trim_start_matches('/'))
        .replace('/', "-");
    let prefix = if b.subvolumes.iter().any(|s| s.key.value.starts_with('@')) {
        "@"
    } else if b.subvolumes.iter().any(|s| s.key.value.starts_with('/')) {
        "/"
    } else {
        ""
    };
    let mut key = format!("{prefix}{stem}");
    while b
        .subvolumes
        .iter()
        .any(|s| s.path == key.trim_start_matches('/'))
    {
        key.push_str("-data");
    }
    key
}

/// The edit adding `key = { mountpoint = path; mountOptions = opts; };` after the last
/// subvolume of `b`, on its own line with that subvolume's indentation.
fn add_subvolume(text: &str, b: &Btrfs, key: &str, path: &str, opts: &[String]) -> Option<Edit> {
    let last = b
        .subvolumes
        .iter()
        .filter(|s| !s.conditional)
        .filter_map(|s| s.span)
        .max_by_key(|s| s.end)?;
    let line_start = text[..last.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..last.start as usize]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    if indent.len() != last.start as usize - line_start {
        return None; // the binding does not start its line: no safe place for a new one
    }
    let options = if opts.is_empty() {
        String::new()
    } else {
        format!(
            " mountOptions = [ {} ];",
            opts.iter()
                .map(|o| nix_str(o))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    Some(Edit {
        start: last.end,
        end: last.end,
        replacement: format!(
            "\n{indent}{} = {{ mountpoint = {};{options} }};",
            nix_str(key),
            nix_str(path)
        ),
    })
}

/// What [`split_procedure`] needs.
pub struct SplitProcedure<'a> {
    /// The data directory (`/var/lib/containers`), a plain directory today.
    pub path: &'a str,
    /// The new subvolume's name below the top level (`@containers`).
    pub subvolume: &'a str,
    /// The btrfs device to mount the top level from.
    pub device: &'a str,
    /// Where to mount the top level (`/mnt`).
    pub top_mount: &'a str,
    /// The systemd unit(s) to stop, optionally with a `   # comment`.
    pub unit: &'a str,
    /// Set `+C` on the new, empty subvolume.
    pub nocow: bool,
    /// A comment line about data that need not be copied.
    pub cache_note: Option<&'a str>,
}

/// The commands that move a directory into a new subvolume of its own (across subvolumes a
/// move is a copy; `tests/kernel.rs::diagnose_split_procedure_moves_data_into_a_new_subvolume`
/// runs them): mount the top level, create the subvolume (`+C` while it is empty for NOCOW
/// data), copy without reflinks, keep the old directory as `.old` and
/// leave an empty mountpoint. Mounting the subvolume is left to the config change.
pub fn split_procedure(s: &SplitProcedure) -> Vec<String> {
    let (path, sub, top) = (s.path, s.subvolume, s.top_mount);
    let mut commands = vec![
        format!("systemctl stop {}", s.unit),
        format!("mount -o subvolid=5 {} {top}   # the top level", s.device),
        format!("btrfs subvolume create {top}/{sub}"),
    ];
    if s.nocow {
        commands.push(format!(
            "chattr +C {top}/{sub}   # NOCOW while empty, if you take that trade-off (no checksums; btrfs docs, File attributes)"
        ));
    }
    if let Some(n) = s.cache_note {
        commands.push(format!("# {n}"));
    }
    commands.extend([
        format!("cp -a --reflink=never {path}/. {top}/{sub}/   # across subvolumes a move is a copy anyway (rename(2): EXDEV)"),
        format!("mv {path} {path}.old && mkdir {path} && umount {top}"),
        format!("# apply the disko.nix change, then `nixos-rebuild switch` (or `mount {path}` once it is in fileSystems)"),
        format!(
            "systemctl start {}   # then delete {path}.old",
            s.unit.split("   #").next().unwrap_or("")
        ),
    ]);
    commands
}

/// Workload data that should be its own subvolume.
pub(super) fn split(cx: &mut Cx) {
    let Some(cfg) = &cx.inp.config else { return };
    let (model, text, file) = (cfg.model, cfg.text, cfg.display());
    for (w, why) in workloads_in_play(cx) {
        if !w.separate_subvolume {
            continue;
        }
        // The workload's main location (its first default path) is where the subvolume
        // goes; the others are inside it (`/nix/var/nix/builds`) or scratch (`/tmp`).
        if let Some(p) = w.paths.iter().find(|p| p.origin == PathOrigin::Default) {
            // Container storage gets its subvolume at /var/lib/containers, above the
            // graphroot, where volumes and the storage's siblings live too (nixpkgs nixos/modules/virtualisation/containers.nix).
            let path = match p.path.as_str() {
                "/var/lib/containers/storage" => "/var/lib/containers",
                other => other,
            };
            let Some((b, m)) = holder(&model.btrfs, path) else {
                continue;
            };
            // A non-btrfs filesystem nearer to the path holds it instead.
            let nearest = model
                .mounts
                .iter()
                .filter(|x| path_under(path, &x.mountpoint))
                .max_by_key(|x| x.mountpoint.len());
            if nearest
                .is_some_and(|x| x.fs_type != "btrfs" && x.mountpoint.len() > m.mountpoint.len())
            {
                continue;
            }
            // A mount at or below the path (any filesystem) already separates it.
            let covered = model
                .mounts
                .iter()
                .map(|x| &x.mountpoint)
                .chain(
                    model
                        .btrfs
                        .iter()
                        .flat_map(|b| b.mounted.iter().map(|x| &x.mountpoint)),
                )
                .any(|x| path_under(x, path));
            if covered {
                continue;
            }
            let snapper = model.nixos.snapper.iter().find(|c| {
                c.subvolume.as_deref().is_some_and(|s| {
                    s.trim_end_matches('/') == m.mountpoint.trim_end_matches('/')
                        || (s == "/" && m.mountpoint == "/")
                })
            });
            let snapshots = snapper.is_some() || model.nixos.btrbk;
            let fragmented = cx
                .report
                .findings
                .iter()
                .any(|f| f.category == "fragmentation" && f.title.contains(path));
            let mut evidence = vec![
                format!(
                    "{file}:{}: {path} has no subvolume of its own; it lives in the one mounted at {}",
                    m.mountpoint_span.map(|s| cfg.line(s.start)).unwrap_or(1),
                    m.mountpoint
                ),
                format!("workload {}: {why}", w.name),
            ];
            if let Some(c) = snapper {
                evidence.push(format!(
                    "{file}:{}: snapper config `{}` snapshots {}",
                    c.span.map(|s| cfg.line(s.start)).unwrap_or(1),
                    c.name,
                    m.mountpoint
                ));
            } else if model.nixos.btrbk {
                evidence.push(format!("{file}: services.btrbk is configured"));
            }
            let severity = if snapshots || fragmented {
                Level::Warning
            } else {
                Level::Info
            };
            let mut cause = w.separate_subvolume_why.clone();
            if snapshots {
                cause.push_str(&format!(
                    " Here {} is snapshotted, so each snapshot keeps the old copies of {path}'s rewritten and deleted files{}.",
                    m.mountpoint,
                    if w.cow_sensitive {
                        ", and NOCOW files are copied once more after every snapshot (libvir-list, Chris Murphy 2020-07)"
                    } else {
                        ""
                    }
                ));
            }
            let id = cx.finding(
                "layout",
                severity,
                format!("{path} ({}) should be a subvolume of its own", w.name),
                evidence,
                &cause,
            );
            let key = subvolume_key(b, path);
            let opts: Vec<String> = m
                .mount_options
                .items
                .iter()
                .map(|i| i.value.clone())
                .collect();
            let edit = add_subvolume(text, b, &key, path, &opts);
            let diff = edit.and_then(|e| cx.diff(&[e], &["DL401"]));
            let top = b.device.as_deref().unwrap_or("<the btrfs device>");
            let cache_note = (p.role == PathRole::Cache).then(|| {
                format!(
                    "images and layers in {path} can be pulled again instead of copied, but volumes are data and must be copied ({})",
                    p.what
                )
            });
            let commands = split_procedure(&SplitProcedure {
                path,
                subvolume: key.trim_start_matches('/'),
                device: top,
                top_mount: "/mnt",
                unit: unit(&w.name),
                nocow: w.nocow_candidate,
                cache_note: cache_note.as_deref(),
            });
            let i = cx.recommend(
                format!("give {path} its own subvolume (new subvolume, copy the data in)"),
                &[&id],
                severity,
                Disruption::Rewrite,
                Risk::Medium,
                Change {
                    kind: "layout".into(),
                    nix: Some(format!(
                        "subvolumes.{} = {{ mountpoint = {}; mountOptions = [ … same as {} … ]; }};  # disko creates it only on a fresh install; on this system create it by hand",
                        nix_str(&key),
                        nix_str(path),
                        m.mountpoint
                    )),
                    commands,
                    diff,
                },
                Impact {
                    metric: format!("what snapshots of {} hold", m.mountpoint),
                    before: if snapshots {
                        format!("all of {path}, pinned for as long as each snapshot lives")
                    } else {
                        format!("all of {path} once snapshots or a rollback are added")
                    },
                    after: format!(
                        "an empty stub at {path}: the data is outside every snapshot of {} and can be backed up by the service's own tools",
                        m.mountpoint
                    ),
                    basis: "https://btrfs.readthedocs.io/en/latest/Subvolumes.html (snapshots are not recursive; verified on Linux 6.18 by `tests/kernel.rs::diagnose_split_procedure_moves_data_into_a_new_subvolume`); https://listman.redhat.com/archives/libvir-list/2020-July/msg00655.html (snapshots re-COW NOCOW data); rename(2) EXDEV (a move across subvolumes is a copy)".into(),
                },
            );
            // The linter's layout findings about this data are what this acts on.
            let codes: &[&str] = if w.cow_sensitive {
                &["DL401", "DL205"]
            } else {
                &["DL404", "DL205"]
            };
            cx.carries(i, codes);
        }
    }
}
