//! The btrfs mount-option registry: what each mount option means, where it applies and
//! which kernels accept it, as data with sources.
//!
//! The facts live in `options.toml` (compiled into the binary); this module parses that file
//! once and answers questions about raw option strings as they appear in a disko
//! `mountOptions` list, e.g. `"compress=zstd:3"`, `"noatime"`, `"x-systemd.automount"`.
//!
//! * [`registry`] / [`Registry::lookup`]: the [`OptionInfo`] for a raw option.
//! * [`parse_option`]: split a raw option into name and value, with its info.
//! * [`parse_compression`]: what `compress*=ALG[:LEVEL]` ends up as in the kernel (btrfs docs, Compression).
//! * [`effective_flags`]: what a whole option list leaves of copy-on-write, data checksums
//!   and compression, parsed left to right as the kernel does.
//! * [`validate_value`]: problems with one option for a target kernel (removed options,
//!   out-of-range values, bad enum values, mount failures).
//! * [`Registry::suggest`]: did-you-mean for unknown options.
//!
//! Nothing here does IO; every answer is derived from the embedded data.

mod compression;
mod flags;
mod suggest;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

pub use compression::{Compression, NEGATIVE_ZSTD_SINCE, parse_compression};
pub use flags::{DataFlag, DataFlags, ItemEffect, effective_flags};
pub use suggest::edit_distance;
pub use validate::{NEWEST_VERIFIED_KERNEL, ProblemKind, Suggestion, ValueProblem, validate_value};

/// The embedded registry data (`src/btrfs/options.toml`).
pub const OPTIONS_TOML: &str = include_str!("options.toml");

/// Where a mount option takes effect.
///
/// Serialised as `"filesystem"`, `"mount"`, `"superblock"`, `"subvolume-selector"`,
/// `"userspace"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// btrfs-specific and shared by every mount of the filesystem: only the first mount's
    /// value counts, later mounts silently ignore theirs
    /// (`tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume`).
    Filesystem,
    /// Generic VFS per-mount flag (`ro`, `noatime`, `nosuid`, ...): may differ per
    /// subvolume mount (btrfs docs, Subvolumes).
    Mount,
    /// Generic VFS flag kept in the superblock (`lazytime`, `sync`, `dirsync`, SELinux
    /// contexts): like filesystem options, only the first mount's value counts
    /// (`tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume`).
    Superblock,
    /// `subvol=` / `subvolid=`: selects which subvolume is mounted.
    SubvolumeSelector,
    /// Consumed by mount(8), systemd or other userspace tools; never reaches the kernel
    /// (`nofail`, `noauto`, `x-systemd.*`, `X-mount.*`, ...).
    Userspace,
}

/// The syntax of an option's value.
///
/// Serialised as `"flag"`, `"int"`, `"size"`, `"string"`, `"compress"`, `"enum"`,
/// `"optional-enum"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    /// No value: `noatime`. A value (`noatime=1`) makes the mount fail.
    Flag,
    /// Unsigned decimal integer, limited by [`OptionInfo::min`] / [`OptionInfo::max`]:
    /// `commit=120`.
    Int,
    /// Byte count with an optional K/M/G/T/P/E suffix (kernel `memparse`): `max_inline=4k`.
    Size,
    /// Free text: `subvol=@home`, `device=/dev/sda2`.
    String,
    /// `compress` syntax: bare, or `ALG[:LEVEL]` (see [`parse_compression`]).
    Compress,
    /// One of [`OptionInfo::values`]: `fatal_errors=panic`. A value is required.
    Enum,
    /// Bare, or one of [`OptionInfo::values`]: `discard` / `discard=async`.
    OptionalEnum,
}

/// A kernel release `major.minor` (patch levels are ignored). Ordered; parsed from and
/// serialised to text like `"6.12"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KernelVersion {
    /// Major number, e.g. `6` in 6.12.
    pub major: u32,
    /// Minor number, e.g. `12` in 6.12.
    pub minor: u32,
}

impl KernelVersion {
    /// `KernelVersion::new(6, 15)` is 6.15.
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }
}

impl fmt::Display for KernelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Why a text is not a kernel version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a kernel version (expected MAJOR.MINOR, e.g. \"6.12\"): {0:?}")]
pub struct KernelVersionError(pub String);

impl FromStr for KernelVersion {
    type Err = KernelVersionError;

    /// Accepts `"6"`, `"6.12"`, `"6.12.3"`, `"6.12-rc1"`, `"6.12.3-zen1"` and a leading
    /// `v`; only major and minor are kept.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || KernelVersionError(s.to_string());
        let t = s.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        // "6.12.3-zen1" -> "6.12.3"
        let numeric = t.split(['-', '+', '_', ' ']).next().unwrap_or_default();
        let mut parts = numeric.split('.');
        let mut number = |required: bool| -> Result<u32, KernelVersionError> {
            match parts.next() {
                None if !required => Ok(0),
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map_err(|_| err())
                }
                _ => Err(err()),
            }
        };
        let major = number(true)?;
        let minor = number(false)?;
        Ok(Self { major, minor })
    }
}

impl TryFrom<String> for KernelVersion {
    type Error = KernelVersionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl Serialize for KernelVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KernelVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One accepted value of an [`ValueKind::Enum`] / [`ValueKind::OptionalEnum`] option,
/// e.g. `async` of `discard=async` or `ignorebadroots` of `rescue=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value as the kernel prints it in mountinfo, e.g. `"ignorebadroots"`.
    pub name: String,
    /// Other spellings the kernel accepts, e.g. `["ibadroots"]`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// First kernel that accepts this value; older ones fail the mount.
    #[serde(default)]
    pub since_kernel: Option<KernelVersion>,
    /// First kernel that no longer accepts this value.
    #[serde(default)]
    pub removed_kernel: Option<KernelVersion>,
    /// Using this value makes the mount fail on a current kernel (condition in
    /// [`OptionInfo::fails_mount_condition`]), e.g. `space_cache=v1`.
    #[serde(default)]
    pub fails_mount: bool,
    /// One line for humans.
    #[serde(default)]
    pub note: Option<String>,
}

impl EnumValue {
    /// True when `v` is this value's name or one of its aliases (case-sensitive, like the
    /// kernel).
    pub fn matches(&self, v: &str) -> bool {
        self.name == v || self.aliases.iter().any(|a| a == v)
    }
}

/// Everything the registry knows about one mount option name.
///
/// Field meanings and the data's sources are described at the top of `options.toml`;
/// `source` names where each entry's facts come from (a URL, a kernel source file or
/// commit, a `tests/kernel.rs` test, or "verified on 6.18"), never private notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionInfo {
    /// Option name, the text before `=` (`"compress"`, `"noatime"`). For prefix entries
    /// ([`OptionInfo::prefix`]) the prefix, e.g. `"x-systemd."`.
    pub name: String,
    /// True for entries that match every option starting with `name` (`x-`, `X-`,
    /// `x-systemd.`, `X-mount.`, `x-gvfs-`).
    #[serde(default)]
    pub prefix: bool,
    /// Where the option takes effect.
    pub scope: Scope,
    /// Value syntax.
    pub value: ValueKind,
    /// Accepted values of enum / optional-enum options; empty otherwise.
    #[serde(default)]
    pub values: Vec<EnumValue>,
    /// Smallest accepted integer ([`ValueKind::Int`]); smaller values fail the mount.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest accepted integer ([`ValueKind::Int`]); larger values fail the mount.
    /// `None`: up to `u64::MAX`.
    #[serde(default)]
    pub max: Option<i64>,
    /// Integers above this are accepted, but the kernel warns (`commit` > 300, btrfs docs, Mount options).
    #[serde(default)]
    pub warn_above: Option<i64>,
    /// The kernel default, as text (`"30"`, `"v2"`, `"on"`).
    #[serde(default)]
    pub default: Option<String>,
    /// The default in [`OptionInfo::default`] holds since this kernel (`discard=async`: 6.2).
    #[serde(default)]
    pub default_since_kernel: Option<KernelVersion>,
    /// Mutually exclusive family (`"atime"`, `"compression"`, `"space-cache"`): the last
    /// option of a group in a list wins.
    #[serde(default)]
    pub group: Option<String>,
    /// The option that undoes this one (`ssd` / `nossd`).
    #[serde(default)]
    pub negation: Option<String>,
    /// Options this one switches on as well (`nodatacow` implies `nodatasum`).
    #[serde(default)]
    pub implies: Vec<String>,
    /// Options this one switches off, so their relative order decides the result
    /// (`nodatacow` disables `compress`, `tests/kernel.rs::dl103_nodatacow_and_compress_last_one_wins`).
    #[serde(default)]
    pub disables: Vec<String>,
    /// Options the kernel requires beside this one (`rescue=` needs `ro`).
    #[serde(default)]
    pub requires: Vec<String>,
    /// Several occurrences accumulate (`rescue=a,rescue=b`, `device=`) instead of the last
    /// one winning.
    #[serde(default)]
    pub repeatable: bool,
    /// Until this kernel the value could be a `:`-separated list (`rescue=a:b`); since it,
    /// such a list fails the mount.
    #[serde(default)]
    pub colon_list_until_kernel: Option<KernelVersion>,
    /// First kernel that accepts the option.
    #[serde(default)]
    pub since_kernel: Option<KernelVersion>,
    /// Kernel since which the option is deprecated (still accepted, with a warning).
    #[serde(default)]
    pub deprecated_kernel: Option<KernelVersion>,
    /// Kernel in which the functionality was removed per the documentation (the option may
    /// still be accepted and ignored until [`OptionInfo::rejected_kernel`]).
    #[serde(default)]
    pub removed_kernel: Option<KernelVersion>,
    /// First kernel on which using the option makes the mount fail (EINVAL).
    #[serde(default)]
    pub rejected_kernel: Option<KernelVersion>,
    /// What to use instead (`"rescue=usebackuproot"`).
    #[serde(default)]
    pub replaced_by: Option<String>,
    /// The option makes a mount on a current kernel fail. For optional-enum options this is
    /// about the bare form; each value has its own [`EnumValue::fails_mount`].
    #[serde(default)]
    pub fails_mount: bool,
    /// When `fails_mount` depends on the filesystem or kernel build, the condition as text
    /// (`space_cache`: the filesystem has a free space tree).
    #[serde(default)]
    pub fails_mount_condition: Option<String>,
    /// Free-form markers: `debug`, `rescue`, `one-shot` (acts at mount time only),
    /// `risky`, `selinux`, `deprecated`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where the facts come from (URLs, kernel sources and commits, `tests/kernel.rs` tests).
    pub source: String,
    /// One line for humans.
    #[serde(default)]
    pub note: Option<String>,
}

impl OptionInfo {
    /// True when the option carries `tag` in [`OptionInfo::tags`].
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// The [`EnumValue`] matching `v` (by name or alias), if this is an enum option.
    pub fn enum_value(&self, v: &str) -> Option<&EnumValue> {
        self.values.iter().find(|e| e.matches(v))
    }

    /// True for options that never reach the kernel.
    pub fn is_userspace(&self) -> bool {
        self.scope == Scope::Userspace
    }
}

/// Why registry data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The TOML text does not parse or does not match the schema.
    #[error("options.toml: {0}")]
    Toml(#[from] toml::de::Error),
    /// The data parses but is inconsistent (duplicate names, dangling references, ...).
    #[error("options.toml: option {option:?}: {problem}")]
    Invalid {
        /// The offending entry.
        option: String,
        /// What is wrong with it.
        problem: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    option: Vec<OptionInfo>,
}

/// The set of known mount options. Get the built-in one with [`registry`].
#[derive(Debug, Clone)]
pub struct Registry {
    options: Vec<OptionInfo>,
    by_name: HashMap<String, usize>,
    /// Indices of prefix entries, longest prefix first.
    prefixes: Vec<usize>,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    // The data is compiled in and checked by a unit test, so it cannot fail at run time.
    Registry::from_toml(OPTIONS_TOML).expect("embedded src/btrfs/options.toml is valid")
});

/// The built-in registry, parsed from the embedded `options.toml` on first use.
pub fn registry() -> &'static Registry {
    &REGISTRY
}

impl Registry {
    /// Parse and check registry data in the `options.toml` format.
    ///
    /// Checks: unique names; `negation`, `implies`, `disables` and `requires` name known
    /// options; enum options have values and others have none; int limits only on ints;
    /// every entry has a source.
    ///
    /// # Errors
    ///
    /// [`RegistryError::Toml`] when the text is not valid TOML for the schema,
    /// [`RegistryError::Invalid`] when the data is inconsistent.
    pub fn from_toml(text: &str) -> Result<Self, RegistryError> {
        let file: RegistryFile = toml::from_str(text)?;
        Self::from_options(file.option)
    }

    /// Parse only the `[[option]]` entries of registry text, unchecked: for registries
    /// assembled from several files (`crate::mount_options`), checked together by
    /// [`Registry::from_options`].
    ///
    /// # Errors
    ///
    /// [`RegistryError::Toml`] when the text is not valid TOML for the schema.
    pub fn options_from_toml(text: &str) -> Result<Vec<OptionInfo>, RegistryError> {
        let file: RegistryFile = toml::from_str(text)?;
        Ok(file.option)
    }

    /// A registry of these entries, with the checks of [`Registry::from_toml`].
    ///
    /// # Errors
    ///
    /// [`RegistryError::Invalid`] when the data is inconsistent.
    pub fn from_options(options: Vec<OptionInfo>) -> Result<Self, RegistryError> {
        let mut by_name = HashMap::new();
        let mut prefixes = Vec::new();
        for (i, o) in options.iter().enumerate() {
            let invalid = |problem: &str| RegistryError::Invalid {
                option: o.name.clone(),
                problem: problem.to_string(),
            };
            if o.name.is_empty() {
                return Err(invalid("empty name"));
            }
            if by_name.insert(o.name.clone(), i).is_some() {
                return Err(invalid("duplicate name"));
            }
            if o.prefix {
                prefixes.push(i);
            }
            if o.source.trim().is_empty() {
                return Err(invalid("missing source"));
            }
            let is_enum = matches!(o.value, ValueKind::Enum | ValueKind::OptionalEnum);
            if is_enum == o.values.is_empty() {
                return Err(invalid(
                    "enum options need values, other kinds must have none",
                ));
            }
            if o.value != ValueKind::Int
                && (o.min.is_some() || o.max.is_some() || o.warn_above.is_some())
            {
                return Err(invalid("min/max/warn_above only apply to int options"));
            }
        }
        for o in &options {
            let refs = o
                .negation
                .iter()
                .chain(&o.implies)
                .chain(&o.disables)
                .chain(&o.requires);
            for r in refs {
                if !by_name.contains_key(r) {
                    return Err(RegistryError::Invalid {
                        option: o.name.clone(),
                        problem: format!("refers to unknown option {r:?}"),
                    });
                }
            }
        }
        prefixes.sort_by_key(|&i| std::cmp::Reverse(options[i].name.len()));
        Ok(Self {
            options,
            by_name,
            prefixes,
        })
    }

    /// The entry for a raw option as written in a mount option list: `"compress=zstd:3"`
    /// → `compress`, `"noatime"` → `noatime`, `"x-systemd.automount"` → the `x-systemd.`
    /// prefix entry. Leading/trailing whitespace is ignored; names are case-sensitive,
    /// like the kernel. `None` for unknown options and empty text.
    pub fn lookup(&self, raw_option: &str) -> Option<&OptionInfo> {
        let (name, _) = split_option(raw_option);
        if name.is_empty() {
            return None;
        }
        self.get(name).or_else(|| {
            self.prefixes
                .iter()
                .map(|&i| &self.options[i])
                .find(|o| name.starts_with(o.name.as_str()))
        })
    }

    /// The entry whose name is exactly `name` (no value, no prefix matching).
    pub fn get(&self, name: &str) -> Option<&OptionInfo> {
        self.by_name.get(name).map(|&i| &self.options[i])
    }

    /// Every entry, in `options.toml` order.
    pub fn all(&self) -> impl Iterator<Item = &OptionInfo> {
        self.options.iter()
    }

    /// Did-you-mean for an unknown or misspelt option, as a replacement for the whole raw
    /// text: `"noatim"` → `"noatime"`, `"compres=zstd"` → `"compress=zstd"`,
    /// `"discard=asnyc"` → `"discard=async"`, `"compress=zsdt:3"` → `"compress=zstd:3"`,
    /// `"NOATIME"` → `"noatime"`. `None` when nothing is close enough (edit distance at
    /// most 1 for names up to 4 characters, 2 up to 8, else 3) or the text is already valid.
    pub fn suggest(&self, unknown: &str) -> Option<String> {
        suggest::suggest(self, unknown)
    }

    /// True when `a` and `b` cannot both take effect, so the later one wins: negations
    /// (`ssd` / `nossd`), members of one group (`noatime` / `relatime`,
    /// `compress` / `compress-force`), or one non-repeatable option with two different
    /// values (`compress=zstd` / `compress=lzo`). Identical options are duplicates, not
    /// contradictions (false). Unknown options never contradict.
    pub fn contradicts(&self, a: &str, b: &str) -> bool {
        let (Some(ia), Some(ib)) = (self.lookup(a), self.lookup(b)) else {
            return false;
        };
        if ia.name == ib.name {
            return !ia.repeatable && !ia.prefix && split_option(a).1 != split_option(b).1;
        }
        let negates = ia.negation.as_deref() == Some(ib.name.as_str())
            || ib.negation.as_deref() == Some(ia.name.as_str());
        let same_group = ia.group.is_some() && ia.group == ib.group;
        negates || same_group
    }
}

/// Split raw option text at the first `=`: `"compress=zstd:3"` → `("compress",
/// Some("zstd:3"))`, `"noatime"` → `("noatime", None)`, `"subvol="` → `("subvol",
/// Some(""))`. Surrounding whitespace is trimmed.
pub fn split_option(raw: &str) -> (&str, Option<&str>) {
    let t = raw.trim();
    match t.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (t, None),
    }
}

/// A raw option split into name and value, with its registry entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedOption {
    /// The text as given (untrimmed).
    pub raw: String,
    /// The name, before the first `=` (`"compress"`, `"x-systemd.automount"`).
    pub name: String,
    /// The text after the first `=`, if there is one (`Some("zstd:3")`, `Some("")` for
    /// `"subvol="`).
    pub value: Option<String>,
    /// The registry entry (for `x-*` options the prefix entry); `None` if unknown.
    pub info: Option<&'static OptionInfo>,
}

impl ParsedOption {
    /// True when the registry knows the option.
    pub fn is_known(&self) -> bool {
        self.info.is_some()
    }

    /// The option's scope, if known.
    pub fn scope(&self) -> Option<Scope> {
        self.info.map(|i| i.scope)
    }
}

/// Split a raw option and look it up in the built-in [`registry`]. Never fails: unknown
/// options get `info: None`.
pub fn parse_option(raw: &str) -> ParsedOption {
    let (name, value) = split_option(raw);
    ParsedOption {
        raw: raw.to_string(),
        name: name.to_string(),
        value: value.map(str::to_string),
        info: registry().lookup(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_registry_parses() {
        let r = Registry::from_toml(OPTIONS_TOML).expect("options.toml must be valid");
        assert!(r.all().count() > 90, "registry looks truncated");
        // registry() uses the same data.
        assert_eq!(registry().all().count(), r.all().count());
    }

    #[test]
    fn every_entry_has_a_source_and_note() {
        for o in registry().all() {
            assert!(!o.source.trim().is_empty(), "{} has no source", o.name);
            assert!(o.note.is_some(), "{} has no note", o.name);
        }
    }

    #[test]
    fn covers_the_btrfs_mount_option_list() {
        // ch-mount-options.rst, including deprecated options and the "no" forms.
        let names = [
            "acl",
            "noacl",
            "autodefrag",
            "noautodefrag",
            "barrier",
            "nobarrier",
            "check_int",
            "check_int_data",
            "check_int_print_mask",
            "clear_cache",
            "commit",
            "compress",
            "compress-force",
            "datacow",
            "nodatacow",
            "datasum",
            "nodatasum",
            "degraded",
            "device",
            "discard",
            "nodiscard",
            "enospc_debug",
            "noenospc_debug",
            "fatal_errors",
            "flushoncommit",
            "noflushoncommit",
            "fragment",
            "inode_cache",
            "noinode_cache",
            "max_inline",
            "metadata_ratio",
            "norecovery",
            "nologreplay",
            "rescan_uuid_tree",
            "rescue",
            "skip_balance",
            "space_cache",
            "nospace_cache",
            "ssd",
            "ssd_spread",
            "nossd",
            "nossd_spread",
            "subvol",
            "subvolid",
            "thread_pool",
            "treelog",
            "notreelog",
            "usebackuproot",
            "user_subvol_rm_allowed",
            "alloc_start",
            "recovery",
        ];
        for n in names {
            let o = registry().get(n).unwrap_or_else(|| panic!("{n} missing"));
            assert!(
                matches!(o.scope, Scope::Filesystem | Scope::SubvolumeSelector),
                "{n} should be btrfs-specific"
            );
        }
    }

    #[test]
    fn scope_examples() {
        let r = registry();
        let scope = |raw: &str| r.lookup(raw).map(|o| o.scope);
        // btrfs-specific options are filesystem-wide (tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume).
        for raw in [
            "compress=zstd:1",
            "compress-force=zstd",
            "nodatacow",
            "autodefrag",
            "space_cache=v2",
            "commit=60",
            "ssd",
            "discard=async",
        ] {
            assert_eq!(scope(raw), Some(Scope::Filesystem), "{raw}");
        }
        // Generic VFS per-mount flags (btrfs docs, Subvolumes).
        for raw in [
            "ro",
            "rw",
            "noatime",
            "relatime",
            "strictatime",
            "nodiratime",
            "atime",
            "diratime",
            "nosuid",
            "suid",
            "nodev",
            "dev",
            "noexec",
            "exec",
            "defaults",
        ] {
            assert_eq!(scope(raw), Some(Scope::Mount), "{raw}");
        }
        // lazytime lives in the superblock (tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume); sync/dirsync too (verified on 6.18).
        for raw in ["lazytime", "nolazytime", "sync", "dirsync"] {
            assert_eq!(scope(raw), Some(Scope::Superblock), "{raw}");
        }
        assert_eq!(scope("subvol=@home"), Some(Scope::SubvolumeSelector));
        assert_eq!(scope("subvolid=256"), Some(Scope::SubvolumeSelector));
        for raw in [
            "nofail",
            "noauto",
            "auto",
            "user",
            "users",
            "nouser",
            "owner",
            "group",
            "_netdev",
            "comment=x",
            "x-systemd.automount",
            "x-systemd.device-timeout=5s",
            "x-initrd.mount",
            "X-mount.mkdir",
            "x-gvfs-show",
            "x-anything",
            "X-whatever=1",
        ] {
            assert_eq!(scope(raw), Some(Scope::Userspace), "{raw}");
        }
    }

    #[test]
    fn lookup_strips_values_and_prefers_exact_names() {
        let r = registry();
        assert_eq!(
            r.lookup("compress=zstd:3").map(|o| o.name.as_str()),
            Some("compress")
        );
        assert_eq!(
            r.lookup("  noatime ").map(|o| o.name.as_str()),
            Some("noatime")
        );
        assert_eq!(
            r.lookup("x-systemd.automount").map(|o| o.name.as_str()),
            Some("x-systemd.")
        );
        assert_eq!(
            r.lookup("x-initrd.mount").map(|o| o.name.as_str()),
            Some("x-initrd.mount")
        );
        assert_eq!(
            r.lookup("X-mount.mkdir=0755").map(|o| o.name.as_str()),
            Some("X-mount.")
        );
        assert_eq!(r.lookup("x-foo").map(|o| o.name.as_str()), Some("x-"));
        assert!(r.lookup("errors=remount-ro").is_none());
        assert!(
            r.lookup("NOATIME").is_none(),
            "case-sensitive like the kernel"
        );
        assert!(r.lookup("").is_none());
        assert!(r.lookup("=zstd").is_none());
    }

    #[test]
    fn parse_option_splits() {
        let p = parse_option("compress=zstd:3");
        assert_eq!(p.name, "compress");
        assert_eq!(p.value.as_deref(), Some("zstd:3"));
        assert_eq!(p.info.map(|i| i.scope), Some(Scope::Filesystem));
        let p = parse_option("noatime");
        assert_eq!((p.name.as_str(), p.value.as_deref()), ("noatime", None));
        let p = parse_option("subvol=");
        assert_eq!(p.value.as_deref(), Some(""));
        let p = parse_option("bogus=1=2");
        assert_eq!(
            (p.name.as_str(), p.value.as_deref(), p.is_known()),
            ("bogus", Some("1=2"), false)
        );
    }

    #[test]
    fn negations_groups_and_contradictions() {
        let r = registry();
        for (a, b) in [
            ("ssd", "nossd"),
            ("datacow", "nodatacow"),
            ("acl", "noacl"),
            ("barrier", "nobarrier"),
            ("discard", "nodiscard"),
            ("autodefrag", "noautodefrag"),
            ("datasum", "nodatasum"),
            ("treelog", "notreelog"),
        ] {
            assert_eq!(r.get(a).and_then(|o| o.negation.as_deref()), Some(b), "{a}");
            assert_eq!(r.get(b).and_then(|o| o.negation.as_deref()), Some(a), "{b}");
            assert!(r.contradicts(a, b));
        }
        for n in ["noatime", "relatime", "strictatime", "atime"] {
            assert_eq!(
                r.get(n).and_then(|o| o.group.as_deref()),
                Some("atime"),
                "{n}"
            );
        }
        assert!(r.contradicts("noatime", "relatime"));
        assert!(r.contradicts("compress=zstd", "compress=lzo"));
        assert!(r.contradicts("compress=zstd", "compress-force=zstd"));
        assert!(!r.contradicts("compress=zstd", "compress=zstd"));
        assert!(!r.contradicts("rescue=nologreplay", "rescue=ibadroots"));
        assert!(!r.contradicts("noatime", "nodiratime"));
        assert!(!r.contradicts("noatime", "bogus"));
        assert!(
            r.get("nodatacow")
                .is_some_and(|o| o.disables.iter().any(|d| d == "compress"))
        );
        assert!(
            r.get("noatime")
                .is_some_and(|o| o.implies.iter().any(|d| d == "nodiratime"))
        );
    }

    #[test]
    fn kernel_versions() {
        let v: KernelVersion = "6.12".parse().expect("6.12");
        assert_eq!(v, KernelVersion::new(6, 12));
        assert_eq!(
            "6.12.3".parse::<KernelVersion>().ok(),
            Some(KernelVersion::new(6, 12))
        );
        assert_eq!(
            "v6.1-rc2".parse::<KernelVersion>().ok(),
            Some(KernelVersion::new(6, 1))
        );
        assert_eq!(
            "6.18.44-fc-v657".parse::<KernelVersion>().ok(),
            Some(KernelVersion::new(6, 18))
        );
        assert_eq!(
            "7".parse::<KernelVersion>().ok(),
            Some(KernelVersion::new(7, 0))
        );
        assert!("".parse::<KernelVersion>().is_err());
        assert!("six".parse::<KernelVersion>().is_err());
        assert!("6.x".parse::<KernelVersion>().is_err());
        assert!(KernelVersion::new(6, 9) < KernelVersion::new(6, 15));
        assert!(KernelVersion::new(5, 19) < KernelVersion::new(6, 0));
        assert_eq!(KernelVersion::new(6, 2).to_string(), "6.2");
    }

    #[test]
    fn serialises_to_json() {
        let o = registry().get("discard").expect("discard");
        let j = serde_json::to_value(o).expect("json");
        assert_eq!(j["scope"], "filesystem");
        assert_eq!(j["value"], "optional-enum");
        assert_eq!(j["default_since_kernel"], "6.2");
        let p = serde_json::to_value(parse_option("subvol=@")).expect("json");
        assert_eq!(p["info"]["scope"], "subvolume-selector");
    }

    #[test]
    fn rejects_inconsistent_data() {
        let dup = "[[option]]\nname='a'\nscope='mount'\nvalue='flag'\nsource='x'\n[[option]]\nname='a'\nscope='mount'\nvalue='flag'\nsource='x'\n";
        assert!(matches!(
            Registry::from_toml(dup),
            Err(RegistryError::Invalid { .. })
        ));
        let dangling =
            "[[option]]\nname='a'\nscope='mount'\nvalue='flag'\nnegation='b'\nsource='x'\n";
        assert!(matches!(
            Registry::from_toml(dangling),
            Err(RegistryError::Invalid { .. })
        ));
        let enum_without_values = "[[option]]\nname='a'\nscope='mount'\nvalue='enum'\nsource='x'\n";
        assert!(Registry::from_toml(enum_without_values).is_err());
        assert!(matches!(
            Registry::from_toml("[[option]]\nname=1"),
            Err(RegistryError::Toml(_))
        ));
    }
}
