//! Mount-option registries for the filesystems besides btrfs that disko configs mount:
//! ext4, xfs, vfat and tmpfs, as data with sources (`ext4.toml`, `xfs.toml`, `vfat.toml`,
//! `tmpfs.toml`, in the schema of `src/btrfs/options.toml`).
//!
//! Each file holds only the options its filesystem's driver parses itself (the kernel's
//! `fs_parameter_spec` table). The options every fsType accepts, the generic VFS flags
//! (`ro`, `noatime`, `nosuid`, `lazytime`, ...) and the userspace options of mount(8) and
//! systemd (`nofail`, `noauto`, `x-systemd.*`, any `x-*`), are the btrfs registry's entries
//! of scope `mount`, `superblock` and `userspace`: one list, shared.
//!
//! * [`registry_for`]: the options a mount of an fsType accepts (own + shared); btrfs's is
//!   [`crate::btrfs::registry`]; `None` for fsTypes that are not judged (zfs, f2fs, ...).
//! * [`owners`]: which judged filesystems have an option of that name of their own, for
//!   "`compress=zstd` is a btrfs option" messages.
//!
//! Nothing here does IO; every answer comes from the embedded data.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::btrfs::{self, OptionInfo, Registry, Scope, split_option};

/// The embedded ext4 registry data (`src/mount_options/ext4.toml`).
pub const EXT4_TOML: &str = include_str!("ext4.toml");
/// The embedded xfs registry data (`src/mount_options/xfs.toml`).
pub const XFS_TOML: &str = include_str!("xfs.toml");
/// The embedded vfat registry data (`src/mount_options/vfat.toml`).
pub const VFAT_TOML: &str = include_str!("vfat.toml");
/// The embedded tmpfs registry data (`src/mount_options/tmpfs.toml`).
pub const TMPFS_TOML: &str = include_str!("tmpfs.toml");

/// The fsTypes whose mount options are judged, btrfs first.
pub const JUDGED: [&str; 5] = ["btrfs", "ext4", "xfs", "vfat", "tmpfs"];

/// True for options every fsType accepts: VFS flags and userspace options.
fn shared(o: &OptionInfo) -> bool {
    matches!(o.scope, Scope::Mount | Scope::Superblock | Scope::Userspace)
}

struct Registries {
    /// fsType → own options + shared ones.
    full: HashMap<&'static str, Registry>,
    /// fsType → only its own options (btrfs: scope `filesystem` and `subvolume-selector`).
    own: HashMap<&'static str, Vec<String>>,
}

fn build() -> Result<Registries, btrfs::RegistryError> {
    let base = btrfs::registry();
    let mut full = HashMap::new();
    let mut own = HashMap::new();
    own.insert(
        "btrfs",
        base.all()
            .filter(|o| !shared(o))
            .map(|o| o.name.clone())
            .collect(),
    );
    for (fs, text) in [
        ("ext4", EXT4_TOML),
        ("xfs", XFS_TOML),
        ("vfat", VFAT_TOML),
        ("tmpfs", TMPFS_TOML),
    ] {
        let mine = Registry::options_from_toml(text)?;
        let names: Vec<String> = mine.iter().map(|o| o.name.clone()).collect();
        // Options it removed (xfs `nobarrier`) are not "its" options for `owners`.
        let current: Vec<String> = mine
            .iter()
            .filter(|o| !o.fails_mount)
            .map(|o| o.name.clone())
            .collect();
        let mut all = mine;
        // The shared entries, unless this filesystem defines the name itself.
        all.extend(
            base.all()
                .filter(|o| shared(o) && !names.contains(&o.name))
                .cloned(),
        );
        full.insert(fs, Registry::from_options(all)?);
        own.insert(fs, current);
    }
    Ok(Registries { full, own })
}

static REGISTRIES: LazyLock<Registries> = LazyLock::new(|| {
    // The data is compiled in and checked by a unit test, so it cannot fail at run time.
    build().expect("embedded src/mount_options/*.toml are valid")
});

/// The options a mount of `fs_type` accepts: its own and the shared VFS and userspace
/// ones. `btrfs` is [`btrfs::registry`]; `None` for an fsType that is not judged.
pub fn registry_for(fs_type: &str) -> Option<&'static Registry> {
    if fs_type == "btrfs" {
        return Some(btrfs::registry());
    }
    REGISTRIES.full.get(fs_type)
}

/// The judged filesystems (in [`JUDGED`] order) that have an option named like `raw`'s
/// name of their own, not counting shared VFS and userspace options: `"compress=zstd"` →
/// `["btrfs"]`, `"umask=0077"` → `["vfat"]`, `"discard"` → `["btrfs", "ext4", "xfs",
/// "vfat"]`, `"noatime"` → `[]`.
pub fn owners(raw: &str) -> Vec<&'static str> {
    let (name, _) = split_option(raw);
    JUDGED
        .iter()
        .copied()
        .filter(|fs| {
            REGISTRIES
                .own
                .get(fs)
                .is_some_and(|names| names.iter().any(|n| n == name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_registries_parse() {
        let r = build().expect("mount option registries must be valid");
        for fs in ["ext4", "xfs", "vfat", "tmpfs"] {
            assert!(r.full.contains_key(fs), "{fs}");
        }
        for fs in ["ext4", "xfs", "vfat", "tmpfs"] {
            let reg = registry_for(fs).expect("judged");
            for o in reg.all() {
                assert!(
                    !o.source.trim().is_empty(),
                    "{fs}: {} has no source",
                    o.name
                );
                assert!(o.note.is_some(), "{fs}: {} has no note", o.name);
            }
        }
        assert!(registry_for("zfs").is_none());
        assert!(registry_for("f2fs").is_none());
    }

    #[test]
    fn each_filesystem_knows_its_own_and_the_shared_options() {
        let known = |fs: &str, raw: &str| registry_for(fs).is_some_and(|r| r.lookup(raw).is_some());
        for fs in ["ext4", "xfs", "vfat", "tmpfs"] {
            for raw in [
                "noatime",
                "ro",
                "rw",
                "defaults",
                "nosuid",
                "lazytime",
                "nofail",
                "x-systemd.automount",
                "x-initrd.mount",
            ] {
                assert!(known(fs, raw), "{fs}: {raw}");
            }
            // btrfs's own options are not theirs (verified on 6.18: Unknown parameter).
            for raw in [
                "compress=zstd",
                "ssd",
                "space_cache=v2",
                "subvol=@",
                "autodefrag",
            ] {
                assert!(!known(fs, raw), "{fs}: {raw}");
            }
        }
        assert!(known("ext4", "errors=remount-ro"));
        assert!(known("ext4", "data=writeback"));
        assert!(!known("ext4", "nouser_xattr"));
        assert!(!known("ext4", "noacl"));
        assert!(known("xfs", "logbsize=256k"));
        // Removed in 4.19: known, and it fails the mount.
        assert!(
            registry_for("xfs")
                .and_then(|r| r.lookup("nobarrier"))
                .is_some_and(|o| o.fails_mount)
        );
        assert_eq!(owners("nobarrier"), ["btrfs", "ext4"]);
        assert!(known("vfat", "umask=0077"));
        assert!(known("vfat", "shortname=mixed"));
        assert!(!known("vfat", "mode=0755"));
        assert!(known("tmpfs", "size=2G"));
        assert!(known("tmpfs", "mode=755"));
        assert!(!known("tmpfs", "acl"));
        assert!(!known("tmpfs", "umask=0077"));
    }

    #[test]
    fn owners_name_the_filesystems_of_an_option() {
        assert_eq!(owners("compress=zstd"), ["btrfs"]);
        assert_eq!(owners("umask=0077"), ["vfat"]);
        assert_eq!(owners("size=2G"), ["tmpfs"]);
        assert_eq!(owners("discard"), ["btrfs", "ext4", "xfs", "vfat"]);
        assert!(owners("noatime").is_empty());
        assert!(owners("bogus").is_empty());
    }

    #[test]
    fn did_you_mean_stays_within_the_filesystem() {
        let ext4 = registry_for("ext4").expect("ext4");
        assert_eq!(
            ext4.suggest("erors=remount-ro").as_deref(),
            Some("errors=remount-ro")
        );
        assert_eq!(
            ext4.suggest("data=writebak").as_deref(),
            Some("data=writeback")
        );
        assert_eq!(ext4.suggest("noatim").as_deref(), Some("noatime"));
        let vfat = registry_for("vfat").expect("vfat");
        assert_eq!(vfat.suggest("umaks=0077").as_deref(), Some("umask=0077"));
        let tmpfs = registry_for("tmpfs").expect("tmpfs");
        assert_eq!(
            tmpfs.suggest("huge=within-size").as_deref(),
            Some("huge=within_size")
        );
    }
}
