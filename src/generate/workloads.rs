//! The workload table: for each name of the host-spec vocabulary (`[host] workloads = […]`),
//! where the workload keeps its data, how it does I/O, and what that means for a btrfs
//! layout (COW sensitivity, compressibility, durability, snapshots, subvolume, NOCOW), each
//! row with its sources.
//!
//! The facts live in `workloads.toml` beside this file (compiled in, parsed once by
//! [`table`]); this module only types and checks them. Claims come from `DOMAIN.md` (cited
//! as `"DOMAIN F27"`) or from upstream defaults (nixpkgs module options, upstream docs);
//! inferences say so in [`Workload::notes`] or in the `*_why` texts.
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
    /// Random in-place rewrites that fragment under COW (DOMAIN F27, F30).
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
    /// Whether NOCOW (`chattr +C` on the empty directory/subvolume, DOMAIN F14) is the
    /// recommended default for its data paths, priority permitting.
    pub nocow_candidate: bool,
    /// The reason and the cost (checksums, compression) of [`Workload::nocow_candidate`].
    pub nocow_why: String,
    /// Further facts; inferences start with or contain `"Inference:"`.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Where the row's claims come from: `"DOMAIN F<n>"` references, URLs, upstream files.
    pub sources: Vec<String>,
}

impl Workload {
    /// Rootful then rootless paths.
    pub fn all_paths(&self) -> impl Iterator<Item = &WorkloadPath> {
        self.paths.iter().chain(&self.rootless_paths)
    }

    /// The `DOMAIN F<n>` numbers among [`Workload::sources`], e.g. `[27, 28, 30]`.
    pub fn domain_facts(&self) -> Vec<u32> {
        self.sources
            .iter()
            .filter_map(|s| s.strip_prefix("DOMAIN F")?.parse().ok())
            .collect()
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
    /// COW (DOMAIN F27).
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
    /// closest measured data type, when one exists (DOMAIN F51).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zstd1: Option<f64>,
    /// The same at `zstd:3` (DOMAIN F51).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zstd3: Option<f64>,
    /// What the ratios were measured on and where they come from.
    pub basis: String,
}

/// Compressibility class. Serialised in kebab-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompressClass {
    /// About 3.5x and more: source code, logs (DOMAIN F51).
    High,
    /// About 2–2.5x: binaries, OLTP database pages (DOMAIN F51).
    Medium,
    /// Already compressed by the application (little left).
    Low,
    /// Already-compressed data: media, archives (1.0x, DOMAIN F51).
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
    /// `*_why` texts; at least one source per workload, and every `"DOMAIN …"` source of the
    /// form `DOMAIN F<n>`; rootful paths absolute (or `<project>/…` when per-project),
    /// rootless paths start with `~/` or `<project>/`; `per-project` origin exactly for
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
            for s in &w.sources {
                if s.starts_with("DOMAIN")
                    && s.strip_prefix("DOMAIN F")
                        .and_then(|x| x.parse::<u32>().ok())
                        .is_none()
                {
                    return Err(bad(n, format!("source {s:?} is not \"DOMAIN F<n>\"")));
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
                    .any(|s| s.starts_with("DOMAIN F") || s.starts_with("https://")),
                "{}: no DOMAIN fact or URL",
                w.name
            );
            for p in w.all_paths() {
                assert!(!p.source.is_empty(), "{} {}", w.name, p.path);
            }
        }
    }

    #[test]
    fn claims_match_their_domain_facts() {
        // NOCOW candidates named by DOMAIN F30 cite it.
        for name in ["postgresql", "mysql", "mariadb", "etcd", "vm-images"] {
            let w = get(name).unwrap();
            assert!(w.nocow_candidate && w.cow_sensitive, "{name}");
            assert!(
                w.domain_facts().contains(&30) || w.domain_facts().contains(&27),
                "{name}"
            );
        }
        // Container storage: separate, never snapshotted (F34).
        for name in ["podman", "docker"] {
            let w = get(name).unwrap();
            assert!(w.separate_subvolume && !w.snapshots_useful, "{name}");
            assert!(w.domain_facts().contains(&34), "{name}");
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
                   nocow_why = \"x\"\nsources = [\"DOMAIN F1\"]\n";
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
        // No sources.
        let nosrc = WORKLOADS_TOML.replacen(
            "sources = [\n  \"DOMAIN F14\", \"DOMAIN F27\", \"DOMAIN F30\", \"DOMAIN F31\", \"DOMAIN F51\",\n]",
            "sources = []",
            1,
        );
        assert_ne!(
            nosrc, WORKLOADS_TOML,
            "the sqlite sources line moved; update this test"
        );
        assert!(matches!(
            WorkloadTable::from_toml(&nosrc),
            Err(WorkloadTableError::Invalid { ref problem, .. }) if problem == "no sources"
        ));
        // A rootless path without ~.
        let badpath = WORKLOADS_TOML.replacen("\"~/.npm\"", "\"/root/.npm\"", 1);
        assert!(WorkloadTable::from_toml(&badpath).is_err());
    }
}
