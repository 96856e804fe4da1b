//! The typed model of one disko file: what `inspect` prints and what rules read.
//!
//! Shapes follow `DISKO-SCHEMA.md` (disko commit 878ec37d). Spans are byte ranges into the
//! checked file (`{"start","end"}`); a value defined in another file (reached through
//! `import`) has no span. Every list of options is kept item by item so rules can point at,
//! remove or add single options; [`Insertion`] and [`ListLayout`] carry what edit builders
//! need to add text that matches the surrounding layout.

use crate::source::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything the linter knows about one file.
#[derive(Debug, Default, Serialize)]
pub struct Model {
    /// Display path of the file.
    pub file: String,
    /// How the file is shaped: `attrset`, `function`, `fragment:<kind>`, or `none`.
    pub shape: String,
    /// Attribute path of the module that holds `disko.devices` (e.g. `flake.diskoConfigurations.main`), empty at top level.
    pub module_path: String,
    /// True when a disko device tree was found.
    pub has_devices: bool,
    /// The devices read from `disko.devices`, as `<type>.<name>` (`disk.main`,
    /// `mdadm.raid1`, `lvm_vg.pool`, `zpool.tank`, `nodev./tmp`), in attribute order.
    pub devices: Vec<String>,
    /// Where the text of this file defines `disko.devices` (the attribute path of each
    /// definition: `disko.devices = …`, `disko.devices.disk.x = …`, `disko = { devices = …; }`),
    /// found in the syntax tree whether or not the evaluator could reach it.
    pub devices_written: Vec<Span>,
    /// The disks (`disko.devices.disk.<name>`), in attribute order.
    pub disks: Vec<Disk>,
    /// Every btrfs filesystem (`type = "btrfs"`).
    pub btrfs: Vec<Btrfs>,
    /// Every LUKS container.
    pub luks: Vec<Luks>,
    /// Other contents that carry a mount or matter to rules (filesystem, swap, zfs, …).
    pub others: Vec<OtherContent>,
    /// Exactly what NixOS will be asked to mount, as disko passes it (see [`Mount`]).
    pub mounts: Vec<Mount>,
    /// `swapDevices` entries disko adds (swap files and partitions).
    pub swap_devices: Vec<SwapDevice>,
    /// LVM physical volumes (`type = "lvm_pv"`) with their volume group, to tell what an
    /// `lvm_vg.<vg>` volume sits on (e.g. LUKS → LVM → filesystem).
    pub lvm_pvs: Vec<LvmPv>,
    /// NixOS settings written in the same file (and, from the project index, in files of the same configuration).
    pub nixos: Nixos,
    /// Values that could not be read statically, with the reason.
    pub unresolved: Vec<Unresolved>,
    /// Partition tables (`type = "gpt"` and the legacy `type = "table"`), in reading order.
    pub tables: Vec<PartitionTable>,
    /// The partitions of `gpt` tables, with the `type` code as written.
    pub partitions: Vec<Partition>,
    /// Subtrees that were not read because disko's types reject their shape (e.g. a legacy
    /// `table` whose `partitions` is an attribute set): what is below them is missing from
    /// the model, so no rule may conclude that something is absent there.
    pub unread: Vec<Unread>,
    /// Names used in the file that no scope binds (Nix rejects the file with "undefined
    /// variable"), from [`crate::nix::scope`]; empty when the file has syntax errors.
    pub undefined: Vec<crate::nix::scope::Undefined>,
    /// The formal arguments of the file's top-level function (`{ disks ? [ … ], lib, ... }:`),
    /// or `None` when the file is not a function with an attribute-set pattern.
    pub formals: Option<crate::nix::scope::Formals>,
    /// How other files of the repository use this file as a NixOS module (project index).
    pub module_use: ModuleUse,
    /// Where a new top-level binding (`fileSystems."/p".neededForBoot = true;`) goes.
    pub insert: Option<Insertion>,
    /// Other files that contributed facts (imports, project index).
    pub contributors: Vec<String>,
    /// What the project index saw of the configurations this file belongs to.
    pub configuration: Configuration,
}

/// The configurations (hosts) a file belongs to, as far as the project index saw them
/// (`src/project.rs`): the basis for telling "not set in this file" from "not set anywhere
/// in the host".
#[derive(Debug, Default, Serialize)]
pub struct Configuration {
    /// Configuration roots other than this file that reach it through static imports
    /// (`imports = [ … ]`, `import ./x.nix`, a `nixosSystem` `modules` list), relative to the
    /// repository root, at most 5: empty when no file the index read imports this one (the
    /// host that uses it was not seen).
    pub importers: Vec<String>,
    /// How many other files of those configurations the index read (0 when it saw none).
    pub files_read: usize,
}

/// A string value with its span.
#[derive(Debug, Clone, Serialize)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is written in the checked file.
    pub span: Option<Span>,
}

/// One item of an option list.
#[derive(Debug, Clone, Serialize)]
pub struct OptionItem {
    /// The option text, e.g. `compress=zstd:3`.
    pub value: String,
    /// The string literal in the checked file.
    pub span: Option<Span>,
    /// What to delete to remove this item with its separating whitespace.
    pub remove: Option<Span>,
    /// True when edit helpers may change this item: it is written in the checked file,
    /// directly in the list bound here (not in a `let` list other mounts share).
    pub editable: bool,
}

/// A list of mount options (`mountOptions`) as written, with defaults made visible.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OptionList {
    /// True when the attribute is written; false means disko's default applies.
    pub explicit: bool,
    /// The items in order (for an absent attribute: disko's default, without spans).
    pub items: Vec<OptionItem>,
    /// Why the list (or part of it) could not be read; rules skip such lists.
    pub unknown: Option<String>,
    /// The list literal, when the value is one written in this file.
    pub layout: Option<ListLayout>,
    /// The whole `mountOptions = …;` binding.
    pub binding: Option<Span>,
    /// True when the list literal is not written at this binding (a `let` variable or
    /// `++`): an edit would change every user of the literal.
    pub indirect: bool,
    /// True when it only exists under an undecidable condition.
    pub conditional: bool,
}

/// Where and how to add an item to a list literal.
#[derive(Debug, Clone, Serialize)]
pub struct ListLayout {
    /// The `[ … ]` literal.
    pub span: Span,
    /// True when items are on their own lines.
    pub multiline: bool,
    /// Indentation of items (multi-line lists).
    pub indent: String,
    /// Byte offset right after the last item (or after `[` when empty).
    pub append_at: u32,
    /// True for `[ ]`.
    pub empty: bool,
}

/// Where and how to add a binding to an attribute set literal.
#[derive(Debug, Clone, Serialize)]
pub struct Insertion {
    /// Byte offset to insert at (after the last binding).
    pub offset: u32,
    /// Indentation of the set's bindings.
    pub indent: String,
    /// True when the set spans several lines.
    pub multiline: bool,
}

/// A disk (`disko.devices.disk.<name>`).
#[derive(Debug, Serialize)]
pub struct Disk {
    /// Attribute name; [`Btrfs::chain`] starts with `disk <name>` for what is on it.
    pub name: String,
    /// `device` (`/dev/nvme0n1`, `/dev/disk/by-id/…`), if known.
    pub device: Option<String>,
}

/// A btrfs filesystem (`content.type = "btrfs"`).
#[derive(Debug, Serialize)]
pub struct Btrfs {
    /// Index in [`Model::btrfs`].
    pub index: usize,
    /// Attribute path below `disko.devices`, e.g. `disk.main.content.partitions.root.content`.
    pub path: String,
    /// Device node disko formats (`/dev/disk/by-partlabel/disk-main-root`, `/dev/mapper/crypted`), if known.
    pub device: Option<String>,
    /// Layers from the disk to this filesystem, e.g. `["disk main", "partition root", "luks crypted"]`.
    pub chain: Vec<String>,
    /// Index of the enclosing LUKS container in [`Model::luks`] (the btrfs is its content).
    pub luks: Option<usize>,
    /// Every LUKS container anywhere below this filesystem (indices in [`Model::luks`],
    /// ascending; includes [`Btrfs::luks`]): through partitions, LVM (the containers above any
    /// `lvm_pv` of the volume group) and mdadm (above any `mdraid` member of the array).
    pub luks_below: Vec<usize>,
    /// `extraArgs` (mkfs.btrfs arguments).
    pub extra_args: Vec<String>,
    /// True when `extraArgs` adds devices or a raid profile (`-d raid1`, `/dev/…`).
    pub multi_device: bool,
    /// Data profile from `-d`/`--data` if given (e.g. `raid1`).
    pub data_profile: Option<String>,
    /// Top-level (`subvolid=5`) mountpoint.
    pub mountpoint: Option<Located<String>>,
    /// Top-level mount options (only used when `mountpoint` is set).
    pub mount_options: OptionList,
    /// Hook scripts by name (`postCreateHook`, …).
    pub hooks: BTreeMap<String, Located<String>>,
    /// Subvolumes in declaration-name order.
    pub subvolumes: Vec<Subvolume>,
    /// Swap files in the top-level subvolume.
    pub swap: Vec<Swapfile>,
    /// The content attrset.
    pub span: Option<Span>,
    /// Where to add a binding in the content attrset.
    pub insert: Option<Insertion>,
    /// The mounts of this filesystem in the order they happen at boot (nixpkgs
    /// `nixos/modules/tasks/filesystems.nix`, `toposort fsBefore`): `/`
    /// first, then the other initrd (needed-for-boot) mounts, then the rest; the first
    /// one's filesystem-wide options are the ones that take effect
    /// (`tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume`).
    pub mounted: Vec<FsMount>,
    /// True when the first mount is certain (`/` is on this filesystem, or only one mount
    /// can come first); false when, e.g. under a tmpfs root, several initrd mounts race.
    pub first_mount_certain: bool,
    /// The condition the filesystem only exists under, as written and where; `None` when
    /// it exists either way (e.g. the same btrfs with or without a LUKS layer).
    pub condition: Option<String>,
}

/// One mount of a btrfs filesystem: the top level or a subvolume.
#[derive(Debug, Clone, Serialize)]
pub struct FsMount {
    /// Mountpoint.
    pub mountpoint: String,
    /// Span of the mountpoint string.
    pub mountpoint_span: Option<Span>,
    /// Subvolume name, or `None` for the top-level mount.
    pub subvolume: Option<String>,
    /// Index into [`Btrfs::subvolumes`], or -1 for the top level.
    pub subvolume_index: i64,
    /// The mount options as written (without disko's `subvol=`).
    pub mount_options: OptionList,
    /// Where to add `mountOptions` when absent.
    pub insert: Option<Insertion>,
    /// Mounted in the initrd (explicit `neededForBoot` or a path NixOS always mounts there).
    pub initrd: bool,
    /// The subvolume holds swap files.
    pub swap: bool,
}

/// A btrfs subvolume (`subvolumes."<name>"`).
#[derive(Debug, Serialize)]
pub struct Subvolume {
    /// The subvolume path relative to the top level (`name` option, default the attribute name).
    pub name: String,
    /// Name normalised: leading `/` stripped (`/nix` and `nix` are the same subvolume).
    pub path: String,
    /// The attribute name as written.
    pub key: Located<String>,
    /// Where it is mounted, if anywhere.
    pub mountpoint: Option<Located<String>>,
    /// Its mount options.
    pub mount_options: OptionList,
    /// `btrfs subvolume create` extra arguments.
    pub extra_args: Vec<String>,
    /// Swap files in this subvolume.
    pub swap: Vec<Swapfile>,
    /// The whole binding.
    pub span: Option<Span>,
    /// Where to add a binding inside its attrset.
    pub insert: Option<Insertion>,
    /// True when it only exists under an undecidable condition.
    pub conditional: bool,
    /// That condition as written and where (`` `cfg.luks` (disko.nix:12) ``).
    pub condition: Option<String>,
}

/// A swap file declared in disko (`swap.<name>`).
#[derive(Debug, Serialize)]
pub struct Swapfile {
    /// Attribute name.
    pub name: String,
    /// Size string (`8G`), if known.
    pub size: Option<String>,
    /// Path relative to the mountpoint.
    pub path: String,
    /// The binding.
    pub span: Option<Span>,
}

/// A LUKS container.
#[derive(Debug, Serialize)]
pub struct Luks {
    /// Index in [`Model::luks`].
    pub index: usize,
    /// Attribute path below `disko.devices`.
    pub path: String,
    /// Mapper name (`/dev/mapper/<name>`).
    pub name: Option<String>,
    /// `settings.allowDiscards`, if set (`None`: unset, disko/NixOS default false).
    pub allow_discards: Option<bool>,
    /// `settings.bypassWorkqueues`, if set.
    pub bypass_workqueues: Option<bool>,
    /// `extraOpenArgs` (only used by disko's installer-time `cryptsetup open`).
    pub extra_open_args: Vec<String>,
    /// Keys present in `settings`.
    pub settings_keys: Vec<String>,
    /// Why `settings` could not be read (then `allow_discards` is unknown, not unset).
    pub settings_unknown: Option<String>,
    /// Where to add a binding in `settings` (when written as a literal here).
    pub settings_insert: Option<Insertion>,
    /// Where to add a binding in the luks attrset.
    pub insert: Option<Insertion>,
    /// `initrdUnlock` (default true).
    pub initrd_unlock: bool,
    /// `settings.keyFile`: the key the initrd reads to open the container
    /// (`boot.initrd.luks.devices.<name>.keyFile`, nixpkgs `luksroot.nix`); disko also uses
    /// it to format. `None` when unset or unreadable (then `settings_keys` holds `keyFile`).
    pub key_file: Option<Located<String>>,
    /// `settings.fallbackToPassword`, if set to a known value (scripted initrd: ask for the
    /// passphrase when the key file is missing; nixpkgs default false).
    pub fallback_to_password: Option<bool>,
    /// The luks attrset.
    pub span: Option<Span>,
    /// The condition the container only exists under (`if cfg.luks then { type = "luks";
    /// … } else fs`), as written and where.
    pub condition: Option<String>,
}

/// A content other than btrfs/luks that rules may care about.
#[derive(Debug, Serialize)]
pub struct OtherContent {
    /// `filesystem`, `swap`, `zfs_fs`, `zpool`, `nodev`, `lvm_vg`, `mdadm`, `bcachefs`, `table`, …
    pub kind: String,
    /// Attribute path below `disko.devices`.
    pub path: String,
    /// `format` for `filesystem`, `fsType` for nodev.
    pub format: Option<String>,
    /// Mountpoint if any.
    pub mountpoint: Option<Located<String>>,
    /// Mount options.
    pub mount_options: OptionList,
    /// The attrset.
    pub span: Option<Span>,
    /// The condition it only exists under, as written and where.
    pub condition: Option<String>,
}

/// One entry of NixOS `fileSystems` as disko (plus same-file settings) produce it.
#[derive(Debug, Clone, Serialize)]
pub struct Mount {
    /// Absolute mountpoint.
    pub mountpoint: String,
    /// `btrfs`, `vfat`, `tmpfs`, `zfs`, …
    #[serde(rename = "fsType")]
    pub fs_type: String,
    /// Device, if known.
    pub device: Option<String>,
    /// Options in the order NixOS receives them (disko's `subvol=` last, then `fileSystems` additions).
    pub options: Vec<String>,
    /// `fileSystems.<mp>.neededForBoot` as set (disko never sets it except for bcachefs).
    #[serde(rename = "neededForBoot")]
    pub needed_for_boot: bool,
    /// True when NixOS mounts it in the initrd anyway (nixpkgs `nixos/lib/utils.nix` `pathsNeededForBoot`).
    pub implicit_needed_for_boot: bool,
    /// Where the mount comes from: `btrfs-subvolume`, `btrfs`, `filesystem`, `nodev`, `zfs`, `bcachefs`, `fileSystems`.
    pub source: String,
    /// Index of the btrfs filesystem, for btrfs mounts.
    pub btrfs: Option<usize>,
    /// Subvolume name, for subvolume mounts.
    pub subvolume: Option<String>,
    /// The mountpoint's span.
    pub span: Option<Span>,
    /// True when options could not be fully read.
    pub options_unknown: bool,
    /// True when the mount only exists under an undecidable condition (`lib.mkIf`,
    /// `lib.optionalAttrs`, one branch of an `if`), or its options only partly do.
    pub conditional: bool,
    /// True when the options list itself is (partly) conditional (kept to recompute
    /// `conditional` when two branches of an `if` turn out to give the same mount).
    #[serde(skip)]
    pub options_conditional: bool,
    /// The condition the mount itself depends on, as written and where
    /// (`` `cfg.hasData` (disko.nix:20) ``); `None` when it exists either way.
    pub condition: Option<String>,
}

/// A `swapDevices` entry produced by disko.
#[derive(Debug, Serialize)]
pub struct SwapDevice {
    /// Path of the swap file or device.
    pub device: String,
    /// Index of the btrfs filesystem for swap files.
    pub btrfs: Option<usize>,
    /// Subvolume holding the file.
    pub subvolume: Option<String>,
    /// For a swap partition (`type = "swap"`): its attribute path below `disko.devices`
    /// (`disk.main.content.partitions.swap.content`); `None` for swap files.
    pub path: Option<String>,
    /// `randomEncryption` of a swap partition (disko `lib/types/swap.nix`, default false:
    /// `swapDevices.*.randomEncryption.enable`, a new random key at every boot); `None`
    /// when written but unreadable. Always `Some(false)` for swap files.
    pub random_encryption: Option<bool>,
    /// `resumeDevice` of a swap partition (default false; true makes disko set
    /// `boot.resumeDevice` to `device`); `None` when written but unreadable. Swap files have
    /// no such option (`Some(false)`).
    pub resume_device: Option<bool>,
    /// The `resumeDevice = …;` binding, when written in the checked file.
    pub resume_span: Option<Span>,
    /// The `randomEncryption = …;` binding, when written in the checked file.
    pub random_span: Option<Span>,
    /// The swap content attrset.
    pub span: Option<Span>,
}

/// An LVM physical volume (`content = { type = "lvm_pv"; vg = …; }`).
#[derive(Debug, Serialize)]
pub struct LvmPv {
    /// The volume group (`vg`).
    pub vg: String,
    /// Attribute path below `disko.devices`.
    pub path: String,
}

/// A value that could not be read.
#[derive(Debug, Serialize)]
pub struct Unresolved {
    /// What it is (attribute path).
    pub what: String,
    /// Why it could not be read.
    pub reason: String,
    /// Where.
    pub span: Option<Span>,
}

/// A partition table (`content.type = "gpt"` or the legacy `"table"`).
#[derive(Debug, Clone, Serialize)]
pub struct PartitionTable {
    /// `gpt` or `table`.
    pub kind: String,
    /// Attribute path below `disko.devices`, e.g. `disk.main.content`.
    pub path: String,
    /// The `type = "…"` string.
    pub type_span: Option<Span>,
    /// The legacy table's `format` (`gpt`, `msdos`), when written.
    pub format: Option<String>,
    /// The shape of `partitions`: `attrs`, `list`, `absent`, `unknown`, or another type name.
    pub partitions: String,
    /// The `partitions` value.
    pub partitions_span: Option<Span>,
    /// The content attrset.
    pub span: Option<Span>,
    /// The condition it only exists under, as written and where.
    pub condition: Option<String>,
}

/// A partition of a `gpt` table.
#[derive(Debug, Clone, Serialize)]
pub struct Partition {
    /// Attribute path below `disko.devices`, e.g. `disk.main.content.partitions.ESP`.
    pub path: String,
    /// Attribute name.
    pub name: String,
    /// Index into [`Model::tables`]; `None` in a fragment that is only the `partitions`
    /// attribute set (the `gpt` shape).
    pub table: Option<usize>,
    /// `type` as written (`EF00`, a GUID), or `None` when unset (disko's default `8300`,
    /// `8200` for swap content) or unknown (see `type_unknown`).
    #[serde(rename = "type")]
    pub type_code: Option<Located<String>>,
    /// True when `type` is written but could not be read.
    pub type_unknown: bool,
    /// The content `type` of the partition (`filesystem`, `swap`, …), if known.
    pub content: Option<String>,
    /// The partition attrset.
    pub span: Option<Span>,
    /// The condition it only exists under, as written and where.
    pub condition: Option<String>,
}

/// A subtree that was not read because disko rejects its shape.
#[derive(Debug, Clone, Serialize)]
pub struct Unread {
    /// Attribute path below `disko.devices`.
    pub path: String,
    /// Short cause code: `table-partitions-attrs` (legacy `table` with an attribute set of
    /// partitions), `gpt-partitions-list` (`gpt` with a list of partitions).
    pub cause: String,
    /// Why it was not read, for messages.
    pub reason: String,
    /// Where.
    pub span: Option<Span>,
}

/// How the project index saw this file used as a NixOS module.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModuleUse {
    /// Files (relative to the repository root) that list this file in `imports` or in the
    /// `modules` of a configuration as a module (not `import`ed and called).
    pub imported_by: Vec<String>,
    /// Module argument names (`_module.args.<n>`, `specialArgs`) supplied in every
    /// configuration that lists this file as a module (in any of its files, this one
    /// included).
    pub args: Vec<Fact<String>>,
    /// Places where module arguments are set in a form that cannot be read
    /// (`specialArgs = inputs;`, `_module.args = f x;`), when every configuration that
    /// lists this file as a module has one: then any name may be supplied.
    pub args_unknown: Vec<String>,
}

/// NixOS settings relevant to storage, from the file itself and its configuration.
#[derive(Debug, Default, Serialize)]
pub struct Nixos {
    /// `fileSystems."<p>"` settings.
    pub file_systems: Vec<FsSetting>,
    /// `systemd.tmpfiles.rules` lines.
    pub tmpfiles_rules: Vec<Fact<String>>,
    /// The `systemd.tmpfiles.rules` list of this file as an editable list (for
    /// `insert_option(model.nixos.tmpfiles_list, "h /path - - - - +C")`), when written here.
    pub tmpfiles_list: Option<OptionList>,
    /// `systemd.tmpfiles.settings.<n>."<path>".<type>.argument` entries flattened to tmpfiles lines.
    pub tmpfiles_settings: Vec<Fact<String>>,
    /// `boot.initrd.systemd.enable`.
    pub initrd_systemd: Option<bool>,
    /// Scripted initrd hooks that are set: name → script.
    pub initrd_hooks: Vec<Hook>,
    /// `boot.initrd.systemd.services` names.
    pub initrd_services: Vec<String>,
    /// `boot.initrd.systemd.services.<n>.script` texts (name, script, span).
    pub initrd_service_scripts: Vec<Hook>,
    /// `services.snapper.configs`.
    pub snapper: Vec<SnapperConfig>,
    /// `services.btrbk` is configured.
    pub btrbk: bool,
    /// `services.btrfs.autoScrub`.
    pub auto_scrub: Option<AutoScrub>,
    /// `services.beesd.filesystems` names.
    pub beesd: Vec<String>,
    /// Container storage settings.
    pub containers: ContainerStorage,
    /// `environment.persistence` roots.
    pub persistence: Vec<Fact<String>>,
    /// Services whose data paths matter (`postgresql`, `mysql`, `docker`, `podman`, `libvirtd`, `etcd`, …) when enabled.
    pub services: Vec<String>,
    /// `swapDevices` written by the user.
    pub user_swap_devices: usize,
    /// `boot.resumeDevice` written by the user (nixpkgs `stage-1.nix`: the device the
    /// initrd resumes from; for a swap file, the device holding the file, with
    /// `resume_offset=` in `boot.kernelParams`).
    pub resume_device: Option<Fact<String>>,
    /// `boot.kernelParams` items.
    pub kernel_params: Vec<Fact<String>>,
    /// True when `boot.kernelParams` is written but could not be read completely.
    pub kernel_params_unknown: bool,
    /// `boot.initrd.secrets` names: paths that exist inside the initrd (nixpkgs
    /// `stage-1.nix`: copied into the initrd file when the boot loader is installed).
    pub initrd_secrets: Vec<Fact<String>>,
    /// True when `boot.initrd.secrets` is written but its names could not be read.
    pub initrd_secrets_unknown: bool,
    /// `boot.kernelPackages` text if it names a kernel (`linuxPackages_6_12`).
    pub kernel_packages: Option<String>,
    /// `nix.settings.build-dir` (or a `build-dir = …` line of `nix.extraOptions`): where
    /// nix-daemon creates build directories; `value` is `""` when set but not readable here.
    pub nix_build_dir: Option<Located<String>>,
    /// `systemd.services.nix-daemon.environment.TMPDIR` (Nix before 2.30 builds there when
    /// `build-dir` is unset); `value` is `""` when set but not readable here.
    pub nix_daemon_tmpdir: Option<Located<String>>,
    /// Attribute names written in this file that are not NixOS options but close to one
    /// the linter reads (`filesystems` for `fileSystems`), see [`crate::disko::names`].
    pub misspelled: Vec<MisspelledName>,
}

/// An attribute name that NixOS does not declare, close to one it does.
#[derive(Debug, Clone, Serialize)]
pub struct MisspelledName {
    /// The name as written, e.g. `filesystems` or `neededForboot`.
    pub name: String,
    /// The option name it is close to, e.g. `fileSystems`.
    pub suggestion: String,
    /// The attribute path that ends in the name, as written: `filesystems`,
    /// `fileSystems."/persist".neededForboot`.
    pub path: String,
    /// The same path with the suggestion in place of the name.
    pub expected: String,
    /// True when the two differ only in letter case.
    pub case_only: bool,
    /// The name in the checked file (when written there and not interpolated).
    pub span: Option<Span>,
    /// True when `span` holds a plain identifier or a quoted name that can be replaced
    /// by the suggestion.
    pub editable: bool,
}

/// A fact with the file it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// Span in the checked file, when it is written there.
    pub span: Option<Span>,
    /// The file it is written in, when it is another file of the configuration.
    pub origin: Option<String>,
}

/// `fileSystems."<p>"` as written.
#[derive(Debug, Clone, Serialize)]
pub struct FsSetting {
    /// Mountpoint.
    pub path: String,
    /// `neededForBoot`, if set to a known value.
    pub needed_for_boot: Option<bool>,
    /// What to delete to remove the `neededForBoot` binding (written in this file).
    pub needed_for_boot_remove: Option<Span>,
    /// `options` written there (appended to disko's).
    pub options: Vec<String>,
    /// `fsType` set by the user (a mount disko does not know about).
    pub fs_type: Option<String>,
    /// `device` set by the user.
    pub device: Option<String>,
    /// The binding.
    pub span: Option<Span>,
    /// The file it is written in, when not the checked file.
    pub origin: Option<String>,
}

/// A scripted-initrd hook.
#[derive(Debug, Clone, Serialize)]
pub struct Hook {
    /// Option name, e.g. `postResumeCommands`.
    pub name: String,
    /// Script text, if known.
    pub script: Option<String>,
    /// The binding.
    pub span: Option<Span>,
}

/// A snapper configuration.
#[derive(Debug, Clone, Serialize)]
pub struct SnapperConfig {
    /// Config name.
    pub name: String,
    /// `SUBVOLUME` (a path).
    pub subvolume: Option<String>,
    /// The binding.
    pub span: Option<Span>,
}

/// `services.btrfs.autoScrub`.
#[derive(Debug, Clone, Serialize)]
pub struct AutoScrub {
    /// `enable`.
    pub enable: Option<bool>,
    /// `fileSystems` when written.
    pub file_systems: Option<Vec<String>>,
    /// The binding.
    pub span: Option<Span>,
}

/// Container storage configuration.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContainerStorage {
    /// `virtualisation.containers.storage.settings.storage.driver`.
    pub driver: Option<Located<String>>,
    /// `…storage.graphroot`.
    pub graphroot: Option<String>,
    /// `…storage.rootless_storage_path`.
    pub rootless_storage_path: Option<String>,
    /// `…storage.options.overlay.mount_program` (or `storage.options.mount_program`).
    pub mount_program: Option<Located<String>>,
    /// `virtualisation.docker.storageDriver`.
    pub docker_driver: Option<Located<String>>,
    /// `virtualisation.podman.enable`.
    pub podman: bool,
    /// `virtualisation.docker.enable`.
    pub docker: bool,
}
