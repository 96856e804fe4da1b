//! Per-file captures: `lsattr [-d]` (attribute flags) and `filefrag` (extent counts).

use serde::Serialize;

use super::num::parse_u64;

/// One `lsattr` line: `---------------C------ /var/lib/postgresql`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileAttrs {
    /// The path as printed (may contain spaces).
    pub path: String,
    /// The flag field as printed (22 positions in e2fsprogs 1.47, fewer in older ones).
    pub flags: String,
    /// `C`: No_COW (nodatacow; also no checksums and no compression). Set on a directory,
    /// it applies to files created in it afterwards.
    pub nocow: bool,
    /// `c`: compress (`chattr +c` or `btrfs property set … compression`).
    pub compress: bool,
    /// `m`: do not compress.
    pub nocompress: bool,
}

/// One `filefrag` summary line: `/var/lib/db/16397: 48213 extents found`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileExtents {
    /// The path as printed.
    pub path: String,
    /// Number of extents (`1 extent found` → 1).
    pub extents: u64,
}

fn lsattr_line(line: &str) -> Option<FileAttrs> {
    let (flags, path) = line.split_once(' ')?;
    let path = path.trim_end_matches(['\r', '\n']);
    if !(4..=40).contains(&flags.len())
        || !flags.bytes().all(|b| b == b'-' || b.is_ascii_alphabetic())
        || !flags.contains('-')
        || path.trim().is_empty()
    {
        return None;
    }
    Some(FileAttrs {
        path: path.to_string(),
        flags: flags.to_string(),
        nocow: flags.contains('C'),
        compress: flags.contains('c'),
        nocompress: flags.contains('m'),
    })
}

/// `lsattr -R` prints `/dir:` headers and blank lines between directories.
fn lsattr_noise(t: &str) -> bool {
    t.is_empty() || (t.ends_with(':') && !t.contains(' '))
}

/// Whether `text` looks like `lsattr` output: every other line is a flag field and a path.
pub(crate) fn detect_lsattr(text: &str) -> bool {
    let (mut good, mut all) = (0usize, 0usize);
    for line in text.lines() {
        if lsattr_noise(line.trim()) {
            continue;
        }
        all += 1;
        if lsattr_line(line).is_some() {
            good += 1;
        }
    }
    good > 0 && good * 4 >= all * 3
}

/// Parse `lsattr` output.
pub(crate) fn parse_lsattr(text: &str) -> Vec<FileAttrs> {
    text.lines().filter_map(lsattr_line).collect()
}

fn filefrag_line(line: &str) -> Option<FileExtents> {
    let line = line.trim_end();
    let cut = line
        .rfind(" extents found")
        .or_else(|| line.rfind(" extent found"))?;
    let head = &line[..cut];
    let sep = head.rfind(": ")?;
    let extents = parse_u64(&head[sep + 2..])?;
    let path = &head[..sep];
    if path.is_empty() {
        return None;
    }
    Some(FileExtents {
        path: path.to_string(),
        extents,
    })
}

/// Whether `text` holds `filefrag` summary lines (`-v` detail lines around them are fine).
pub(crate) fn detect_filefrag(text: &str) -> bool {
    text.lines().any(|l| filefrag_line(l).is_some())
}

/// Parse the `N extents found` lines of `filefrag` output.
pub(crate) fn parse_filefrag(text: &str) -> Vec<FileExtents> {
    text.lines().filter_map(filefrag_line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_str!(concat!("../../../tests/fixtures/metrics/", $name))
        };
    }

    #[test]
    fn lsattr_directory() {
        let a = parse_lsattr(fixture!("lsattr-d.nodatacow-dir.txt"));
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].path, "/var/lib/postgresql/16/main");
        assert_eq!(a[0].flags.len(), 22);
        assert!(a[0].nocow && !a[0].compress && !a[0].nocompress);
    }

    #[test]
    fn lsattr_files_with_each_flag() {
        let a = parse_lsattr(fixture!("lsattr.mixed-files.txt"));
        assert_eq!(a.len(), 5);
        assert_eq!(a[0].path, "/var/lib/libvirt/my images/win11.raw");
        assert!(a[0].nocow);
        assert!(a[1].compress && !a[1].nocow);
        assert!(a[2].nocompress && !a[2].compress);
        assert!(!a[3].nocow && !a[3].compress && !a[3].nocompress);
        assert!(a[4].nocow);
    }

    #[test]
    fn lsattr_short_flag_field() {
        let a = parse_lsattr(fixture!("lsattr.short-flag-field.txt"));
        assert_eq!(a.len(), 2);
        assert!(a[0].nocow);
        assert!(!a[1].nocow);
    }

    #[test]
    fn lsattr_recursive_headers() {
        let text =
            "/srv:\n---------------C------ /srv/a\n\n/srv/b:\n---------------------- /srv/b/c\n";
        assert!(detect_lsattr(text));
        assert_eq!(parse_lsattr(text).len(), 2);
        assert!(!detect_lsattr("compression=zstd\n"));
        assert!(!detect_lsattr("-- ---------- -----\n1 2 3\n"));
    }

    #[test]
    fn filefrag_counts() {
        let f = parse_filefrag(fixture!("filefrag.db-files.txt"));
        assert_eq!(f.len(), 4);
        assert_eq!(f[0].extents, 48213);
        assert_eq!(f[2].path, "/var/lib/libvirt/my images/win11.raw");
        assert_eq!(f[2].extents, 1);
        assert_eq!(f[3].path, "/srv/odd: name.db");
        assert_eq!(f[3].extents, 7);
    }

    #[test]
    fn filefrag_verbose() {
        let text = fixture!("filefrag-v.txt");
        assert!(detect_filefrag(text));
        let f = parse_filefrag(text);
        assert_eq!(
            f,
            [FileExtents {
                path: "/var/lib/machines/db.img".into(),
                extents: 2
            }]
        );
        let old = "/a: 5 extents found, perfection would be 1 extent\n";
        assert_eq!(parse_filefrag(old)[0].extents, 5);
    }
}
