//! The workload table: for each name of the host-spec vocabulary (`[host] workloads = […]`),
//! where the workload keeps its data, how it does I/O, and what that means for a btrfs
//! layout (COW sensitivity, compressibility, durability, snapshots, subvolume, NOCOW), each
//! row with its sources.
//!
//! The facts live in `workloads.toml` beside this file (compiled in, parsed once by
//! [`table`]); this module only types and checks them. Claims cite what a user can open:
//! btrfs and kernel documentation, upstream defaults (nixpkgs module options, upstream docs),
//! the kernel tests (`"verified on Linux 6.18 by `tests/kernel.rs::…`"`) or a stated
//! measurement (`"measured on Linux 6.18: …"`); inferences say so in [`Workload::notes`] or
//! in the `*_why` texts.
//!
//! ```
//! use disko_lint::generate::workloads;
//! let pg = workloads::get("postgresql").unwrap();
//! assert!(pg.nocow_candidate && pg.cow_sensitive);
//! assert_eq!(pg.paths[0].path, "/var/lib/postgresql");
//! assert!(workloads::lookup("postgres").unwrap_err().to_string().contains("postgresql"));
//! ```

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The embedded table data (`src/generate/workloads.toml`).
pub const WORKLOADS_TOML: &str = include_str!("workloads.toml");

/// The workload names a host spec may use, in table order. [`WorkloadTable::from_toml`]
/// insists that the table has exactly these.
pub const VOCABULARY: &[&str] = &[
    "postgresql",
    "mysql",
    "mariadb",
    "sqlite",
    "etcd",
    "mongodb",
    "podman",
    "docker",
    "vm-images",
    "nix-builds",
    "cargo",
    "npm",
    "ide",
    "browser",
    "media",
    "logs-heavy",
];

/// All workloads, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadTable {
    /// One entry per `[[workload]]`.
    #[serde(rename = "workload")]
    pub workloads: Vec<Workload>,
}

/// One workload of the vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Vocabulary name, e.g. `"postgresql"`, `"vm-images"`, `"logs-heavy"`.
    pub name: String,
    /// One sentence: what the workload writes and how.
    pub description: String,
    /// Rootful (system-wide) locations, absolute. Empty when the workload has no fixed
    /// system path (e.g. `sqlite`, or per-user tools).
    pub paths: Vec<WorkloadPath>,
    /// Per-user locations (`~/…`) and per-project ones (`<project>/…`, relative to each
    /// entry of the spec's `[[projects]]`).
    pub rootless_paths: Vec<WorkloadPath>,
    /// I/O shape.
    pub io: Io,
    /// How well the data compresses on btrfs.
    pub compressibility: Compressibility,
    /// Random in-place rewrites that fragment under COW (pgbench: 32,085 extents COW vs 11
    /// NOCOW, measured on Linux 6.18; libvir-list, Chris Murphy 2020-07).
    pub cow_sensitive: bool,
    /// How costly losing the data is.
    pub durability: Durability,
    /// Whether btrfs snapshots of this data are worth taking.
    pub snapshots_useful: bool,
    /// Why (or why not) [`Workload::snapshots_useful`].
    pub snapshots_why: String,
    /// Whether the workload's paths deserve their own subvolume.
    pub separate_subvolume: bool,
    /// Why (or why not) [`Workload::separate_subvolume`].
    pub separate_subvolume_why: String,
    /// Whether NOCOW (`chattr +C` on the empty directory/subvolume, btrfs docs: File
    /// attributes; `tests/kernel.rs::dl401_chattr_nocow_semantics`) is the
    /// recommended default for its data paths, priority permitting.
    pub nocow_candidate: bool,
    /// The reason and the cost (checksums, compression) of [`Workload::nocow_candidate`].
    pub nocow_why: String,
    /// Further facts; inferences start with or contain `"Inference:"`.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Where the row's claims come from: URLs, upstream files, `tests/kernel.rs` tests and
    /// stated measurements.
    pub sources: Vec<String>,
}

impl Workload {
    /// Rootful then rootless paths.
    pub fn all_paths(&self) -> impl Iterator<Item = &WorkloadPath> {
        self.paths.iter().chain(&self.rootless_paths)
    }

    /// Whether one of [`Workload::sources`] contains `needle`.
    pub fn cites(&self, needle: &str) -> bool {
        self.sources.iter().any(|s| s.contains(needle))
    }
}

/// One location of a workload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadPath {
    /// `/var/lib/postgresql`, `~/.cargo`, `<project>/target`.
    pub path: String,
    /// Whether the location is a default or a convention.
    pub origin: PathOrigin,
    /// What kind of data lives there.
    pub role: PathRole,
    /// What is stored there and which option sets it.
    pub what: String,
    /// Where the location is documented.
    pub source: String,
}

/// Whether a path is set by upstream or merely customary. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathOrigin {
    /// The upstream (or nixpkgs module) default location.
    Default,
    /// A widespread habit that no tool sets.
    Convention,
    /// Relative to each project / workspace (`<project>/…`).
    PerProject,
}

/// The kind of data at a path. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathRole {
    /// Data that must survive.
    Data,
    /// Regenerable (downloads, build output, indexes).
    Cache,
    /// Temporary working space (build directories).
    Scratch,
    /// Settings and plugins: small, worth keeping.
    Config,
}

/// I/O shape of a workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Io {
    /// Dominant access pattern.
    pub pattern: IoPattern,
    /// Read/write balance.
    pub read_write: ReadWrite,
    /// Typical file sizes.
    pub file_sizes: FileSizes,
}

/// Dominant access pattern. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IoPattern {
    /// Pages rewritten in place at random offsets (databases, VM images): fragments under
    /// COW (pgbench, measured on Linux 6.18).
    RandomRewrite,
    /// Appends at the end of files (logs, WALs).
    Append,
    /// Whole files written once, read start to end (media).
    Sequential,
    /// No single pattern.
    Mixed,
    /// Many small files created and deleted (builds, caches, layers).
    SmallFiles,
}

/// Read/write balance. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadWrite {
    /// Mostly reads.
    ReadHeavy,
    /// Mostly writes.
    WriteHeavy,
    /// Both.
    Mixed,
}

/// Typical file sizes. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileSizes {
    /// Mostly small files (KiB to a few MiB).
    Small,
    /// Mostly large files (hundreds of MiB and up).
    Large,
    /// Both.
    Mixed,
}

/// How well a workload's data compresses on btrfs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compressibility {
    /// The class.
    pub class: CompressClass,
    /// On-disk btrfs ratio at `compress=zstd:1` (uncompressed / on-disk, compsize) for the
    /// closest measured data type, when one exists (compsize, measured on Linux 6.18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zstd1: Option<f64>,
    /// The same at `zstd:3` (compsize, measured on Linux 6.18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zstd3: Option<f64>,
    /// What the ratios were measured on and where they come from.
    pub basis: String,
}

/// Compressibility class. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompressClass {
    /// About 3.5x and more: source code, logs (compsize, measured on Linux 6.18).
    High,
    /// About 2–2.5x: binaries, OLTP database pages (compsize, measured on Linux 6.18).
    Medium,
    /// Already compressed by the application (little left).
    Low,
    /// Already-compressed data: media, archives (1.0x, compsize, measured on Linux 6.18).
    None,
    /// Parts of each (e.g. build caches holding tarballs and binaries).
    Mixed,
    /// Not measured.
    Unknown,
}

/// How costly losing the data is. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Durability {
    /// Caches and build output: rebuilt or re-downloaded.
    Low,
    /// Costly but possible to recreate (the Nix store, logs, settings).
    Medium,
    /// Irreplaceable (databases, VM disks, media).
    High,
}

/// Why workload data in the TOML format is not acceptable.
#[derive(Debug, thiserror::Error)]
pub enum WorkloadTableError {
    /// Not valid TOML, or a field has the wrong type / an unknown name.
    #[error("workload table does not parse: {0}")]
    Toml(#[from] toml::de::Error),
    /// A content check failed.
    #[error("workload {workload:?}: {problem}")]
    Invalid {
        /// The workload name (or `"*"` for table-wide problems).
        workload: String,
        /// What is wrong.
        problem: String,
    },
}

/// A workload name that is not in the vocabulary; its message lists the known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownWorkload {
    /// The name as given.
    pub name: String,
    /// The known names.
    pub known: Vec<&'static str>,
}

impl fmt::Display for UnknownWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown workload {:?}; known workloads: {}",
            self.name,
            self.known.join(", ")
        )
    }
}

impl WorkloadTable {
    /// Parse and check table data in the `workloads.toml` format.
    ///
    /// Checks: exactly the [`VOCABULARY`] names, each once; non-empty description and
    /// `*_why` texts; at least one source per workload; no text cites private notes (the
    /// word `DOMAIN` or a bare fact number like `F27`); rootful paths absolute (or
    /// `<project>/…` when per-project), rootless paths start with `~/` or `<project>/`; `per-project` origin exactly for
    /// `<project>/` paths; compression ratios ≥ 1.
    pub fn from_toml(text: &str) -> Result<WorkloadTable, WorkloadTableError> {
        let table: WorkloadTable = toml::from_str(text)?;
        table.check()?;
        Ok(table)
    }

    fn check(&self) -> Result<(), WorkloadTableError> {
        let bad = |w: &str, p: String| WorkloadTableError::Invalid {
            workload: w.to_string(),
            problem: p,
        };
        let mut seen = HashSet::new();
        for w in &self.workloads {
            let n = w.name.as_str();
            if !VOCABULARY.contains(&n) {
                return Err(bad(n, "not in the vocabulary".into()));
            }
            if !seen.insert(n) {
                return Err(bad(n, "listed twice".into()));
            }
            for (field, text) in [
                ("description", &w.description),
                ("snapshots_why", &w.snapshots_why),
                ("separate_subvolume_why", &w.separate_subvolume_why),
                ("nocow_why", &w.nocow_why),
                ("compressibility.basis", &w.compressibility.basis),
            ] {
                if text.trim().is_empty() {
                    return Err(bad(n, format!("empty {field}")));
                }
            }
            if w.sources.iter().all(|s| s.trim().is_empty()) {
                return Err(bad(n, "no sources".into()));
            }
            let texts = [
                &w.description,
                &w.snapshots_why,
                &w.separate_subvolume_why,
                &w.nocow_why,
                &w.compressibility.basis,
            ]
            .into_iter()
            .chain(&w.notes)
            .chain(&w.sources)
            .chain(w.all_paths().flat_map(|p| [&p.what, &p.source]));
            for t in texts {
                if cites_private_notes(t) {
                    return Err(bad(
                        n,
                        format!("{t:?} cites private notes, not a public source"),
                    ));
                }
            }
            for (rootless, p) in w
                .paths
                .iter()
                .map(|p| (false, p))
                .chain(w.rootless_paths.iter().map(|p| (true, p)))
            {
                let per_project = p.path.starts_with("<project>/");
                let shape_ok = if rootless {
                    p.path.starts_with("~/") || per_project
                } else {
                    p.path.starts_with('/') || per_project
                };
                if !shape_ok {
                    return Err(bad(n, format!("path {:?} has the wrong shape", p.path)));
                }
                if per_project != (p.origin == PathOrigin::PerProject) {
                    return Err(bad(
                        n,
                        format!(
                            "path {:?}: origin per-project iff it starts with <project>/",
                            p.path
                        ),
                    ));
                }
                if p.source.trim().is_empty() || p.what.trim().is_empty() {
                    return Err(bad(n, format!("path {:?} lacks what/source", p.path)));
                }
            }
            for r in [w.compressibility.zstd1, w.compressibility.zstd3]
                .into_iter()
                .flatten()
            {
                if !(r.is_finite() && r >= 1.0) {
                    return Err(bad(n, format!("compression ratio {r} below 1")));
                }
            }
        }
        if let Some(missing) = VOCABULARY.iter().find(|v| !seen.contains(*v)) {
            return Err(bad(missing, "missing from the table".into()));
        }
        Ok(())
    }

    /// The workload called `name`.
    pub fn get(&self, name: &str) -> Option<&Workload> {
        self.workloads.iter().find(|w| w.name == name)
    }

    /// All names, in table order.
    pub fn names(&self) -> Vec<&str> {
        self.workloads.iter().map(|w| w.name.as_str()).collect()
    }
}

/// True for text a user cannot look up: the word `DOMAIN` (the team's notebook) or a bare
/// fact number such as `F27` (not `F2FS`).
fn cites_private_notes(text: &str) -> bool {
    text.contains("DOMAIN")
        || text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|w| {
                w.len() > 1 && w.starts_with('F') && w[1..].bytes().all(|b| b.is_ascii_digit())
            })
}

static TABLE: LazyLock<WorkloadTable> = LazyLock::new(|| {
    // Compiled in and checked by a unit test, so it cannot fail at run time.
    WorkloadTable::from_toml(WORKLOADS_TOML).expect("embedded src/generate/workloads.toml is valid")
});

/// The built-in table, parsed from the embedded `workloads.toml` on first use.
pub fn table() -> &'static WorkloadTable {
    &TABLE
}

/// The built-in workload called `name` (exact, lowercase vocabulary name).
pub fn get(name: &str) -> Option<&'static Workload> {
    table().get(name)
}

/// All built-in workload names, in table order.
pub fn names() -> Vec<&'static str> {
    table().names()
}

/// Like [`get`], but an unknown name is an error listing the known names (what the host
/// spec reader reports).
pub fn lookup(name: &str) -> Result<&'static Workload, UnknownWorkload> {
    get(name).ok_or_else(|| UnknownWorkload {
        name: name.to_string(),
        known: names(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_covers_the_vocabulary() {
        let t = WorkloadTable::from_toml(WORKLOADS_TOML).unwrap();
        assert_eq!(t.names(), VOCABULARY);
        assert_eq!(names(), VOCABULARY);
    }

    #[test]
    fn every_workload_has_sources() {
        for w in &table().workloads {
            assert!(!w.sources.is_empty(), "{}", w.name);
            assert!(
                w.sources
                    .iter()
                    .any(|s| s.starts_with("https://") || s.starts_with("verified on Linux")),
                "{}: no URL or kernel test",
                w.name
            );
            for p in w.all_paths() {
                assert!(!p.source.is_empty(), "{} {}", w.name, p.path);
            }
        }
    }

    #[test]
    fn claims_match_their_domain_facts() {
        // NOCOW candidates cite the fragmentation measurement or the libvirt-list advice.
        for name in ["postgresql", "mysql", "mariadb", "etcd", "vm-images"] {
            let w = get(name).unwrap();
            assert!(w.nocow_candidate && w.cow_sensitive, "{name}");
            assert!(w.cites("pgbench") || w.cites("libvir-list"), "{name}");
        }
        // Container storage: separate, never snapshotted (snapshots are not recursive).
        for name in ["podman", "docker"] {
            let w = get(name).unwrap();
            assert!(w.separate_subvolume && !w.snapshots_useful, "{name}");
            assert!(w.cites("Subvolumes.html"), "{name}");
        }
        let podman = get("podman").unwrap();
        assert_eq!(podman.paths[0].path, "/var/lib/containers/storage");
        assert_eq!(
            podman.rootless_paths[0].path,
            "~/.local/share/containers/storage"
        );
        assert_eq!(
            get("media").unwrap().compressibility.class,
            CompressClass::None
        );
        assert_eq!(get("logs-heavy").unwrap().compressibility.zstd1, Some(4.0));
        assert_eq!(get("mongodb").unwrap().paths[0].path, "/var/db/mongodb");
        for w in &table().workloads {
            for p in w.all_paths() {
                if p.origin == PathOrigin::Convention {
                    assert!(!p.what.is_empty(), "{}", w.name);
                }
            }
        }
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let e = lookup("postgres").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("\"postgres\"")
                && msg.contains("postgresql")
                && msg.contains("logs-heavy")
        );
        assert!(lookup("cargo").is_ok());
    }

    #[test]
    fn checks_reject_bad_tables() {
        let one = |extra: &str| {
            let mut t = WORKLOADS_TOML.to_string();
            t.push_str(extra);
            WorkloadTable::from_toml(&t)
        };
        // A duplicate of an existing workload.
        let dup = "\n[[workload]]\nname = \"npm\"\ndescription = \"x\"\npaths = []\nrootless_paths = []\n\
                   io = { pattern = \"mixed\", read_write = \"mixed\", file_sizes = \"mixed\" }\n\
                   compressibility = { class = \"unknown\", basis = \"x\" }\ncow_sensitive = false\n\
                   durability = \"low\"\nsnapshots_useful = false\nsnapshots_why = \"x\"\n\
                   separate_subvolume = false\nseparate_subvolume_why = \"x\"\nnocow_candidate = false\n\
                   nocow_why = \"x\"\nsources = [\"https://x.org/a\"]\n";
        assert!(matches!(one(dup), Err(WorkloadTableError::Invalid { .. })));
        // Unknown field.
        assert!(matches!(
            WorkloadTable::from_toml(&WORKLOADS_TOML.replacen(
                "cow_sensitive = true",
                "cow_sensitiv = true",
                1
            )),
            Err(WorkloadTableError::Toml(_))
        ));
        // No sources: empty the sqlite row's list.
        let start = WORKLOADS_TOML.find("name = \"sqlite\"").unwrap();
        let list = start + WORKLOADS_TOML[start..].find("sources = [").unwrap();
        let end = list + WORKLOADS_TOML[list..].find("\n]").unwrap() + 2;
        let nosrc = format!(
            "{}sources = []{}",
            &WORKLOADS_TOML[..list],
            &WORKLOADS_TOML[end..]
        );
        assert!(matches!(
            WorkloadTable::from_toml(&nosrc),
            Err(WorkloadTableError::Invalid { ref workload, ref problem })
                if workload == "sqlite" && problem == "no sources"
        ));
        // A source or a text that cites private notes instead of a public source.
        for (from, to) in [
            ("\"https://github.com/facebook/zstd\"", "\"DOMAIN F51\""),
            ("(btrfs docs, Compression)", "(F13)"),
        ] {
            let private = WORKLOADS_TOML.replacen(from, to, 1);
            assert_ne!(private, WORKLOADS_TOML, "{from} not in the table");
            assert!(matches!(
                WorkloadTable::from_toml(&private),
                Err(WorkloadTableError::Invalid { ref problem, .. }) if problem.contains("private notes")
            ));
        }
        // F2FS is a name, not a fact number.
        assert!(!cites_private_notes("F2FS, EF00, 0xF1") && cites_private_notes("see F27."));
        // A rootless path without ~.
        let badpath = WORKLOADS_TOML.replacen("\"~/.npm\"", "\"/root/.npm\"", 1);
        assert!(WorkloadTable::from_toml(&badpath).is_err());
    }
}
