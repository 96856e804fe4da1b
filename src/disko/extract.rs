//! Evaluated Nix values → the disko [`Model`].
//!
//! Follows `DISKO-SCHEMA.md`: content types are dispatched on `type`, defaults are made
//! explicit (`mountOptions = [ "defaults" ]`), disko's `subvol=<name>` is appended to
//! subvolume mounts, and NixOS settings written in the same module are read. Anything
//! unknown is recorded in [`Model::unresolved`] instead of being guessed.

use super::model::*;
use crate::nix::ParsedFile;
use crate::nix::builtins::modules;
use crate::nix::eval::{Evaluator, Thunk};
use crate::nix::value::{Branches, Entry, Kind, Value};
use crate::source::{FileId, SourceMap, Span};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

mod find;
mod layout;
mod nixos;

pub use layout::line_indent;
use layout::span_within;

/// Paths NixOS always mounts in the initrd (nixpkgs `nixos/lib/utils.nix` `pathsNeededForBoot`).
pub const PATHS_NEEDED_FOR_BOOT: &[&str] = &[
    "/",
    "/nix",
    "/nix/store",
    "/var",
    "/var/log",
    "/var/lib",
    "/var/lib/nixos",
    "/etc",
    "/usr",
];

/// Result of extraction: the model plus the files `import` reached.
pub struct Extraction {
    /// The model.
    pub model: Model,
    /// Files read through `import` (absolute or as resolved).
    pub imported: Vec<std::path::PathBuf>,
}

/// Builds the model of the parsed file `parsed` (whose text is in `sources`).
pub fn extract(sources: &mut SourceMap, parsed: &ParsedFile) -> Extraction {
    let file = parsed.file;
    let text: Rc<str> = sources.get(file).text.as_str().into();
    let display = sources.get(file).path.display().to_string();
    let mut ev = Evaluator::new(sources);
    let root = ev.eval_file(parsed);
    let mut cx = Cx {
        cond: None,
        ev,
        file,
        text,
        model: Model {
            file: display,
            ..Default::default()
        },
        luks_stack: Vec::new(),
        pv_luks: HashMap::new(),
        md_luks: HashMap::new(),
    };
    cx.run(root);
    let imported = cx.ev.imported.clone();
    Extraction {
        model: cx.model,
        imported,
    }
}

/// "a string", "an int": the type of `v` with its article, for reasons.
fn a_type(v: &Value) -> String {
    let t = v.type_name();
    let article = if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {t}")
}

/// How many items of each model list exist at one moment (to tell which ones a step added).
struct Lens {
    btrfs: usize,
    mounts: usize,
    others: usize,
    swap_devices: usize,
}

impl Lens {
    fn of(m: &Model) -> Self {
        Lens {
            btrfs: m.btrfs.len(),
            mounts: m.mounts.len(),
            others: m.others.len(),
            swap_devices: m.swap_devices.len(),
        }
    }
}

struct Cx<'a> {
    /// The undecidable condition the node being read exists under (inherited by everything
    /// below it), as written and where.
    cond: Option<Rc<str>>,
    ev: Evaluator<'a>,
    file: FileId,
    text: Rc<str>,
    model: Model,
    /// The LUKS containers around the content being read (indices in `model.luks`),
    /// through partitions, LVM and mdadm: what [`Btrfs::luks_below`] gets.
    luks_stack: Vec<usize>,
    /// LUKS containers above the `lvm_pv` members of each volume group, by VG name.
    pv_luks: HashMap<String, Vec<usize>>,
    /// LUKS containers above the `mdraid` members of each mdadm array, by array name.
    md_luks: HashMap<String, Vec<usize>>,
}

/// The attributes of `disko.devices` that hold devices (each entry is one device).
const DEVICE_TYPES: [&str; 5] = ["disk", "mdadm", "lvm_vg", "zpool", "nodev"];

/// Applies lambdas to an unknown argument, at most this many times (curried modules).
const MAX_CURRY: usize = 4;
/// Nodes visited while searching wrapper namespaces for `disko.devices`.
const SEARCH_BUDGET: usize = 4000;

impl Cx<'_> {
    fn loc(&self, span: Span) -> Option<Span> {
        (span.file == self.file).then_some(span)
    }

    fn unresolved(&mut self, what: &str, reason: &str, span: Span) {
        let span = self.loc(span);
        if self
            .model
            .unresolved
            .iter()
            .any(|u| u.what == what && u.reason == reason)
        {
            return;
        }
        self.model.unresolved.push(Unresolved {
            what: what.to_string(),
            reason: reason.to_string(),
            span,
        });
    }

    /// Forces a thunk and reads the module-system `_type` forms as what they stand for.
    fn force(&mut self, t: &Thunk) -> Value {
        let v = self.ev.force(t);
        modules::normalize(&mut self.ev, v)
    }

    /// Runs `f` with `v`'s condition (if it has one and no outer one is set) in effect.
    fn within<R>(&mut self, v: &Value, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.cond.clone();
        if self.cond.is_none() {
            self.cond = v.condition.clone();
        }
        let r = f(self);
        self.cond = saved;
        r
    }

    /// The condition in effect, for the model.
    fn condition(&self) -> Option<String> {
        self.cond.as_deref().map(str::to_string)
    }

    /// The value bound to `key` in an attrset value (forced), with its entry.
    fn get(&mut self, v: &Value, key: &str) -> Option<(Value, Entry)> {
        let Kind::Attrs(a) = &v.kind else { return None };
        let e = a.entries.get(key)?.clone();
        let val = self.force(&e.value);
        if matches!(val.kind, Kind::Absent) {
            return None;
        }
        Some((val, e))
    }

    fn get_path(&mut self, v: &Value, path: &[&str]) -> Option<(Value, Entry)> {
        let mut cur = v.clone();
        let mut last = None;
        for k in path {
            let (nv, e) = self.get(&cur, k)?;
            cur = nv;
            last = Some(e);
        }
        last.map(|e| (cur, e))
    }

    fn get_str(&mut self, v: &Value, key: &str, what: &str) -> Option<Located<String>> {
        let (val, _) = self.get(v, key)?;
        match &val.kind {
            Kind::Str(s) => Some(Located {
                value: s.to_string(),
                span: self.loc(val.span),
            }),
            Kind::Path(p) => Some(Located {
                value: p.display().to_string(),
                span: self.loc(val.span),
            }),
            Kind::Null => None,
            Kind::Unknown(r) => {
                let r = r.to_string();
                self.unresolved(&format!("{what}.{key}"), &r, val.span);
                None
            }
            _ => {
                let r = format!("{}, not a string", a_type(&val));
                self.unresolved(&format!("{what}.{key}"), &r, val.span);
                None
            }
        }
    }

    fn get_bool(&mut self, v: &Value, key: &str) -> Option<bool> {
        self.get(v, key).and_then(|(v, _)| v.as_bool())
    }

    /// A list of strings; items that are unknown are reported.
    fn str_list(&mut self, v: &Value, what: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Kind::List { items, .. } = &v.kind {
            for t in items.iter() {
                let iv = self.force(t);
                match &iv.kind {
                    Kind::Str(s) => out.push(s.to_string()),
                    Kind::Absent => {}
                    Kind::List { .. } => out.extend(self.str_list(&iv, what)),
                    _ => {
                        let r = iv.unknown_reason().unwrap_or("not a string").to_string();
                        self.unresolved(what, &r, iv.span);
                    }
                }
            }
        } else if let Some(r) = v.unknown_reason() {
            let r = r.to_string();
            self.unresolved(what, &r, v.span);
        }
        out
    }

    fn option_list(
        &mut self,
        owner: &Value,
        key: &str,
        default: &[&str],
        what: &str,
    ) -> OptionList {
        let Some((val, entry)) = self.get(owner, key) else {
            return OptionList {
                explicit: false,
                items: default
                    .iter()
                    .map(|s| OptionItem {
                        value: s.to_string(),
                        span: None,
                        remove: None,
                        editable: false,
                    })
                    .collect(),
                ..Default::default()
            };
        };
        let mut list = OptionList {
            explicit: true,
            binding: self.loc(entry.def_span),
            conditional: val.is_conditional(),
            ..Default::default()
        };
        match &val.kind {
            Kind::List { items, literal } => {
                let in_file = val.span.file == self.file;
                // Literal written right at this binding?
                list.indirect = !(*literal && in_file && span_within(val.span, entry.def_span));
                let mut spans = Vec::new();
                for t in items.iter() {
                    let iv = self.force(t);
                    list.conditional |= iv.is_conditional();
                    match &iv.kind {
                        Kind::Str(s) => {
                            list.items.push(OptionItem {
                                value: s.to_string(),
                                span: self.loc(iv.span),
                                remove: None,
                                editable: false,
                            });
                            spans.push(self.loc(iv.span));
                        }
                        Kind::Absent => {}
                        _ => {
                            let r = iv.unknown_reason().unwrap_or("not a string").to_string();
                            self.unresolved(&format!("{what}.{key}"), &r, iv.span);
                            list.unknown = Some(r);
                        }
                    }
                }
                if *literal && in_file {
                    let layout = self.list_layout(val.span, &spans);
                    // Removal ranges (only for items directly in this literal).
                    let direct: Vec<Option<Span>> = spans
                        .iter()
                        .map(|s| s.filter(|s| span_within(*s, val.span)))
                        .collect();
                    for i in 0..list.items.len() {
                        if let Some(Some(sp)) = direct.get(i) {
                            let prev = if i > 0 {
                                direct[i - 1].map(|s| s.end)
                            } else {
                                None
                            };
                            let next = direct.get(i + 1).and_then(|s| s.map(|s| s.start));
                            list.items[i].remove =
                                Some(self.remove_span(*sp, prev, next, layout.multiline));
                            list.items[i].editable = !list.indirect;
                        }
                    }
                    list.layout = Some(layout);
                }
            }
            Kind::Unknown(r) => {
                let r = r.to_string();
                self.unresolved(&format!("{what}.{key}"), &r, val.span);
                list.unknown = Some(r);
            }
            _ => {
                list.unknown = Some(format!("`{key}` is a {}", val.type_name()));
            }
        }
        list
    }

    // ------------------------------------------------------------------------------------
    // disko.devices

    fn devices(&mut self, devices: &Value) {
        let Some(a) = devices.as_attrs().cloned() else {
            let r = devices
                .unknown_reason()
                .unwrap_or("not an attribute set")
                .to_string();
            self.unresolved("disko.devices", &r, devices.span);
            return;
        };
        for (span, r) in &a.dynamic_unknown {
            self.unresolved("disko.devices", r, *span);
        }
        // Order matters for multi-device btrfs: disko formats disks in attribute order.
        if let Some((disks, _)) = self.get(devices, "disk") {
            self.each(&disks, "disk", |cx, name, d| {
                let dev = cx
                    .get_str(d, "device", &format!("disk.{name}"))
                    .map(|l| l.value);
                cx.model.disks.push(Disk {
                    name: name.to_string(),
                    device: dev.clone(),
                });
                if let Some((c, _)) = cx.get(d, "content") {
                    cx.content(
                        &c,
                        &format!("disk.{name}.content"),
                        dev,
                        vec![format!("disk {name}")],
                        None,
                    );
                }
            });
        }
        if let Some((mds, _)) = self.get(devices, "mdadm") {
            self.each(&mds, "mdadm", |cx, name, d| {
                if let Some((c, _)) = cx.get(d, "content") {
                    let below = cx.md_luks.get(name).cloned().unwrap_or_default();
                    let outer = std::mem::replace(&mut cx.luks_stack, below);
                    cx.content(
                        &c,
                        &format!("mdadm.{name}.content"),
                        Some(format!("/dev/md/{name}")),
                        vec![format!("mdadm {name}")],
                        None,
                    );
                    cx.luks_stack = outer;
                }
            });
        }
        if let Some((vgs, _)) = self.get(devices, "lvm_vg") {
            self.each(&vgs, "lvm_vg", |cx, vg, d| {
                if let Some((lvs, _)) = cx.get(d, "lvs") {
                    cx.each(&lvs, &format!("lvm_vg.{vg}.lvs"), |cx, lv, l| {
                        let lvname = cx
                            .get_str(l, "name", "lv")
                            .map(|s| s.value)
                            .unwrap_or_else(|| lv.to_string());
                        if let Some((c, _)) = cx.get(l, "content") {
                            let below = cx.pv_luks.get(vg).cloned().unwrap_or_default();
                            let outer = std::mem::replace(&mut cx.luks_stack, below);
                            cx.content(
                                &c,
                                &format!("lvm_vg.{vg}.lvs.{lv}.content"),
                                Some(format!("/dev/{vg}/{lvname}")),
                                vec![format!("lvm_vg {vg}"), format!("lv {lv}")],
                                None,
                            );
                            cx.luks_stack = outer;
                        }
                    });
                }
            });
        }
        if let Some((pools, _)) = self.get(devices, "zpool") {
            self.each(&pools, "zpool", |cx, name, p| cx.zpool(p, name));
        }
        if let Some((nodev, _)) = self.get(devices, "nodev") {
            self.each(&nodev, "nodev", |cx, name, n| {
                let mp = cx.get_str(n, "mountpoint", "nodev").or(Some(Located {
                    value: name.to_string(),
                    span: None,
                }));
                let fs = cx
                    .get_str(n, "fsType", &format!("nodev.{name}"))
                    .map(|l| l.value);
                let opts =
                    cx.option_list(n, "mountOptions", &["defaults"], &format!("nodev.{name}"));
                let span = cx.loc(n.span);
                cx.model.others.push(OtherContent {
                    kind: "nodev".into(),
                    path: format!("nodev.{name}"),
                    format: fs.clone(),
                    mountpoint: mp.clone(),
                    mount_options: opts.clone(),
                    span,
                    condition: cx.condition(),
                });
                if let Some(mp) = mp {
                    let device = cx
                        .get_str(n, "device", "nodev")
                        .map(|l| l.value)
                        .or_else(|| {
                            fs.as_deref().map(|f| {
                                if ["proc", "sysfs", "tmpfs", "ramfs", "devtmpfs", "devpts"]
                                    .contains(&f)
                                {
                                    f.to_string()
                                } else {
                                    "none".into()
                                }
                            })
                        });
                    cx.push_mount(
                        mp,
                        fs.unwrap_or_default(),
                        device,
                        &opts,
                        "nodev",
                        None,
                        None,
                        Vec::new(),
                    );
                }
            });
        }
        if let Some((bfs, _)) = self.get(devices, "bcachefs_filesystems") {
            self.each(&bfs, "bcachefs_filesystems", |cx, name, b| {
                let what = format!("bcachefs_filesystems.{name}");
                if let Some(mp) = cx.get_str(b, "mountpoint", &what) {
                    let opts = cx.option_list(b, "mountOptions", &["X-mount.mkdir"], &what);
                    cx.push_mount(
                        mp,
                        "bcachefs".into(),
                        None,
                        &opts,
                        "bcachefs",
                        None,
                        None,
                        Vec::new(),
                    );
                    if let Some(m) = cx.model.mounts.last_mut() {
                        m.needed_for_boot = true;
                    }
                }
                if let Some((subs, _)) = cx.get(b, "subvolumes") {
                    cx.each(&subs, &format!("{what}.subvolumes"), |cx, sname, s| {
                        let sname = cx
                            .get_str(s, "name", "subvolume")
                            .map(|l| l.value)
                            .unwrap_or_else(|| sname.to_string());
                        if let Some(mp) = cx.get_str(s, "mountpoint", "bcachefs subvolume") {
                            let opts = cx.option_list(
                                s,
                                "mountOptions",
                                &["X-mount.mkdir"],
                                "bcachefs subvolume",
                            );
                            let sub = sname.trim_start_matches('/').to_string();
                            cx.push_mount(
                                mp,
                                "bcachefs".into(),
                                None,
                                &opts,
                                "bcachefs",
                                None,
                                None,
                                vec![format!("X-mount.subdir={sub}")],
                            );
                            if let Some(m) = cx.model.mounts.last_mut() {
                                m.needed_for_boot = true;
                            }
                        }
                    });
                }
            });
        }
    }

    /// Calls `f` for every (forced) attribute of an attrset value, in name order.
    fn each(&mut self, v: &Value, what: &str, mut f: impl FnMut(&mut Self, &str, &Value)) {
        let Some(a) = v.as_attrs().cloned() else {
            if let Some(r) = v.unknown_reason() {
                let r = r.to_string();
                self.unresolved(what, &r, v.span);
            }
            return;
        };
        for (span, r) in &a.dynamic_unknown {
            self.unresolved(what, r, *span);
        }
        for (k, e) in a.entries.iter() {
            let val = self.force(&e.value);
            match &val.kind {
                Kind::Attrs(_) => {
                    if DEVICE_TYPES.contains(&what) {
                        self.model.devices.push(format!("{what}.{k}"));
                    }
                    self.within(&val, |cx| f(cx, k, &val))
                }
                Kind::Absent => {}
                Kind::Unknown(r) => {
                    let r = r.to_string();
                    self.unresolved(&format!("{what}.{k}"), &r, val.span);
                }
                _ => {
                    let r = format!("{}, not an attribute set", a_type(&val));
                    self.unresolved(&format!("{what}.{k}"), &r, val.span);
                }
            }
        }
    }

    /// Reads a content node (`type = "gpt" | "btrfs" | "luks" | …`). A node joined from the
    /// two branches of an `if` whose condition is unknown and whose branches have different
    /// types (`if cfg.luks then { type = "luks"; content = fs; } else fs`) is read branch by
    /// branch, and what both give is kept once, unconditionally ([`Cx::reconcile`]).
    fn content(
        &mut self,
        c: &Value,
        path: &str,
        device: Option<String>,
        chain: Vec<String>,
        luks: Option<usize>,
    ) {
        if let Some(br) = c.as_attrs().and_then(|a| a.branches.clone()) {
            let ty = self
                .get(c, "type")
                .and_then(|(v, _)| v.as_str().map(str::to_string));
            if ty.is_none() {
                self.content_branches(&br, c, path, device, chain, luks);
                return;
            }
        }
        self.within(c, |cx| cx.content_of(c, path, device, chain, luks));
    }

    fn content_branches(
        &mut self,
        br: &Branches,
        c: &Value,
        path: &str,
        device: Option<String>,
        chain: Vec<String>,
        luks: Option<usize>,
    ) {
        let outer = self.cond.clone();
        let mark = outer.clone().unwrap_or_else(|| br.condition.clone());
        let then = modules::normalize(&mut self.ev, br.then.clone());
        let otherwise = modules::normalize(&mut self.ev, br.otherwise.clone());
        let type_of = |cx: &mut Self, v: &Value| match cx.get(v, "type") {
            Some((t, _)) => match t.as_str() {
                Some(s) => format!("`{s}`"),
                None => "unknown".to_string(),
            },
            None if matches!(v.kind, Kind::Null) => "`null`".to_string(),
            None => "no type".to_string(),
        };
        let (ta, tb) = (type_of(self, &then), type_of(self, &otherwise));
        let before = Lens::of(&self.model);
        self.cond = Some(mark.clone());
        self.content(&then, path, device.clone(), chain.clone(), luks);
        let mid = Lens::of(&self.model);
        self.cond = Some(mark.clone());
        self.content(&otherwise, path, device, chain, luks);
        let after = Lens::of(&self.model);
        self.cond = outer.clone();
        self.reconcile(&before, &mid, &after, &mark, outer.as_deref());
        self.unresolved(
            path,
            &format!(
                "{ta} or {tb} depending on the condition {} (what both branches give is checked)",
                br.condition
            ),
            c.span,
        );
    }

    /// After reading the two branches of one `if` (model items `before..mid` and
    /// `mid..after`, all marked with `mark`): a mount, btrfs filesystem or other content
    /// both branches give is kept once and loses the mark (it exists either way; a device
    /// they disagree on becomes unknown); the rest keeps it. `outer` is the condition in
    /// effect around the `if`.
    fn reconcile(
        &mut self,
        before: &Lens,
        mid: &Lens,
        after: &Lens,
        mark: &str,
        outer: Option<&str>,
    ) {
        let unmark = |c: &mut Option<String>| {
            if c.as_deref() == Some(mark) {
                *c = outer.map(str::to_string);
            }
        };
        // btrfs filesystems: B's duplicates of A's are dropped; indices re-derived.
        let sig = |b: &Btrfs| {
            let opts = |l: &OptionList| l.items.iter().map(|i| i.value.clone()).collect::<Vec<_>>();
            (
                b.mountpoint.as_ref().map(|m| m.value.clone()),
                opts(&b.mount_options),
                b.subvolumes
                    .iter()
                    .map(|s| {
                        (
                            s.name.clone(),
                            s.mountpoint.as_ref().map(|m| m.value.clone()),
                            opts(&s.mount_options),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        };
        let mut map = std::collections::BTreeMap::new();
        let mut used = vec![false; mid.btrfs];
        let mut drop_b = std::collections::BTreeSet::new();
        for j in mid.btrfs..after.btrfs {
            let sj = sig(&self.model.btrfs[j]);
            let hit =
                (before.btrfs..mid.btrfs).find(|&i| !used[i] && sig(&self.model.btrfs[i]) == sj);
            if let Some(i) = hit {
                used[i] = true;
                drop_b.insert(j);
                map.insert(j, i);
                let same_device = self.model.btrfs[i].device == self.model.btrfs[j].device;
                let a = &mut self.model.btrfs[i];
                unmark(&mut a.condition);
                if !same_device {
                    a.device = None;
                }
                for s in a.subvolumes.iter_mut() {
                    unmark(&mut s.condition);
                    s.conditional = s.condition.is_some();
                }
            }
        }
        let mut next = mid.btrfs;
        for j in mid.btrfs..after.btrfs {
            if !drop_b.contains(&j) {
                map.insert(j, next);
                next += 1;
            }
        }
        let mut k = 0;
        self.model.btrfs.retain(|_| {
            k += 1;
            !drop_b.contains(&(k - 1))
        });
        for (i, b) in self.model.btrfs.iter_mut().enumerate() {
            b.index = i;
        }
        let remap = |x: &mut Option<usize>| {
            if let Some(i) = x
                && let Some(n) = map.get(&*i)
            {
                *i = *n;
            }
        };
        // Mounts.
        let mut drop_m = std::collections::BTreeSet::new();
        for j in mid.mounts..after.mounts {
            let mj = self.model.mounts[j].clone();
            let hit = (before.mounts..mid.mounts).find(|&i| {
                let mi = &self.model.mounts[i];
                mi.mountpoint == mj.mountpoint
                    && mi.fs_type == mj.fs_type
                    && mi.options == mj.options
                    && mi.source == mj.source
                    && mi.subvolume == mj.subvolume
                    && mi.condition.as_deref() == Some(mark)
            });
            if let Some(i) = hit {
                drop_m.insert(j);
                let mi = &mut self.model.mounts[i];
                unmark(&mut mi.condition);
                mi.conditional = mi.options_conditional || mi.condition.is_some();
                if mi.device != mj.device {
                    mi.device = None;
                }
            }
        }
        let mut k = 0;
        self.model.mounts.retain(|_| {
            k += 1;
            !drop_m.contains(&(k - 1))
        });
        for m in self.model.mounts.iter_mut() {
            remap(&mut m.btrfs);
        }
        // Other contents.
        let osig = |o: &OtherContent| {
            (
                o.kind.clone(),
                o.format.clone(),
                o.mountpoint.as_ref().map(|m| m.value.clone()),
                o.mount_options
                    .items
                    .iter()
                    .map(|i| i.value.clone())
                    .collect::<Vec<_>>(),
            )
        };
        let mut drop_o = std::collections::BTreeSet::new();
        for j in mid.others..after.others {
            let sj = osig(&self.model.others[j]);
            if let Some(i) = (before.others..mid.others).find(|&i| {
                osig(&self.model.others[i]) == sj
                    && self.model.others[i].condition.as_deref() == Some(mark)
            }) {
                drop_o.insert(j);
                unmark(&mut self.model.others[i].condition);
            }
        }
        let mut k = 0;
        self.model.others.retain(|_| {
            k += 1;
            !drop_o.contains(&(k - 1))
        });
        // Swap devices.
        for s in self.model.swap_devices.iter_mut() {
            remap(&mut s.btrfs);
        }
        let mut drop_s = std::collections::BTreeSet::new();
        for j in mid.swap_devices..after.swap_devices {
            let sj = &self.model.swap_devices[j];
            if (before.swap_devices..mid.swap_devices).any(|i| {
                let si = &self.model.swap_devices[i];
                si.device == sj.device && si.subvolume == sj.subvolume
            }) {
                drop_s.insert(j);
            }
        }
        let mut k = 0;
        self.model.swap_devices.retain(|_| {
            k += 1;
            !drop_s.contains(&(k - 1))
        });
    }

    fn content_of(
        &mut self,
        c: &Value,
        path: &str,
        device: Option<String>,
        chain: Vec<String>,
        luks: Option<usize>,
    ) {
        let Some(ty) = self.get_str(c, "type", path) else {
            if let Some(r) = c.unknown_reason() {
                let r = r.to_string();
                self.unresolved(path, &r, c.span);
            } else if c.as_attrs().is_some() && self.get(c, "type").is_none() {
                self.unresolved(
                    path,
                    "a content without `type`; disko cannot read it",
                    c.span,
                );
            }
            return;
        };
        let device = self.get_str(c, "device", path).map(|l| l.value).or(device);
        match ty.value.as_str() {
            "gpt" => {
                let parts = self.get(c, "partitions");
                let table = self.push_table("gpt", c, path, &ty, parts.as_ref().map(|p| &p.0));
                if let Some((parts, _)) = parts {
                    let ppath = format!("{path}.partitions");
                    if let Kind::List { .. } = &parts.kind {
                        self.push_unread(
                            &ppath,
                            "gpt-partitions-list",
                            "the `gpt` type takes an attribute set of partitions (`partitions.<name> = { … }`); a list is the shape of the legacy `table` type, and disko rejects it",
                            parts.span,
                        );
                        return;
                    }
                    let disk = chain
                        .first()
                        .and_then(|s| s.strip_prefix("disk "))
                        .unwrap_or("disk")
                        .to_string();
                    self.partitions(&parts, &ppath, &disk, chain, Some(table));
                }
            }
            "table" => {
                let parts = self.get(c, "partitions");
                self.push_table("table", c, path, &ty, parts.as_ref().map(|p| &p.0));
                if let Some((parts, _)) = &parts
                    && let Kind::Attrs(_) = &parts.kind
                {
                    self.push_unread(
                        &format!("{path}.partitions"),
                        "table-partitions-attrs",
                        "the legacy `table` type takes a list of partitions; an attribute set (the shape of the `gpt` type) is rejected by disko",
                        parts.span,
                    );
                }
                if let Some((parts, _)) = parts
                    && let Kind::List { items, .. } = &parts.kind
                {
                    for (i, t) in items.clone().iter().enumerate() {
                        let p = self.force(t);
                        if let Some((pc, _)) = self.get(&p, "content") {
                            let mut ch = chain.clone();
                            ch.push(format!("partition {}", i + 1));
                            let dev = device.as_ref().map(|d| format!("{d}{}", i + 1));
                            self.content(
                                &pc,
                                &format!("{path}.partitions.{i}.content"),
                                dev,
                                ch,
                                luks,
                            );
                        }
                    }
                }
            }
            "btrfs" => self.btrfs(c, path, device, chain, luks),
            "luks" => self.luks(c, path, chain),
            "filesystem" => {
                let format = self.get_str(c, "format", path).map(|l| l.value);
                let mp = self.get_str(c, "mountpoint", path);
                let opts = self.option_list(c, "mountOptions", &["defaults"], path);
                let span = self.loc(c.span);
                self.model.others.push(OtherContent {
                    kind: "filesystem".into(),
                    path: path.to_string(),
                    format: format.clone(),
                    mountpoint: mp.clone(),
                    mount_options: opts.clone(),
                    span,
                    condition: self.condition(),
                });
                if let Some(mp) = mp {
                    self.push_mount(
                        mp,
                        format.unwrap_or_default(),
                        device,
                        &opts,
                        "filesystem",
                        None,
                        None,
                        Vec::new(),
                    );
                }
            }
            "swap" => {
                let span = self.loc(c.span);
                self.model.others.push(OtherContent {
                    kind: "swap".into(),
                    path: path.to_string(),
                    format: None,
                    mountpoint: None,
                    mount_options: OptionList::default(),
                    span,
                    condition: self.condition(),
                });
                let flag = |cx: &mut Self, key: &str| match cx.get(c, key) {
                    Some((v, e)) => (v.as_bool(), cx.loc(e.def_span)),
                    None => (Some(false), None),
                };
                let (random_encryption, random_span) = flag(self, "randomEncryption");
                let (resume_device, resume_span) = flag(self, "resumeDevice");
                self.model.swap_devices.push(SwapDevice {
                    device: device.clone().unwrap_or_default(),
                    btrfs: None,
                    subvolume: None,
                    path: Some(path.to_string()),
                    random_encryption,
                    resume_device,
                    resume_span,
                    random_span,
                    span,
                });
            }
            "lvm_pv" | "mdraid" | "zfs" | "bcachefs" => {
                // The LUKS containers above an LVM or mdadm member reach every filesystem
                // of its volume group or array (disko reads `disk` before `mdadm` before
                // `lvm_vg`, so the members are known when those are read).
                let key = match ty.value.as_str() {
                    "lvm_pv" => Some("vg"),
                    "mdraid" => Some("name"),
                    _ => None,
                };
                if let Some(key) = key
                    && let Some(group) = self.get_str(c, key, path).map(|l| l.value)
                {
                    let stack = self.luks_stack.clone();
                    let table = if key == "vg" {
                        &mut self.pv_luks
                    } else {
                        &mut self.md_luks
                    };
                    let e = table.entry(group).or_default();
                    e.extend(stack);
                    e.sort_unstable();
                    e.dedup();
                }
                if ty.value == "lvm_pv"
                    && let Some(vg) = self.get_str(c, "vg", path)
                {
                    self.model.lvm_pvs.push(LvmPv {
                        vg: vg.value,
                        path: path.to_string(),
                    });
                }
                let span = self.loc(c.span);
                self.model.others.push(OtherContent {
                    kind: ty.value.clone(),
                    path: path.to_string(),
                    format: None,
                    mountpoint: None,
                    mount_options: OptionList::default(),
                    span,
                    condition: self.condition(),
                });
            }
            other => {
                let sp = ty.span.unwrap_or(c.span);
                self.unresolved(path, &format!("unknown content type `{other}`"), sp);
            }
        }
    }

    fn partitions(
        &mut self,
        parts: &Value,
        path: &str,
        disk: &str,
        chain: Vec<String>,
        table: Option<usize>,
    ) {
        let disk = disk.to_string();
        self.each(parts, path, |cx, pname, p| {
            let ppath = format!("{path}.{pname}");
            cx.push_partition(p, pname, &ppath, table);
            cx.partition(p, pname, &ppath, &disk, chain.clone());
        });
    }

    /// Records a partition table (once per path and literal, also when both branches of an
    /// `if` give it) and returns its index in [`Model::tables`].
    fn push_table(
        &mut self,
        kind: &str,
        c: &Value,
        path: &str,
        ty: &Located<String>,
        parts: Option<&Value>,
    ) -> usize {
        let span = self.loc(c.span);
        if let Some(i) = self
            .model
            .tables
            .iter()
            .position(|t| t.path == path && t.span == span && t.kind == kind)
        {
            return i;
        }
        let format = if kind == "table" {
            self.get_str(c, "format", path).map(|l| l.value)
        } else {
            None
        };
        let (shape, pspan) = match parts {
            None => ("absent".to_string(), None),
            Some(p) => {
                let shape = match &p.kind {
                    Kind::Attrs(_) => "attrs".to_string(),
                    Kind::List { .. } => "list".to_string(),
                    Kind::Unknown(_) => "unknown".to_string(),
                    _ => p.type_name().to_string(),
                };
                (shape, self.loc(p.span))
            }
        };
        self.model.tables.push(PartitionTable {
            kind: kind.to_string(),
            path: path.to_string(),
            type_span: ty.span,
            format,
            partitions: shape,
            partitions_span: pspan,
            span,
            condition: self.condition(),
        });
        self.model.tables.len() - 1
    }

    /// Records a `gpt` partition with its `type` as written.
    fn push_partition(&mut self, p: &Value, pname: &str, path: &str, table: Option<usize>) {
        let span = self.loc(p.span);
        if self
            .model
            .partitions
            .iter()
            .any(|x| x.path == path && x.span == span)
        {
            return;
        }
        let mut type_unknown = false;
        let type_code = match self.get(p, "type") {
            None => None,
            Some((v, _)) => match v.as_str() {
                Some(s) => Some(Located {
                    value: s.to_string(),
                    span: self.loc(v.span),
                }),
                None => {
                    type_unknown = true;
                    None
                }
            },
        };
        let content = self
            .get(p, "content")
            .and_then(|(c, _)| self.get(&c, "type"))
            .and_then(|(t, _)| t.as_str().map(str::to_string));
        self.model.partitions.push(Partition {
            path: path.to_string(),
            name: pname.to_string(),
            table,
            type_code,
            type_unknown,
            content,
            span,
            condition: self.condition(),
        });
    }

    /// Records a subtree that is not read because disko rejects its shape.
    fn push_unread(&mut self, path: &str, cause: &str, reason: &str, span: Span) {
        if self
            .model
            .unread
            .iter()
            .any(|u| u.path == path && u.cause == cause)
        {
            return;
        }
        let span = self.loc(span);
        self.model.unread.push(Unread {
            path: path.to_string(),
            cause: cause.to_string(),
            reason: reason.to_string(),
            span,
        });
    }

    fn partition(
        &mut self,
        p: &Value,
        pname: &str,
        path: &str,
        disk: &str,
        mut chain: Vec<String>,
    ) {
        let name = self
            .get_str(p, "name", path)
            .map(|l| l.value)
            .unwrap_or_else(|| pname.to_string());
        let label = self
            .get_str(p, "label", path)
            .map(|l| l.value)
            .unwrap_or_else(|| default_partition_label(disk, &name));
        let device = self
            .get_str(p, "device", path)
            .map(|l| l.value)
            .unwrap_or_else(|| format!("/dev/disk/by-partlabel/{label}"));
        chain.push(format!("partition {pname}"));
        if let Some((c, _)) = self.get(p, "content") {
            self.content(&c, &format!("{path}.content"), Some(device), chain, None);
        }
    }

    fn luks(&mut self, c: &Value, path: &str, mut chain: Vec<String>) {
        let name = self.get_str(c, "name", path).map(|l| l.value);
        let settings = self.get(c, "settings");
        let (mut allow, mut bypass, mut keys, mut settings_insert) = (None, None, Vec::new(), None);
        let mut settings_unknown = None;
        if let Some((s, _)) = &settings
            && let Some(r) = s.unknown_reason()
        {
            let r = r.to_string();
            self.unresolved(&format!("{path}.settings"), &r, s.span);
            settings_unknown = Some(r);
        }
        let (mut key_file, mut fallback_to_password) = (None, None);
        if let Some((s, _)) = &settings {
            key_file = self.get_str(s, "keyFile", &format!("{path}.settings"));
            fallback_to_password = self.get_bool(s, "fallbackToPassword");
            allow = self.get_bool(s, "allowDiscards");
            bypass = self.get_bool(s, "bypassWorkqueues");
            if let Some(a) = s.as_attrs() {
                keys = a.entries.keys().map(|k| k.to_string()).collect();
                settings_insert = self.insertion(a);
            }
        }
        let extra_open_args = match self.get(c, "extraOpenArgs") {
            Some((v, _)) => self.str_list(&v, &format!("{path}.extraOpenArgs")),
            None => Vec::new(),
        };
        let index = self.model.luks.len();
        let insert = c.as_attrs().and_then(|a| self.insertion(a));
        let initrd_unlock = self.get_bool(c, "initrdUnlock").unwrap_or(true);
        self.model.luks.push(Luks {
            index,
            path: path.to_string(),
            name: name.clone(),
            allow_discards: allow,
            bypass_workqueues: bypass,
            extra_open_args,
            settings_keys: keys,
            settings_unknown,
            settings_insert,
            insert,
            initrd_unlock,
            key_file,
            fallback_to_password,
            span: self.loc(c.span),
            condition: self.condition(),
        });
        chain.push(format!("luks {}", name.clone().unwrap_or_default()));
        if let Some((inner, _)) = self.get(c, "content") {
            let dev = name.map(|n| format!("/dev/mapper/{n}"));
            self.luks_stack.push(index);
            self.content(&inner, &format!("{path}.content"), dev, chain, Some(index));
            self.luks_stack.pop();
        }
    }

    fn swapfiles(&mut self, owner: &Value, what: &str) -> Vec<Swapfile> {
        let mut out = Vec::new();
        if let Some((sw, _)) = self.get(owner, "swap") {
            let what = format!("{what}.swap");
            self.each(&sw, &what, |cx, name, s| {
                let size = cx.get_str(s, "size", &what).map(|l| l.value);
                let path = cx
                    .get_str(s, "path", &what)
                    .map(|l| l.value)
                    .unwrap_or_else(|| name.to_string());
                out.push(Swapfile {
                    name: name.to_string(),
                    size,
                    path,
                    span: cx.loc(s.span),
                });
            });
        }
        out
    }

    fn btrfs(
        &mut self,
        c: &Value,
        path: &str,
        device: Option<String>,
        chain: Vec<String>,
        luks: Option<usize>,
    ) {
        let index = self.model.btrfs.len();
        let extra_args = match self.get(c, "extraArgs") {
            Some((v, _)) => self.str_list(&v, &format!("{path}.extraArgs")),
            None => Vec::new(),
        };
        let words: Vec<&str> = extra_args
            .iter()
            .flat_map(|a| a.split_whitespace())
            .collect();
        let mut data_profile = None;
        let mut multi_device = false;
        for (i, w) in words.iter().enumerate() {
            if *w == "-d" || *w == "--data" {
                data_profile = words.get(i + 1).map(|s| s.to_string());
            } else if let Some(p) = w
                .strip_prefix("--data=")
                .or_else(|| w.strip_prefix("-d").filter(|s| !s.is_empty()))
            {
                data_profile = Some(p.to_string());
            } else if w.starts_with("/dev/") {
                multi_device = true;
            }
        }
        if data_profile.as_deref().is_some_and(|p| p != "single") {
            multi_device = true;
        }
        let mountpoint = self.get_str(c, "mountpoint", path);
        let mount_options = self.option_list(c, "mountOptions", &["defaults"], path);
        let mut hooks = BTreeMap::new();
        for h in [
            "preCreateHook",
            "postCreateHook",
            "preMountHook",
            "postMountHook",
            "preUnmountHook",
            "postUnmountHook",
        ] {
            if let Some((hv, _)) = self.get(c, h) {
                match hv.as_str() {
                    Some(s) => {
                        hooks.insert(
                            h.to_string(),
                            Located {
                                value: s.to_string(),
                                span: self.loc(hv.span),
                            },
                        );
                    }
                    None => {
                        let r = hv.unknown_reason().unwrap_or("not a string").to_string();
                        self.unresolved(&format!("{path}.{h}"), &r, hv.span);
                        hooks.insert(
                            h.to_string(),
                            Located {
                                value: String::new(),
                                span: self.loc(hv.span),
                            },
                        );
                    }
                }
            }
        }
        let swap = self.swapfiles(c, path);
        let mut subvolumes = Vec::new();
        if let Some((subs, _)) = self.get(c, "subvolumes") {
            let spath = format!("{path}.subvolumes");
            let Some(a) = subs.as_attrs().cloned() else {
                let r = subs
                    .unknown_reason()
                    .unwrap_or("not an attribute set")
                    .to_string();
                self.unresolved(&spath, &r, subs.span);
                return;
            };
            for (span, r) in &a.dynamic_unknown {
                self.unresolved(&spath, &format!("subvolume {r}"), *span);
            }
            for (k, e) in a.entries.iter() {
                let sv = self.force(&e.value);
                if matches!(sv.kind, Kind::Absent) {
                    continue;
                }
                let what = format!("{spath}.\"{k}\"");
                if !matches!(sv.kind, Kind::Attrs(_)) {
                    let r = sv
                        .unknown_reason()
                        .unwrap_or("not an attribute set")
                        .to_string();
                    self.unresolved(&what, &r, sv.span);
                    continue;
                }
                let saved = self.cond.clone();
                if self.cond.is_none() {
                    self.cond = sv.condition.clone();
                }
                let name = self
                    .get_str(&sv, "name", &what)
                    .map(|l| l.value)
                    .unwrap_or_else(|| k.to_string());
                let mountpoint = self.get_str(&sv, "mountpoint", &what);
                let mount_options = self.option_list(&sv, "mountOptions", &["defaults"], &what);
                let extra = match self.get(&sv, "extraArgs") {
                    Some((v, _)) => self.str_list(&v, &format!("{what}.extraArgs")),
                    None => Vec::new(),
                };
                let swap = self.swapfiles(&sv, &what);
                let insert = sv.as_attrs().and_then(|a| self.insertion(a));
                let condition = self.condition();
                self.cond = saved;
                subvolumes.push(Subvolume {
                    path: name.trim_start_matches('/').to_string(),
                    name,
                    key: Located {
                        value: k.to_string(),
                        span: self.loc(e.key_span),
                    },
                    mountpoint,
                    mount_options,
                    extra_args: extra,
                    swap,
                    span: self.loc(e.def_span),
                    insert,
                    conditional: condition.is_some(),
                    condition,
                });
            }
        }
        let insert = c.as_attrs().and_then(|a| self.insertion(a));
        // Mounts: top level first, then subvolumes (order is re-derived later).
        if let Some(mp) = &mountpoint {
            self.push_mount(
                mp.clone(),
                "btrfs".into(),
                device.clone(),
                &mount_options,
                "btrfs",
                Some(index),
                None,
                Vec::new(),
            );
        }
        let outer = self.cond.clone();
        for s in &subvolumes {
            self.cond = s.condition.as_deref().map(Rc::from);
            if let Some(mp) = &s.mountpoint {
                self.push_mount(
                    mp.clone(),
                    "btrfs".into(),
                    device.clone(),
                    &s.mount_options,
                    "btrfs-subvolume",
                    Some(index),
                    Some(s.name.clone()),
                    vec![format!("subvol={}", s.name)],
                );
            }
            for f in &s.swap {
                let base = s
                    .mountpoint
                    .as_ref()
                    .map(|m| m.value.clone())
                    .unwrap_or_else(|| "<no mountpoint>".into());
                self.model.swap_devices.push(SwapDevice {
                    device: format!("{base}/{}", f.path),
                    btrfs: Some(index),
                    subvolume: Some(s.name.clone()),
                    path: None,
                    random_encryption: Some(false),
                    resume_device: Some(false),
                    resume_span: None,
                    random_span: None,
                    span: f.span,
                });
            }
        }
        self.cond = outer;
        for f in &swap {
            let base = mountpoint
                .as_ref()
                .map(|m| m.value.clone())
                .unwrap_or_else(|| "<no mountpoint>".into());
            self.model.swap_devices.push(SwapDevice {
                device: format!("{base}/{}", f.path),
                btrfs: Some(index),
                subvolume: None,
                path: None,
                random_encryption: Some(false),
                resume_device: Some(false),
                resume_span: None,
                random_span: None,
                span: f.span,
            });
        }
        self.model.btrfs.push(Btrfs {
            index,
            path: path.to_string(),
            device,
            chain,
            luks,
            luks_below: {
                let mut l = self.luks_stack.clone();
                l.sort_unstable();
                l.dedup();
                l
            },
            extra_args,
            multi_device,
            data_profile,
            mountpoint,
            mount_options,
            hooks,
            subvolumes,
            swap,
            span: self.loc(c.span),
            insert,
            mounted: Vec::new(),
            first_mount_certain: false,
            condition: self.condition(),
        });
    }

    fn zpool(&mut self, p: &Value, name: &str) {
        let what = format!("zpool.{name}");
        let root_legacy = self
            .get_path(p, &["rootFsOptions", "mountpoint"])
            .and_then(|(v, _)| v.as_str().map(|s| s == "legacy"))
            .unwrap_or(false);
        if let Some(mp) = self.get_str(p, "mountpoint", &what) {
            let opts = self.option_list(p, "mountOptions", &["defaults"], &what);
            let extra = if root_legacy {
                vec![]
            } else {
                vec!["zfsutil".to_string()]
            };
            self.push_mount(
                mp,
                "zfs".into(),
                Some(name.to_string()),
                &opts,
                "zfs",
                None,
                None,
                extra,
            );
        }
        if let Some((ds, _)) = self.get(p, "datasets") {
            let pool = name.to_string();
            self.each(&ds, &format!("{what}.datasets"), |cx, dname, d| {
                let dwhat = format!("zpool.{pool}.datasets.{dname}");
                let ty = cx.get_str(d, "type", &dwhat).map(|l| l.value);
                match ty.as_deref() {
                    Some("zfs_fs") => {
                        let omp = cx
                            .get_path(d, &["options", "mountpoint"])
                            .and_then(|(v, _)| v.as_str().map(str::to_string));
                        let canmount = cx
                            .get_path(d, &["options", "canmount"])
                            .and_then(|(v, _)| v.as_str().map(str::to_string));
                        if omp.as_deref() == Some("none") || canmount.as_deref() == Some("off") {
                            return;
                        }
                        if let Some(mp) = cx.get_str(d, "mountpoint", &dwhat) {
                            let opts = cx.option_list(d, "mountOptions", &["defaults"], &dwhat);
                            let extra = if omp.as_deref() == Some("legacy") {
                                vec![]
                            } else {
                                vec!["zfsutil".to_string()]
                            };
                            cx.push_mount(
                                mp,
                                "zfs".into(),
                                Some(format!("{pool}/{dname}")),
                                &opts,
                                "zfs",
                                None,
                                None,
                                extra,
                            );
                        }
                    }
                    Some("zfs_volume") => {
                        if let Some((c, _)) = cx.get(d, "content") {
                            cx.content(
                                &c,
                                &format!("{dwhat}.content"),
                                Some(format!("/dev/zvol/{pool}/{dname}")),
                                vec![format!("zvol {dname}")],
                                None,
                            );
                        }
                    }
                    _ => {}
                }
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_mount(
        &mut self,
        mp: Located<String>,
        fs_type: String,
        device: Option<String>,
        opts: &OptionList,
        source: &str,
        btrfs: Option<usize>,
        subvolume: Option<String>,
        append: Vec<String>,
    ) {
        let mut options: Vec<String> = opts.items.iter().map(|i| i.value.clone()).collect();
        options.extend(append);
        self.model.mounts.push(Mount {
            implicit_needed_for_boot: PATHS_NEEDED_FOR_BOOT.contains(&mp.value.as_str()),
            mountpoint: mp.value,
            fs_type,
            device,
            options,
            needed_for_boot: false,
            source: source.to_string(),
            btrfs,
            subvolume,
            span: mp.span,
            options_unknown: opts.unknown.is_some(),
            conditional: opts.conditional || self.cond.is_some(),
            options_conditional: opts.conditional,
            condition: self.condition(),
        });
    }

    // ------------------------------------------------------------------------------------

    /// Applies same-file `fileSystems` settings to the mounts.
    fn finish_mounts(&mut self) {
        self.apply_fs_settings();
        order_mounts(&mut self.model);
    }
}

/// Applies `fileSystems."<p>".neededForBoot` facts gathered from other files (project
/// index) and recomputes the mount order.
pub fn apply_needed_for_boot(model: &mut Model, paths: &[String]) {
    for m in model.mounts.iter_mut() {
        if paths.contains(&m.mountpoint) {
            m.needed_for_boot = true;
        }
    }
    order_mounts(model);
}

/// Derives [`Btrfs::mounted`] and [`Btrfs::first_mount_certain`] (nixpkgs
/// `nixos/modules/tasks/filesystems.nix`, `toposort fsBefore`: the initrd mounts `/` first, then the other needed-for-boot filesystems in path order; stage 2
/// mounts the rest).
pub fn order_mounts(model: &mut Model) {
    // A set, not a scan per mount: layouts with thousands of subvolumes stay linear.
    let nfb: std::collections::HashSet<String> = model
        .mounts
        .iter()
        .filter(|m| m.needed_for_boot || m.implicit_needed_for_boot)
        .map(|m| m.mountpoint.clone())
        .collect();
    let initrd = |mp: &str| nfb.contains(mp);
    for b in model.btrfs.iter_mut() {
        let mut list = Vec::new();
        if let Some(mp) = &b.mountpoint {
            list.push(FsMount {
                mountpoint: mp.value.clone(),
                mountpoint_span: mp.span,
                subvolume: None,
                subvolume_index: -1,
                mount_options: b.mount_options.clone(),
                insert: b.insert.clone(),
                initrd: initrd(&mp.value),
                swap: !b.swap.is_empty(),
            });
        }
        for (i, s) in b.subvolumes.iter().enumerate() {
            if let Some(mp) = &s.mountpoint {
                list.push(FsMount {
                    mountpoint: mp.value.clone(),
                    mountpoint_span: mp.span,
                    subvolume: Some(s.name.clone()),
                    subvolume_index: i as i64,
                    mount_options: s.mount_options.clone(),
                    insert: s.insert.clone(),
                    initrd: initrd(&mp.value),
                    swap: !s.swap.is_empty(),
                });
            }
        }
        let depth = |p: &str| p.split('/').filter(|c| !c.is_empty()).count();
        list.sort_by_cached_key(|m| {
            (
                m.mountpoint != "/",
                !m.initrd,
                depth(&m.mountpoint),
                m.mountpoint.clone(),
            )
        });
        // Certain when nothing can come before the first: `/`, an initrd mount when the
        // others are mounted later, or a mount the others are nested in (systemd orders a
        // mount after the one of its parent path, systemd.mount(5); nixpkgs `fsBefore`).
        let nested = |m: &FsMount, parent: &str| {
            m.mountpoint
                .strip_prefix(parent)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        b.first_mount_certain = match list.as_slice() {
            [] => false,
            [_] => true,
            [first, rest @ ..] => {
                first.mountpoint == "/"
                    || rest
                        .iter()
                        .all(|m| (first.initrd && !m.initrd) || nested(m, &first.mountpoint))
            }
        };
        b.mounted = list;
    }
}

/// disko's default GPT partition label (`lib/types/gpt.nix`, `label`):
/// `disk-<disk name>-<partition name>`, the disk name with `/` replaced by `_` (as
/// `lib/types/disk.nix` names a disk), or, when that is longer than 36 bytes (`stringLength`; a GPT
/// name holds 36 UTF-16 code units), the first 36 hex digits of its SHA-256.
fn default_partition_label(disk: &str, partition: &str) -> String {
    use sha2::Digest;
    let label = format!("disk-{}-{}", disk.replace('/', "_"), partition);
    if label.len() <= 36 {
        return label;
    }
    let digest = sha2::Sha256::digest(label.as_bytes());
    let mut hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex.truncate(36);
    hex
}

#[cfg(test)]
mod label_tests {
    use super::default_partition_label;

    #[test]
    fn short_labels_are_written_out_and_long_ones_hashed_as_disko_does() {
        assert_eq!(default_partition_label("main", "ESP"), "disk-main-ESP");
        // disko's evaluation of a real config gave this label for this disk and partition.
        assert_eq!(
            default_partition_label("/dev/disk/by-id/ata-ST4000DM005-2DP166_ZGY0B2SR", "esp"),
            "5bf5ac57c3fbd8267e01ecd5d5bb6626addb"
        );
    }
}
