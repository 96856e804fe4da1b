//! Findings and recommendations of `diagnose`, and their human, markdown and JSON forms.
//!
//! JSON shape (issue 6): `{"findings":[{"id","category","severity","title","evidence":[…],
//! "cause"}], "recommendations":[{"id","title","addresses":[finding ids],"disruption","risk",
//! "change":{"kind","nix","commands":[…],"diff"},"impact":{"metric","before","after","basis"}}],
//! "inputs":{…}, "limits":[…]}`.

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing.
    Info,
    /// Costs performance or space.
    Warning,
    /// Data at risk, or the system is (about to be) stuck.
    Error,
}

/// What a recommendation takes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Disruption {
    /// A remount or a setting: applies now, to new writes.
    Live,
    /// Existing data must be rewritten (copy, defragment).
    Rewrite,
    /// A `btrfs balance` must run.
    Balance,
    /// Only a new filesystem (or partitioning) can do it.
    Reformat,
}

/// The risk of applying a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Reversible, no data at stake.
    Low,
    /// Needs care (service downtime, space for a copy).
    Medium,
    /// Data at stake if done wrong.
    High,
}

/// A problem found, with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable id within the report (`F1`, `F2`, …).
    pub id: String,
    /// `compression`, `space`, `fragmentation`, `device-errors`, `saturation`,
    /// `config-drift`, `discard`, `atime`, `dirty-pages`, `scheduler`, `layout`,
    /// `encryption`, `checksum`, `config` (a linter finding).
    pub category: String,
    /// How bad.
    pub severity: Level,
    /// One line.
    pub title: String,
    /// Quoted lines from the inputs (`mountinfo: … compress=zstd:15 …`).
    pub evidence: Vec<String>,
    /// Why it happens, with its public source.
    pub cause: String,
}

/// A proposed change.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// `mount-option` | `layout` | `procedure` | `sysctl` | `udev`.
    pub kind: String,
    /// The disko.nix / NixOS change, if any.
    pub nix: Option<String>,
    /// Shell commands to apply it now.
    pub commands: Vec<String>,
    /// The disko.nix change as a unified diff against the given file, made with the
    /// linter's fixes (see [`super::edits`]); `None` without a config or when the change is
    /// not one an edit can make.
    pub diff: Option<String>,
}

/// The expected effect, grounded in a figure.
#[derive(Debug, Clone, Serialize)]
pub struct Impact {
    /// What is measured.
    pub metric: String,
    /// Now.
    pub before: String,
    /// After the change.
    pub after: String,
    /// Where the figures come from.
    pub basis: String,
}

/// A ranked recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// `R1`, `R2`, … in rank order.
    pub id: String,
    /// One line.
    pub title: String,
    /// Finding ids it addresses.
    pub addresses: Vec<String>,
    /// What it takes.
    pub disruption: Disruption,
    /// How risky.
    pub risk: Risk,
    /// The change.
    pub change: Change,
    /// The expected effect.
    pub impact: Impact,
    /// Highest severity it addresses (for ranking).
    #[serde(skip)]
    pub weight: Level,
    /// Rules whose fixes its diff includes (their linter findings attach to it).
    #[serde(skip)]
    pub lint_codes: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Recommendations, in rank order.
    pub recommendations: Vec<Recommendation>,
    /// What was read.
    pub inputs: Vec<String>,
    /// What could not be judged for lack of input.
    pub limits: Vec<String>,
}

impl Report {
    /// Orders findings (severity) and recommendations (severity addressed, then live before
    /// rewrite/balance/reformat, then risk), and numbers them.
    pub fn rank(&mut self) {
        self.findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let mut ids = std::collections::HashMap::new();
        for (i, f) in self.findings.iter_mut().enumerate() {
            let new = format!("F{}", i + 1);
            ids.insert(f.id.clone(), new.clone());
            f.id = new;
        }
        for r in &mut self.recommendations {
            r.addresses = r
                .addresses
                .iter()
                .filter_map(|a| ids.get(a).cloned())
                .collect();
        }
        self.recommendations.sort_by(|a, b| {
            (std::cmp::Reverse(a.weight), a.disruption, a.risk).cmp(&(
                std::cmp::Reverse(b.weight),
                b.disruption,
                b.risk,
            ))
        });
        for (i, r) in self.recommendations.iter_mut().enumerate() {
            r.id = format!("R{}", i + 1);
        }
    }

    /// JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into()) + "\n"
    }

    /// Text for a terminal.
    pub fn human(&self) -> String {
        let mut s = String::new();
        if self.findings.is_empty() {
            s.push_str("No storage problems found in the given inputs.\n");
        }
        for f in &self.findings {
            s.push_str(&format!(
                "{}[{}] {}: {}\n",
                level(f.severity),
                f.id,
                f.category,
                f.title
            ));
            for e in &f.evidence {
                s.push_str(&format!("    | {e}\n"));
            }
            s.push_str(&format!("    = cause: {}\n\n", f.cause));
        }
        if !self.recommendations.is_empty() {
            s.push_str("Recommendations (live changes first, then by risk):\n\n");
        }
        for r in &self.recommendations {
            s.push_str(&format!(
                "{} {} [{}, {} risk] (addresses {})\n",
                r.id,
                r.title,
                disruption(r.disruption),
                risk(r.risk),
                r.addresses.join(", ")
            ));
            if let Some(n) = &r.change.nix {
                for l in n.lines() {
                    s.push_str(&format!("    nix: {l}\n"));
                }
            }
            for c in &r.change.commands {
                s.push_str(&format!("    $ {c}\n"));
            }
            if let Some(d) = &r.change.diff {
                s.push_str("    disko.nix change (the linter's edits):\n");
                for l in d.lines() {
                    s.push_str(&format!("      {l}\n"));
                }
            }
            s.push_str(&format!(
                "    impact: {}: {} -> {} ({})\n\n",
                r.impact.metric, r.impact.before, r.impact.after, r.impact.basis
            ));
        }
        if !self.limits.is_empty() {
            s.push_str("Not judged (missing input):\n");
            for l in &self.limits {
                s.push_str(&format!("  - {l}\n"));
            }
        }
        s
    }

    /// Markdown for pasting into an issue.
    pub fn markdown(&self) -> String {
        let mut s = String::from("## Storage diagnosis\n\n### Findings\n\n");
        if self.findings.is_empty() {
            s.push_str("None in the given inputs.\n");
        }
        for f in &self.findings {
            s.push_str(&format!(
                "- **{} {}** ({}, {}): {}\n",
                f.id,
                f.title,
                level(f.severity),
                f.category,
                f.cause
            ));
            if !f.evidence.is_empty() {
                s.push_str("  ```\n");
                for e in &f.evidence {
                    s.push_str(&format!("  {e}\n"));
                }
                s.push_str("  ```\n");
            }
        }
        s.push_str("\n### Recommendations\n\n| # | change | disruption | risk | impact |\n|---|---|---|---|---|\n");
        for r in &self.recommendations {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {}: {} → {} |\n",
                r.id,
                r.title,
                disruption(r.disruption),
                risk(r.risk),
                r.impact.metric,
                r.impact.before,
                r.impact.after
            ));
        }
        for r in &self.recommendations {
            s.push_str(&format!(
                "\n#### {} {}\n\nAddresses {}. Basis: {}.\n",
                r.id,
                r.title,
                r.addresses.join(", "),
                r.impact.basis
            ));
            if let Some(n) = &r.change.nix {
                s.push_str(&format!("\n```nix\n{n}\n```\n"));
            }
            if !r.change.commands.is_empty() {
                s.push_str(&format!("\n```sh\n{}\n```\n", r.change.commands.join("\n")));
            }
            if let Some(d) = &r.change.diff {
                s.push_str(&format!("\n```diff\n{}\n```\n", d.trim_end()));
            }
        }
        if !self.limits.is_empty() {
            s.push_str("\n### Not judged\n\n");
            for l in &self.limits {
                s.push_str(&format!("- {l}\n"));
            }
        }
        s
    }
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
    }
}

fn disruption(d: Disruption) -> &'static str {
    match d {
        Disruption::Live => "live",
        Disruption::Rewrite => "rewrite",
        Disruption::Balance => "balance",
        Disruption::Reformat => "reformat",
    }
}

fn risk(r: Risk) -> &'static str {
    match r {
        Risk::Low => "low",
        Risk::Medium => "medium",
        Risk::High => "high",
    }
}
