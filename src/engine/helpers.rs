//! Host helpers registered in the Rhai engine.
//!
//! Option knowledge (from the btrfs registry, `src/btrfs/options.toml`):
//! - `option_info(name)` → map of the registry entry or `()`.
//! - `parse_option("compress=zstd:3")` → `#{ raw, name, value, known, scope, fails_mount, … }`.
//! - `compression("compress=zstd:20")` → `#{ force, algorithm, level, effective_algorithm,
//!   effective_level, clamped, needs_kernel, problem }` or `()` when not a compress option.
//! - `suggest_option("noatim")` → `"noatime"` or `()`.
//! - `kernel_cmp(kernel, "6.2")` → -1, 0, 1, or `()` when `kernel` is unknown.
//! - `validate_option(raw, kernel)` → array of `#{ kind, option, fails_mount, message,
//!   suggestion, source }` problems (value syntax, ranges, removals) for `kernel` (a string
//!   or `()` for the newest verified kernel); `newest_kernel()` → `"6.18"`.
//!
//! Model views (borrow the model instead of copying it; see `rules/README.md`):
//! - `model.btrfs_lists()`, `option_facts(items)`.
//! - `model.storage_of(entry)` (an entry of `btrfs_lists()`) → `#{ class, device }`: the
//!   disk under that filesystem and its [`device_class`], `class` `"unknown"` when the disk
//!   cannot be told (LVM, mdadm, several devices, no `device`).
//! - `model.ssd_detected(b)` → bool: `model.btrfs[b]` is on one disk known to be NVMe or
//!   eMMC, where btrfs turns SSD mode on by itself.
//! - `model.luks_of(path)`: index in `model.luks` of the LUKS container holding the content
//!   at `path` (directly or through LVM: LUKS → `lvm_pv` → `lvm_vg` volume), or `()`.
//! - `model.snapshot_evidence(b)` → `[#{ kind, text, label, span }]`: what says that
//!   `model.btrfs[b]` holds snapshots (snapper configs, btrbk, snapshot subvolumes).
//!
//! Per fsType (the registries of `src/mount_options`: ext4, xfs, vfat, tmpfs; btrfs):
//! - `fs_judged(fs)` → `true` when the fsType's options are known.
//! - `fs_parse_option(fs, raw)` → as `parse_option`, against that fsType's options (its own
//!   and the shared VFS/userspace ones), or `()` for an fsType that is not judged.
//! - `fs_suggest_option(fs, raw)` → did-you-mean within that fsType's options, or `()`.
//! - `option_owners(raw)` → the judged fsTypes that have an option of that name of their
//!   own (`"compress=zstd"` → `["btrfs"]`, `"umask=0077"` → `["vfat"]`).
//!
//! Names and values:
//! - `device_class("/dev/nvme0n1")` → `"nvme"`, `"emmc"`, `"virtual"` or `"unknown"`.
//! - `closest(word, [names])` → the closest name by spelling (case-insensitive, within an
//!   edit budget that grows with the length), or `()`.
//! - `time_span("5s")` → `true` when systemd parses it as a time span (`systemd.time(7)`).
//! - `edit_distance(a, b)`: insertions, deletions, substitutions and swaps of neighbours.
//! - `model.first_mount_adopts(b)`: `#{ group: "option" }`, the filesystem-wide options the
//!   first mount of `model.btrfs[b]` leaves out while every later mount sets them the same
//!   way; DL101's fix adds them to the first mount, and DL109/DL403 leave them to it.
//! - `fs_wide_group(raw)`: the family of a filesystem-wide option as DL101 compares it, or
//!   `()` (per-mount, unknown, one-shot, rescue, failing, `nodatacow`/`nodatasum`).
//! - `effective_option(raw, kernel)`: the option as the kernel on `kernel` applies it, for
//!   comparing values (`discard` → `discard=sync`, `compress=zstd` → `compress=zstd:3`,
//!   `compress=zstd:20` → `compress=zstd:15`), or `()` when the mount would fail with it.
//! - `aligned_option(raw, kernel)`: what to write on another mount to match `raw`: `raw`
//!   itself, or its effective form when the kernel does not use it as written (a clamped or
//!   unreadable compression level); `()` when the mount would fail with it.
//! - `option_is_default(raw, kernel)`: the option states the kernel's default for `kernel`
//!   (`space_cache=v2`; `discard=async` from 6.2; `()` kernel: only defaults of every kernel).
//! - `effective_flags(list)` (an option list, its `items`, or an array of strings) →
//!   `#{ datacow, datasum, compress, force, compresses, decided_by: #{ datacow, datasum,
//!   compress, force }, items: [#{ writes, decides, overridden: [#{ flag, by }] }], fails }`:
//!   what the list leaves of copy-on-write, data checksums and compression after the kernel
//!   parsed it left to right ([`btrfs::effective_flags`]); `decided_by` and `by` are item
//!   indices (`()`: no item touched the flag, the default), `compresses`: new files are
//!   compressed, `fails`: index of an item the mount fails with (then ignore the rest).
//! - `first_mount_hedge()`: the note for a filesystem whose first mount is not certain
//!   (`first_mount_certain` false).
//!
//! Edit builders (all return an edit map `#{start, end, replacement}`, or `()` when the
//! text cannot be edited safely, e.g. a list defined in a `let` or another file):
//! - `insert_option(list, "noatime")`: append to an option list literal, matching its layout.
//! - `add_options(node, ["noatime"])`: same, or add `mountOptions = [ … ];` to a node
//!   (subvolume / filesystem) whose list is absent. Returns an array of edits (maybe empty).
//! - `remove_item(item)`, `replace_item(item, "new")`: on an option list item.
//! - `add_binding(insert, "path.to.attr", "nix value")`: add `path = value;` to an attrset.
//! - `rename_attr(m)`: rename a `model.nixos.misspelled[]` attribute name to its
//!   suggestion (`()` unless the name is written in this file as an identifier or a plain
//!   quoted string).
//! - `delete(span)`: delete a precomputed removal range (e.g. a `file_systems[]`
//!   `needed_for_boot_remove`).
//! - `nix_str("x")`: a quoted Nix string; `code("x")`: `` `x` `` for messages.
//! - `join(array, ", ")`: items joined with a separator.
//! - `path_under(path, prefix)`: `true` when `path` is `prefix` or below it.

use crate::btrfs;
use rhai::{Array, Dynamic, Engine, Map};

/// Registers every helper in `engine`.
pub fn register(engine: &mut Engine) {
    // Read-only views of the model, called as methods (`model.btrfs_lists()`): the model is
    // borrowed, not copied (a script function taking `model` deep-copies all of it).
    rhai::FuncRegistration::new("btrfs_lists")
        .with_purity(true)
        .register_into_engine(engine, |model: &mut Map| -> Array { btrfs_lists(model) });
    rhai::FuncRegistration::new("storage_of")
        .with_purity(true)
        .register_into_engine(engine, |model: &mut Map, entry: Map| -> Map {
            storage_of(model, &entry)
        });
    rhai::FuncRegistration::new("ssd_detected")
        .with_purity(true)
        .register_into_engine(engine, |model: &mut Map, b: i64| -> bool {
            ssd_detected(model, b)
        });
    rhai::FuncRegistration::new("luks_of")
        .with_purity(true)
        .register_into_engine(engine, |model: &mut Map, path: &str| -> Dynamic {
            luks_of(model, path, 0)
                .map(|i| Dynamic::from(i as i64))
                .unwrap_or(Dynamic::UNIT)
        });
    rhai::FuncRegistration::new("snapshot_evidence")
        .with_purity(true)
        .register_into_engine(engine, |model: &mut Map, b: i64| -> Array {
            snapshot_evidence(model, b)
        });
    engine.register_fn("device_class", |dev: &str| -> String {
        device_class(dev).to_string()
    });
    engine.register_fn("closest", |word: &str, candidates: Array| -> Dynamic {
        let names: Vec<String> = candidates
            .into_iter()
            .filter_map(|c| c.into_string().ok())
            .collect();
        match closest(word, &names) {
            Some(c) => Dynamic::from(c.to_string()),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("time_span", |s: &str| -> bool { is_time_span(s) });
    engine.register_fn("edit_distance", |a: &str, b: &str| -> i64 {
        i64::try_from(crate::btrfs::edit_distance(a, b)).unwrap_or(i64::MAX)
    });
    rhai::FuncRegistration::new("option_facts")
        .with_purity(true)
        .register_into_engine(engine, |items: &mut Array| -> Array { option_facts(items) });
    rhai::FuncRegistration::new("first_mount_adopts")
        .with_purity(true)
        .register_into_engine(engine, |model: &mut Map, b: i64| -> Map {
            first_mount_adopts(model, b)
        });
    engine.register_fn("fs_wide_group", |raw: &str| -> Dynamic {
        fs_wide_group(raw)
            .map(Dynamic::from)
            .unwrap_or(Dynamic::UNIT)
    });
    engine.register_fn(
        "effective_option",
        |raw: &str, kernel: Dynamic| -> Dynamic {
            effective_option(raw, kernel_of(kernel))
                .map(Dynamic::from)
                .unwrap_or(Dynamic::UNIT)
        },
    );
    engine.register_fn("aligned_option", |raw: &str, kernel: Dynamic| -> Dynamic {
        aligned_option(raw, kernel_of(kernel))
            .map(Dynamic::from)
            .unwrap_or(Dynamic::UNIT)
    });
    engine.register_fn("option_is_default", |raw: &str, kernel: Dynamic| -> bool {
        option_is_default(raw, kernel_of(kernel))
    });
    engine.register_fn("option_info", |name: &str| -> Dynamic {
        cached(0, name, || match btrfs::registry().lookup(name) {
            Some(info) => rhai::serde::to_dynamic(info).unwrap_or(Dynamic::UNIT),
            None => Dynamic::UNIT,
        })
    });
    engine.register_fn("parse_option", |raw: &str| -> Dynamic {
        cached(1, raw, || parse_option(raw))
    });
    engine.register_fn("compression", |raw: &str| -> Dynamic {
        cached(2, raw, || match btrfs::parse_compression(raw) {
            Some(c) => rhai::serde::to_dynamic(&c).unwrap_or(Dynamic::UNIT),
            None => Dynamic::UNIT,
        })
    });
    // Per fsType (`src/mount_options`): the same answers within one filesystem's options.
    engine.register_fn("fs_judged", |fs: &str| -> bool {
        crate::mount_options::registry_for(fs).is_some()
    });
    engine.register_fn("fs_parse_option", |fs: &str, raw: &str| -> Dynamic {
        match crate::mount_options::registry_for(fs) {
            Some(reg) => cached(3, &format!("{fs}\u{0}{raw}"), || parse_option_in(reg, raw)),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("fs_suggest_option", |fs: &str, raw: &str| -> Dynamic {
        match crate::mount_options::registry_for(fs).and_then(|r| r.suggest(raw)) {
            Some(s) => Dynamic::from(s),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("option_owners", |raw: &str| -> Array {
        crate::mount_options::owners(raw)
            .into_iter()
            .map(Dynamic::from)
            .collect()
    });
    engine.register_fn("suggest_option", |raw: &str| -> Dynamic {
        match btrfs::registry().suggest(raw) {
            Some(s) => Dynamic::from(s),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("kernel_cmp", |kernel: Dynamic, v: &str| -> Dynamic {
        let Some(k) = kernel
            .into_string()
            .ok()
            .and_then(|s| s.parse::<btrfs::KernelVersion>().ok())
        else {
            return Dynamic::UNIT;
        };
        let Some(v) = v.parse::<btrfs::KernelVersion>().ok() else {
            return Dynamic::UNIT;
        };
        Dynamic::from(k.cmp(&v) as i64)
    });
    engine.register_fn("option_group", |raw: &str| -> String { option_group(raw) });
    engine.register_fn("join", |items: Array, sep: &str| -> String {
        items
            .into_iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(sep)
    });
    engine.register_fn("code", |s: &str| -> String { format!("`{s}`") });
    engine.register_fn("validate_option", |raw: &str, kernel: Dynamic| -> Array {
        let k = kernel
            .into_string()
            .ok()
            .and_then(|s| s.parse::<btrfs::KernelVersion>().ok());
        btrfs::validate_value(raw, k)
            .into_iter()
            .filter_map(|p| rhai::serde::to_dynamic(&p).ok())
            .collect()
    });
    engine.register_fn("newest_kernel", || -> String {
        btrfs::NEWEST_VERIFIED_KERNEL.to_string()
    });
    engine.register_fn("nix_str", |s: &str| -> String { nix_str(s) });
    engine.register_fn("path_under", |p: &str, prefix: &str| -> bool {
        path_under(p, prefix)
    });
    engine.register_fn("insert_option", |list: Map, opt: &str| -> Dynamic {
        insert_options(&list, &[opt.to_string()])
    });
    engine.register_fn("add_options", |node: Map, opts: Array| -> Array {
        let opts: Vec<String> = opts
            .into_iter()
            .filter_map(|o| o.into_string().ok())
            .collect();
        add_options(&node, &opts)
    });
    engine.register_fn("remove_item", |item: Map| -> Dynamic {
        if !get_bool(&item, "editable") {
            return Dynamic::UNIT;
        }
        match span_of(item.get("remove")) {
            Some((s, e)) => edit(s, e, String::new()),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("replace_item", |item: Map, new: &str| -> Dynamic {
        if !get_bool(&item, "editable") {
            return Dynamic::UNIT;
        }
        match span_of(item.get("span")) {
            Some((s, e)) => edit(s, e, nix_str(new)),
            None => Dynamic::UNIT,
        }
    });
    engine.register_fn("rename_attr", |m: Map| -> Dynamic {
        if !get_bool(&m, "editable") {
            return Dynamic::UNIT;
        }
        let new = get_str(&m, "suggestion");
        let ident = new.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && new
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        match span_of(m.get("span")) {
            Some((s, e)) if ident => edit(s, e, new),
            _ => Dynamic::UNIT,
        }
    });
    engine.register_fn("delete", |span: Dynamic| -> Dynamic {
        match span_of(Some(&span)) {
            Some((s, e)) => edit(s, e, String::new()),
            None => Dynamic::UNIT,
        }
    });
    rhai::FuncRegistration::new("effective_flags")
        .with_purity(true)
        .register_into_engine(engine, |list: &mut Dynamic| -> Map {
            effective_flags_of(list)
        });
    engine.register_fn("first_mount_hedge", || -> String {
        FIRST_MOUNT_HEDGE.to_string()
    });
    engine.register_fn(
        "add_binding",
        |insert: Dynamic, path: &str, value: &str| -> Dynamic {
            match insert.try_cast::<Map>() {
                Some(m) => add_binding(&m, path, value),
                None => Dynamic::UNIT,
            }
        },
    );
}

/// What rules say when `first_mount_certain` is false (nixpkgs `filesystems.nix` orders
/// `/` first; the systemd initrd and systemd in stage 2 start the other mounts of a
/// filesystem in parallel, so which of them comes first is not known).
pub const FIRST_MOUNT_HEDGE: &str = "which mount of this filesystem comes first is not certain here: `/` is not on it, and systemd mounts the others in parallel (in the initrd and later at boot); the btrfs options of whichever mounts first apply to the whole filesystem";

/// `effective_flags(list)`: [`btrfs::effective_flags`] of an option-list map (its
/// `items[].value`), an array of such items, or an array of strings, as a Rhai map.
fn effective_flags_of(list: &mut Dynamic) -> Map {
    let mut raws: Vec<String> = Vec::new();
    let push_items = |arr: &Array, raws: &mut Vec<String>| {
        for it in arr {
            if let Ok(s) = it.as_immutable_string_ref() {
                raws.push(s.to_string());
            } else if let Ok(m) = it.as_map_ref() {
                raws.push(get_str(&m, "value"));
            } else {
                raws.push(String::new());
            }
        }
    };
    if let Ok(m) = list.as_map_ref() {
        if let Some(items) = m.get("items").and_then(|v| v.as_array_ref().ok()) {
            push_items(&items, &mut raws);
        }
    } else if let Ok(arr) = list.as_array_ref() {
        push_items(&arr, &mut raws);
    }
    let f = btrfs::effective_flags(&raws);
    let idx = |i: Option<usize>| {
        i.and_then(|i| i64::try_from(i).ok())
            .map(Dynamic::from)
            .unwrap_or(Dynamic::UNIT)
    };
    let names = |fs: &[btrfs::DataFlag]| -> Dynamic {
        fs.iter()
            .map(|f| Dynamic::from(f.name().to_string()))
            .collect::<Array>()
            .into()
    };
    let mut out = Map::new();
    out.insert("datacow".into(), f.datacow.into());
    out.insert("datasum".into(), f.datasum.into());
    out.insert("compress".into(), f.compress.into());
    out.insert("force".into(), f.force.into());
    out.insert("compresses".into(), f.compresses.into());
    out.insert("fails".into(), idx(f.fails));
    let mut decided = Map::new();
    for flag in btrfs::DataFlag::ALL {
        decided.insert(flag.name().into(), idx(f.decider(flag)));
    }
    out.insert("decided_by".into(), decided.into());
    let items: Array = f
        .items
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("writes".into(), names(&e.writes));
            m.insert("decides".into(), names(&e.decides));
            let over: Array = e
                .overridden
                .iter()
                .map(|(flag, by)| {
                    let mut o = Map::new();
                    o.insert("flag".into(), flag.name().into());
                    o.insert("by".into(), idx(Some(*by)));
                    Dynamic::from_map(o)
                })
                .collect();
            m.insert("overridden".into(), over.into());
            Dynamic::from_map(m)
        })
        .collect();
    out.insert("items".into(), items.into());
    out
}

/// The family an option belongs to for "same setting?" comparisons: the registry's
/// `group` (`compression`, `discard`, `space-cache`, `atime`), else the positive name of a
/// negation pair (`nossd` → `ssd`), else the option name.
pub fn option_group(raw: &str) -> String {
    let p = btrfs::parse_option(raw.trim());
    match p.info {
        Some(info) => match (&info.group, &info.negation) {
            (Some(g), _) => g.clone(),
            (None, Some(n)) => {
                let (a, b) = (info.name.as_str(), n.as_str());
                // Name the pair by its positive member.
                if a.starts_with("no") && !b.starts_with("no") {
                    b.to_string()
                } else {
                    a.to_string()
                }
            }
            // A prefix entry (`x-systemd.`, `x-`) covers many options: each is its own group.
            _ if info.name.ends_with(['.', '-']) => p.name,
            _ => info.name.clone(),
        },
        None => p.name,
    }
}

thread_local! {
    /// Per-thread memo of registry answers, one table per kind: option strings repeat
    /// across mounts and files.
    static MEMO: std::cell::RefCell<[std::collections::HashMap<String, Dynamic>; 4]> =
        std::cell::RefCell::new(Default::default());
}

/// Memoises `make()` under `(kind, key)`. The value is stored read-only and shared, so a
/// hit costs a reference-count increment instead of rebuilding (or deep-copying) the map.
fn cached(kind: u8, key: &str, make: impl FnOnce() -> Dynamic) -> Dynamic {
    let kind = usize::from(kind);
    if let Some(v) = MEMO.with(|m| m.borrow()[kind].get(key).cloned()) {
        return v;
    }
    let v = make().into_read_only().into_shared();
    MEMO.with(|m| {
        let m = &mut m.borrow_mut()[kind];
        if m.len() > 10_000 {
            m.clear();
        }
        m.insert(key.to_string(), v.clone());
    });
    v
}

thread_local! {
    /// Per-thread memo of [`option_fact`] (plain maps: they go into arrays, which must not
    /// hold shared values).
    static FACTS: std::cell::RefCell<std::collections::HashMap<String, Map>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// `#{ group, name, value, known, scope }` of one option string: `group` as
/// [`option_group`], the rest as `parse_option`.
fn option_fact(raw: &str) -> Map {
    if let Some(m) = FACTS.with(|f| f.borrow().get(raw).cloned()) {
        return m;
    }
    let p = btrfs::parse_option(raw);
    let mut m = Map::new();
    m.insert("group".into(), option_group(raw).into());
    m.insert("name".into(), p.name.into());
    m.insert(
        "value".into(),
        p.value.map(Dynamic::from).unwrap_or(Dynamic::UNIT),
    );
    m.insert("known".into(), p.info.is_some().into());
    m.insert(
        "scope".into(),
        p.info
            .and_then(|i| rhai::serde::to_dynamic(i.scope).ok())
            .unwrap_or(Dynamic::UNIT),
    );
    FACTS.with(|f| {
        let mut f = f.borrow_mut();
        if f.len() > 10_000 {
            f.clear();
        }
        f.insert(raw.to_string(), m.clone());
    });
    m
}

/// `option_facts(list.items)`: one [`option_fact`] per item (by its `value`), so a rule
/// compares items by group without parsing every pair again. An item whose value is not a
/// string gets `()`.
fn option_facts(items: &Array) -> Array {
    items
        .iter()
        .map(|it| {
            it.as_map_ref()
                .ok()
                .and_then(|m| {
                    m.get("value")
                        .and_then(|v| v.as_immutable_string_ref().ok().map(|s| option_fact(&s)))
                })
                .map(Dynamic::from_map)
                .unwrap_or(Dynamic::UNIT)
        })
        .collect()
}

fn parse_option(raw: &str) -> Dynamic {
    parse_option_in(btrfs::registry(), raw)
}

/// `parse_option` against `reg` (a filesystem's registry, `src/mount_options`).
fn parse_option_in(reg: &'static btrfs::Registry, raw: &str) -> Dynamic {
    let (name, value) = btrfs::split_option(raw);
    let p = btrfs::ParsedOption {
        raw: raw.to_string(),
        name: name.to_string(),
        value: value.map(str::to_string),
        info: reg.lookup(raw),
    };
    let mut m = Map::new();
    m.insert("raw".into(), raw.into());
    m.insert("name".into(), p.name.clone().into());
    m.insert(
        "value".into(),
        p.value.clone().map(Dynamic::from).unwrap_or(Dynamic::UNIT),
    );
    match &p.info {
        Some(info) => {
            m.insert("known".into(), true.into());
            m.insert(
                "info".into(),
                rhai::serde::to_dynamic(info).unwrap_or(Dynamic::UNIT),
            );
            let scope = rhai::serde::to_dynamic(info.scope).unwrap_or(Dynamic::UNIT);
            m.insert("scope".into(), scope);
        }
        None => {
            m.insert("known".into(), false.into());
            m.insert("info".into(), Dynamic::UNIT);
            m.insert("scope".into(), Dynamic::UNIT);
        }
    }
    Dynamic::from_map(m)
}

fn field(m: &Map, k: &str) -> Dynamic {
    m.get(k).cloned().unwrap_or(Dynamic::UNIT)
}

fn str_is(m: &Map, k: &str, want: &str) -> bool {
    m.get(k)
        .and_then(|v| v.as_immutable_string_ref().ok().map(|s| s.as_str() == want))
        .unwrap_or(false)
}

/// `model.btrfs_lists()`: every option list that reaches a btrfs mount, in order: for each
/// `model.btrfs[b]`, each `mounted[i]` as `#{ list, mountpoint, sub, first, certain,
/// first_mountpoint, btrfs: b, other: () }` (`sub`: the subvolume's `path`, or `()` for the
/// top level), then each `model.others[o]` btrfs filesystem with a mountpoint
/// (`first`/`certain` true, `sub` and `btrfs` `()`, `other: o`).
fn btrfs_lists(model: &Map) -> Array {
    let mut out = Array::new();
    if let Some(fss) = model.get("btrfs").and_then(|v| v.as_array_ref().ok()) {
        for (bi, b) in fss.iter().enumerate() {
            let Ok(b) = b.as_map_ref() else { continue };
            let Some(mounted) = b.get("mounted").and_then(|v| v.as_array_ref().ok()) else {
                continue;
            };
            let subs = b.get("subvolumes").and_then(|v| v.as_array_ref().ok());
            let certain = field(&b, "first_mount_certain");
            let first_mp = mounted
                .first()
                .and_then(|m| m.as_map_ref().ok().map(|m| field(&m, "mountpoint")))
                .unwrap_or(Dynamic::UNIT);
            for (i, m) in mounted.iter().enumerate() {
                let Ok(m) = m.as_map_ref() else { continue };
                let si = m
                    .get("subvolume_index")
                    .and_then(|v| v.as_int().ok())
                    .unwrap_or(-1);
                let sub = match (&subs, usize::try_from(si)) {
                    (Some(subs), Ok(si)) => subs
                        .get(si)
                        .and_then(|s| s.as_map_ref().ok().map(|s| field(&s, "path")))
                        .unwrap_or(Dynamic::UNIT),
                    _ => Dynamic::UNIT,
                };
                let mut e = Map::new();
                e.insert("list".into(), field(&m, "mount_options"));
                e.insert("mountpoint".into(), field(&m, "mountpoint"));
                e.insert("sub".into(), sub);
                e.insert("first".into(), (i == 0).into());
                e.insert("certain".into(), certain.clone());
                e.insert("first_mountpoint".into(), first_mp.clone());
                e.insert("btrfs".into(), (bi as i64).into());
                e.insert("other".into(), Dynamic::UNIT);
                out.push(e.into());
            }
        }
    }
    if let Some(others) = model.get("others").and_then(|v| v.as_array_ref().ok()) {
        for (oi, o) in others.iter().enumerate() {
            let Ok(o) = o.as_map_ref() else { continue };
            if !str_is(&o, "kind", "filesystem") || !str_is(&o, "format", "btrfs") {
                continue;
            }
            let Some(mp) = o.get("mountpoint").filter(|v| !v.is_unit()) else {
                continue;
            };
            let mp = mp
                .as_map_ref()
                .ok()
                .map(|m| field(&m, "value"))
                .unwrap_or(Dynamic::UNIT);
            let mut e = Map::new();
            e.insert("list".into(), field(&o, "mount_options"));
            e.insert("mountpoint".into(), mp.clone());
            e.insert("sub".into(), Dynamic::UNIT);
            e.insert("first".into(), true.into());
            e.insert("certain".into(), true.into());
            e.insert("first_mountpoint".into(), mp);
            e.insert("btrfs".into(), Dynamic::UNIT);
            e.insert("other".into(), (oi as i64).into());
            out.push(e.into());
        }
    }
    out
}

/// What a device path says about the storage behind it: `"nvme"` (`/dev/nvme…`,
/// `/dev/disk/by-id/nvme-…`, a `by-path` name with `-nvme-`), `"emmc"` (`/dev/mmcblk…`,
/// `/dev/disk/by-id/mmc-…`), both of which the kernel always reports as non-rotational;
/// `"virtual"` (`/dev/vd…`, `/dev/xvd…`, by-id `virtio-…`, QEMU's `scsi-0QEMU_…`/
/// `ata-QEMU_…`, cloud by-id names), which may report rotational whatever backs them; else
/// `"unknown"` (`/dev/sda`, `ata-…`, by-uuid, by-label, partition labels).
pub fn device_class(dev: &str) -> &'static str {
    let name = dev.rsplit('/').next().unwrap_or(dev);
    let by_id = dev.starts_with("/dev/disk/by-id/");
    let by_path = dev.starts_with("/dev/disk/by-path/");
    if dev.starts_with("/dev/nvme")
        || (by_id && name.starts_with("nvme-"))
        || (by_path && name.contains("-nvme-"))
    {
        return "nvme";
    }
    if dev.starts_with("/dev/mmcblk") || (by_id && name.starts_with("mmc-")) {
        return "emmc";
    }
    let virtual_id = [
        "virtio-",
        "scsi-0QEMU_",
        "scsi-SQEMU_",
        "ata-QEMU_",
        "scsi-0Google_",
        "google-",
        "scsi-0HC_Volume_",
        "scsi-0DO_Volume_",
        "scsi-0Linode_",
        "xen-",
    ];
    if dev.starts_with("/dev/vd")
        || dev.starts_with("/dev/xvd")
        || (by_id && virtual_id.iter().any(|p| name.starts_with(p)))
        || (by_path && name.contains("virtio"))
    {
        return "virtual";
    }
    "unknown"
}

/// `model.luks_of(path)`: the index in `model.luks` of the LUKS container that holds the
/// content at attribute path `path` (a `model.btrfs[].path`, `model.others[].path` or
/// swap `path`), directly or through LVM (LUKS → `lvm_pv` → `lvm_vg.<vg>` → content,
/// via `model.lvm_pvs`); `None` when nothing shows it is encrypted.
fn luks_of(model: &Map, path: &str, depth: usize) -> Option<usize> {
    if depth > 4 {
        return None;
    }
    let array = |k: &str| model.get(k).and_then(|v| v.as_array_ref().ok());
    if let Some(luks) = array("luks") {
        // The innermost container whose path is a prefix of `path`.
        let mut best: Option<(usize, usize)> = None;
        for (i, l) in luks.iter().enumerate() {
            let Ok(l) = l.as_map_ref() else { continue };
            let lp = get_str(&l, "path");
            if !lp.is_empty()
                && path.len() > lp.len()
                && path.starts_with(lp.as_str())
                && path[lp.len()..].starts_with('.')
                && best.is_none_or(|(_, n)| lp.len() > n)
            {
                best = Some((i, lp.len()));
            }
        }
        if let Some((i, _)) = best {
            return Some(i);
        }
    }
    let vg = path.strip_prefix("lvm_vg.")?.split('.').next()?.to_string();
    let pvs = array("lvm_pvs")?;
    let mut found = None;
    for pv in pvs.iter() {
        let Ok(pv) = pv.as_map_ref() else { continue };
        if get_str(&pv, "vg") != vg {
            continue;
        }
        // Every physical volume of the group must be encrypted for its volumes to be.
        let l = luks_of(model, &get_str(&pv, "path"), depth + 1)?;
        found.get_or_insert(l);
    }
    found
}

/// `model.storage_of(entry)`: `#{ class, device }` of the disk a [`btrfs_lists`] entry
/// lives on. The disk is the first layer of the filesystem's chain (`disk <name>`) for
/// `model.btrfs[b]`, the `disk.<name>.` prefix of the path for `model.others[o]`; a
/// filesystem that spans several devices, or sits on LVM or mdadm, is `"unknown"`.
fn storage_of(model: &Map, entry: &Map) -> Map {
    let disk = disk_name_of(model, entry);
    let device = disk.and_then(|name| {
        model
            .get("disks")
            .and_then(|d| d.as_array_ref().ok())
            .and_then(|disks| {
                disks.iter().find_map(|d| {
                    let d = d.as_map_ref().ok()?;
                    if get_str(&d, "name") != name {
                        return None;
                    }
                    d.get("device")?.clone().into_string().ok()
                })
            })
    });
    let mut out = Map::new();
    let class = device.as_deref().map(device_class).unwrap_or("unknown");
    out.insert("class".into(), class.into());
    out.insert(
        "device".into(),
        device.map(Dynamic::from).unwrap_or(Dynamic::UNIT),
    );
    out
}

/// `model.ssd_detected(b)`: true when `model.btrfs[b]` lies on one disk known to be NVMe or
/// eMMC, whose queue the kernel reports non-rotational, so btrfs turns SSD mode on by itself
/// (fs/btrfs/volumes.c marks the filesystem rotating only when a device's queue is; `open_ctree`
/// then sets SSD mode on its own).
fn ssd_detected(model: &Map, b: i64) -> bool {
    let mut entry = Map::new();
    entry.insert("btrfs".into(), Dynamic::from(b));
    let class = storage_of(model, &entry)
        .get("class")
        .and_then(|c| c.clone().into_string().ok())
        .unwrap_or_default();
    class == "nvme" || class == "emmc"
}

/// The disk name under a [`btrfs_lists`] entry, when there is exactly one.
fn disk_name_of(model: &Map, entry: &Map) -> Option<String> {
    let index = |k: &str| {
        entry
            .get(k)
            .and_then(|v| v.as_int().ok())
            .and_then(|i| usize::try_from(i).ok())
    };
    // Borrowed, never cloned: a filesystem map holds every subvolume, and this runs once per
    // option list.
    let array = |k: &str| model.get(k).and_then(|v| v.as_array_ref().ok());
    if let Some(b) = index("btrfs") {
        let arr = array("btrfs")?;
        let b = arr.get(b)?.as_map_ref().ok()?;
        if get_bool(&b, "multi_device") {
            return None;
        }
        let chain = b.get("chain")?.as_array_ref().ok()?.first()?.clone();
        return chain
            .into_string()
            .ok()?
            .strip_prefix("disk ")
            .map(str::to_string);
    }
    let others = array("others")?;
    let o = others.get(index("other")?)?.as_map_ref().ok()?;
    let path = get_str(&o, "path");
    let rest = path.strip_prefix("disk.")?;
    rest.find(".content").map(|i| rest[..i].to_string())
}

/// Subvolume names that hold snapshots by convention (snapper, btrbk, Timeshift guides).
const SNAPSHOT_SUBVOLUMES: [&str; 4] = [".snapshots", "@snapshots", "snapshots", "@.snapshots"];

/// `model.snapshot_evidence(b)`: what says that `model.btrfs[b]` holds snapshots, as
/// `#{ kind, text, label, span }`:
/// - `"snapper"`: a `services.snapper.configs` entry whose `SUBVOLUME` is on it;
/// - `"btrbk"`: btrbk configured, counted only when the file has a single btrfs filesystem
///   (the model cannot tell which one btrbk targets);
/// - `"subvolume"`, only when neither tool is configured for it: a subvolume named
///   `.snapshots`, `@snapshots`, `snapshots` or `@.snapshots` (last path component), or one
///   mounted at `/.snapshots`, `/snapshots` or `<path>/.snapshots`, `<path>/snapshots`.
///   Conditional subvolumes do not count.
fn snapshot_evidence(model: &Map, b: i64) -> Array {
    let mut out = Array::new();
    let item = |kind: &str, text: String, label: String, span: Dynamic| -> Dynamic {
        let mut m = Map::new();
        m.insert("kind".into(), kind.into());
        m.insert("text".into(), text.into());
        m.insert("label".into(), label.into());
        m.insert("span".into(), span);
        m.into()
    };
    let nixos = model.get("nixos").and_then(|n| n.clone().try_cast::<Map>());
    let mounts: Vec<Map> = model
        .get("mounts")
        .and_then(|m| m.as_array_ref().ok().map(|a| a.clone()))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|m| m.try_cast::<Map>())
        .collect();
    // The btrfs index of the deepest mount covering `path`.
    let fs_of = |path: &str| -> Option<i64> {
        mounts
            .iter()
            .filter(|m| path_under(path, &get_str(m, "mountpoint")))
            .max_by_key(|m| get_str(m, "mountpoint").len())
            .and_then(|m| m.get("btrfs").and_then(|v| v.as_int().ok()))
    };
    if let Some(n) = &nixos {
        if let Some(cfgs) = n.get("snapper").and_then(|v| v.as_array_ref().ok()) {
            for c in cfgs.iter() {
                let Ok(c) = c.as_map_ref() else { continue };
                let Some(sub) = c
                    .get("subvolume")
                    .and_then(|v| v.clone().into_string().ok())
                else {
                    continue;
                };
                if fs_of(&sub) == Some(b) {
                    let name = get_str(&c, "name");
                    out.push(item(
                        "snapper",
                        format!("snapper snapshots of `{sub}` (config `{name}`)"),
                        format!("snapshots `{sub}`"),
                        field(&c, "span"),
                    ));
                }
            }
        }
        let single = model
            .get("btrfs")
            .and_then(|v| v.as_array_ref().ok().map(|a| a.len()))
            == Some(1);
        if get_bool(n, "btrbk") && single {
            out.push(item(
                "btrbk",
                "btrbk snapshots".into(),
                "btrbk".into(),
                Dynamic::UNIT,
            ));
        }
    }
    if !out.is_empty() {
        return out;
    }
    let fs = usize::try_from(b).ok().and_then(|b| {
        model
            .get("btrfs")?
            .as_array_ref()
            .ok()?
            .get(b)?
            .clone()
            .try_cast::<Map>()
    });
    let subs = fs
        .as_ref()
        .and_then(|f| {
            f.get("subvolumes")
                .and_then(|v| v.as_array_ref().ok().map(|a| a.clone()))
        })
        .unwrap_or_default();
    for s in subs {
        let Some(s) = s.try_cast::<Map>() else {
            continue;
        };
        if get_bool(&s, "conditional") {
            continue;
        }
        let name = get_str(&s, "name");
        let last = name.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let mp = s
            .get("mountpoint")
            .and_then(|m| m.clone().try_cast::<Map>())
            .map(|m| get_str(&m, "value"));
        // Mounted at `/.snapshots`, `/snapshots` or `<path>/.snapshots`, `<path>/snapshots`.
        let at_snapshots = mp.as_deref().is_some_and(|p| {
            let p = p.trim_end_matches('/');
            p.ends_with("/.snapshots") || p.ends_with("/snapshots")
        });
        if !SNAPSHOT_SUBVOLUMES.contains(&last) && !at_snapshots {
            continue;
        }
        let text = match &mp {
            Some(p) => format!("the snapshot subvolume `{name}`, mounted at `{p}`"),
            None => format!("the snapshot subvolume `{name}`"),
        };
        let span = s
            .get("key")
            .and_then(|k| k.clone().try_cast::<Map>())
            .map(|k| field(&k, "span"))
            .unwrap_or(Dynamic::UNIT);
        out.push(item("subvolume", text, "snapshots live here".into(), span));
    }
    out
}

/// The closest of `candidates` to `word` by [`crate::btrfs::edit_distance`], compared
/// case-insensitively, within a budget of 1 edit for words up to 4 characters, 2 up to 8,
/// 3 beyond; the earliest candidate on ties; `None` when `word` is one of them.
pub fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    if candidates.iter().any(|c| c == word) {
        return None;
    }
    let lower = word.to_lowercase();
    let budget = match word.chars().count() {
        0 => return None,
        1..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = crate::btrfs::edit_distance(&lower, &c.to_lowercase());
        if d <= budget && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// True when systemd parses `s` as a time span (`parse_sec`, systemd.time(7)): `infinity`,
/// or one or more numbers (decimals allowed), each with an optional unit (`us`, `ms`, `s`,
/// `min`, `h`, `d`, `w`, `M`, `y` and their long forms), a bare number meaning seconds,
/// separated by optional spaces.
pub fn is_time_span(s: &str) -> bool {
    const UNITS: [&str; 31] = [
        "usec", "us", "µs", "μs", "msec", "ms", "seconds", "second", "sec", "s", "minutes",
        "minute", "min", "m", "hours", "hour", "hr", "h", "days", "day", "d", "weeks", "week", "w",
        "months", "month", "M", "years", "year", "y", "",
    ];
    let s = s.trim();
    if s == "infinity" {
        return true;
    }
    let mut rest = s;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..digits];
        if number.is_empty()
            || number.starts_with('.') && number.len() == 1
            || number.matches('.').count() > 1
        {
            return false;
        }
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '.')
            .unwrap_or(rest.len());
        if !UNITS.contains(&&rest[..unit_len]) {
            return false;
        }
        rest = rest[unit_len..].trim_start();
    }
    true
}

fn kernel_of(kernel: Dynamic) -> Option<btrfs::KernelVersion> {
    kernel.into_string().ok().and_then(|s| s.parse().ok())
}

/// The option as the kernel on `kernel` (`None`: the newest) applies it, for comparing
/// values: a bare optional-enum option as its first value (`discard` → `discard=sync`,
/// `space_cache` → `space_cache=v1`), compression in its effective form (level defaults and
/// clamping; a negative zstd level before 6.15 is the default level 3). `None` when the
/// mount fails with it (those are DL104/DL105's).
pub fn effective_option(raw: &str, kernel: Option<btrfs::KernelVersion>) -> Option<String> {
    let raw = raw.trim();
    if btrfs::validate_value(raw, kernel)
        .iter()
        .any(|p| p.fails_mount)
    {
        return None;
    }
    if let Some(c) = btrfs::parse_compression(raw) {
        if !c.valid {
            return None;
        }
        let key = if c.force {
            "compress-force"
        } else {
            "compress"
        };
        if c.effective_algorithm == "none" {
            return Some(format!("{key}=no"));
        }
        let unreadable = matches!((c.needs_kernel, kernel), (Some(n), Some(k)) if k < n);
        let level = if unreadable {
            Some(3)
        } else {
            c.effective_level
        };
        let level = level.map(|l| format!(":{l}")).unwrap_or_default();
        return Some(format!("{key}={}{level}", c.effective_algorithm));
    }
    let p = btrfs::parse_option(raw);
    if let Some(info) = p.info
        && info.value == btrfs::ValueKind::OptionalEnum
        && p.value.is_none()
        && let Some(v) = info.values.first()
    {
        return Some(format!("{}={}", p.name, v.name));
    }
    Some(raw.to_string())
}

/// What to write on another mount so that it matches `raw`: `raw` itself, or, when the
/// kernel does not use a compression level as written (clamped, or negative before 6.15),
/// the effective form. `None` when the mount fails with `raw`.
pub fn aligned_option(raw: &str, kernel: Option<btrfs::KernelVersion>) -> Option<String> {
    let eff = effective_option(raw, kernel)?;
    match btrfs::parse_compression(raw.trim()) {
        Some(c) if c.clamped || matches!((c.needs_kernel, kernel), (Some(n), Some(k)) if k < n) => {
            Some(eff)
        }
        _ => Some(raw.trim().to_string()),
    }
}

/// True when `raw` only states the kernel's default on `kernel` (`None`: unknown, then a
/// default that holds only since some kernel does not count): writing it changes nothing.
pub fn option_is_default(raw: &str, kernel: Option<btrfs::KernelVersion>) -> bool {
    let p = btrfs::parse_option(raw.trim());
    let Some(info) = p.info else { return false };
    let Some(default) = &info.default else {
        return false;
    };
    let stated = p.value.as_deref().unwrap_or("on");
    if stated != default {
        return false;
    }
    match info.default_since_kernel {
        None => true,
        Some(since) => kernel.is_some_and(|k| k >= since),
    }
}

/// The family of a filesystem-wide option as DL101 compares it, or `None` for per-mount
/// and unknown options, one-shot and rescue options, options that fail the mount, and
/// `nodatacow`/`nodatasum` (DL102's).
pub fn fs_wide_group(raw: &str) -> Option<String> {
    let p = btrfs::parse_option(raw.trim());
    let info = p.info?;
    if info.scope != btrfs::Scope::Filesystem
        || info.fails_mount
        || info.tags.iter().any(|t| t == "one-shot" || t == "rescue")
    {
        return None;
    }
    let g = option_group(raw);
    (g != "datacow" && g != "datasum").then_some(g)
}

/// The filesystem-wide options of an option-list map, by family (the last one wins, as in
/// the kernel), and whether the list has `nodatacow`/`nodatasum`. `None` when the list is
/// unknown, or conditional and `strict`.
fn fs_wide_options(
    list: &Map,
    strict: bool,
) -> Option<(std::collections::BTreeMap<String, String>, bool)> {
    if list.get("unknown").is_some_and(|u| !u.is_unit())
        || (strict && get_bool(list, "conditional"))
    {
        return None;
    }
    let mut out = std::collections::BTreeMap::new();
    let mut nocow = false;
    for it in list.get("items")?.as_array_ref().ok()?.iter() {
        let Ok(it) = it.as_map_ref() else { continue };
        let v = get_str(&it, "value");
        let name = btrfs::parse_option(&v).name;
        if name == "nodatacow" || name == "nodatasum" {
            nocow = true;
        }
        if let Some(g) = fs_wide_group(&v) {
            out.insert(g, v);
        }
    }
    Some((out, nocow))
}

/// `model.first_mount_adopts(b)`: the filesystem-wide options (`#{ group: option }`) that
/// the first mount of `model.btrfs[b]` leaves out while every later mount sets them, each
/// the same way. A swap subvolume that leaves one out does not count (its mount options do
/// not reach the swap file). Nothing is adopted when a later list is unknown or
/// conditional, for an option that only states the kernel's default, for `ssd` on a disk
/// known to be NVMe or eMMC (auto-detected), or for compression into a first mount with
/// `nodatacow`/`nodatasum` (DL102/DL103 decide that first).
fn first_mount_adopts(model: &Map, b: i64) -> Map {
    let mut out = Map::new();
    let kernel = model
        .get("host")
        .and_then(|h| h.as_map_ref().ok().map(|h| field(&h, "kernel")))
        .map(kernel_of)
        .unwrap_or(None);
    let Some(fs) = model
        .get("btrfs")
        .and_then(|v| v.as_array_ref().ok())
        .and_then(|a| usize::try_from(b).ok().and_then(|b| a.get(b).cloned()))
        .and_then(|f| f.try_cast::<Map>())
    else {
        return out;
    };
    let Some(mounted) = fs
        .get("mounted")
        .and_then(|m| m.as_array_ref().ok().map(|a| a.clone()))
    else {
        return out;
    };
    if mounted.len() < 2 {
        return out;
    }
    let list_of = |m: &Dynamic| -> Option<(Map, bool)> {
        let m = m.as_map_ref().ok()?;
        let l = m.get("mount_options")?.clone().try_cast::<Map>()?;
        Some((l, get_bool(&m, "swap")))
    };
    let Some((first, first_nocow)) =
        list_of(&mounted[0]).and_then(|(l, _)| fs_wide_options(&l, false))
    else {
        return out;
    };
    let mut later = Vec::new();
    for m in &mounted[1..] {
        let Some((l, swap)) = list_of(m) else {
            return out;
        };
        let Some((opts, _)) = fs_wide_options(&l, true) else {
            return out;
        };
        later.push((opts, swap));
    }
    let groups: std::collections::BTreeSet<&String> =
        later.iter().flat_map(|(o, _)| o.keys()).collect();
    // On a disk known to be NVMe or eMMC the kernel turns `ssd` on by itself (DL109 calls it
    // redundant there): the first mount runs with it whatever the others say.
    let ssd_detected = ssd_detected(model, b);
    for g in groups {
        if first.contains_key(g)
            || (g == "compression" && first_nocow)
            || (g == "ssd" && ssd_detected)
        {
            continue;
        }
        // Values compare as the kernel applies them; one that fails the mount is no intent.
        let eff = |v: &String| effective_option(v, kernel);
        let mut value: Option<&String> = None;
        let mut agreed = true;
        for (opts, swap) in &later {
            match (opts.get(g), value) {
                (Some(v), _) if eff(v).is_none() => agreed = false,
                (Some(v), None) if !swap => value = Some(v),
                (Some(v), Some(w)) if eff(v) != eff(w) => agreed = false,
                (Some(_), _) => {}
                (None, _) if *swap => {}
                (None, _) => agreed = false,
            }
        }
        // A swap mount's option alone is no intent; a swap mount that disagrees is.
        if let (true, Some(v)) = (agreed, value) {
            let swap_disagrees = later
                .iter()
                .any(|(o, _)| o.get(g).is_some_and(|x| eff(x) != eff(v)));
            if !swap_disagrees
                && !option_is_default(v, kernel)
                && let Some(a) = aligned_option(v, kernel)
            {
                out.insert(g.as_str().into(), a.into());
            }
        }
    }
    out
}

/// Quotes `s` as a Nix string literal.
pub fn nix_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `true` when `p` equals `prefix` or lies below it (`/var/lib/x` under `/var/lib`).
pub fn path_under(p: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    p == prefix
        || prefix.is_empty()
        || (p.starts_with(prefix) && p.as_bytes().get(prefix.len()) == Some(&b'/'))
}

fn edit(start: i64, end: i64, replacement: String) -> Dynamic {
    let mut m = Map::new();
    m.insert("start".into(), start.into());
    m.insert("end".into(), end.into());
    m.insert("replacement".into(), replacement.into());
    Dynamic::from_map(m)
}

fn span_of(d: Option<&Dynamic>) -> Option<(i64, i64)> {
    let m = d?.clone().try_cast::<Map>()?;
    Some((m.get("start")?.as_int().ok()?, m.get("end")?.as_int().ok()?))
}

fn get_str(m: &Map, k: &str) -> String {
    m.get(k)
        .and_then(|v| v.clone().into_string().ok())
        .unwrap_or_default()
}

fn get_bool(m: &Map, k: &str) -> bool {
    m.get(k).and_then(|v| v.as_bool().ok()).unwrap_or(false)
}

/// Appends options to an option-list map (`model…mount_options`).
fn insert_options(list: &Map, opts: &[String]) -> Dynamic {
    if get_bool(list, "indirect") || opts.is_empty() {
        return Dynamic::UNIT;
    }
    let Some(layout) = list.get("layout").and_then(|l| l.clone().try_cast::<Map>()) else {
        return Dynamic::UNIT;
    };
    let quoted: Vec<String> = opts.iter().map(|o| nix_str(o)).collect();
    if get_bool(&layout, "empty") {
        let Some((s, e)) = span_of(layout.get("span")) else {
            return Dynamic::UNIT;
        };
        return edit(s, e, format!("[ {} ]", quoted.join(" ")));
    }
    let Some(at) = layout.get("append_at").and_then(|a| a.as_int().ok()) else {
        return Dynamic::UNIT;
    };
    let text = if get_bool(&layout, "multiline") {
        let indent = get_str(&layout, "indent");
        quoted
            .iter()
            .map(|q| format!("\n{indent}{q}"))
            .collect::<String>()
    } else {
        quoted.iter().map(|q| format!(" {q}")).collect::<String>()
    };
    edit(at, at, text)
}

fn add_options(node: &Map, opts: &[String]) -> Array {
    let Some(list) = node
        .get("mount_options")
        .and_then(|l| l.clone().try_cast::<Map>())
    else {
        return Array::new();
    };
    if get_bool(&list, "explicit") {
        let e = insert_options(&list, opts);
        return if e.is_unit() { Array::new() } else { vec![e] };
    }
    let Some(insert) = node.get("insert").and_then(|i| i.clone().try_cast::<Map>()) else {
        return Array::new();
    };
    let quoted: Vec<String> = opts.iter().map(|o| nix_str(o)).collect();
    let e = add_binding(
        &insert,
        "mountOptions",
        &format!("[ {} ]", quoted.join(" ")),
    );
    if e.is_unit() { Array::new() } else { vec![e] }
}

fn add_binding(insert: &Map, path: &str, value: &str) -> Dynamic {
    let Some(offset) = insert.get("offset").and_then(|o| o.as_int().ok()) else {
        return Dynamic::UNIT;
    };
    let text = if get_bool(insert, "multiline") {
        format!("\n{}{path} = {value};", get_str(insert, "indent"))
    } else {
        format!(" {path} = {value};")
    };
    edit(offset, offset, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn nix_strings_are_escaped() {
        assert_eq!(nix_str("a\"b${c}"), "\"a\\\"b\\${c}\"");
    }
    #[test]
    fn device_classes() {
        assert_eq!(device_class("/dev/nvme0n1"), "nvme");
        assert_eq!(
            device_class("/dev/disk/by-id/nvme-Samsung_SSD_980_S1"),
            "nvme"
        );
        assert_eq!(
            device_class("/dev/disk/by-path/pci-0000:01:00.0-nvme-1"),
            "nvme"
        );
        assert_eq!(device_class("/dev/mmcblk0"), "emmc");
        assert_eq!(device_class("/dev/vda"), "virtual");
        assert_eq!(device_class("/dev/xvda"), "virtual");
        assert_eq!(device_class("/dev/disk/by-id/virtio-root"), "virtual");
        assert_eq!(
            device_class("/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive0"),
            "virtual"
        );
        assert_eq!(device_class("/dev/sda"), "unknown");
        assert_eq!(
            device_class("/dev/disk/by-id/ata-Samsung_SSD_870"),
            "unknown"
        );
        assert_eq!(
            device_class("/dev/disk/by-id/wwn-0x5002538e40000000"),
            "unknown"
        );
        assert_eq!(device_class(""), "unknown");
    }
    #[test]
    fn closest_names() {
        let names: Vec<String> = ["x-systemd.automount", "x-systemd.device-timeout"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            closest("x-systemd.automnt", &names),
            Some("x-systemd.automount")
        );
        assert_eq!(
            closest("X-systemd.automount", &names),
            Some("x-systemd.automount")
        );
        assert_eq!(
            closest("x-systemd.automount", &names),
            None,
            "already a name"
        );
        assert_eq!(closest("x-systemd.nofail", &names), None, "nothing close");
        assert_eq!(closest("", &names), None);
    }
    #[test]
    fn time_spans() {
        for ok in [
            "5s", "5", "0", "1min 30s", "1min30s", "2h", "1.5s", "infinity", "100ms", "3 min",
        ] {
            assert!(is_time_span(ok), "{ok}");
        }
        for bad in [
            "", "5 secs", "five", "5x", "-5s", "1..5s", ".", "s", "5s,", "inf",
        ] {
            assert!(!is_time_span(bad), "{bad}");
        }
    }
    #[test]
    fn path_under_respects_components() {
        assert!(path_under("/var/lib/postgresql/16", "/var/lib/postgresql"));
        assert!(path_under("/var/lib", "/var/lib/"));
        assert!(!path_under("/var/library", "/var/lib"));
        assert!(path_under("/anything", "/"));
    }
}
