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

/// A path a directory walk passed over, with the reason (what `check --show-files` lists
/// and the summary counts). Only `.nix` files and the directories that were not entered are
/// listed: other files are never candidates.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The file or directory.
    pub path: PathBuf,
    /// Why it was not checked, e.g. "not a disko config: mentions neither `disko` and
    /// `devices` nor has `disko` in its name".
    pub reason: String,
    /// True for a directory that was not entered (its files are not listed one by one).
    pub is_dir: bool,
}

/// What a walk found: the files to check, what it skipped and the paths it could not read.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to check, in walk order.
    pub candidates: Vec<Candidate>,
    /// `.nix` files and directories passed over, with reasons.
    pub skipped: Vec<Skipped>,
    /// Paths that could not be walked.
    pub errors: Vec<WalkError>,
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

/// Why a directory entry below a walk's root is not entered or not checked, or `None`.
fn pass_over(e: &walkdir::DirEntry, exclude: &GlobSet) -> Option<String> {
    let name = e.file_name().to_string_lossy();
    if name.starts_with('.') {
        return Some("hidden".into());
    }
    if name == "node_modules" {
        return Some("`node_modules`".into());
    }
    if e.path_is_symlink() && name.starts_with("result") {
        return Some("a nix-build result link".into());
    }
    if is_cache_dir(e) {
        return Some("a cache directory (CACHEDIR.TAG)".into());
    }
    if excluded(exclude, e.path()) {
        return Some("matches an `exclude` pattern".into());
    }
    None
}

/// Lists the files to check under `paths`, and what the walk passed over. `force_exclude`
/// applies `exclude` to explicit files too.
pub fn collect(paths: &[PathBuf], exclude: &GlobSet, force_exclude: bool) -> Walk {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
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
            if force_exclude && excluded(exclude, root) {
                skipped.push(Skipped {
                    path: root.clone(),
                    reason: "matches an `exclude` pattern (--force-exclude)".into(),
                    is_dir: false,
                });
            } else {
                push(root.clone(), true, &mut out);
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        // Entries the filter passes over (a RefCell: the loop below records the others).
        let passed = std::cell::RefCell::new(Vec::new());
        let walker = walker.filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            match pass_over(e, exclude) {
                None => true,
                Some(reason) => {
                    // Directories (but version-control stores), and the .nix files among
                    // the rest, are worth naming.
                    let vcs = matches!(
                        e.file_name().to_str(),
                        Some(".git" | ".hg" | ".svn" | ".jj" | ".direnv")
                    );
                    if (e.file_type().is_dir() && !vcs) || is_nix(e.path()) {
                        let what = if e.file_type().is_dir() {
                            "directory not entered"
                        } else {
                            "not checked"
                        };
                        passed.borrow_mut().push(Skipped {
                            path: e.path().to_path_buf(),
                            reason: format!("{what}: {reason}"),
                            is_dir: e.file_type().is_dir(),
                        });
                    }
                    false
                }
            }
        });
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !is_nix(e.path()) {
                        continue;
                    }
                    if e.file_type().is_symlink() {
                        skipped.push(Skipped {
                            path: e.into_path(),
                            reason: "not checked: a symbolic link (links are not followed)".into(),
                            is_dir: false,
                        });
                    } else if !e.file_type().is_file() {
                        continue;
                    } else if is_disko_file(e.path()) {
                        push(e.into_path(), false, &mut out);
                    } else {
                        skipped.push(Skipped {
                            path: e.into_path(),
                            reason: "not a disko config: its text does not mention both \
                                     `disko` and `devices`, and its name has no `disko`"
                                .into(),
                            is_dir: false,
                        });
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
        skipped.extend(passed.into_inner());
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Walk {
        candidates: out,
        skipped,
        errors,
    }
}

fn is_nix(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "nix")
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
            let w = collect(&[dir.to_path_buf()], &exclude_set(&[]).unwrap(), false);
            assert!(w.errors.is_empty());
            w.candidates.into_iter().map(|c| c.path).collect()
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

    #[test]
    fn skipped_files_and_directories_are_named_with_reasons() {
        let dir = std::env::temp_dir().join(format!("walk-skipped-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for d in ["hosts", ".hidden", ".git", "vendor"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        let config = "{ disko.devices = { }; }\n";
        std::fs::write(dir.join("hosts/disk-config.nix"), config).unwrap();
        std::fs::write(
            dir.join("hosts/configuration.nix"),
            "{ networking.hostName = \"a\"; }\n",
        )
        .unwrap();
        std::fs::write(dir.join("hosts/README.md"), "disko devices\n").unwrap();
        std::fs::write(dir.join(".hidden/disko.nix"), config).unwrap();
        std::fs::write(dir.join(".git/disko.nix"), config).unwrap();
        std::fs::write(dir.join("vendor/disko.nix"), config).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("hosts/disk-config.nix"), dir.join("link.nix"))
            .unwrap();
        let w = collect(
            std::slice::from_ref(&dir),
            &exclude_set(&["vendor".into()]).unwrap(),
            false,
        );
        let checked: Vec<_> = w.candidates.iter().map(|c| c.path.clone()).collect();
        assert_eq!(checked, [dir.join("hosts/disk-config.nix")]);
        let skipped: Vec<(PathBuf, &str, bool)> = w
            .skipped
            .iter()
            .map(|s| (s.path.clone(), s.reason.as_str(), s.is_dir))
            .collect();
        let find = |p: &str| skipped.iter().find(|s| s.0 == dir.join(p));
        assert!(
            find("hosts/configuration.nix")
                .unwrap()
                .1
                .starts_with("not a disko config")
        );
        assert!(find(".hidden").unwrap().1.contains("hidden"));
        assert!(find(".hidden").unwrap().2);
        assert!(find("vendor").unwrap().1.contains("exclude"));
        #[cfg(unix)]
        assert!(find("link.nix").unwrap().1.contains("symbolic link"));
        // Neither other files nor version-control stores are listed.
        assert!(find("hosts/README.md").is_none());
        assert!(find(".git").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
