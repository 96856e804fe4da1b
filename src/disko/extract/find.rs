//! Finding the device tree: the module that holds `disko.devices`, wherever the file puts
//! it (a module function, curried wrappers, `flake.diskoConfigurations.<n>`,
//! `<aspect>.nixos`), or the fragment shapes other files import (DISKO-SCHEMA.md §0).

use super::{Cx, MAX_CURRY, SEARCH_BUDGET};
use crate::nix::builtins::modules;
use crate::nix::eval::Thunk;
use crate::nix::value::{Attrs, Entry, Kind, Value};
use std::rc::Rc;

impl Cx<'_> {
    // ------------------------------------------------------------------------------------
    // Finding the device tree

    pub(super) fn run(&mut self, root: Value) {
        let shape = if matches!(root.kind, Kind::Lambda(_)) {
            "function"
        } else {
            "attrset"
        };
        let mut shape = shape.to_string();
        let v = self.call_curried(root);
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

    /// Calls a (curried) function with unknown module arguments until it is no longer a
    /// function, at most [`MAX_CURRY`] times: `{ device ? "/dev/sda", ... }: { class, ... }:
    /// { … }` gives the set, with defaults where the arguments have them and symbolic
    /// unknowns ("function argument `x`") where they do not.
    pub(super) fn call_curried(&mut self, mut v: Value) -> Value {
        for _ in 0..MAX_CURRY {
            if !matches!(v.kind, Kind::Lambda(_)) {
                break;
            }
            let arg = Thunk::done(Value::unknown("module argument", v.span));
            v = self.ev.apply(v.clone(), arg, v.span);
        }
        v
    }

    /// The module merged with the modules written inline in its `imports` list (sets or
    /// module functions in this file), as the module system merges them: list options
    /// concatenate. Imported files are left to the project index.
    fn with_inline_imports(&mut self, module: Value) -> Value {
        let Some((imports, _)) = self.get(&module, "imports") else {
            return module;
        };
        let Some(items) = imports.as_list().cloned() else {
            return module;
        };
        let mut merged = module;
        for t in items.iter() {
            let v = self.force(t);
            if v.span.file != self.file || !matches!(v.kind, Kind::Attrs(_) | Kind::Lambda(_)) {
                continue;
            }
            let v = self.call_curried(v);
            if v.as_attrs().is_some() {
                merged = modules::merge(&mut self.ev, merged, v);
            }
        }
        merged
    }

    pub(super) fn find_module(
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
            let cur = if depth > 0 {
                self.call_curried(cur)
            } else {
                cur
            };
            let cur = self.with_inline_imports(cur);
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
                // A disko tree that cannot be read is named, not skipped silently.
                if let Some(r) = val.unknown_reason()
                    && matches!(&**k, "disko" | "diskoConfigurations" | "devices")
                {
                    let what = if path.is_empty() {
                        k.to_string()
                    } else {
                        format!("{path}.{k}")
                    };
                    let r = r.to_string();
                    self.unresolved(&what, &r, val.span);
                }
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
    pub(super) fn fragment(&mut self, v: &Value) -> Option<&'static str> {
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
            self.push_partition(v, "partition", "partition", None);
            self.partition(v, "partition", "fragment", "fragment", Vec::new());
            return Some("partition");
        }
        if has("partitions")
            && let Some((parts, _)) = self.get(v, "partitions")
        {
            self.partitions(&parts, "partitions", "fragment", Vec::new(), None);
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
            self.partitions(v, "partitions", "fragment", Vec::new(), None);
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
}
