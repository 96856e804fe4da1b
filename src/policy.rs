//! Policies and configuration: presets in `policies/*.toml` (embedded), a project's
//! `disko-lint.toml`, and command-line overrides, resolved into one [`Policy`].
//!
//! Format (every key optional; unknown keys are errors):
//! ```toml
//! description = "…"
//! extends = "recommended"            # preset name or path (relative to this file)
//! [host]  workloads = [..]  kernel = "6.12"  storage = "nvme"   # nvme | ssd | hdd | virtual
//! [rules] select = ["DL"]  extend-select = []  ignore = []  warnings-as-errors = false  paths = []
//! [rules.severity] DL402 = "error"    # error | warning | info | off
//! [rules.params.DL402] options = ["noatime"]
//! [files] exclude = ["vendor/**"]
//! ```

use crate::diagnostic::Severity;
use crate::engine::convert::HostInfo;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Presets embedded from `policies/*.toml`: `(file name, text)`.
pub const PRESETS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// The name of the project configuration file.
pub const CONFIG_NAME: &str = "disko-lint.toml";

/// A configuration problem (always exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// File could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// TOML syntax error or unknown key.
    #[error("{path}: {message}")]
    Parse {
        /// The file (or preset name).
        path: String,
        /// The TOML error, with line and column.
        message: String,
    },
    /// Anything else invalid (unknown preset, code, severity, kernel).
    #[error("{0}")]
    Invalid(String),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[allow(dead_code)]
    description: Option<String>,
    extends: Option<String>,
    host: Option<HostSection>,
    rules: Option<RulesSection>,
    files: Option<FilesSection>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HostSection {
    workloads: Option<Vec<String>>,
    kernel: Option<String>,
    storage: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RulesSection {
    select: Option<Vec<String>>,
    extend_select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    warnings_as_errors: Option<bool>,
    paths: Option<Vec<String>>,
    severity: Option<BTreeMap<String, String>>,
    params: Option<BTreeMap<String, toml::Table>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilesSection {
    exclude: Option<Vec<String>>,
}

/// The resolved policy of a run.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The chain that produced it, e.g. `recommended → ./disko-lint.toml`.
    pub name: String,
    /// Enabled code prefixes.
    pub select: Vec<String>,
    /// Disabled code prefixes.
    pub ignore: Vec<String>,
    /// Warnings count as errors.
    pub warnings_as_errors: bool,
    /// Per-code severity overrides; `None` = off.
    pub severity: BTreeMap<String, Option<Severity>>,
    /// Per-code parameters.
    pub params: BTreeMap<String, toml::Table>,
    /// Target host.
    pub host: HostInfo,
    /// User rule directories.
    pub rule_paths: Vec<PathBuf>,
    /// Glob patterns excluded from directory walks.
    pub exclude: Vec<String>,
    /// The project configuration file used, if any.
    pub config_path: Option<PathBuf>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: String::new(),
            select: vec!["DL".into()],
            ignore: Vec::new(),
            warnings_as_errors: false,
            severity: BTreeMap::new(),
            params: BTreeMap::new(),
            host: HostInfo::default(),
            rule_paths: Vec::new(),
            exclude: Vec::new(),
            config_path: None,
        }
    }
}

/// Command-line inputs that shape the policy.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--policy NAME|PATH`.
    pub policy: Option<String>,
    /// `--select` (replaces the selection).
    pub select: Vec<String>,
    /// `--ignore` (added).
    pub ignore: Vec<String>,
    /// `--rules DIR` (added).
    pub rules: Vec<PathBuf>,
    /// Directory to start the config search from.
    pub start_dir: PathBuf,
    /// `--no-config`: ignore `disko-lint.toml` files.
    pub no_config: bool,
}

/// Finds `disko-lint.toml` in `start` or its nearest ancestor.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let c = d.join(CONFIG_NAME);
        if c.is_file() {
            return Some(c);
        }
        dir = d.parent();
    }
    None
}

/// Resolves the policy for a run.
pub fn resolve(ov: &Overrides) -> Result<Policy, PolicyError> {
    let config_path = match &ov.config {
        Some(p) => Some(p.clone()),
        None if ov.no_config => None,
        None => discover(&ov.start_dir),
    };
    let mut chain: Vec<(String, ConfigFile, Option<PathBuf>)> = Vec::new();
    let user = match &config_path {
        Some(p) => Some(load_file(p)?),
        None => None,
    };
    // The base: --policy, else the config's `extends`, else recommended.
    let base = match (&ov.policy, &user) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(u)) => u.extends.clone(),
        (None, None) => Some("recommended".into()),
    };
    let base_dir = config_path
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| ov.start_dir.clone());
    if let Some(b) = base {
        load_chain(&b, &base_dir, &mut chain, 0)?;
    }
    if let (Some(u), Some(p)) = (user, &config_path) {
        chain.push((
            p.display().to_string(),
            u,
            p.parent().map(Path::to_path_buf),
        ));
    }
    let mut pol = Policy {
        config_path: config_path.clone(),
        ..Policy::default()
    };
    let mut names = Vec::new();
    for (name, cfg, dir) in chain {
        names.push(name.clone());
        apply(&mut pol, cfg, dir.as_deref(), &name)?;
    }
    pol.name = names.join(" → ");
    if !ov.select.is_empty() {
        pol.select = ov.select.clone();
    }
    pol.ignore.extend(ov.ignore.iter().cloned());
    pol.rule_paths.extend(ov.rules.iter().cloned());
    Ok(pol)
}

fn load_chain(
    name: &str,
    dir: &Path,
    chain: &mut Vec<(String, ConfigFile, Option<PathBuf>)>,
    depth: usize,
) -> Result<(), PolicyError> {
    if depth > 8 {
        return Err(PolicyError::Invalid(format!(
            "`extends` chain too long at `{name}` (a cycle?)"
        )));
    }
    let (label, cfg, cfg_dir) = if let Some((_, text)) = PRESETS
        .iter()
        .find(|(f, _)| f.trim_end_matches(".toml") == name)
    {
        (name.to_string(), parse(text, name)?, None)
    } else if name.ends_with(".toml") || name.contains('/') {
        let p = dir.join(name);
        let cfg = load_file(&p)?;
        let d = p.parent().map(Path::to_path_buf);
        (p.display().to_string(), cfg, d)
    } else {
        let known: Vec<&str> = PRESETS
            .iter()
            .map(|(f, _)| f.trim_end_matches(".toml"))
            .collect();
        return Err(PolicyError::Invalid(format!(
            "unknown policy `{name}` (presets: {})",
            known.join(", ")
        )));
    };
    if let Some(parent) = &cfg.extends {
        let pd = cfg_dir.clone().unwrap_or_else(|| dir.to_path_buf());
        load_chain(parent, &pd, chain, depth + 1)?;
    }
    chain.push((label, cfg, cfg_dir));
    Ok(())
}

fn load_file(p: &Path) -> Result<ConfigFile, PolicyError> {
    let text = std::fs::read_to_string(p).map_err(|source| PolicyError::Io {
        path: p.to_path_buf(),
        source,
    })?;
    parse(&text, &p.display().to_string())
}

fn parse(text: &str, name: &str) -> Result<ConfigFile, PolicyError> {
    toml::from_str(text).map_err(|e| PolicyError::Parse {
        path: name.to_string(),
        message: e.to_string().trim_end().to_string(),
    })
}

fn apply(
    pol: &mut Policy,
    cfg: ConfigFile,
    dir: Option<&Path>,
    name: &str,
) -> Result<(), PolicyError> {
    if let Some(h) = cfg.host {
        if let Some(w) = h.workloads {
            pol.host.workloads = w;
        }
        if let Some(k) = h.kernel {
            if k.parse::<crate::btrfs::KernelVersion>().is_err() {
                return Err(PolicyError::Invalid(format!(
                    "{name}: [host] kernel = \"{k}\" is not a version like \"6.12\""
                )));
            }
            pol.host.kernel = Some(k);
        }
        if let Some(s) = h.storage {
            if !["nvme", "ssd", "hdd", "virtual"].contains(&s.as_str()) {
                return Err(PolicyError::Invalid(format!(
                    "{name}: [host] storage = \"{s}\" is not one of nvme, ssd, hdd, virtual"
                )));
            }
            pol.host.storage = Some(s);
        }
    }
    if let Some(r) = cfg.rules {
        if let Some(s) = r.select {
            pol.select = s;
        }
        if let Some(s) = r.extend_select {
            pol.select.extend(s);
        }
        if let Some(s) = r.ignore {
            pol.ignore.extend(s);
        }
        if let Some(w) = r.warnings_as_errors {
            pol.warnings_as_errors = w;
        }
        if let Some(paths) = r.paths {
            for p in paths {
                let p = PathBuf::from(p);
                pol.rule_paths.push(match dir {
                    Some(d) if p.is_relative() => d.join(p),
                    _ => p,
                });
            }
        }
        if let Some(sev) = r.severity {
            for (code, s) in sev {
                let v = if s == "off" {
                    None
                } else {
                    Some(Severity::parse(&s).ok_or_else(|| {
                        PolicyError::Invalid(format!("{name}: [rules.severity] {code} = \"{s}\": use error, warning, info or off"))
                    })?)
                };
                pol.severity.insert(code, v);
            }
        }
        if let Some(params) = r.params {
            for (code, table) in params {
                let entry = pol.params.entry(code).or_default();
                for (k, v) in table {
                    entry.insert(k, v);
                }
            }
        }
    }
    if let Some(f) = cfg.files
        && let Some(ex) = f.exclude
    {
        pol.exclude.extend(ex);
    }
    Ok(())
}

fn longest_match(list: &[String], code: &str) -> Option<usize> {
    list.iter()
        .filter(|p| code.starts_with(p.as_str()) || p.as_str() == "ALL")
        .map(|p| if p == "ALL" { 0 } else { p.len() })
        .max()
}

impl Policy {
    /// Whether the rule `code` runs: the most specific of `select` and `ignore` wins (ties
    /// go to `ignore`), and severity `off` disables it.
    pub fn enabled(&self, code: &str) -> bool {
        if let Some(None) = self.severity.get(code) {
            return false;
        }
        match (
            longest_match(&self.select, code),
            longest_match(&self.ignore, code),
        ) {
            (Some(s), Some(i)) => s > i,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// The severity a finding gets: policy override, else the rule's, promoted by
    /// `warnings-as-errors`.
    pub fn severity(&self, code: &str, found: Severity) -> Severity {
        let s = match self.severity.get(code) {
            Some(Some(s)) => *s,
            _ => found,
        };
        if self.warnings_as_errors && s == Severity::Warning {
            Severity::Error
        } else {
            s
        }
    }

    /// Checks that every code the policy names exists among `codes`.
    pub fn validate(&self, codes: &[&str]) -> Result<(), PolicyError> {
        let prefix_ok = |p: &str| p == "ALL" || codes.iter().any(|c| c.starts_with(p));
        for p in self.select.iter().chain(self.ignore.iter()) {
            if !prefix_ok(p) {
                return Err(PolicyError::Invalid(format!(
                    "unknown rule code or prefix `{p}` in select/ignore"
                )));
            }
        }
        for c in self.severity.keys().chain(self.params.keys()) {
            if !codes.contains(&c.as_str()) {
                return Err(PolicyError::Invalid(format!(
                    "unknown rule code `{c}` in [rules.severity] or [rules.params]"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_parse_and_resolve() {
        for (f, _) in PRESETS {
            let name = f.trim_end_matches(".toml");
            let ov = Overrides {
                policy: Some(name.into()),
                no_config: true,
                start_dir: ".".into(),
                ..Default::default()
            };
            let p = resolve(&ov).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(p.enabled("DL101"), "{name} enables DL101");
        }
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = parse("[rules]\nselekt = [\"DL\"]\n", "x").unwrap_err();
        assert!(e.to_string().contains("selekt"), "{e}");
    }

    #[test]
    fn most_specific_selector_wins() {
        let p = Policy {
            select: vec!["DL".into(), "DL109".into()],
            ignore: vec!["DL1".into()],
            ..Policy::default()
        };
        assert!(p.enabled("DL109"));
        assert!(!p.enabled("DL101"));
        assert!(p.enabled("DL301"));
    }

    #[test]
    fn unknown_preset_is_an_error() {
        let ov = Overrides {
            policy: Some("recomended".into()),
            no_config: true,
            start_dir: ".".into(),
            ..Default::default()
        };
        let e = resolve(&ov).unwrap_err().to_string();
        assert!(
            e.contains("unknown policy") && e.contains("recommended"),
            "{e}"
        );
    }
}
