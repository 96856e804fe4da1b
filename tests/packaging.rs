//! Packaging files: the pre-commit hook manifest, and (where Nix is installed) the flake.
//!
//! `.pre-commit-hooks.yaml` is read with a tiny reader for its flat shape (a list of maps of
//! scalars and flow lists) and its `files` pattern is tried with a small regex matcher, so
//! no crate is needed. The flake checks need `nix-instantiate` and skip without it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---- .pre-commit-hooks.yaml ----------------------------------------------------------

type Hook = BTreeMap<String, String>;

/// Parses a YAML list of flat maps: `- key: value` starts an item, `  key: value` continues
/// it. Values may be plain, single- or double-quoted, or a flow list (kept as written).
fn parse_hooks(text: &str) -> Vec<Hook> {
    let mut hooks: Vec<Hook> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let entry = if let Some(rest) = line.strip_prefix("- ") {
            hooks.push(Hook::new());
            rest
        } else if let Some(rest) = line.strip_prefix("  ") {
            assert!(!hooks.is_empty(), "line {}: key outside a hook", n + 1);
            rest
        } else {
            panic!("line {}: unexpected layout: {line}", n + 1);
        };
        let (key, value) = entry
            .split_once(':')
            .unwrap_or_else(|| panic!("line {}: not `key: value`: {line}", n + 1));
        let value = scalar(value.trim());
        let hook = hooks.last_mut().expect("a hook");
        assert!(
            hook.insert(key.trim().to_string(), value).is_none(),
            "line {}: duplicate key {key}",
            n + 1
        );
    }
    hooks
}

fn scalar(v: &str) -> String {
    if let Some(inner) = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    if let Some(inner) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        assert!(
            !inner.contains('\\'),
            "keep escapes out of double quotes: {v}"
        );
        return inner.to_string();
    }
    // A plain scalar ends at ` #`.
    v.split(" #")
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

fn flow_list(v: &str) -> Vec<String> {
    let inner = v
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or_else(|| panic!("not a flow list: {v}"));
    inner.split(',').map(|s| scalar(s.trim())).collect()
}

fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml"))
        .expect("read .pre-commit-hooks.yaml");
    parse_hooks(&text)
}

fn hook<'a>(hooks: &'a [Hook], id: &str) -> &'a Hook {
    hooks
        .iter()
        .find(|h| h.get("id").map(String::as_str) == Some(id))
        .unwrap_or_else(|| panic!("no hook `{id}`"))
}

#[test]
fn pre_commit_hooks_declare_check_and_fix() {
    let hooks = hooks();
    let ids: Vec<_> = hooks.iter().filter_map(|h| h.get("id")).collect();
    assert_eq!(ids, ["disko-lint", "disko-lint-fix"]);
    let (check, fix) = (hook(&hooks, "disko-lint"), hook(&hooks, "disko-lint-fix"));
    assert_eq!(
        check["files"], fix["files"],
        "both hooks select the same files"
    );
    for h in &hooks {
        let id = &h["id"];
        for key in ["name", "description", "minimum_pre_commit_version"] {
            assert!(
                h.get(key).is_some_and(|v| !v.is_empty()),
                "{id}: missing {key}"
            );
        }
        assert_eq!(h["language"], "rust", "{id}");
        assert_eq!(h["pass_filenames"], "true", "{id}");
        assert_eq!(h["require_serial"], "true", "{id}");
        assert_eq!(flow_list(&h["types"]), ["nix"], "{id}");
        let entry: Vec<_> = h["entry"].split_whitespace().collect();
        assert_eq!(entry[..2], ["disko-lint", "check"], "{id}: {entry:?}");
        assert!(entry.contains(&"--force-exclude"), "{id}: {entry:?}");
        assert_eq!(
            entry.contains(&"--fix"),
            id == "disko-lint-fix",
            "{id}: {entry:?}"
        );
        let version = &h["minimum_pre_commit_version"];
        assert!(
            version.split('.').all(|p| p.parse::<u32>().is_ok()),
            "{id}: {version}"
        );
    }
}

#[test]
fn pre_commit_files_pattern_selects_disko_configs() {
    for h in hooks() {
        let id = &h["id"];
        let re = Regex::new(&h["files"]);
        for path in [
            "hosts/a/disko.nix",
            "disko-config.nix",
            "disko.nix",
            "hosts/laptop/my-disko.nix",
        ] {
            assert!(
                re.search(path),
                "{id}: `{}` should match {path}",
                h["files"]
            );
        }
        for path in [
            "configuration.nix",
            "hosts/a/default.nix",
            "disko.nix.bak",
            "hosts/disko/default.nix",
            "disko.toml",
        ] {
            assert!(
                !re.search(path),
                "{id}: `{}` should not match {path}",
                h["files"]
            );
        }
    }
}

#[test]
fn the_regex_matcher_behaves_like_python_re_search() {
    let cases = [
        ("a|b", "xbx", true),
        ("^ab$", "abc", false),
        ("^a(b|c)*d$", "abcbd", true),
        ("[^/]+\\.nix$", "a/b.nix", true),
        ("[a-c]?x", "dx", true),
        ("^[a-c]+$", "abd", false),
        ("(^|/)x", "ax", false),
        ("(^|/)x", "a/x", true),
    ];
    for (pattern, text, expected) in cases {
        assert_eq!(
            Regex::new(pattern).search(text),
            expected,
            "{pattern} on {text}"
        );
    }
}

// ---- flake.nix -----------------------------------------------------------------------

/// The Nix files of the flake, or `None` when this source tree has none (the Nix build
/// filters its source down to what cargo reads).
fn nix_files() -> Option<Vec<PathBuf>> {
    let flake = root().join("flake.nix");
    if !flake.is_file() {
        eprintln!("SKIP: no flake.nix in this source tree");
        return None;
    }
    let mut files = vec![flake];
    let mut helpers: Vec<_> = std::fs::read_dir(root().join("nix"))
        .expect("nix/ beside flake.nix")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "nix"))
        .collect();
    helpers.sort();
    files.extend(helpers);
    Some(files)
}

fn have_nix_instantiate() -> bool {
    let ok = Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIP: nix-instantiate is not on PATH");
    }
    ok
}

#[test]
fn flake_and_helpers_parse() {
    let Some(files) = nix_files() else { return };
    if !have_nix_instantiate() {
        return;
    }
    for f in files {
        let o = Command::new("nix-instantiate")
            .arg("--parse")
            .arg(&f)
            .output()
            .expect("run nix-instantiate");
        assert!(
            o.status.success(),
            "nix-instantiate --parse {}: {}",
            f.display(),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Evaluates the flake's outputs against the nixpkgs stub in nix/stub-eval.nix: catches
/// wiring mistakes, not differences between the stub and the real nixpkgs.
#[test]
fn flake_outputs_evaluate_against_a_stub_nixpkgs() {
    if nix_files().is_none() || !have_nix_instantiate() {
        return;
    }
    let o = Command::new("nix-instantiate")
        .current_dir(root())
        .args(["--eval", "--strict", "--json", "nix/stub-eval.nix"])
        .output()
        .expect("run nix-instantiate");
    assert!(
        o.status.success(),
        "nix-instantiate --eval nix/stub-eval.nix: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["inputs"], serde_json::json!(["nixpkgs"]));
    assert_eq!(v["nixpkgsUrl"], "github:NixOS/nixpkgs/nixos-unstable");
    for out in ["apps", "checks", "lib", "overlays", "packages"] {
        assert!(
            v["outputs"].as_array().unwrap().iter().any(|o| o == out),
            "missing output {out}: {}",
            v["outputs"]
        );
    }
    for system in [
        "x86_64-linux",
        "aarch64-linux",
        "x86_64-darwin",
        "aarch64-darwin",
    ] {
        assert_eq!(
            v["packages"][system],
            serde_json::json!(["default", "disko-lint"])
        );
        assert_eq!(v["apps"][system]["type"], "app");
        assert_eq!(
            v["apps"][system]["program"],
            format!(
                "/nix/store/stub-disko-lint-{}/bin/disko-lint",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert_eq!(
            v["checks"][system],
            serde_json::json!(["default", "package"])
        );
    }
    let pkg = &v["package"];
    assert_eq!(pkg["pname"], "disko-lint");
    assert_eq!(pkg["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(pkg["lockFile"], "Cargo.lock");
    assert_eq!(pkg["meta"]["mainProgram"], "disko-lint");
    assert_eq!(pkg["defaultIsDiskoLint"], true);
    let post = pkg["postInstall"].as_str().unwrap();
    for needle in [
        "completions bash",
        "completions zsh",
        "completions fish",
        "man >",
    ] {
        assert!(post.contains(needle), "postInstall lacks {needle}: {post}");
    }
    assert_eq!(v["overlay"], "disko-lint");
    assert_eq!(
        v["checkDefault"]["meta"]["description"],
        "disko-lint check of examples/clean-desktop.nix"
    );
    let cmd = v["helper"]["strings"].as_str().unwrap();
    assert!(
        cmd.contains("disko-lint check '--policy' 'strict' -- 'hosts' 'it'\\''s disko.nix'"),
        "{cmd}"
    );
    assert_eq!(
        v["helper"]["paths"],
        "disko-lint check of ./examples/clean-desktop.nix ./."
    );
}

/// The flake's own check lints `examples/clean-desktop.nix`, which must stay clean.
#[test]
fn flake_check_example_lints_clean() {
    let o = Command::new(env!("CARGO_BIN_EXE_disko-lint"))
        .current_dir(root())
        .env_remove("NO_COLOR")
        .args(["check", "--", "examples/clean-desktop.nix"])
        .output()
        .expect("run disko-lint");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

// ---- a small regex matcher (Python `re.search` semantics for the subset used) ----------

enum Node {
    Char(char),
    Any,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    Start,
    End,
    Group(Vec<Vec<Node>>),
    Repeat {
        node: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
}

struct Regex(Vec<Vec<Node>>);

impl Regex {
    /// Supports literals, `\` escapes, `.`, `[...]`/`[^...]` with ranges, `(...)` and
    /// `(?:...)` with `|`, `*`, `+`, `?`, `^` and `$`; panics on anything else.
    fn new(pattern: &str) -> Regex {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let alts = parse_alternatives(&chars, &mut pos);
        assert_eq!(pos, chars.len(), "unbalanced `)` in {pattern}");
        Regex(alts)
    }

    fn search(&self, text: &str) -> bool {
        let s: Vec<char> = text.chars().collect();
        (0..=s.len()).any(|start| {
            self.0
                .iter()
                .any(|alt| match_seq(alt, &s, start, &mut |_| true))
        })
    }
}

fn parse_alternatives(p: &[char], pos: &mut usize) -> Vec<Vec<Node>> {
    let mut alts = vec![Vec::new()];
    while *pos < p.len() {
        let c = p[*pos];
        *pos += 1;
        let atom = match c {
            ')' => {
                *pos -= 1;
                break;
            }
            '|' => {
                alts.push(Vec::new());
                continue;
            }
            '(' => {
                if p[*pos..].starts_with(&['?', ':']) {
                    *pos += 2;
                }
                let inner = parse_alternatives(p, pos);
                assert_eq!(p.get(*pos), Some(&')'), "unclosed `(`");
                *pos += 1;
                Node::Group(inner)
            }
            '[' => parse_class(p, pos),
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '\\' => {
                let e = *p.get(*pos).expect("trailing backslash");
                *pos += 1;
                assert!(
                    !e.is_ascii_alphanumeric(),
                    "escape \\{e} is not supported here"
                );
                Node::Char(e)
            }
            '*' | '+' | '?' | '{' => panic!("unsupported or misplaced `{c}`"),
            c => Node::Char(c),
        };
        let (min, max) = match p.get(*pos) {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            _ => {
                alts.last_mut().unwrap().push(atom);
                continue;
            }
        };
        *pos += 1;
        alts.last_mut().unwrap().push(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        });
    }
    alts
}

fn parse_class(p: &[char], pos: &mut usize) -> Node {
    let negated = p.get(*pos) == Some(&'^');
    if negated {
        *pos += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *p.get(*pos).expect("unclosed `[`");
        *pos += 1;
        if c == ']' && !first {
            break;
        }
        first = false;
        let c = if c == '\\' {
            *pos += 1;
            p[*pos - 1]
        } else {
            c
        };
        if p.get(*pos) == Some(&'-') && p.get(*pos + 1).is_some_and(|&n| n != ']') {
            ranges.push((c, p[*pos + 1]));
            *pos += 2;
        } else {
            ranges.push((c, c));
        }
    }
    Node::Class { negated, ranges }
}

fn match_seq(seq: &[Node], s: &[char], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match seq.split_first() {
        None => k(i),
        Some((node, rest)) => match_node(node, s, i, &mut |j| match_seq(rest, s, j, k)),
    }
}

fn match_node(node: &Node, s: &[char], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match node {
        Node::Char(c) => s.get(i) == Some(c) && k(i + 1),
        Node::Any => s.get(i).is_some_and(|&c| c != '\n') && k(i + 1),
        Node::Class { negated, ranges } => {
            s.get(i)
                .is_some_and(|&c| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated)
                && k(i + 1)
        }
        Node::Start => i == 0 && k(i),
        Node::End => i == s.len() && k(i),
        Node::Group(alts) => alts.iter().any(|alt| match_seq(alt, s, i, k)),
        Node::Repeat { node, min, max } => match_repeat(node, *min, *max, 0, s, i, k),
    }
}

fn match_repeat(
    node: &Node,
    min: usize,
    max: Option<usize>,
    count: usize,
    s: &[char],
    i: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    // Greedy: one more repetition first (never an empty one), then stop here.
    if max.is_none_or(|m| count < m)
        && match_node(node, s, i, &mut |j| {
            j != i && match_repeat(node, min, max, count + 1, s, j, k)
        })
    {
        return true;
    }
    count >= min && k(i)
}
