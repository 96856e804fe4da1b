//! The project index: NixOS facts that live outside the disko file.
//!
//! Many configurations set `fileSystems."/persist".neededForBoot = true`, tmpfiles `+C` rules
//! or `environment.persistence` in another module of the same host. Within the repository
//! (nearest ancestor with `.git` or `flake.nix`), static import edges are followed:
//! `imports = [ ./a.nix … ]`, `import ./x.nix`, and the `modules = [ … ]` list of a
//! `nixosSystem` call (a virtual configuration root). A fact from file G counts for disko file
//! F only when some configuration root reaches both F and G; a file nobody imports is a
//! configuration of its own. So host A's settings never silence host B's findings.
//!
//! Files are prefiltered by byte search (`imports`, `modules`, `import`, `neededForBoot`,
//! `tmpfiles`, `persistence`) before parsing. Indexes are cached per repository root.

use crate::disko::model::{Fact, FsSetting, Model, ModuleUse};
use crate::nix::parse_file;
use crate::source::{SourceFile, SourceMap};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Most `.nix` files indexed per repository.
pub const MAX_FILES: usize = 20_000;

/// Facts one file contributes.
#[derive(Debug, Default, Clone)]
pub struct FileFacts {
    /// `fileSystems."<p>"` settings.
    pub file_systems: Vec<FsSetting>,
    /// `systemd.tmpfiles.rules` / `settings` lines.
    pub tmpfiles: Vec<String>,
    /// `environment.persistence` roots.
    pub persistence: Vec<String>,
    /// `boot.resumeDevice`.
    pub resume_device: Option<String>,
    /// `boot.kernelParams` items.
    pub kernel_params: Vec<String>,
    /// `boot.initrd.secrets` names.
    pub initrd_secrets: Vec<String>,
    /// `boot.initrd.systemd.enable`.
    pub initrd_systemd: Option<bool>,
}

impl FileFacts {
    fn is_empty(&self) -> bool {
        self.file_systems.is_empty()
            && self.tmpfiles.is_empty()
            && self.persistence.is_empty()
            && self.resume_device.is_none()
            && self.kernel_params.is_empty()
            && self.initrd_secrets.is_empty()
            && self.initrd_systemd.is_none()
    }
}

/// Module arguments a file supplies: `_module.args.<name>` and `specialArgs` names.
#[derive(Debug, Default, Clone)]
pub struct ArgFacts {
    /// Names supplied.
    pub names: Vec<String>,
    /// Places where arguments are set in a form that cannot be read (`specialArgs = inputs;`).
    pub unknown: Vec<String>,
}

/// The index of one repository.
#[derive(Debug, Default)]
pub struct ProjectIndex {
    /// Repository root.
    pub root: PathBuf,
    facts: HashMap<PathBuf, FileFacts>,
    /// Configuration roots reaching each file.
    roots_of: HashMap<PathBuf, HashSet<PathBuf>>,
    /// The other way round: the files each configuration root reaches (itself included).
    members: HashMap<PathBuf, Vec<PathBuf>>,
    /// For each file, the files that list it as a module (in `imports` or a `modules` list,
    /// as a path or `import ./path` without arguments), not `import`ed and called.
    module_importers: HashMap<PathBuf, Vec<PathBuf>>,
    /// Module arguments supplied per node (a file, or a `modules` list of a file).
    args: HashMap<PathBuf, ArgFacts>,
}

/// One slot per repository root: the first thread to ask builds the index, the others
/// wait on the slot instead of building it again.
type Slot = Arc<OnceLock<Arc<ProjectIndex>>>;
static CACHE: OnceLock<Mutex<HashMap<PathBuf, Slot>>> = OnceLock::new();

/// The repository root of `file`: nearest ancestor holding `.git` or `flake.nix`.
pub fn repo_root(file: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file).ok()?;
    let mut dir = abs.parent();
    while let Some(d) = dir {
        if d.join(".git").exists() || d.join("flake.nix").is_file() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// The (cached) index of the repository holding `file`, if it is in one.
pub fn index_for(file: &Path) -> Option<Arc<ProjectIndex>> {
    let root = repo_root(file)?;
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let slot = cache.lock().ok()?.entry(root.clone()).or_default().clone();
    Some(slot.get_or_init(|| Arc::new(build(&root))).clone())
}

/// The file a node of the import graph stands for: a virtual `modules` list node,
/// `<modules FILE #n>`, is named by the file holding the list.
fn node_file(node: &Path) -> PathBuf {
    let s = node.to_string_lossy();
    match s
        .strip_prefix("<modules ")
        .and_then(|rest| rest.rsplit_once(" #"))
    {
        Some((file, _)) => PathBuf::from(file),
        None => node.to_path_buf(),
    }
}

fn contains(h: &[u8], n: &[u8]) -> bool {
    memchr::memmem::find(h, n).is_some()
}

/// Builds the index of the repository at `root`.
pub fn build(root: &Path) -> ProjectIndex {
    let mut edges: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut facts: HashMap<PathBuf, FileFacts> = HashMap::new();
    let mut nodes: HashSet<PathBuf> = HashSet::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(n.starts_with('.')
                    || n == "node_modules"
                    || n.starts_with("result")
                    || crate::walk::is_cache_dir(e))
        });
    let mut virtual_id = 0usize;
    let mut module_importers: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut args: HashMap<PathBuf, ArgFacts> = HashMap::new();
    for entry in walker.filter_map(Result::ok).take(MAX_FILES * 4) {
        if nodes.len() >= MAX_FILES {
            break;
        }
        let p = entry.path();
        if !entry.file_type().is_file() || p.extension().is_none_or(|x| x != "nix") {
            continue;
        }
        let Ok(bytes) = std::fs::read(p) else {
            continue;
        };
        if bytes.len() > 2 * 1024 * 1024 {
            continue;
        }
        let path = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        nodes.insert(path.clone());
        let wants_imports = contains(&bytes, b"import") || contains(&bytes, b"modules");
        let wants_args = contains(&bytes, b"_module") || contains(&bytes, b"specialArgs");
        let wants_facts = contains(&bytes, b"neededForBoot")
            || contains(&bytes, b"tmpfiles")
            || contains(&bytes, b"persistence")
            || contains(&bytes, b"resumeDevice")
            || contains(&bytes, b"kernelParams")
            || contains(&bytes, b"initrd");
        if !wants_imports && !wants_facts && !wants_args {
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let mut sources = SourceMap::default();
        let id = sources.add(SourceFile::new(path.clone(), text));
        let parsed = parse_file(sources.get(id), id);
        if wants_imports {
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let (imports, module_lists) = static_imports(parsed.root.syntax(), &dir);
            edges.entry(path.clone()).or_default().extend(imports);
            for t in module_paths_of(parsed.root.syntax(), &dir) {
                module_importers.entry(t).or_default().push(path.clone());
            }
            let file_args = if wants_args {
                module_args_of(parsed.root.syntax())
            } else {
                ArgFacts::default()
            };
            for list in module_lists {
                virtual_id += 1;
                let v = PathBuf::from(format!("<modules {} #{virtual_id}>", path.display()));
                nodes.insert(v.clone());
                edges.insert(v.clone(), list);
                // `specialArgs` and inline `{ _module.args = …; }` written beside a
                // `modules` list reach the modules of that list.
                if !file_args.names.is_empty() || !file_args.unknown.is_empty() {
                    args.insert(v, file_args.clone());
                }
            }
            if !file_args.names.is_empty() || !file_args.unknown.is_empty() {
                args.insert(path.clone(), file_args);
            }
        } else if wants_args {
            let a = module_args_of(parsed.root.syntax());
            if !a.names.is_empty() || !a.unknown.is_empty() {
                args.insert(path.clone(), a);
            }
        }
        if wants_facts {
            let ex = crate::disko::extract(&mut sources, &parsed);
            let f = facts_of(&ex.model);
            if !f.is_empty() {
                facts.insert(path.clone(), f);
            }
        }
    }
    // Configuration roots: nodes nobody imports.
    let mut imported: HashSet<&PathBuf> = HashSet::new();
    for targets in edges.values() {
        imported.extend(targets.iter());
    }
    let roots: Vec<&PathBuf> = nodes.iter().filter(|n| !imported.contains(n)).collect();
    let mut roots_of: HashMap<PathBuf, HashSet<PathBuf>> = HashMap::new();
    for r in roots {
        let mut stack = vec![r.clone()];
        let mut seen = HashSet::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            roots_of.entry(n.clone()).or_default().insert(r.clone());
            if let Some(ts) = edges.get(&n) {
                stack.extend(ts.iter().cloned());
            }
        }
    }
    let mut members: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    for (file, rs) in &roots_of {
        for r in rs {
            members.entry(r.clone()).or_default().push(file.clone());
        }
    }
    ProjectIndex {
        root: root.to_path_buf(),
        facts,
        roots_of,
        members,
        module_importers,
        args,
    }
}

fn facts_of(m: &Model) -> FileFacts {
    FileFacts {
        file_systems: m.nixos.file_systems.clone(),
        tmpfiles: m
            .nixos
            .tmpfiles_rules
            .iter()
            .chain(m.nixos.tmpfiles_settings.iter())
            .map(|f| f.value.clone())
            .collect(),
        persistence: m
            .nixos
            .persistence
            .iter()
            .map(|f| f.value.clone())
            .collect(),
        resume_device: m.nixos.resume_device.as_ref().map(|f| f.value.clone()),
        kernel_params: m
            .nixos
            .kernel_params
            .iter()
            .map(|f| f.value.clone())
            .collect(),
        initrd_secrets: m
            .nixos
            .initrd_secrets
            .iter()
            .map(|f| f.value.clone())
            .collect(),
        initrd_systemd: m.nixos.initrd_systemd,
    }
}

/// Static import targets of a file: `imports`/`modules` list paths and `import ./x` arguments.
/// Returns (edges from this file, `modules = [ … ]` lists as separate virtual roots).
fn static_imports(root: &SyntaxNode, dir: &Path) -> (Vec<PathBuf>, Vec<Vec<PathBuf>>) {
    let mut imports = Vec::new();
    let mut modules = Vec::new();
    for node in root.descendants() {
        match node.kind() {
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                let Some(apv) = rnix::ast::AttrpathValue::cast(node.clone()) else {
                    continue;
                };
                let last = apv
                    .attrpath()
                    .and_then(|p| p.attrs().last())
                    .map(|a| a.syntax().text().to_string());
                let Some(value) = apv.value() else { continue };
                match last.as_deref() {
                    Some("imports") => imports.extend(paths_in(value.syntax(), dir)),
                    Some("modules") => {
                        let ps = paths_in(value.syntax(), dir);
                        if !ps.is_empty() {
                            modules.push(ps);
                        }
                    }
                    _ => {}
                }
            }
            SyntaxKind::NODE_APPLY => {
                let Some(app) = rnix::ast::Apply::cast(node.clone()) else {
                    continue;
                };
                let is_import = app.lambda().is_some_and(|l| l.syntax().text() == "import");
                if is_import && let Some(arg) = app.argument() {
                    imports.extend(paths_in(arg.syntax(), dir));
                }
            }
            _ => {}
        }
    }
    (imports, modules)
}

/// The files a file lists as modules: items of `imports = [ … ]` and `modules = [ … ]` lists
/// (also joined with `++`) that are a relative path or `import ./path` without arguments.
/// `(import ./x.nix { … })` calls the file and lists its result instead, so it is not one.
fn module_paths_of(root: &SyntaxNode, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for node in root.descendants() {
        let Some(apv) = rnix::ast::AttrpathValue::cast(node) else {
            continue;
        };
        let last = apv
            .attrpath()
            .and_then(|p| p.attrs().last())
            .map(|a| a.syntax().text().to_string());
        if !matches!(last.as_deref(), Some("imports" | "modules")) {
            continue;
        }
        if let Some(v) = apv.value() {
            module_list_items(v.syntax(), dir, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn module_list_items(node: &SyntaxNode, dir: &Path, out: &mut Vec<PathBuf>) {
    match node.kind() {
        SyntaxKind::NODE_PAREN => {
            if let Some(c) = node.children().next() {
                module_list_items(&c, dir, out);
            }
        }
        SyntaxKind::NODE_BIN_OP => {
            for c in node.children() {
                module_list_items(&c, dir, out);
            }
        }
        SyntaxKind::NODE_LIST => {
            for item in node.children() {
                if let Some(p) = module_item(&item, dir) {
                    out.push(p);
                }
            }
        }
        _ => {}
    }
}

fn module_item(item: &SyntaxNode, dir: &Path) -> Option<PathBuf> {
    let mut n = item.clone();
    while n.kind() == SyntaxKind::NODE_PAREN {
        n = n.children().next()?;
    }
    match n.kind() {
        SyntaxKind::NODE_PATH_REL => resolve_rel(&n, dir),
        SyntaxKind::NODE_APPLY => {
            let app = rnix::ast::Apply::cast(n)?;
            if app.lambda()?.syntax().text() != "import" {
                return None;
            }
            let mut arg = app.argument()?.syntax().clone();
            while arg.kind() == SyntaxKind::NODE_PAREN {
                arg = arg.children().next()?;
            }
            (arg.kind() == SyntaxKind::NODE_PATH_REL)
                .then(|| resolve_rel(&arg, dir))
                .flatten()
        }
        _ => None,
    }
}

fn resolve_rel(n: &SyntaxNode, dir: &Path) -> Option<PathBuf> {
    if n.children().next().is_some() {
        return None;
    }
    let p = dir.join(n.text().to_string());
    let p = if p.is_dir() { p.join("default.nix") } else { p };
    std::fs::canonicalize(&p).ok()
}

/// The static attribute path of a binding, through the attribute sets it is nested in
/// (`_module = { args.disks = …; }` → `_module.args.disks`); `None` when a part is dynamic.
fn binding_path(node: &SyntaxNode, own: Vec<String>) -> Option<Vec<String>> {
    let mut path = own;
    let mut cur = node.parent();
    while let Some(set) = cur {
        if set.kind() != SyntaxKind::NODE_ATTR_SET {
            break;
        }
        let Some(outer) = set.parent() else { break };
        let Some(apv) = rnix::ast::AttrpathValue::cast(outer.clone()) else {
            break;
        };
        let mut names = static_names(&apv.attrpath()?)?;
        names.extend(path);
        path = names;
        cur = outer.parent();
    }
    Some(path)
}

fn static_names(p: &rnix::ast::Attrpath) -> Option<Vec<String>> {
    p.attrs()
        .map(|a| match a {
            rnix::ast::Attr::Ident(i) => Some(i.syntax().text().to_string()),
            rnix::ast::Attr::Str(s) => {
                let t = s.syntax().text().to_string();
                (!t.contains("${")).then(|| t.trim_matches('"').to_string())
            }
            rnix::ast::Attr::Dynamic(_) => None,
        })
        .collect()
}

/// The names an attribute-set literal binds (first path components and `inherit` names),
/// or `None` when the value is not a literal attribute set.
fn literal_names(value: &SyntaxNode) -> Option<Vec<String>> {
    let mut v = value.clone();
    while v.kind() == SyntaxKind::NODE_PAREN {
        v = v.children().next()?;
    }
    if v.kind() != SyntaxKind::NODE_ATTR_SET {
        return None;
    }
    let mut out = Vec::new();
    for c in v.children() {
        if let Some(apv) = rnix::ast::AttrpathValue::cast(c.clone()) {
            if let Some(first) = apv.attrpath().and_then(|p| static_names(&p))
                && let Some(f) = first.first()
            {
                out.push(f.clone());
            }
        } else if let Some(i) = rnix::ast::Inherit::cast(c) {
            for a in i.attrs() {
                out.push(a.syntax().text().to_string().trim_matches('"').to_string());
            }
        }
    }
    Some(out)
}

/// `_module.args.<name>` / `_module.args = { … }` and `specialArgs = { … }` in a file.
fn module_args_of(root: &SyntaxNode) -> ArgFacts {
    let mut out = ArgFacts::default();
    for node in root.descendants() {
        let Some(apv) = rnix::ast::AttrpathValue::cast(node.clone()) else {
            continue;
        };
        let Some(own) = apv.attrpath().and_then(|p| static_names(&p)) else {
            continue;
        };
        let Some(path) = binding_path(&node, own.clone()) else {
            continue;
        };
        let Some(value) = apv.value() else { continue };
        let at = path
            .windows(2)
            .position(|w| w[0] == "_module" && w[1] == "args");
        if let Some(i) = at {
            // Only bindings that end inside `_module.args` itself are read here; deeper
            // ones are found as their own binding.
            let start = path.len() - own.len();
            if i + 2 < path.len() {
                if i + 2 >= start {
                    out.names.push(path[i + 2].clone());
                }
            } else if i + 2 == path.len() {
                match literal_names(value.syntax()) {
                    Some(names) => out.names.extend(names),
                    None => out.unknown.push(format!(
                        "`{}` is not an attribute set literal",
                        path.join(".")
                    )),
                }
            }
            continue;
        }
        if own.last().map(String::as_str) == Some("specialArgs") {
            match literal_names(value.syntax()) {
                Some(names) => out.names.extend(names),
                None => out
                    .unknown
                    .push("`specialArgs` is not an attribute set literal".into()),
            }
        }
    }
    // `inherit` inside a `_module.args = { … }` literal is read by `literal_names`.
    out.names.sort();
    out.names.dedup();
    out
}

fn paths_in(node: &SyntaxNode, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let nodes = std::iter::once(node.clone()).chain(node.descendants());
    for n in nodes {
        if n.kind() == SyntaxKind::NODE_PATH_REL && n.children().next().is_none() {
            let p = dir.join(n.text().to_string());
            let p = if p.is_dir() { p.join("default.nix") } else { p };
            if let Ok(c) = std::fs::canonicalize(&p) {
                out.push(c);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

impl ProjectIndex {
    /// Facts from other files that share a configuration root with `file`.
    pub fn facts_for(&self, file: &Path) -> Vec<(PathBuf, &FileFacts)> {
        let Ok(file) = std::fs::canonicalize(file) else {
            return Vec::new();
        };
        let mine: HashSet<PathBuf> = self
            .roots_of
            .get(&file)
            .cloned()
            .unwrap_or_else(|| [file.clone()].into());
        // The files sharing a root with `file`, through the root → members table: a look-up
        // per root of this file, not a scan of every fact in the repository.
        let mut peers: Vec<&PathBuf> = mine
            .iter()
            .filter_map(|r| self.members.get(r))
            .flatten()
            .filter(|p| **p != file)
            .collect();
        peers.sort();
        peers.dedup();
        peers
            .into_iter()
            .filter_map(|p| self.facts.get(p).map(|f| (p.clone(), f)))
            .collect()
    }
}

impl ProjectIndex {
    /// The configuration roots other than `file` that reach it (a virtual `modules` root is
    /// named by the file holding the list), and how many other files share a root with it.
    pub fn configuration_of(&self, file: &Path) -> (Vec<PathBuf>, usize) {
        let Ok(file) = std::fs::canonicalize(file) else {
            return (Vec::new(), 0);
        };
        let Some(mine) = self.roots_of.get(&file) else {
            return (Vec::new(), 0);
        };
        let mut importers: Vec<PathBuf> = mine
            .iter()
            .filter(|r| **r != file)
            .map(|r| node_file(r))
            .collect();
        importers.sort();
        importers.dedup();
        let mut files: Vec<&PathBuf> = mine
            .iter()
            .filter_map(|r| self.members.get(r))
            .flatten()
            .filter(|p| **p != file && !p.to_string_lossy().starts_with('<'))
            .collect();
        files.sort();
        files.dedup();
        (importers, files.len())
    }

    /// How `file` is used as a module: the files that list it as one, and the module
    /// arguments supplied in its configuration (every node sharing a root with it,
    /// itself included).
    pub fn module_use_for(&self, file: &Path) -> ModuleUse {
        let Ok(file) = std::fs::canonicalize(file) else {
            return ModuleUse::default();
        };
        let rel = |p: &Path| -> String {
            let p = node_file(p);
            p.strip_prefix(&self.root)
                .unwrap_or(&p)
                .display()
                .to_string()
        };
        let mut out = ModuleUse::default();
        if let Some(by) = self.module_importers.get(&file) {
            out.imported_by = by.iter().map(|p| rel(p)).collect();
            out.imported_by.sort();
            out.imported_by.dedup();
        }
        // The configurations that use the file as a module: the roots reaching an
        // importer. An argument counts when every such configuration supplies it; one
        // that sets arguments in an unreadable form may supply anything.
        let importers = self
            .module_importers
            .get(&file)
            .cloned()
            .unwrap_or_default();
        let mut roots: Vec<PathBuf> = importers
            .iter()
            .flat_map(|i| {
                self.roots_of
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| [i.clone()].into())
            })
            .collect();
        roots.sort();
        roots.dedup();
        let mut common: Option<Vec<String>> = None;
        let mut unknown = Vec::new();
        for r in &roots {
            let mut names = Vec::new();
            let mut unk = Vec::new();
            let mut nodes: Vec<(&PathBuf, &ArgFacts)> = self
                .args
                .iter()
                .filter(|(p, _)| *p == r || self.roots_of.get(*p).is_some_and(|rs| rs.contains(r)))
                .collect();
            nodes.sort_by(|a, b| a.0.cmp(b.0));
            for (p, a) in nodes {
                names.extend(a.names.iter().cloned());
                let origin = if *p == file {
                    "this file".to_string()
                } else {
                    rel(p)
                };
                unk.extend(a.unknown.iter().map(|u| format!("{u} ({origin})")));
            }
            if !unk.is_empty() {
                unknown.extend(unk);
                continue;
            }
            common = Some(match common {
                None => names,
                Some(c) => c.into_iter().filter(|n| names.contains(n)).collect(),
            });
        }
        match common {
            Some(mut names) => {
                names.sort();
                names.dedup();
                out.args = names
                    .into_iter()
                    .map(|n| Fact {
                        value: n,
                        span: None,
                        origin: None,
                    })
                    .collect();
            }
            None => {
                unknown.sort();
                unknown.dedup();
                out.args_unknown = unknown;
            }
        }
        out
    }
}

/// Adds the facts of `file`'s configuration to its model (with `origin` set) and recomputes
/// neededForBoot and the mount order.
pub fn augment(model: &mut Model, file: &Path) {
    let Some(ix) = index_for(file) else { return };
    let (importers, files_read) = ix.configuration_of(file);
    model.configuration.importers = importers
        .iter()
        .take(5)
        .map(|p| p.strip_prefix(&ix.root).unwrap_or(p).display().to_string())
        .collect();
    model.configuration.files_read = files_read;
    model.module_use = ix.module_use_for(file);
    let facts = ix.facts_for(file);
    if facts.is_empty() {
        return;
    }
    let mut nfb = Vec::new();
    for (path, f) in facts {
        let origin = path
            .strip_prefix(&ix.root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let mut used = false;
        for fs in &f.file_systems {
            if fs.needed_for_boot == Some(true) {
                nfb.push(fs.path.clone());
            }
            let mut fs = fs.clone();
            fs.span = None;
            fs.origin = Some(origin.clone());
            model.nixos.file_systems.push(fs);
            used = true;
        }
        for t in &f.tmpfiles {
            model.nixos.tmpfiles_rules.push(Fact {
                value: t.clone(),
                span: None,
                origin: Some(origin.clone()),
            });
            used = true;
        }
        for p in &f.persistence {
            model.nixos.persistence.push(Fact {
                value: p.clone(),
                span: None,
                origin: Some(origin.clone()),
            });
            used = true;
        }
        if let Some(r) = &f.resume_device
            && model.nixos.resume_device.is_none()
        {
            model.nixos.resume_device = Some(Fact {
                value: r.clone(),
                span: None,
                origin: Some(origin.clone()),
            });
            used = true;
        }
        for (facts, list) in [
            (&f.kernel_params, &mut model.nixos.kernel_params),
            (&f.initrd_secrets, &mut model.nixos.initrd_secrets),
        ] {
            for v in facts {
                list.push(Fact {
                    value: v.clone(),
                    span: None,
                    origin: Some(origin.clone()),
                });
                used = true;
            }
        }
        if let Some(b) = f.initrd_systemd
            && model.nixos.initrd_systemd.is_none()
        {
            model.nixos.initrd_systemd = Some(b);
            used = true;
        }
        if used {
            model.contributors.push(origin);
        }
    }
    crate::disko::extract::apply_needed_for_boot(model, &nfb);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn facts_count_only_within_one_configuration() {
        let tmp = std::env::temp_dir().join(format!("dl-project-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        write(
            &tmp,
            "flake.nix",
            "{ outputs = _: { nixosConfigurations.a = { modules = [ ./hosts/a ]; }; }; }",
        );
        write(
            &tmp,
            "hosts/a/default.nix",
            "{ imports = [ ./disko.nix ../../modules/persist.nix ]; }",
        );
        write(&tmp, "hosts/a/disko.nix", "{ disko.devices = { }; }");
        write(
            &tmp,
            "hosts/b/default.nix",
            "{ imports = [ ./disko.nix ]; }",
        );
        write(&tmp, "hosts/b/disko.nix", "{ disko.devices = { }; }");
        write(
            &tmp,
            "modules/persist.nix",
            "{ fileSystems.\"/persist\".neededForBoot = true; }",
        );
        let ix = build(&tmp);
        let a = ix.facts_for(&tmp.join("hosts/a/disko.nix"));
        let b = ix.facts_for(&tmp.join("hosts/b/disko.nix"));
        let (importers, files) = ix.configuration_of(&tmp.join("hosts/a/disko.nix"));
        assert_eq!(
            importers.len(),
            1,
            "host a's disko.nix is reached from flake.nix: {importers:?}"
        );
        assert!(importers[0].ends_with("flake.nix"));
        assert!(
            files >= 2,
            "flake.nix, hosts/a/default.nix, modules/persist.nix: {files}"
        );
        let lone = ix.configuration_of(&tmp.join("modules/persist.nix"));
        assert_eq!(lone.0.len(), 1);
        write(&tmp, "lone.nix", "{ disko.devices = { }; }");
        let ix = build(&tmp);
        let (importers, files) = ix.configuration_of(&tmp.join("lone.nix"));
        assert!(importers.is_empty() && files == 0, "{importers:?} {files}");
        assert_eq!(a.len(), 1, "host a sees modules/persist.nix");
        assert!(a[0].0.ends_with("modules/persist.nix"));
        assert!(b.is_empty(), "host b must not see host a's module: {b:?}");
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
