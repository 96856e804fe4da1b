//! What `compress` / `compress-force` options end up as in the kernel (btrfs docs, Compression;
//! `tests/kernel.rs::dl106_compression_levels_are_clamped`).
//!
//! Syntax: `compress`, `compress=ALG`, `compress=ALG:LEVEL`, same for `compress-force`.
//! ALG is `zlib` (levels 1..9, default 3), `lzo` (no levels: a level is accepted and
//! ignored), `zstd` (1..15, default 3; -15..-1 since kernel 6.15) or `no`/`none` (off).
//! Level 0 means the default. A bare `compress` means zlib:3. Out-of-range levels are
//! clamped silently (verified on 6.18: `zstd:16` → 15, `zstd:-16` → -15, `zlib:10` → 9,
//! `zlib:-1` → 1, `zstd:0` → 3). Source: ch-compression.rst, ch-mount-options.rst,
//! linux `fs/btrfs/compression.c` (`btrfs_compress_str2level`).

use serde::Serialize;

use super::{KernelVersion, split_option};

/// First kernel accepting negative (fast) zstd levels (btrfs docs, Compression). Older kernels parse the
/// level as unsigned, fail, and silently use the default level 3 instead.
pub const NEGATIVE_ZSTD_SINCE: KernelVersion = KernelVersion::new(6, 15);

/// The meaning of one `compress*` option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compression {
    /// `compress-force` rather than `compress`.
    pub force: bool,
    /// The algorithm as written; `None` for a bare `compress` (which means zlib).
    pub algorithm: Option<String>,
    /// The level as written, when it is a number (`zstd:-3` → `Some(-3)`).
    pub level: Option<i32>,
    /// The algorithm the kernel uses: `"zlib"`, `"lzo"`, `"zstd"` or `"none"`; for an
    /// invalid algorithm the text as written (then `valid` is false).
    pub effective_algorithm: String,
    /// The level the kernel uses after defaults and clamping; `None` for lzo, none and
    /// invalid input. This is what mountinfo shows (`compress=zstd:3`).
    pub effective_level: Option<i32>,
    /// The written level was outside the algorithm's range and was clamped silently.
    pub clamped: bool,
    /// A level was given for lzo, which has none: it is accepted and ignored.
    pub level_ignored: bool,
    /// The effective level needs at least this kernel (6.15 for negative zstd levels).
    pub needs_kernel: Option<KernelVersion>,
    /// False when a current kernel refuses the mount (unknown algorithm, non-numeric
    /// level, empty value, a level on `no`/`none`); verified on 6.18.
    pub valid: bool,
    /// Why the option is not valid.
    pub problem: Option<String>,
}

impl Compression {
    /// The option as the kernel shows it in mountinfo, e.g. `compress-force=zstd:15` or
    /// `compress=lzo`; `None` when compression is off or the option is invalid.
    pub fn canonical(&self) -> Option<String> {
        if !self.valid || self.effective_algorithm == "none" {
            return None;
        }
        let name = if self.force {
            "compress-force"
        } else {
            "compress"
        };
        Some(match self.effective_level {
            Some(l) => format!("{name}={}:{l}", self.effective_algorithm),
            None => format!("{name}={}", self.effective_algorithm),
        })
    }

    /// True when the option turns compression on (a valid algorithm other than none).
    pub fn enabled(&self) -> bool {
        self.valid && self.effective_algorithm != "none"
    }
}

/// (min, max, default) level of an algorithm on current kernels.
fn level_range(alg: &str) -> Option<(i32, i32, i32)> {
    match alg {
        "zlib" => Some((1, 9, 3)),
        "zstd" => Some((-15, 15, 3)),
        _ => None,
    }
}

/// Parse a level like the kernel's `kstrtoint(s, 10)`: optional sign, decimal digits.
fn parse_level(s: &str) -> Option<i32> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// Interpret a raw `compress*` option. `None` when the option is not `compress` or
/// `compress-force`; invalid values give `Some` with `valid: false` and a `problem`.
pub fn parse_compression(raw: &str) -> Option<Compression> {
    let (name, value) = split_option(raw);
    let force = match name {
        "compress" => false,
        "compress-force" => true,
        _ => return None,
    };
    let mut c = Compression {
        force,
        algorithm: None,
        level: None,
        effective_algorithm: "zlib".to_string(),
        effective_level: Some(3),
        clamped: false,
        level_ignored: false,
        needs_kernel: None,
        valid: true,
        problem: None,
    };
    let Some(value) = value else {
        return Some(c); // bare: zlib:3
    };
    let invalid = |mut c: Compression, alg: &str, problem: String| {
        c.effective_algorithm = alg.to_string();
        c.effective_level = None;
        c.valid = false;
        c.problem = Some(problem);
        c
    };
    if value.is_empty() {
        return Some(invalid(
            c,
            "",
            format!("`{name}=` needs an algorithm (zlib, lzo, zstd or no)"),
        ));
    }
    let (alg, level_text) = match value.split_once(':') {
        Some((a, l)) => (a, Some(l)),
        None => (value, None),
    };
    c.algorithm = Some(alg.to_string());
    c.level = level_text.and_then(parse_level);
    if !super::suggest::ALGORITHMS.contains(&alg) {
        let problem =
            format!("unknown compression algorithm {alg:?} (expected zlib, lzo, zstd or no)");
        return Some(invalid(c, alg, problem));
    }
    let alg = if alg == "no" { "none" } else { alg };
    if let Some(text) = level_text {
        if alg == "none" {
            return Some(invalid(
                c,
                alg,
                format!("`{value}`: `no`/`none` takes no level"),
            ));
        }
        if c.level.is_none() {
            let problem = format!(
                "compression level {text:?} is not a number: current kernels refuse the mount, \
                 older ones silently used the default level"
            );
            return Some(invalid(c, alg, problem));
        }
    }
    c.effective_algorithm = alg.to_string();
    match (alg, level_range(alg)) {
        ("none", _) => c.effective_level = None,
        ("lzo", _) => {
            c.effective_level = None;
            c.level_ignored = c.level.is_some();
        }
        (_, Some((min, max, default))) => {
            let eff = match c.level {
                None | Some(0) => default,
                Some(l) => l.clamp(min, max),
            };
            c.clamped = c.level.is_some_and(|l| l != 0 && l != eff);
            c.effective_level = Some(eff);
            if eff < 0 {
                c.needs_kernel = Some(NEGATIVE_ZSTD_SINCE);
            }
        }
        _ => {}
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eff(raw: &str) -> (String, Option<i32>, bool) {
        let c = parse_compression(raw).expect("a compress option");
        (c.effective_algorithm, c.effective_level, c.clamped)
    }

    #[test]
    fn not_a_compress_option() {
        assert!(parse_compression("noatime").is_none());
        assert!(parse_compression("compression=zstd").is_none());
        assert!(parse_compression("nocompress").is_none());
    }

    #[test]
    fn bare_compress_is_zlib_3() {
        let c = parse_compression("compress").expect("compress");
        assert_eq!(c.algorithm, None);
        assert_eq!(
            (c.effective_algorithm.as_str(), c.effective_level),
            ("zlib", Some(3))
        );
        assert!(!c.force && c.valid && !c.clamped);
        assert_eq!(c.canonical().as_deref(), Some("compress=zlib:3"));
        let f = parse_compression("compress-force").expect("compress-force");
        assert!(f.force);
        assert_eq!(f.canonical().as_deref(), Some("compress-force=zlib:3"));
    }

    #[test]
    fn defaults_and_levels_f9() {
        assert_eq!(eff("compress=zstd"), ("zstd".into(), Some(3), false));
        assert_eq!(eff("compress=zstd:1"), ("zstd".into(), Some(1), false));
        assert_eq!(eff("compress=zstd:15"), ("zstd".into(), Some(15), false));
        assert_eq!(eff("compress=zstd:0"), ("zstd".into(), Some(3), false));
        assert_eq!(eff("compress=zlib"), ("zlib".into(), Some(3), false));
        assert_eq!(eff("compress=zlib:9"), ("zlib".into(), Some(9), false));
        assert_eq!(eff("compress=zlib:0"), ("zlib".into(), Some(3), false));
        assert_eq!(eff("compress=zstd:+3"), ("zstd".into(), Some(3), false));
        assert_eq!(eff("compress=zstd:015"), ("zstd".into(), Some(15), false));
    }

    #[test]
    fn clamping_f9() {
        assert_eq!(eff("compress=zstd:16"), ("zstd".into(), Some(15), true));
        assert_eq!(eff("compress=zstd:20"), ("zstd".into(), Some(15), true));
        assert_eq!(eff("compress=zstd:-16"), ("zstd".into(), Some(-15), true));
        assert_eq!(eff("compress=zstd:-100"), ("zstd".into(), Some(-15), true));
        assert_eq!(eff("compress=zlib:10"), ("zlib".into(), Some(9), true));
        assert_eq!(eff("compress=zlib:-1"), ("zlib".into(), Some(1), true));
        let c = parse_compression("compress-force=zstd:20").expect("c");
        assert_eq!(c.canonical().as_deref(), Some("compress-force=zstd:15"));
    }

    #[test]
    fn negative_zstd_needs_6_15() {
        let c = parse_compression("compress=zstd:-3").expect("c");
        assert_eq!(c.effective_level, Some(-3));
        assert!(!c.clamped && c.valid);
        assert_eq!(c.needs_kernel, Some(KernelVersion::new(6, 15)));
        let c = parse_compression("compress=zstd:-16").expect("c");
        assert_eq!(c.needs_kernel, Some(KernelVersion::new(6, 15)));
        assert_eq!(
            parse_compression("compress=zstd:3").and_then(|c| c.needs_kernel),
            None
        );
    }

    #[test]
    fn lzo_ignores_level() {
        let c = parse_compression("compress=lzo:3").expect("c");
        assert_eq!(
            (c.effective_algorithm.as_str(), c.effective_level),
            ("lzo", None)
        );
        assert!(c.level_ignored && c.valid && !c.clamped);
        assert_eq!(c.canonical().as_deref(), Some("compress=lzo"));
        assert!(!parse_compression("compress=lzo").expect("c").level_ignored);
    }

    #[test]
    fn off() {
        for raw in ["compress=no", "compress=none", "compress-force=no"] {
            let c = parse_compression(raw).expect("c");
            assert_eq!(c.effective_algorithm, "none", "{raw}");
            assert!(c.valid && !c.enabled(), "{raw}");
            assert_eq!(c.canonical(), None);
        }
    }

    #[test]
    fn invalid_values() {
        // All rejected by 6.18 ("failed to parse compression option" / "Bad value").
        for raw in [
            "compress=gzip",
            "compress=ZSTD",
            "compress=zstdx",
            "compress=zstd:",
            "compress=zstd:abc",
            "compress=zstd:3:4",
            "compress=none:3",
            "compress=",
            "compress=zlib:99999999999",
        ] {
            let c = parse_compression(raw).expect("c");
            assert!(!c.valid, "{raw} should be invalid");
            assert!(c.problem.is_some(), "{raw}");
            assert_eq!(c.effective_level, None, "{raw}");
            assert!(!c.enabled());
        }
        let c = parse_compression("compress=gzip:3").expect("c");
        assert_eq!(c.effective_algorithm, "gzip");
        assert_eq!(c.algorithm.as_deref(), Some("gzip"));
    }
}
