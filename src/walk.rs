//! Finding the files to check.
//!
//! Directories are walked with `walkdir` without following symlinks; hidden entries, `.git`,
//! `result*` (nix-build outputs) and cache directories (`CACHEDIR.TAG`) are skipped; each file is listed once. Inside a
//! directory, a `.nix` file is a disko config when its name contains `disko` or its text
//! mentions both `disko` and `devices` (a byte search before any parsing). Files named on
//! the command line are always checked.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file to check.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The path as it will be displayed.
    pub path: PathBuf,
    /// True when named on the command line.
    pub explicit: bool,
}

/// A path that could not be walked.
#[derive(Debug)]
pub struct WalkError {
    /// The path.
    pub path: PathBuf,
    /// Why.
    pub message: String,
}

/// Builds a matcher for `exclude` globs (relative to the current directory).
pub fn exclude_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("bad exclude pattern `{p}`: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

fn excluded(set: &GlobSet, p: &Path) -> bool {
    let p = p.strip_prefix("./").unwrap_or(p);
    set.is_match(p) || p.file_name().is_some_and(|n| set.is_match(n))
}

/// True for a directory tagged as a cache (`CACHEDIR.TAG`, the Cache Directory Tagging
/// convention that cargo's `target/` and other build tools follow): nothing in it is source.
pub fn is_cache_dir(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir() && e.path().join("CACHEDIR.TAG").is_file()
}

/// Lists the files to check under `paths`. `force_exclude` applies `exclude` to explicit
/// files too.
pub fn collect(
    paths: &[PathBuf],
    exclude: &GlobSet,
    force_exclude: bool,
) -> (Vec<Candidate>, Vec<WalkError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut push = |path: PathBuf, explicit: bool, out: &mut Vec<Candidate>| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            out.push(Candidate { path, explicit });
        }
    };
    for root in paths {
        let meta = match std::fs::symlink_metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(WalkError {
                    path: root.clone(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let is_dir = meta.is_dir() || (meta.file_type().is_symlink() && root.is_dir());
        if !is_dir {
            if !(force_exclude && excluded(exclude, root)) {
                push(root.clone(), true, &mut out);
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        let walker = walker.filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            let hidden = name.starts_with('.') || name == "node_modules";
            let nix_result = e.path_is_symlink() && name.starts_with("result");
            !hidden && !nix_result && !is_cache_dir(e) && !excluded(exclude, e.path())
        });
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_file()
                        && e.path().extension().is_some_and(|x| x == "nix")
                        && is_disko_file(e.path())
                    {
                        push(e.into_path(), false, &mut out);
                    }
                }
                Err(e) => errors.push(WalkError {
                    path: e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone()),
                    message: e.to_string(),
                }),
            }
        }
    }
    (out, errors)
}

/// The cheap pre-parse test for files found in directories.
pub fn is_disko_file(path: &Path) -> bool {
    if path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().contains("disko"))
    {
        return true;
    }
    match std::fs::read(path) {
        Ok(bytes) => contains(&bytes, b"disko") && contains(&bytes, b"devices"),
        Err(_) => true, // let the checker report the read error
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_directories_are_not_walked() {
        let dir = std::env::temp_dir().join(format!("walk-cachedir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("target/debug")).unwrap();
        std::fs::create_dir_all(dir.join("hosts")).unwrap();
        let config = "{ disko.devices = { }; }\n";
        std::fs::write(dir.join("hosts/disko.nix"), config).unwrap();
        std::fs::write(dir.join("target/debug/disko.nix"), config).unwrap();
        let found = |dir: &Path| -> Vec<PathBuf> {
            let (c, e) = collect(&[dir.to_path_buf()], &exclude_set(&[]).unwrap(), false);
            assert!(e.is_empty());
            c.into_iter().map(|c| c.path).collect()
        };
        assert_eq!(found(&dir).len(), 2);
        std::fs::write(
            dir.join("target/CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n",
        )
        .unwrap();
        assert_eq!(found(&dir), [dir.join("hosts/disko.nix")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
