//! What one btrfs mount option list leaves of copy-on-write, data checksums and compression
//! after the kernel has parsed it, left to right.
//!
//! linux `fs/btrfs/super.c` (`btrfs_parse_param`, `btrfs_parse_compress`), the same since the
//! options parser moved to the new mount API (6.8) as before it:
//!
//! | option | NODATACOW | NODATASUM | COMPRESS | FORCE_COMPRESS |
//! |---|---|---|---|---|
//! | `nodatacow` | set | set | clear | clear |
//! | `datacow` | clear | – | – | – |
//! | `nodatasum` | – | set | – | – |
//! | `datasum` | clear | clear | – | – |
//! | `compress[=ALG[:L]]` | clear | clear | set | clear |
//! | `compress-force[=ALG[:L]]` | clear | clear | set | set |
//! | `compress=no` / `compress-force=no` | – | – | clear | clear |
//!
//! A new file gets the NODATACOW / NODATASUM inode flags from the mount options
//! (`fs/btrfs/inode.c`, `btrfs_create_new_inode`), and `btrfs_inode_can_compress`
//! (`fs/btrfs/btrfs_inode.h`) refuses compression for an inode with either flag: a list that
//! keeps COMPRESS but ends with NODATASUM compresses nothing new. Verified on Linux 6.18 by
//! `tests/kernel.rs::dl103_data_flags_follow_the_parse_order`.

use serde::Serialize;

use super::{parse_compression, split_option};

/// One of the four mount flags a data option writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DataFlag {
    /// Copy-on-write for data (`datacow`; NODATACOW clear).
    Datacow,
    /// Data checksums (`datasum`; NODATASUM clear).
    Datasum,
    /// The COMPRESS mount flag (`compress=…`).
    Compress,
    /// The FORCE_COMPRESS mount flag (`compress-force=…`).
    Force,
}

impl DataFlag {
    /// Every flag, in the order of [`DataFlags::decided_by`].
    pub const ALL: [DataFlag; 4] = [Self::Datacow, Self::Datasum, Self::Compress, Self::Force];

    fn index(self) -> usize {
        self as usize
    }

    /// The flag's name as rules see it: `datacow`, `datasum`, `compress`, `force`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Datacow => "datacow",
            Self::Datasum => "datasum",
            Self::Compress => "compress",
            Self::Force => "force",
        }
    }
}

/// The writes of one option: `(flag, value)`, where `true` means the capability is on
/// (`Datacow` true: copy-on-write; `Compress` true: COMPRESS set). `None` when the option
/// does not touch these flags; `Err(())` when the mount fails with it (a value on a flag
/// option, an unknown compression algorithm).
#[allow(clippy::result_unit_err)]
pub fn writes(raw: &str) -> Result<Option<Vec<(DataFlag, bool)>>, ()> {
    use DataFlag::*;
    let (name, value) = split_option(raw);
    let flag = |w: Vec<(DataFlag, bool)>| {
        if value.is_some() {
            Err(()) // `nodatacow=1`: fs_parse refuses a value on a flag
        } else {
            Ok(Some(w))
        }
    };
    match name {
        "nodatacow" => flag(vec![
            (Datacow, false),
            (Datasum, false),
            (Compress, false),
            (Force, false),
        ]),
        "datacow" => flag(vec![(Datacow, true)]),
        "nodatasum" => flag(vec![(Datasum, false)]),
        "datasum" => flag(vec![(Datacow, true), (Datasum, true)]),
        "compress" | "compress-force" => {
            let Some(c) = parse_compression(raw) else {
                return Ok(None);
            };
            if !c.valid {
                return Err(());
            }
            if c.effective_algorithm == "none" {
                Ok(Some(vec![(Compress, false), (Force, false)]))
            } else {
                Ok(Some(vec![
                    (Datacow, true),
                    (Datasum, true),
                    (Compress, true),
                    (Force, c.force),
                ]))
            }
        }
        _ => Ok(None),
    }
}

/// What one item of the list did, after the whole list was parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ItemEffect {
    /// The flags this item wrote (empty for options that do not touch them).
    pub writes: Vec<DataFlag>,
    /// The flags whose final value this item decided (it wrote them last).
    pub decides: Vec<DataFlag>,
    /// The flags this item wrote that a later item set to the other value, with the index
    /// of the last such item: `nodatacow` then `compress=zstd` gives `nodatacow`
    /// `overridden: [(datacow, 1), (datasum, 1), (compress, 1)]`.
    pub overridden: Vec<(DataFlag, usize)>,
}

/// The data flags a mount option list leaves, as the kernel parses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataFlags {
    /// Copy-on-write for new files (no effective `nodatacow`).
    pub datacow: bool,
    /// Data checksums for new files.
    pub datasum: bool,
    /// The COMPRESS flag is set (mountinfo shows `compress=`/`compress-force=`).
    pub compress: bool,
    /// FORCE_COMPRESS is set.
    pub force: bool,
    /// New files are compressed: COMPRESS set, and they get neither NODATACOW nor NODATASUM.
    pub compresses: bool,
    /// Per flag ([`DataFlag::ALL`] order), the index of the item that decided it, or `None`
    /// when no item touched it (the kernel's default: COW, checksums, no compression).
    pub decided_by: [Option<usize>; 4],
    /// Per item of the list, in order.
    pub items: Vec<ItemEffect>,
    /// The first item the mount fails with; the flags are then meaningless.
    pub fails: Option<usize>,
}

impl DataFlags {
    /// The item that decided `flag`, if any.
    pub fn decider(&self, flag: DataFlag) -> Option<usize> {
        self.decided_by[flag.index()]
    }
}

/// Parse `items` (raw option strings) in order, as `btrfs_parse_param` does.
pub fn effective_flags<S: AsRef<str>>(items: &[S]) -> DataFlags {
    let mut value = [true, true, false, false];
    let mut decided_by: [Option<usize>; 4] = [None; 4];
    let mut effects = vec![ItemEffect::default(); items.len()];
    let mut fails = None;
    let mut all_writes: Vec<Vec<(DataFlag, bool)>> = Vec::with_capacity(items.len());
    for (i, raw) in items.iter().enumerate() {
        let w = match writes(raw.as_ref()) {
            Ok(w) => w.unwrap_or_default(),
            Err(()) => {
                fails.get_or_insert(i);
                Vec::new()
            }
        };
        for &(f, v) in &w {
            value[f.index()] = v;
            decided_by[f.index()] = Some(i);
        }
        effects[i].writes = w.iter().map(|(f, _)| *f).collect();
        all_writes.push(w);
    }
    for (i, w) in all_writes.iter().enumerate() {
        for &(f, v) in w {
            if decided_by[f.index()] == Some(i) {
                effects[i].decides.push(f);
            } else if value[f.index()] != v
                && let Some(by) = decided_by[f.index()]
            {
                effects[i].overridden.push((f, by));
            }
        }
    }
    let [datacow, datasum, compress, force] = value;
    DataFlags {
        datacow,
        datasum,
        compress,
        force,
        compresses: compress && datacow && datasum,
        decided_by,
        items: effects,
        fails,
    }
}

#[cfg(test)]
mod tests {
    use super::DataFlag::*;
    use super::*;

    #[test]
    fn nodatacow_then_compress_compress_wins() {
        let f = effective_flags(&["nodatacow", "noatime", "compress-force=zstd:5"]);
        assert!(f.datacow && f.datasum && f.compress && f.force && f.compresses);
        assert_eq!(f.decider(Datacow), Some(2));
        assert!(f.items[0].decides.is_empty());
        assert_eq!(
            f.items[0].overridden,
            vec![(Datacow, 2), (Datasum, 2), (Compress, 2), (Force, 2)]
        );
    }

    #[test]
    fn compress_then_nodatacow_nodatacow_wins() {
        let f = effective_flags(&["compress=zstd", "nodatacow"]);
        assert!(!f.datacow && !f.datasum && !f.compress && !f.compresses);
        assert_eq!(f.decider(Compress), Some(1));
        assert_eq!(
            f.items[0].overridden,
            vec![(Datacow, 1), (Datasum, 1), (Compress, 1)]
        );
        assert!(f.items[0].decides.is_empty()); // force: both clear it, nodatacow last
    }

    #[test]
    fn nodatasum_after_compress_keeps_the_flag_but_compresses_nothing() {
        let f = effective_flags(&["compress=zstd", "nodatasum"]);
        assert!(f.datacow && !f.datasum && f.compress && !f.compresses);
        let f = effective_flags(&["nodatasum", "compress=zstd"]);
        assert!(f.datacow && f.datasum && f.compresses);
        assert_eq!(f.items[0].overridden, vec![(Datasum, 1)]);
    }

    #[test]
    fn datacow_after_nodatacow_leaves_nodatasum() {
        let f = effective_flags(&["nodatacow", "datacow"]);
        assert!(f.datacow && !f.datasum && !f.compresses);
        assert_eq!(f.decider(Datasum), Some(0));
        assert_eq!(f.items[0].decides, vec![Datasum, Compress, Force]);
        let f = effective_flags(&["nodatacow", "datasum"]);
        assert!(f.datacow && f.datasum && !f.compress);
    }

    #[test]
    fn compress_no_does_not_touch_cow() {
        let f = effective_flags(&["nodatacow", "compress=no"]);
        assert!(!f.datacow && !f.datasum && !f.compress);
        assert_eq!(f.decider(Datacow), Some(0));
    }

    #[test]
    fn failing_items_are_reported() {
        assert_eq!(effective_flags(&["nodatacow=1"]).fails, Some(0));
        assert_eq!(
            effective_flags(&["noatime", "compress=brotli"]).fails,
            Some(1)
        );
        let f = effective_flags::<&str>(&[]);
        assert!(f.datacow && f.datasum && !f.compress && f.fails.is_none());
    }
}
