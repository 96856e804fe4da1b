//! One cause, one piece of advice: rules that look at the same mount options must not pull
//! in opposite directions.
//!
//! Every shared fixture (`tests/cases/**.nix` with its `.toml`, `examples/*.nix` and
//! `tests/fixtures/consistency/*.nix`) is checked with all rules at once, and each finding's
//! advice is read mechanically (set `DISKO_LINT_CONSISTENCY_DIRS` to a `:`-separated list of
//! directories to check their `.nix` files the same way, e.g. a corpus of real configs; the
//! test needs none of them):
//!
//! - its fix (safe, unsafe or display), applied alone: the models before and after give the
//!   options it adds to and removes from each mount;
//! - its help, when it says "add `OPT` to … `/mount`" or "remove `OPT` from … `/mount`"
//!   (a help that offers a choice, "either … or …", states no advice).
//!
//! Options are compared by family (`option_group`): a filesystem-wide option (only the first
//! mount's counts) per filesystem, any other per mount. Two findings contradict when one
//! adds an option the other removes, when one only adds to a family the other only removes
//! from, or when both put different values of one family on the same mount. Then
//! `--fix --unsafe-fixes` runs to its end on each fixture, and no finding on the result may
//! advise undoing what the fixes did, nor contradict another.

use disko_lint::btrfs::{self, Scope};
use disko_lint::check;
use disko_lint::diagnostic::Diagnostic;
use disko_lint::disko::model::Model;
use disko_lint::engine::RuleSet;
use disko_lint::engine::helpers::option_group;
use disko_lint::fix::{self, FixOptions};
use disko_lint::policy::{self, Overrides, Policy};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Where an option takes effect: the whole filesystem (`model.btrfs[i]`) or one mount.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Fs(usize),
    Mount(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Fs(i) => write!(f, "btrfs filesystem #{i}"),
            Place::Mount(m) => write!(f, "mount `{m}`"),
        }
    }
}

#[derive(Default, Debug, Clone)]
struct Change {
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
}

/// An option that turns its family off (`nossd`, `noautodefrag`, `compress=no`): adding it
/// pulls the same way as removing an option that turns the family on.
fn is_off(option: &str) -> bool {
    if let Some(c) = btrfs::parse_compression(option) {
        return c.effective_algorithm == "none";
    }
    let p = btrfs::parse_option(option);
    p.name.starts_with("no") && p.info.is_some_and(|i| i.negation.is_some())
}

impl Change {
    /// +1: only turns the family on (adds "on" options or removes "off" ones), -1: only
    /// turns it off, 0: replaces a value or does nothing.
    fn direction(&self) -> i8 {
        let on = self.added.iter().filter(|o| !is_off(o)).count()
            + self.removed.iter().filter(|o| is_off(o)).count();
        let off = self.added.iter().filter(|o| is_off(o)).count()
            + self.removed.iter().filter(|o| !is_off(o)).count();
        let replaces = !self.added.is_empty() && !self.removed.is_empty();
        match (on > 0, off > 0) {
            _ if replaces => 0,
            (true, false) => 1,
            (false, true) => -1,
            _ => 0,
        }
    }
}

/// What one finding (or a run of fixes) does to the option lists.
#[derive(Default, Debug, Clone)]
struct Advice {
    /// By (place, family).
    families: BTreeMap<(Place, String), Change>,
    /// Options added, by (mountpoint, family): two different values there disagree.
    on_mount: BTreeMap<(String, String), BTreeSet<String>>,
}

impl Advice {
    fn is_empty(&self) -> bool {
        self.families.is_empty()
    }

    fn record(&mut self, fs: usize, mountpoint: &str, option: &str, add: bool) {
        let family = option_group(option);
        let scope = btrfs::parse_option(option).info.map(|i| i.scope);
        let place = match scope {
            Some(Scope::Filesystem | Scope::Superblock) => Place::Fs(fs),
            _ => Place::Mount(mountpoint.to_string()),
        };
        let c = self.families.entry((place, family.clone())).or_default();
        if add {
            c.added.insert(option.to_string());
            self.on_mount
                .entry((mountpoint.to_string(), family))
                .or_default()
                .insert(option.to_string());
        } else {
            c.removed.insert(option.to_string());
        }
    }
}

/// The option set of every btrfs mount: mountpoint → (filesystem, options).
fn mount_sets(model: &Model) -> BTreeMap<String, (usize, BTreeSet<String>)> {
    let mut out = BTreeMap::new();
    for (bi, b) in model.btrfs.iter().enumerate() {
        for m in &b.mounted {
            let set = m
                .mount_options
                .items
                .iter()
                .map(|i| i.value.clone())
                .collect();
            out.insert(m.mountpoint.clone(), (bi, set));
        }
    }
    out
}

/// What changed between two texts, per mount (set semantics: a duplicate removed is no
/// change).
fn delta(before: &Model, after: &Model) -> Advice {
    let (a, b) = (mount_sets(before), mount_sets(after));
    let mut adv = Advice::default();
    for (mp, (fs, old)) in &a {
        let Some((_, new)) = b.get(mp) else { continue };
        for o in new.difference(old) {
            adv.record(*fs, mp, o, true);
        }
        for o in old.difference(new) {
            adv.record(*fs, mp, o, false);
        }
    }
    adv
}

/// "add `a`, `b` to … `/mp`" and "remove `a` from … `/mp`" statements of a help text.
fn help_advice(help: &str, model: &Model) -> Advice {
    let mut adv = Advice::default();
    if help.contains("either") {
        return adv;
    }
    let sets = mount_sets(model);
    for clause in help.split([';', '.']) {
        for (verb, prep, add) in [("add ", " to ", true), ("remove ", " from ", false)] {
            let mut rest = clause;
            while let Some(at) = rest.find(verb) {
                let after = &rest[at + verb.len()..];
                rest = after;
                // Backticked options up to the preposition.
                let Some(p) = after.find(prep) else { continue };
                let opts: Vec<&str> = after[..p]
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .filter(|o| btrfs::parse_option(o).info.is_some())
                    .collect();
                let head = after[..p].replace(['`', ',', ' '], "");
                let listed: String = opts.concat();
                if opts.is_empty() || head.replace("and", "") != listed {
                    continue;
                }
                // The first backticked mountpoint after the preposition.
                let Some(mp) = after[p..]
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .find(|t| t.starts_with('/'))
                else {
                    continue;
                };
                let Some((fs, set)) = sets.get(mp) else {
                    continue;
                };
                for o in opts {
                    if set.contains(o) != add {
                        adv.record(*fs, mp, o, add);
                    }
                }
            }
        }
    }
    adv
}

/// The advice of one finding on `text`: its fix applied alone, plus its help statements.
fn advice_of(d: &Diagnostic, text: &str, model: &Model) -> Advice {
    let mut adv = d
        .help
        .as_deref()
        .map_or_else(Advice::default, |h| help_advice(h, model));
    if let Some(f) = &d.fix {
        let edits: Vec<_> = f.edits.iter().collect();
        if let Some(new) = fix::apply_edits(text, &edits) {
            let (after, _) = check::model_of(Path::new("fixture.nix"), &new);
            let fixed = delta(model, &after);
            for (k, c) in fixed.families {
                let e = adv.families.entry(k).or_default();
                e.added.extend(c.added);
                e.removed.extend(c.removed);
            }
            for (k, s) in fixed.on_mount {
                adv.on_mount.entry(k).or_default().extend(s);
            }
        }
    }
    adv
}

/// Why `a` and `b` contradict, if they do.
fn contradiction(a: &Advice, b: &Advice) -> Option<String> {
    for ((place, family), ca) in &a.families {
        let Some(cb) = b.families.get(&(place.clone(), family.clone())) else {
            continue;
        };
        if let Some(o) = ca.added.intersection(&cb.removed).next() {
            return Some(format!("one adds `{o}` on {place}, the other removes it"));
        }
        if let Some(o) = ca.removed.intersection(&cb.added).next() {
            return Some(format!("one removes `{o}` on {place}, the other adds it"));
        }
        if ca.direction() * cb.direction() < 0 {
            return Some(format!(
                "on {place} one adds to the `{family}` family, the other removes from it ({ca:?} vs {cb:?})"
            ));
        }
    }
    for (k, sa) in &a.on_mount {
        if let Some(sb) = b.on_mount.get(k)
            && sa.is_disjoint(sb)
        {
            return Some(format!(
                "both set the `{}` family on `{}`, to {sa:?} and {sb:?}",
                k.1, k.0
            ));
        }
    }
    None
}

struct Fixture {
    nix: PathBuf,
    config: Option<PathBuf>,
}

fn fixtures() -> Vec<Fixture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut push_dir = |dir: PathBuf| {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            return;
        };
        let mut v: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "nix"))
            .collect();
        v.sort();
        files.extend(v);
    };
    if let Ok(rd) = std::fs::read_dir(root.join("tests/cases")) {
        let mut dirs: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        dirs.sort();
        for d in dirs {
            push_dir(d);
        }
    }
    push_dir(root.join("examples"));
    push_dir(root.join("tests/fixtures/consistency"));
    if let Some(extra) = std::env::var_os("DISKO_LINT_CONSISTENCY_DIRS") {
        for dir in std::env::split_paths(&extra) {
            assert!(
                dir.is_dir(),
                "DISKO_LINT_CONSISTENCY_DIRS: {} is not a directory",
                dir.display()
            );
            push_dir(dir);
        }
    }
    files
        .into_iter()
        .map(|nix| {
            let cfg = nix.with_extension("toml");
            Fixture {
                config: cfg.is_file().then_some(cfg),
                nix,
            }
        })
        .collect()
}

fn policy_for(f: &Fixture) -> Policy {
    let ov = Overrides {
        config: f.config.clone(),
        no_config: true,
        start_dir: f.nix.parent().map(Path::to_path_buf).unwrap_or_default(),
        ..Default::default()
    };
    let mut p = policy::resolve(&ov).expect("fixture policy resolves");
    p.select = vec!["DL".into()];
    p
}

/// Every pair of findings on `text` whose advice contradicts, as messages.
fn pairwise(name: &str, text: &str, report: &check::FileReport) -> Vec<String> {
    let (model, _) = check::model_of(Path::new("fixture.nix"), text);
    let advice: Vec<(&Diagnostic, Advice)> = report
        .diagnostics
        .iter()
        .map(|d| (d, advice_of(d, text, &model)))
        .filter(|(_, a)| !a.is_empty())
        .collect();
    let mut out = Vec::new();
    for i in 0..advice.len() {
        for j in i + 1..advice.len() {
            let ((da, aa), (db, ab)) = (&advice[i], &advice[j]);
            if let Some(why) = contradiction(aa, ab) {
                out.push(format!(
                    "{name}: {} ({}) and {} ({}) contradict: {why}",
                    da.code, da.message, db.code, db.message
                ));
            }
        }
    }
    out
}

fn problems() -> Vec<String> {
    let rules = RuleSet::load(true, &[]).expect("built-in rules load");
    let mut problems = Vec::new();
    let all = fixtures();
    assert!(all.len() > 60, "too few fixtures: {}", all.len());
    for f in &all {
        let name = f
            .nix
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&f.nix)
            .display()
            .to_string();
        let policy = policy_for(f);
        let Ok(text) = check::read_source(&f.nix) else {
            continue;
        };
        let report = check::check_text(Path::new(&name), text.clone(), &rules, &policy);
        if report.diagnostics.iter().any(|d| d.code == "DL001") {
            continue; // broken Nix is never fixed
        }
        problems.extend(pairwise(&name, &text, &report));

        // The whole unsafe fix loop, then: nothing on the result asks to undo it.
        let opts = FixOptions { unsafe_fixes: true };
        let outcome = fix::fix_text(Path::new(&name), &text, &rules, &policy, opts);
        if let Some(p) = &outcome.problem {
            problems.push(format!("{name}: --fix --unsafe-fixes: {p}"));
        }
        if outcome.text == text {
            continue;
        }
        let (before, _) = check::model_of(Path::new("fixture.nix"), &text);
        let (after, _) = check::model_of(Path::new("fixture.nix"), &outcome.text);
        let done = delta(&before, &after);
        for d in &outcome.report.diagnostics {
            let a = advice_of(d, &outcome.text, &after);
            if let Some(why) = contradiction(&done, &a) {
                problems.push(format!(
                    "{name}: after --fix --unsafe-fixes, {} ({}) undoes the fixes: {why}",
                    d.code, d.message
                ));
            }
        }
        problems.extend(pairwise(
            &format!("{name} (fixed)"),
            &outcome.text,
            &outcome.report,
        ));
    }
    problems
}

#[test]
fn no_two_findings_give_opposite_advice() {
    let p = problems();
    assert!(
        p.is_empty(),
        "{} contradiction(s):\n{}",
        p.len(),
        p.join("\n")
    );
}

fn model(text: &str) -> Model {
    check::model_of(Path::new("t.nix"), text).0
}

const TWO_MOUNTS: &str = r#"{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/vda";
    content = {
      type = "btrfs";
      subvolumes = {
        "@root" = { mountpoint = "/"; mountOptions = [ "noatime" ]; };
        "@home" = { mountpoint = "/home"; mountOptions = [ "compress=zstd" "noatime" ]; };
      };
    };
  };
}
"#;

/// The checker itself: opposite statements are caught, agreeing ones and choices are not.
#[test]
fn the_checker_tells_opposite_advice_from_agreement() {
    let m = model(TWO_MOUNTS);
    let add_root = help_advice("add `compress=zstd:1` to the first mount `/`", &m);
    let remove_home = help_advice("remove `compress=zstd` from `/home`", &m);
    let add_root_too = help_advice("add `compress=zstd` to `/`, as the other mounts ask", &m);
    assert!(!add_root.is_empty() && !remove_home.is_empty());
    assert!(contradiction(&add_root, &remove_home).is_some());
    assert!(
        contradiction(&add_root_too, &add_root).is_some(),
        "two values for `/`"
    );
    assert!(contradiction(&add_root_too, &add_root_too.clone()).is_none());
    let choice = help_advice(
        "either add `compress=zstd` to the first mount `/` or remove it from `/home`",
        &m,
    );
    assert!(choice.is_empty());
    // Per-mount options are per mount: `noatime` on one mount says nothing about another.
    let a = help_advice("add `relatime` to `/home`", &m);
    let b = help_advice("remove `noatime` from `/`", &m);
    assert!(contradiction(&a, &b).is_none());
}
