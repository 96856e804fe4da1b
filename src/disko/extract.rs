//! Evaluated Nix values → the disko [`Model`].
//!
//! Follows `DISKO-SCHEMA.md`: content types are dispatched on `type`, defaults are made
//! explicit (`mountOptions = [ "defaults" ]`), disko's `subvol=<name>` is appended to
//! subvolume mounts, and NixOS settings written in the same module are read. Anything
//! unknown is recorded in [`Model::unresolved`] instead of being guessed.

use super::model::*;
use crate::nix::ParsedFile;
use crate::nix::eval::{Evaluator, Thunk};
use crate::nix::value::{Attrs, Entry, Kind, Value};
use crate::source::{FileId, SourceMap, Span};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Paths NixOS always mounts in the initrd (nixpkgs `utils.nix` `pathsNeededForBoot`, DOMAIN F38).
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
        cond_mount: false,
        ev,
        file,
        text,
        model: Model {
            file: display,
            ..Default::default()
        },
    };
    cx.run(root);
    let imported = cx.ev.imported.clone();
    Extraction {
        model: cx.model,
        imported,
    }
}

struct Cx<'a> {
    /// Set while pushing the mounts of a conditional node.
    cond_mount: bool,
    ev: Evaluator<'a>,
    file: FileId,
    text: Rc<str>,
    model: Model,
}

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

    fn force(&mut self, t: &Thunk) -> Value {
        self.ev.force(t)
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
            _ => None,
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

    fn insertion(&self, attrs: &Attrs) -> Option<Insertion> {
        let lit = attrs.literal?;
        if lit.file != self.file {
            return None;
        }
        let text = self.text.as_bytes();
        let end = lit.end as usize;
        if end == 0 || end > text.len() || text[end - 1] != b'}' {
            return None;
        }
        let close = end - 1;
        let mut p = close;
        while p > lit.start as usize && (text[p - 1] as char).is_whitespace() {
            p -= 1;
        }
        let body = &self.text[lit.start as usize..end];
        let multiline = body.contains('\n');
        let indent = if multiline {
            // Indentation of the first binding, else the closing brace's + two spaces.
            let first_def = attrs
                .entries
                .values()
                .map(|e| e.def_span)
                .filter(|s| s.file == self.file && s.start > lit.start && s.end < lit.end)
                .map(|s| s.start)
                .min();
            match first_def {
                Some(off) => line_indent(&self.text, off as usize),
                None => format!("{}  ", line_indent(&self.text, close)),
            }
        } else {
            String::new()
        };
        Some(Insertion {
            offset: p as u32,
            indent,
            multiline,
        })
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

    fn list_layout(&self, span: Span, items: &[Option<Span>]) -> ListLayout {
        let body = &self.text[span.range()];
        let multiline = body.contains('\n');
        let last_end = items
            .iter()
            .flatten()
            .filter(|s| span_within(**s, span))
            .map(|s| s.end)
            .max();
        let first_start = items
            .iter()
            .flatten()
            .filter(|s| span_within(**s, span))
            .map(|s| s.start)
            .min();
        let indent = match first_start {
            Some(s) if multiline => line_indent(&self.text, s as usize),
            _ if multiline => format!(
                "{}  ",
                line_indent(&self.text, span.end.saturating_sub(1) as usize)
            ),
            _ => String::new(),
        };
        ListLayout {
            span,
            multiline,
            indent,
            append_at: last_end.unwrap_or(span.start + 1),
            empty: items.is_empty(),
        }
    }

    /// What to delete to remove a binding `a.b = v;` (its span): its whole lines when it is
    /// alone on them (and no comment follows it on the line), else the binding and the
    /// spaces after it.
    fn binding_removal(&self, b: Span) -> Span {
        let t = &*self.text;
        let (s, e) = (b.start as usize, b.end as usize);
        let line_start = t[..s].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let line_end = t[e..].find('\n').map(|p| e + p).unwrap_or(t.len());
        if t[line_start..s].trim().is_empty()
            && t[e..line_end].trim().is_empty()
            && line_end < t.len()
        {
            return Span::new(self.file, line_start as u32, line_end as u32 + 1);
        }
        let ws = t[e..line_end].len() - t[e..line_end].trim_start().len();
        Span::new(self.file, b.start, (e + ws) as u32)
    }

    fn remove_span(
        &self,
        item: Span,
        prev_end: Option<u32>,
        next_start: Option<u32>,
        multiline: bool,
    ) -> Span {
        let t = &*self.text;
        let (s, e) = (item.start as usize, item.end as usize);
        let line_start = t[..s].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let line_end = t[e..].find('\n').map(|p| e + p).unwrap_or(t.len());
        let before_blank = t[line_start..s].trim().is_empty();
        let after_blank = t[e..line_end].trim().is_empty();
        if multiline && before_blank && after_blank && line_end < t.len() {
            return Span::new(self.file, line_start as u32, line_end as u32 + 1);
        }
        // Alone on its line with a trailing comment: remove the item and the spaces after
        // it, so the comment stays on its own line (it may explain something else too).
        if multiline && before_blank && t[e..line_end].trim_start().starts_with('#') {
            let ws = t[e..line_end].len() - t[e..line_end].trim_start().len();
            return Span::new(self.file, item.start, (e + ws) as u32);
        }
        if let Some(p) = prev_end
            && t[p as usize..s].trim().is_empty()
        {
            return Span::new(self.file, p, item.end);
        }
        // First item: remove it and the whitespace before it up to `[`, so that removing
        // several neighbours never leaves doubled spaces.
        let mut p = s;
        while p > 0 && (t.as_bytes()[p - 1] as char).is_whitespace() {
            p -= 1;
        }
        if p > 0 && t.as_bytes()[p - 1] == b'[' && !t[p..s].contains('\n') {
            return Span::new(self.file, p as u32, item.end);
        }
        if let Some(n) = next_start
            && t[e..n as usize].trim().is_empty()
        {
            return Span::new(self.file, item.start, n);
        }
        item
    }

    // ------------------------------------------------------------------------------------
    // Finding the device tree

    fn run(&mut self, root: Value) {
        let mut v = root;
        let mut shape = "attrset".to_string();
        for _ in 0..MAX_CURRY {
            if let Kind::Lambda(_) = v.kind {
                shape = "function".into();
                let arg = Thunk::done(Value::unknown("module argument", v.span));
                v = self.ev.apply(v.clone(), arg, v.span);
            } else {
                break;
            }
        }
        if let Some(r) = v.unknown_reason()
            && r != "empty file"
        {
            let r = r.to_string();
            self.unresolved("<file>", &r, v.span);
        }
        // Search for the module that holds `disko.devices`.
        let mut budget = SEARCH_BUDGET;
        let found = self.find_module(&v, String::new(), 0, &mut budget);
        match found {
            Some((module, path)) => {
                self.model.module_path = path;
                if let Some((devices, _)) = self.get_path(&module, &["disko", "devices"]) {
                    self.model.has_devices = true;
                    self.devices(&devices);
                }
                if let Some(a) = module.as_attrs() {
                    self.model.insert = self.insertion(a);
                }
                self.nixos(&module);
                if let Some((cfg, _)) = self.get(&module, "config")
                    && cfg.as_attrs().is_some()
                {
                    self.nixos(&cfg);
                }
            }
            None => {
                // Not a module with disko.devices: a fragment, or a plain NixOS module.
                let kind = self.fragment(&v);
                shape = match kind {
                    Some(k) => format!("fragment:{k}"),
                    None => {
                        self.nixos(&v);
                        if let Some(a) = v.as_attrs() {
                            self.model.insert = self.insertion(a);
                        }
                        if shape == "function" {
                            "function".into()
                        } else {
                            "none".into()
                        }
                    }
                };
            }
        }
        self.model.shape = shape;
        self.finish_mounts();
    }

    fn find_module(
        &mut self,
        v: &Value,
        path: String,
        depth: usize,
        budget: &mut usize,
    ) -> Option<(Value, String)> {
        // Breadth-first over attrsets.
        let mut queue = std::collections::VecDeque::new();
        queue.push_back((v.clone(), path, depth));
        while let Some((cur, path, depth)) = queue.pop_front() {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            let cur = match cur.kind {
                Kind::Lambda(_) if depth > 0 => {
                    let arg = Thunk::done(Value::unknown("module argument", cur.span));
                    self.ev.apply(cur.clone(), arg, cur.span)
                }
                _ => cur,
            };
            let Kind::Attrs(a) = &cur.kind else { continue };
            if let Some((d, _)) = self.get(&cur, "disko")
                && self.get(&d, "devices").is_some()
            {
                return Some((cur, path));
            }
            if depth >= 8 {
                continue;
            }
            let a = a.clone();
            for (k, e) in a.entries.iter() {
                // Skip obviously unrelated big subtrees.
                if matches!(
                    &**k,
                    "imports" | "options" | "meta" | "packages" | "lib" | "inputs"
                ) {
                    continue;
                }
                let val = self.force(&e.value);
                if matches!(val.kind, Kind::Attrs(_) | Kind::Lambda(_)) {
                    let p = if path.is_empty() {
                        k.to_string()
                    } else {
                        format!("{path}.{k}")
                    };
                    queue.push_back((val, p, depth + 1));
                }
            }
        }
        None
    }

    /// Recognises fragments imported by other files (DISKO-SCHEMA §0 "fragments").
    fn fragment(&mut self, v: &Value) -> Option<&'static str> {
        let a = v.as_attrs()?.clone();
        let has = |k: &str| a.entries.contains_key(k);
        if ["disk", "lvm_vg", "mdadm", "zpool", "nodev"]
            .iter()
            .any(|k| has(k))
        {
            let typed = ["disk", "lvm_vg", "mdadm", "zpool", "nodev"]
                .iter()
                .filter(|k| has(k))
                .all(|k| {
                    self.get(v, k)
                        .map(|(x, _)| x.as_attrs().is_some())
                        .unwrap_or(false)
                });
            if typed {
                self.devices(v);
                return Some("devices");
            }
        }
        if let Some(t) = self.get_str(v, "type", "fragment") {
            self.content(v, "", None, Vec::new(), None);
            let _ = t;
            return Some("content");
        }
        if has("content") && (has("size") || has("name") || has("type")) {
            self.partition(v, "partition", "fragment", "fragment", Vec::new());
            return Some("partition");
        }
        if has("partitions")
            && let Some((parts, _)) = self.get(v, "partitions")
        {
            self.partitions(&parts, "partitions", "fragment", Vec::new());
            return Some("partitions");
        }
        // A bare partitions attrset: some value is a partition (`content` plus `size`/`type`).
        let mut partitions = false;
        for (k, _) in a.entries.iter() {
            if let Some((pv, _)) = self.get(v, k)
                && let Some(pa) = pv.as_attrs()
                && pa.entries.contains_key("content")
                && (pa.entries.contains_key("size") || pa.entries.contains_key("type"))
            {
                partitions = true;
            }
        }
        if partitions {
            self.partitions(v, "partitions", "fragment", Vec::new());
            return Some("partitions");
        }
        // A bare subvolumes attrset: every value an attrset with subvolume keys.
        let keys = ["mountpoint", "mountOptions", "swap", "extraArgs"];
        let mut any = false;
        let mut all = !a.entries.is_empty();
        for (k, _) in a.entries.iter() {
            match self.get(v, k) {
                Some((sv, _)) => match sv.as_attrs() {
                    Some(sa) => {
                        if keys.iter().any(|k| sa.entries.contains_key(*k)) {
                            any = true;
                        } else if !sa.entries.is_empty() {
                            all = false;
                        }
                    }
                    None => all = false,
                },
                None => all = false,
            }
        }
        if any && all {
            let synthetic = Value::new(
                Kind::Attrs(Rc::new(Attrs {
                    entries: [(
                        Rc::<str>::from("subvolumes"),
                        Entry {
                            value: Thunk::done(v.clone()),
                            key_span: v.span,
                            def_span: v.span,
                        },
                    )]
                    .into_iter()
                    .collect(),
                    ..Default::default()
                })),
                v.span,
            );
            self.btrfs(&synthetic, "subvolumes", None, Vec::new(), None);
            return Some("subvolumes");
        }
        None
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
                    cx.content(
                        &c,
                        &format!("mdadm.{name}.content"),
                        Some(format!("/dev/md/{name}")),
                        vec![format!("mdadm {name}")],
                        None,
                    );
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
                            cx.content(
                                &c,
                                &format!("lvm_vg.{vg}.lvs.{lv}.content"),
                                Some(format!("/dev/{vg}/{lvname}")),
                                vec![format!("lvm_vg {vg}"), format!("lv {lv}")],
                                None,
                            );
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
                Kind::Attrs(_) => f(self, k, &val),
                Kind::Absent => {}
                Kind::Unknown(r) => {
                    let r = r.to_string();
                    self.unresolved(&format!("{what}.{k}"), &r, val.span);
                }
                _ => {}
            }
        }
    }

    fn content(
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
            }
            return;
        };
        let device = self.get_str(c, "device", path).map(|l| l.value).or(device);
        match ty.value.as_str() {
            "gpt" => {
                if let Some((parts, _)) = self.get(c, "partitions") {
                    let disk = chain
                        .first()
                        .and_then(|s| s.strip_prefix("disk "))
                        .unwrap_or("disk")
                        .to_string();
                    self.partitions(&parts, &format!("{path}.partitions"), &disk, chain);
                }
            }
            "table" => {
                if let Some((parts, _)) = self.get(c, "partitions")
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
                });
                self.model.swap_devices.push(SwapDevice {
                    device: device.clone().unwrap_or_default(),
                    btrfs: None,
                    subvolume: None,
                });
            }
            "lvm_pv" | "mdraid" | "zfs" | "bcachefs" => {
                let span = self.loc(c.span);
                self.model.others.push(OtherContent {
                    kind: ty.value.clone(),
                    path: path.to_string(),
                    format: None,
                    mountpoint: None,
                    mount_options: OptionList::default(),
                    span,
                });
            }
            other => {
                let sp = ty.span.unwrap_or(c.span);
                self.unresolved(path, &format!("unknown content type `{other}`"), sp);
            }
        }
    }

    fn partitions(&mut self, parts: &Value, path: &str, disk: &str, chain: Vec<String>) {
        let disk = disk.to_string();
        self.each(parts, path, |cx, pname, p| {
            cx.partition(p, pname, &format!("{path}.{pname}"), &disk, chain.clone());
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
        let label = self
            .get_str(p, "label", path)
            .map(|l| l.value)
            .unwrap_or_else(|| format!("disk-{}-{}", disk.replace('/', "_"), pname));
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
        if let Some((s, _)) = &settings {
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
            span: self.loc(c.span),
        });
        chain.push(format!("luks {}", name.clone().unwrap_or_default()));
        if let Some((inner, _)) = self.get(c, "content") {
            let dev = name.map(|n| format!("/dev/mapper/{n}"));
            self.content(&inner, &format!("{path}.content"), dev, chain, Some(index));
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
                    conditional: sv.is_conditional(),
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
        for s in &subvolumes {
            self.cond_mount = s.conditional;
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
                });
            }
        }
        self.cond_mount = false;
        for f in &swap {
            let base = mountpoint
                .as_ref()
                .map(|m| m.value.clone())
                .unwrap_or_else(|| "<no mountpoint>".into());
            self.model.swap_devices.push(SwapDevice {
                device: format!("{base}/{}", f.path),
                btrfs: Some(index),
                subvolume: None,
            });
        }
        self.model.btrfs.push(Btrfs {
            index,
            path: path.to_string(),
            device,
            chain,
            luks,
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
            conditional: opts.conditional || self.cond_mount,
        });
    }

    // ------------------------------------------------------------------------------------
    // NixOS settings in the same module

    fn nixos(&mut self, m: &Value) {
        if let Some((fs, _)) = self.get(m, "fileSystems") {
            let Some(a) = fs.as_attrs().cloned() else {
                return;
            };
            for (p, e) in a.entries.iter() {
                let v = self.force(&e.value);
                if !matches!(v.kind, Kind::Attrs(_)) {
                    continue;
                }
                let nfb_entry = self.get(&v, "neededForBoot");
                let nfb = nfb_entry.as_ref().and_then(|(b, _)| b.as_bool());
                let needed_for_boot_remove = nfb_entry
                    .as_ref()
                    .and_then(|(_, e)| self.loc(e.def_span))
                    .map(|sp| self.binding_removal(sp));
                let options = match self.get(&v, "options") {
                    Some((o, _)) => self.str_list(&o, &format!("fileSystems.\"{p}\".options")),
                    None => Vec::new(),
                };
                let fs_type = self.get_str(&v, "fsType", "fileSystems").map(|l| l.value);
                let device = self.get_str(&v, "device", "fileSystems").map(|l| l.value);
                let span = self.loc(e.def_span);
                self.model.nixos.file_systems.push(FsSetting {
                    path: p.to_string(),
                    needed_for_boot: nfb,
                    needed_for_boot_remove,
                    options,
                    fs_type,
                    device,
                    span,
                    origin: None,
                });
            }
        }
        if let Some((tf, _)) = self.get_path(m, &["systemd", "tmpfiles"]) {
            let list = self.option_list(&tf, "rules", &[], "systemd.tmpfiles");
            if list.explicit {
                for it in &list.items {
                    self.model.nixos.tmpfiles_rules.push(Fact {
                        value: it.value.clone(),
                        span: it.span,
                        origin: None,
                    });
                }
                self.model.nixos.tmpfiles_list = Some(list);
            }
        }
        if let Some((settings, _)) = self.get_path(m, &["systemd", "tmpfiles", "settings"]) {
            // settings.<name>."<path>".<type> = { argument = "+C"; mode = …; }
            let mut lines = Vec::new();
            self.each(&settings, "systemd.tmpfiles.settings", |cx, _n, group| {
                cx.each(group, "systemd.tmpfiles.settings", |cx, path, types| {
                    cx.each(types, "systemd.tmpfiles.settings", |cx, ty, spec| {
                        let arg = cx
                            .get_str(spec, "argument", "tmpfiles")
                            .map(|l| l.value)
                            .unwrap_or_else(|| "-".into());
                        lines.push(Fact {
                            value: format!("{ty} {path} - - - - {arg}"),
                            span: cx.loc(spec.span),
                            origin: None,
                        });
                    });
                });
            });
            self.model.nixos.tmpfiles_settings.extend(lines);
        }
        if let Some((initrd, _)) = self.get_path(m, &["boot", "initrd"]) {
            if let Some(b) = self
                .get_path(&initrd, &["systemd", "enable"])
                .and_then(|(v, _)| v.as_bool())
            {
                self.model.nixos.initrd_systemd = Some(b);
            }
            for h in [
                "preDeviceCommands",
                "postDeviceCommands",
                "postResumeCommands",
                "postMountCommands",
                "preLVMCommands",
            ] {
                if let Some((hv, e)) = self.get(&initrd, h) {
                    let span = self.loc(e.def_span);
                    self.model.nixos.initrd_hooks.push(Hook {
                        name: h.to_string(),
                        script: hv.as_str().map(str::to_string),
                        span,
                    });
                }
            }
            if let Some((svcs, _)) = self.get_path(&initrd, &["systemd", "services"])
                && let Some(a) = svcs.as_attrs().cloned()
            {
                self.model
                    .nixos
                    .initrd_services
                    .extend(a.entries.keys().map(|k| k.to_string()));
                for (name, e) in a.entries.iter() {
                    let sv = self.force(&e.value);
                    if let Some((script, se)) = self.get(&sv, "script") {
                        let span = self.loc(se.def_span);
                        self.model.nixos.initrd_service_scripts.push(Hook {
                            name: name.to_string(),
                            script: script.as_str().map(str::to_string),
                            span,
                        });
                    }
                }
            }
        }
        if let Some((cfgs, _)) = self.get_path(m, &["services", "snapper", "configs"]) {
            let mut out = Vec::new();
            self.each(&cfgs, "services.snapper.configs", |cx, name, c| {
                let sub = cx.get_str(c, "SUBVOLUME", "snapper").map(|l| l.value);
                out.push(SnapperConfig {
                    name: name.to_string(),
                    subvolume: sub,
                    span: cx.loc(c.span),
                });
            });
            self.model.nixos.snapper.extend(out);
        }
        if self.get_path(m, &["services", "btrbk"]).is_some() {
            self.model.nixos.btrbk = true;
        }
        if let Some((s, e)) = self.get_path(m, &["services", "btrfs", "autoScrub"]) {
            let enable = self.get_bool(&s, "enable");
            let file_systems = self
                .get(&s, "fileSystems")
                .map(|(v, _)| self.str_list(&v, "autoScrub.fileSystems"));
            self.model.nixos.auto_scrub = Some(AutoScrub {
                enable,
                file_systems,
                span: self.loc(e.def_span),
            });
        }
        if let Some((b, _)) = self.get_path(m, &["services", "beesd", "filesystems"])
            && let Some(a) = b.as_attrs()
        {
            self.model
                .nixos
                .beesd
                .extend(a.entries.keys().map(|k| k.to_string()));
        }
        if let Some((st, _)) = self.get_path(
            m,
            &[
                "virtualisation",
                "containers",
                "storage",
                "settings",
                "storage",
            ],
        ) {
            self.model.nixos.containers.driver = self.get_str(&st, "driver", "storage");
            self.model.nixos.containers.graphroot =
                self.get_str(&st, "graphroot", "storage").map(|l| l.value);
            self.model.nixos.containers.rootless_storage_path = self
                .get_str(&st, "rootless_storage_path", "storage")
                .map(|l| l.value);
            let mp = match self.get_path(&st, &["options", "overlay"]) {
                Some((o, _)) => self.get_str(&o, "mount_program", "storage"),
                None => None,
            };
            let mp = mp.or_else(|| {
                self.get(&st, "options")
                    .and_then(|(o, _)| self.get_str(&o, "mount_program", "storage"))
            });
            self.model.nixos.containers.mount_program = mp;
        }
        if let Some((d, _)) = self.get_path(m, &["virtualisation", "docker"]) {
            self.model.nixos.containers.docker = self.get_bool(&d, "enable").unwrap_or(false);
            self.model.nixos.containers.docker_driver = self.get_str(&d, "storageDriver", "docker");
            if self.model.nixos.containers.docker {
                self.model.nixos.services.push("docker".into());
            }
        }
        if let Some((p, _)) = self.get_path(m, &["virtualisation", "podman"])
            && self.get_bool(&p, "enable") == Some(true)
        {
            self.model.nixos.containers.podman = true;
            self.model.nixos.services.push("podman".into());
        }
        if let Some((p, _)) = self.get_path(m, &["virtualisation", "libvirtd"])
            && self.get_bool(&p, "enable") == Some(true)
        {
            self.model.nixos.services.push("libvirtd".into());
        }
        for svc in [
            "postgresql",
            "mysql",
            "etcd",
            "mongodb",
            "influxdb",
            "prometheus",
        ] {
            if let Some((s, _)) = self.get_path(m, &["services", svc])
                && self.get_bool(&s, "enable") == Some(true)
            {
                self.model.nixos.services.push(svc.into());
            }
        }
        if let Some((p, _)) = self.get_path(m, &["environment", "persistence"])
            && let Some(a) = p.as_attrs().cloned()
        {
            for (root, e) in a.entries.iter() {
                let v = self.force(&e.value);
                if matches!(v.kind, Kind::Absent) {
                    continue;
                }
                let root =
                    match self.get_str(&v, "persistentStoragePath", "environment.persistence") {
                        Some(l) => l.value,
                        None => root.to_string(),
                    };
                self.model.nixos.persistence.push(Fact {
                    value: root,
                    span: self.loc(e.key_span),
                    origin: None,
                });
            }
        }
        if let Some((s, _)) = self.get(m, "swapDevices")
            && let Kind::List { items, .. } = &s.kind
        {
            self.model.nixos.user_swap_devices += items.len();
        }
        if let Some((k, _)) = self.get_path(m, &["boot", "kernelPackages"]) {
            let text = &self.text;
            if k.span.file == self.file {
                let t = text.get(k.span.range()).unwrap_or("").to_string();
                self.model.nixos.kernel_packages = Some(t);
            }
        }
    }

    // ------------------------------------------------------------------------------------

    /// Applies same-file `fileSystems` settings to the mounts.
    fn finish_mounts(&mut self) {
        self.apply_fs_settings();
        order_mounts(&mut self.model);
    }

    fn apply_fs_settings(&mut self) {
        let settings = self.model.nixos.file_systems.clone();
        for s in &settings {
            let mut matched = false;
            for m in self
                .model
                .mounts
                .iter_mut()
                .filter(|m| m.mountpoint == s.path)
            {
                matched = true;
                if s.needed_for_boot == Some(true) {
                    m.needed_for_boot = true;
                }
                m.options.extend(s.options.iter().cloned());
            }
            if !matched && s.fs_type.is_some() {
                self.model.mounts.push(Mount {
                    implicit_needed_for_boot: PATHS_NEEDED_FOR_BOOT.contains(&s.path.as_str()),
                    mountpoint: s.path.clone(),
                    fs_type: s.fs_type.clone().unwrap_or_default(),
                    device: None,
                    options: s.options.clone(),
                    needed_for_boot: s.needed_for_boot == Some(true),
                    source: "fileSystems".into(),
                    btrfs: None,
                    subvolume: None,
                    span: s.span,
                    options_unknown: false,
                    conditional: false,
                });
            }
        }
    }
}

fn span_within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && inner.start >= outer.start && inner.end <= outer.end
}

/// Leading whitespace of the line containing byte `off`.
pub fn line_indent(text: &str, off: usize) -> String {
    let off = off.min(text.len());
    let start = text[..off].rfind('\n').map(|p| p + 1).unwrap_or(0);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
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

/// Derives [`Btrfs::mounted`] and [`Btrfs::first_mount_certain`] (DOMAIN F7: the initrd
/// mounts `/` first, then the other needed-for-boot filesystems in path order; stage 2
/// mounts the rest).
pub fn order_mounts(model: &mut Model) {
    let nfb: Vec<(String, bool)> = model
        .mounts
        .iter()
        .map(|m| {
            (
                m.mountpoint.clone(),
                m.needed_for_boot || m.implicit_needed_for_boot,
            )
        })
        .collect();
    let initrd = |mp: &str| nfb.iter().any(|(p, b)| p == mp && *b);
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
        list.sort_by(|a, b| {
            let ka = (
                a.mountpoint != "/",
                !a.initrd,
                depth(&a.mountpoint),
                a.mountpoint.clone(),
            );
            let kb = (
                b.mountpoint != "/",
                !b.initrd,
                depth(&b.mountpoint),
                b.mountpoint.clone(),
            );
            ka.cmp(&kb)
        });
        b.first_mount_certain = match list.as_slice() {
            [] => false,
            [_] => true,
            [first, second, ..] => first.mountpoint == "/" || (first.initrd && !second.initrd),
        };
        b.mounted = list;
    }
}
