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
//!
//! Edit builders (all return an edit map `#{start, end, replacement}`, or `()` when the
//! text cannot be edited safely, e.g. a list defined in a `let` or another file):
//! - `insert_option(list, "noatime")`: append to an option list literal, matching its layout.
//! - `add_options(node, ["noatime"])`: same, or add `mountOptions = [ … ];` to a node
//!   (subvolume / filesystem) whose list is absent. Returns an array of edits (maybe empty).
//! - `remove_item(item)`, `replace_item(item, "new")`: on an option list item.
//! - `add_binding(insert, "path.to.attr", "nix value")`: add `path = value;` to an attrset.
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
    engine.register_fn("delete", |span: Dynamic| -> Dynamic {
        match span_of(Some(&span)) {
            Some((s, e)) => edit(s, e, String::new()),
            None => Dynamic::UNIT,
        }
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
            _ => info.name.clone(),
        },
        None => p.name,
    }
}

thread_local! {
    /// Per-thread memo of registry answers, one table per kind: option strings repeat
    /// across mounts and files.
    static MEMO: std::cell::RefCell<[std::collections::HashMap<String, Dynamic>; 3]> =
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
    let p = btrfs::parse_option(raw);
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
/// first_mountpoint, btrfs: b }` (`sub`: the subvolume's `path`, or `()` for the top level),
/// then each `model.others[]` btrfs filesystem with a mountpoint (`first`/`certain` true,
/// `sub` and `btrfs` `()`).
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
                out.push(e.into());
            }
        }
    }
    if let Some(others) = model.get("others").and_then(|v| v.as_array_ref().ok()) {
        for o in others.iter() {
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
            out.push(e.into());
        }
    }
    out
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
/// conditional, for an option that only states the kernel's default, or for compression
/// into a first mount with `nodatacow`/`nodatasum` (DL102/DL103 decide that first).
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
    for g in groups {
        if first.contains_key(g) || (g == "compression" && first_nocow) {
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
    fn path_under_respects_components() {
        assert!(path_under("/var/lib/postgresql/16", "/var/lib/postgresql"));
        assert!(path_under("/var/lib", "/var/lib/"));
        assert!(!path_under("/var/library", "/var/lib"));
        assert!(path_under("/anything", "/"));
    }
}
