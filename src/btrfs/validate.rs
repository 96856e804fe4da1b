//! Kernel truth about one mount option: does the kernel accept it, and which value does it
//! end up with? Used by rules such as DL104 (removed options), DL105 (unknown options) and
//! DL106 (compression levels).

use serde::Serialize;

use super::{KernelVersion, OptionInfo, ValueKind, parse_compression, registry, split_option};

/// The kernel assumed when no target kernel is given: the newest one the registry's claims
/// were verified on.
pub const NEWEST_VERIFIED_KERNEL: KernelVersion = KernelVersion::new(6, 18);

/// What kind of problem [`validate_value`] found. Serialised in kebab-case
/// (`"unknown-option"`, `"level-clamped"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// Not a btrfs, VFS or userspace mount option: the kernel answers "Unknown parameter".
    UnknownOption,
    /// A value on an option that takes none (`noatime=1`).
    UnexpectedValue,
    /// No value on an option that needs one (`commit`, `subvol=`).
    MissingValue,
    /// Not a number (`commit=abc`); for sizes the kernel silently reads 0.
    InvalidNumber,
    /// A number outside the accepted range (`thread_pool=0`, `commit=-1`).
    OutOfRange,
    /// Accepted, but the kernel warns about it (`commit` above 300, btrfs docs, Mount options).
    AboveRecommended,
    /// Not one of the option's values (`discard=on`).
    InvalidEnumValue,
    /// An unusable `compress*` value (unknown algorithm, non-numeric level).
    InvalidCompression,
    /// A compression level outside its range, clamped silently
    /// (`tests/kernel.rs::dl106_compression_levels_are_clamped`).
    LevelClamped,
    /// A level on lzo, which has none; ignored (btrfs docs, Compression).
    LevelIgnored,
    /// The option or value needs a newer kernel than the target.
    NeedsNewerKernel,
    /// Deprecated: still accepted, with a warning; use the replacement.
    Deprecated,
    /// Removed: ignored, or (see `fails_mount`) refused by the kernel
    /// (`tests/kernel.rs::dl104_removed_options_fail_the_mount`).
    Removed,
    /// The option makes the mount fail under a condition that is almost always true
    /// (space_cache v1 on a free-space-tree filesystem,
    /// `tests/kernel.rs::dl104_space_cache_v1_fails_on_free_space_tree`; debug-only options).
    FailsMount,
    /// `rescue=a:b`: since 6.8 each value needs its own `rescue=` option.
    ColonList,
}

/// What a fix for a [`ValueProblem`] should do with the option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Suggestion {
    /// Replace the option's text with this text (`"space_cache=v2"`, `"compress=zstd:15"`).
    Replace(String),
    /// Drop the option.
    Remove,
}

/// One problem with one option, for a target kernel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueProblem {
    /// Machine-readable kind.
    pub kind: ProblemKind,
    /// The option name (text before `=`).
    pub option: String,
    /// True when the kernel refuses the mount because of this (EINVAL): an unbootable
    /// system if it is `/`. False for silent clamping, ignored values and warnings.
    pub fails_mount: bool,
    /// What is wrong, one sentence.
    pub message: String,
    /// A replacement, if one is known.
    pub suggestion: Option<Suggestion>,
    /// Where the fact comes from (the registry entry's source, or the kernel source).
    pub source: String,
}

const KERNEL_PARSER: &str =
    "linux fs/btrfs/super.c (btrfs_fs_parameters, btrfs_parse_param); verified on 6.18";

/// Check one raw option (`"compress=zstd:20"`, `"space_cache"`, `"commit=400"`) against
/// the registry for the target `kernel` (`None`: [`NEWEST_VERIFIED_KERNEL`]).
///
/// Reports unknown options (with a did-you-mean), values the kernel rejects (fails_mount),
/// values it clamps or ignores silently (compression levels), `commit` above 300
/// (accepted with a warning), deprecated and removed options for that kernel,
/// space_cache v1 / nospace_cache, and negative zstd levels before 6.15 (older
/// kernels silently use level 3). Userspace options (`nofail`, `x-systemd.*`) are never
/// checked. Order-dependent interactions between options (nodatacow/compress) are not this function's job.
/// Empty text gives no problems.
pub fn validate_value(raw: &str, kernel: Option<KernelVersion>) -> Vec<ValueProblem> {
    let k = kernel.unwrap_or(NEWEST_VERIFIED_KERNEL);
    let (name, value) = split_option(raw);
    let mut out = Vec::new();
    if name.is_empty() && value.is_none() {
        return out;
    }
    let Some(info) = registry().lookup(raw) else {
        out.push(ValueProblem {
            kind: ProblemKind::UnknownOption,
            option: name.to_string(),
            fails_mount: true,
            message: format!("unknown mount option {name:?}: the kernel refuses the mount (\"Unknown parameter\")"),
            suggestion: registry().suggest(raw).map(Suggestion::Replace),
            source: KERNEL_PARSER.to_string(),
        });
        return out;
    };
    if info.is_userspace() {
        return out;
    }
    let mut push = |kind, fails_mount, message: String, suggestion| {
        out.push(ValueProblem {
            kind,
            option: info.name.clone(),
            fails_mount,
            message,
            suggestion,
            source: info.source.clone(),
        });
    };
    if lifecycle(info, value, k, &mut push) {
        return out;
    }
    check_value(info, name, value, k, &mut push);
    out
}

type Push<'a> = dyn FnMut(ProblemKind, bool, String, Option<Suggestion>) + 'a;

fn replacement(info: &OptionInfo) -> Suggestion {
    info.replaced_by
        .clone()
        .map_or(Suggestion::Remove, Suggestion::Replace)
}

/// Since/deprecated/removed checks. Returns true when the option is refused outright, so
/// its value need not be looked at.
fn lifecycle(
    info: &OptionInfo,
    value: Option<&str>,
    k: KernelVersion,
    push: &mut Push<'_>,
) -> bool {
    let name = &info.name;
    if let Some(since) = info.since_kernel.filter(|&s| k < s) {
        push(
            ProblemKind::NeedsNewerKernel,
            true,
            format!("`{name}` needs kernel {since} or newer; kernel {k} refuses the mount"),
            None,
        );
        return true;
    }
    let rejected = info.rejected_kernel.is_some_and(|r| k >= r);
    let removed = info.removed_kernel.is_some_and(|r| k >= r);
    let instead = info
        .replaced_by
        .as_deref()
        .map(|r| format!("; use `{r}` instead"))
        .unwrap_or_default();
    if rejected {
        let when = info
            .removed_kernel
            .map(|r| format!(" in {r}"))
            .unwrap_or_default();
        push(
            ProblemKind::Removed,
            true,
            format!("`{name}` was removed{when}: kernel {k} refuses the mount{instead}"),
            Some(replacement(info)),
        );
        return true;
    }
    if removed {
        let r = info
            .removed_kernel
            .map(|r| r.to_string())
            .unwrap_or_default();
        push(
            ProblemKind::Removed,
            false,
            format!(
                "`{name}` has had no effect since kernel {r} (ignored with a warning){instead}"
            ),
            Some(replacement(info)),
        );
        return false;
    }
    if let Some(d) = info.deprecated_kernel.filter(|&d| k >= d) {
        push(
            ProblemKind::Deprecated,
            false,
            format!("`{name}` is deprecated since kernel {d}{instead}"),
            info.replaced_by.clone().map(Suggestion::Replace),
        );
    }
    // Options that fail under a (nearly always true) condition. For optional-enum options
    // the flag is about the bare form; values carry their own.
    let bare_form = value.is_none() || info.value != ValueKind::OptionalEnum;
    if info.fails_mount && info.rejected_kernel.is_none() && bare_form {
        let cond = info
            .fails_mount_condition
            .as_deref()
            .unwrap_or("on current kernels");
        push(
            ProblemKind::FailsMount,
            true,
            format!("`{}` makes the mount fail when {cond}", info.name),
            Some(Suggestion::Remove),
        );
        return true;
    }
    false
}

fn check_value(
    info: &OptionInfo,
    name: &str,
    value: Option<&str>,
    k: KernelVersion,
    push: &mut Push<'_>,
) {
    match info.value {
        ValueKind::Flag => {
            if let Some(v) = value {
                push(
                    ProblemKind::UnexpectedValue,
                    true,
                    format!("`{name}` takes no value, `{name}={v}` makes the mount fail"),
                    Some(Suggestion::Replace(name.to_string())),
                );
            }
        }
        ValueKind::Int => check_int(info, name, value, push),
        ValueKind::Size => match value {
            None | Some("") => missing(name, "a size in bytes", push),
            Some(v) if !is_size(v) => push(
                ProblemKind::InvalidNumber,
                false,
                format!(
                    "`{name}={v}` is not a size (bytes with an optional K/M/G suffix); the kernel reads it as 0"
                ),
                None,
            ),
            Some(_) => {}
        },
        ValueKind::String => {
            if value.is_none_or(str::is_empty) {
                missing(name, "a value", push);
            }
        }
        ValueKind::Enum | ValueKind::OptionalEnum => check_enum(info, name, value, k, push),
        ValueKind::Compress => check_compress(name, value, k, push),
    }
}

fn missing(name: &str, what: &str, push: &mut Push<'_>) {
    push(
        ProblemKind::MissingValue,
        true,
        format!("`{name}` needs {what} (`{name}=...`); without it the mount fails"),
        None,
    );
}

/// Bytes with an optional single K/M/G/T/P/E suffix (kernel `memparse`).
fn is_size(v: &str) -> bool {
    let digits = v
        .strip_suffix(|c: char| "kKmMgGtTpPeE".contains(c))
        .unwrap_or(v);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn check_int(info: &OptionInfo, name: &str, value: Option<&str>, push: &mut Push<'_>) {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return missing(name, "a number", push);
    };
    let digits = v.strip_prefix('+').unwrap_or(v);
    let negative = digits.starts_with('-')
        && digits.len() > 1
        && digits[1..].bytes().all(|b| b.is_ascii_digit());
    if !negative && (digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit())) {
        push(
            ProblemKind::InvalidNumber,
            true,
            format!("`{name}={v}` is not a number: the mount fails (\"Bad value\")"),
            None,
        );
        return;
    }
    // Digits only (maybe with '-'): compare as i128, saturating absurdly long numbers.
    let n: i128 = digits
        .parse()
        .unwrap_or(if negative { i128::MIN } else { i128::MAX });
    let min = i128::from(info.min.unwrap_or(0));
    let max = info.max.map_or(i128::from(u64::MAX), i128::from);
    if n < min || n > max {
        let hi = info
            .max
            .map_or_else(|| u64::MAX.to_string(), |m| m.to_string());
        push(
            ProblemKind::OutOfRange,
            true,
            format!("`{name}={v}` is outside {min}..={hi}: the mount fails"),
            None,
        );
        return;
    }
    if let Some(w) = info.warn_above.filter(|&w| n > i128::from(w)) {
        let default = info
            .default
            .as_deref()
            .map(|d| format!(" (default {d})"))
            .unwrap_or_default();
        push(
            ProblemKind::AboveRecommended,
            false,
            format!("`{name}={v}` is above {w}: accepted, but the kernel warns{default}"),
            None,
        );
    }
}

fn check_enum(
    info: &OptionInfo,
    name: &str,
    value: Option<&str>,
    k: KernelVersion,
    push: &mut Push<'_>,
) {
    let Some(v) = value else {
        if info.value == ValueKind::Enum {
            missing(name, "a value", push);
        }
        return;
    };
    if let (Some(until), true) = (info.colon_list_until_kernel, v.contains(':')) {
        if k >= until {
            let split = v
                .split(':')
                .map(|p| format!("{name}={p}"))
                .collect::<Vec<_>>()
                .join(",");
            push(
                ProblemKind::ColonList,
                true,
                format!(
                    "`{name}={v}`: since kernel {until} each value needs its own option ({split}); the mount fails"
                ),
                Some(Suggestion::Replace(split)),
            );
            return;
        }
        for part in v.split(':') {
            check_enum_value(info, name, part, k, push);
        }
        return;
    }
    check_enum_value(info, name, v, k, push);
}

fn check_enum_value(info: &OptionInfo, name: &str, v: &str, k: KernelVersion, push: &mut Push<'_>) {
    let Some(ev) = info.enum_value(v) else {
        let allowed = info
            .values
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        push(
            ProblemKind::InvalidEnumValue,
            true,
            format!("`{name}={v}` is not one of {allowed}: the mount fails (\"Bad value\")"),
            registry()
                .suggest(&format!("{name}={v}"))
                .map(Suggestion::Replace),
        );
        return;
    };
    if let Some(since) = ev.since_kernel.filter(|&s| k < s) {
        push(
            ProblemKind::NeedsNewerKernel,
            true,
            format!("`{name}={v}` needs kernel {since} or newer; kernel {k} refuses the mount"),
            None,
        );
    } else if let Some(r) = ev.removed_kernel.filter(|&r| k >= r) {
        push(
            ProblemKind::Removed,
            true,
            format!("`{name}={v}` was removed in kernel {r}: the mount fails"),
            Some(Suggestion::Remove),
        );
    } else if ev.fails_mount {
        let cond = info
            .fails_mount_condition
            .as_deref()
            .unwrap_or("on current kernels");
        push(
            ProblemKind::FailsMount,
            true,
            format!("`{name}={v}` makes the mount fail when {cond}"),
            Some(Suggestion::Remove),
        );
    }
}

fn check_compress(name: &str, value: Option<&str>, k: KernelVersion, push: &mut Push<'_>) {
    let raw = match value {
        Some(v) => format!("{name}={v}"),
        None => name.to_string(),
    };
    let Some(c) = parse_compression(&raw) else {
        return;
    };
    if !c.valid {
        let problem = c.problem.clone().unwrap_or_default();
        push(
            ProblemKind::InvalidCompression,
            true,
            format!("`{raw}`: {problem}; the mount fails"),
            registry().suggest(&raw).map(Suggestion::Replace),
        );
        return;
    }
    if let Some(needs) = c.needs_kernel.filter(|&n| k < n) {
        let fallback = if c.force {
            "compress-force"
        } else {
            "compress"
        };
        push(
            ProblemKind::NeedsNewerKernel,
            false,
            format!(
                "`{raw}`: negative zstd levels need kernel {needs}; kernel {k} cannot parse the level and silently uses zstd:3"
            ),
            Some(Suggestion::Replace(format!("{fallback}=zstd:1"))),
        );
        return;
    }
    if c.clamped {
        let canonical = c.canonical().unwrap_or_else(|| raw.clone());
        push(
            ProblemKind::LevelClamped,
            false,
            format!("`{raw}`: level out of range, the kernel silently uses `{canonical}`"),
            Some(Suggestion::Replace(canonical)),
        );
    }
    if c.level_ignored {
        let canonical = c.canonical().unwrap_or_else(|| raw.clone());
        push(
            ProblemKind::LevelIgnored,
            false,
            format!("`{raw}`: lzo has no levels, the level is ignored"),
            Some(Suggestion::Replace(canonical)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(raw: &str, k: Option<&str>) -> Vec<(ProblemKind, bool)> {
        let k = k.map(|s| s.parse().expect("kernel version"));
        validate_value(raw, k)
            .into_iter()
            .map(|p| (p.kind, p.fails_mount))
            .collect()
    }

    /// Asserts the problems (kind, fails the mount) `raw` has on kernel `k`.
    fn expect(raw: &str, k: Option<&str>, want: &[(ProblemKind, bool)]) {
        assert_eq!(kinds(raw, k), want, "{raw} on {k:?}");
    }

    fn suggestion(raw: &str) -> Option<Suggestion> {
        validate_value(raw, None)
            .into_iter()
            .find_map(|p| p.suggestion)
    }

    #[test]
    fn valid_options_have_no_problems() {
        for raw in [
            "compress=zstd:1",
            "compress=zstd",
            "compress-force=zstd:3",
            "compress",
            "compress=no",
            "noatime",
            "space_cache=v2",
            "discard=async",
            "discard",
            "nodiscard",
            "commit=120",
            "commit=0",
            "subvol=@home",
            "subvolid=256",
            "ssd",
            "rescue=ibadroots",
            "fatal_errors=panic",
            "max_inline=4k",
            "thread_pool=4",
            "nofail",
            "x-systemd.automount",
            "x-systemd.device-timeout=0",
            "X-mount.mkdir",
            "defaults",
            "lazytime",
            "norecovery",
            "",
        ] {
            expect(raw, None, &[]);
        }
    }

    #[test]
    fn unknown_options_fail_and_suggest() {
        expect("noatim", None, &[(ProblemKind::UnknownOption, true)]);
        assert_eq!(
            suggestion("noatim"),
            Some(Suggestion::Replace("noatime".into()))
        );
        assert_eq!(
            suggestion("compres=zstd"),
            Some(Suggestion::Replace("compress=zstd".into()))
        );
        expect(
            "errors=remount-ro",
            None,
            &[(ProblemKind::UnknownOption, true)],
        );
        assert_eq!(suggestion("errors=remount-ro"), None);
    }

    #[test]
    fn removed_options_f8() {
        // On current kernels (default 6.18) these fail the mount.
        for raw in [
            "inode_cache",
            "noinode_cache",
            "check_int",
            "check_int_data",
            "check_int_print_mask=1",
            "alloc_start=1G",
            "recovery",
            "subvolrootid=5",
            "nologreplay",
        ] {
            expect(raw, None, &[(ProblemKind::Removed, true)]);
        }
        assert_eq!(
            suggestion("recovery"),
            Some(Suggestion::Replace("rescue=usebackuproot".into()))
        );
        assert_eq!(suggestion("inode_cache"), Some(Suggestion::Remove));
        // inode_cache: no effect from 5.11, refused from 6.8.
        expect("inode_cache", Some("5.10"), &[]);
        expect(
            "inode_cache",
            Some("5.15"),
            &[(ProblemKind::Removed, false)],
        );
        expect("inode_cache", Some("6.8"), &[(ProblemKind::Removed, true)]);
        // check_int: refused from 6.7.
        expect("check_int", Some("6.6"), &[]);
        expect("check_int", Some("6.7"), &[(ProblemKind::Removed, true)]);
        // recovery: deprecated 4.5, refused 6.8.
        expect("recovery", Some("4.4"), &[]);
        expect("recovery", Some("6.1"), &[(ProblemKind::Deprecated, false)]);
        // usebackuproot: deprecated since 5.9, still accepted on 6.18.
        expect("usebackuproot", None, &[(ProblemKind::Deprecated, false)]);
        expect(
            "usebackuproot",
            Some("7.3"),
            &[(ProblemKind::Removed, true)],
        );
    }

    #[test]
    fn space_cache_f19() {
        expect("space_cache", None, &[(ProblemKind::FailsMount, true)]);
        expect("space_cache=v1", None, &[(ProblemKind::FailsMount, true)]);
        expect("nospace_cache", None, &[(ProblemKind::FailsMount, true)]);
        expect("space_cache=v2", None, &[]);
        assert_eq!(suggestion("space_cache=v1"), Some(Suggestion::Remove));
        expect(
            "space_cache=v3",
            None,
            &[(ProblemKind::InvalidEnumValue, true)],
        );
        assert_eq!(
            suggestion("space_cache=v3"),
            Some(Suggestion::Replace("space_cache=v2".into()))
        );
        expect(
            "space_cache=v2",
            Some("4.4"),
            &[(ProblemKind::NeedsNewerKernel, true)],
        );
    }

    #[test]
    fn ints() {
        // Above 300 is accepted with a warning (btrfs docs, Mount options: commit).
        expect(
            "commit=400",
            None,
            &[(ProblemKind::AboveRecommended, false)],
        );
        expect("commit=300", None, &[]);
        expect("commit=abc", None, &[(ProblemKind::InvalidNumber, true)]);
        expect("commit=-1", None, &[(ProblemKind::OutOfRange, true)]);
        expect(
            "commit=4294967296",
            None,
            &[(ProblemKind::OutOfRange, true)],
        );
        expect(
            "commit=99999999999999999999999999999999999999999",
            None,
            &[(ProblemKind::OutOfRange, true)],
        );
        expect("commit", None, &[(ProblemKind::MissingValue, true)]);
        expect(
            "commit=60",
            Some("3.11"),
            &[(ProblemKind::NeedsNewerKernel, true)],
        );
        expect("thread_pool=0", None, &[(ProblemKind::OutOfRange, true)]);
        expect("subvolid=abc", None, &[(ProblemKind::InvalidNumber, true)]);
        expect("subvolid=18446744073709551615", None, &[]);
        expect(
            "subvolid=18446744073709551616",
            None,
            &[(ProblemKind::OutOfRange, true)],
        );
        expect(
            "max_inline=abc",
            None,
            &[(ProblemKind::InvalidNumber, false)],
        );
    }

    #[test]
    fn flags_and_strings() {
        expect("noatime=1", None, &[(ProblemKind::UnexpectedValue, true)]);
        expect("acl=1", None, &[(ProblemKind::UnexpectedValue, true)]);
        expect("subvol=", None, &[(ProblemKind::MissingValue, true)]);
        expect("subvol", None, &[(ProblemKind::MissingValue, true)]);
    }

    #[test]
    fn enums_and_discard() {
        expect("discard", None, &[]);
        expect("discard=sync", None, &[]);
        expect(
            "discard=async",
            Some("5.4"),
            &[(ProblemKind::NeedsNewerKernel, true)],
        );
        expect("discard=on", None, &[(ProblemKind::InvalidEnumValue, true)]);
        expect(
            "discard=ASYNC",
            None,
            &[(ProblemKind::InvalidEnumValue, true)],
        );
        assert_eq!(
            suggestion("discard=ASYNC"),
            Some(Suggestion::Replace("discard=async".into()))
        );
        expect("fatal_errors", None, &[(ProblemKind::MissingValue, true)]);
        expect(
            "fatal_errors=foo",
            None,
            &[(ProblemKind::InvalidEnumValue, true)],
        );
        expect(
            "rescue=ignoremetacsums",
            Some("6.11"),
            &[(ProblemKind::NeedsNewerKernel, true)],
        );
        expect("rescue=imetacsums", Some("6.12"), &[]);
        expect(
            "rescue=nologreplay:ibadroots",
            None,
            &[(ProblemKind::ColonList, true)],
        );
        assert_eq!(
            suggestion("rescue=nologreplay:ibadroots"),
            Some(Suggestion::Replace(
                "rescue=nologreplay,rescue=ibadroots".into()
            ))
        );
        expect("rescue=nologreplay:ibadroots", Some("6.1"), &[]);
        expect(
            "rescue=nologreplay:bogus",
            Some("6.1"),
            &[(ProblemKind::InvalidEnumValue, true)],
        );
        expect("fragment=data", None, &[(ProblemKind::FailsMount, true)]);
    }

    #[test]
    fn compression_problems_f9() {
        expect(
            "compress=zstd:16",
            None,
            &[(ProblemKind::LevelClamped, false)],
        );
        assert_eq!(
            suggestion("compress=zstd:16"),
            Some(Suggestion::Replace("compress=zstd:15".into()))
        );
        assert_eq!(
            suggestion("compress=zlib:10"),
            Some(Suggestion::Replace("compress=zlib:9".into()))
        );
        assert_eq!(
            suggestion("compress-force=zstd:-16"),
            Some(Suggestion::Replace("compress-force=zstd:-15".into()))
        );
        expect(
            "compress=zstd:-16",
            None,
            &[(ProblemKind::LevelClamped, false)],
        );
        expect("compress=zstd:-3", None, &[]);
        expect(
            "compress=zstd:-3",
            Some("6.14"),
            &[(ProblemKind::NeedsNewerKernel, false)],
        );
        expect("compress=zstd:-3", Some("6.15"), &[]);
        expect(
            "compress=lzo:3",
            None,
            &[(ProblemKind::LevelIgnored, false)],
        );
        assert_eq!(
            suggestion("compress=lzo:3"),
            Some(Suggestion::Replace("compress=lzo".into()))
        );
        expect(
            "compress=gzip",
            None,
            &[(ProblemKind::InvalidCompression, true)],
        );
        assert_eq!(
            suggestion("compress=zsdt:3"),
            Some(Suggestion::Replace("compress=zstd:3".into()))
        );
        expect(
            "compress=zstd:abc",
            None,
            &[(ProblemKind::InvalidCompression, true)],
        );
        expect("compress=zstd:0", None, &[]);
    }

    #[test]
    fn userspace_and_prefixes_are_not_checked() {
        for raw in [
            "x-systemd.requires=foo.service",
            "X-mount.owner=1000",
            "x-gvfs-show",
            "x-initrd.mount",
            "comment=x",
            "_netdev",
            "noauto",
        ] {
            expect(raw, Some("3.0"), &[]);
        }
    }

    #[test]
    fn problems_carry_sources_and_messages() {
        for raw in [
            "space_cache",
            "commit=400",
            "compress=zstd:20",
            "bogus",
            "inode_cache",
        ] {
            for p in validate_value(raw, None) {
                assert!(
                    !p.source.is_empty() && !p.message.is_empty(),
                    "{raw}: {p:?}"
                );
            }
        }
        let j = serde_json::to_value(validate_value("space_cache=v1", None)).expect("json");
        assert_eq!(j[0]["kind"], "fails-mount");
        assert_eq!(j[0]["suggestion"], "remove");
    }
}
