//! Diagnostics, labels and fixes: what rules produce and renderers print.
//!
//! Ranges are byte offsets into the checked file. A [`Fix`] is a set of text edits against
//! the original buffer that apply all or nothing; only the fix engine writes files.

use serde::Serialize;
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run unless `--fail-on info`.
    Info,
    /// Probably wrong; fails a run by default.
    Warning,
    /// Wrong: the layout does not do what it says, or does not boot.
    Error,
}

impl Severity {
    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied automatically (ruff's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the config's meaning (or only removes what has no effect): applied by `--fix`.
    Safe,
    /// May change behaviour: applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown as a suggestion, never applied.
    Display,
}

impl Applicability {
    /// Parses `safe`, `unsafe` or `display`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "safe" => Some(Self::Safe),
            "unsafe" => Some(Self::Unsafe),
            "display" => Some(Self::Display),
            _ => None,
        }
    }
}

/// Replace bytes `start..end` of the original text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// First byte replaced.
    pub start: u32,
    /// End of the replaced range (exclusive); equal to `start` for an insertion.
    pub end: u32,
    /// The new text.
    pub replacement: String,
}

/// A fix: edits that apply together.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    /// Safe, unsafe or display-only.
    pub applicability: Applicability,
    /// What the fix does ("add `noatime`").
    pub message: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
}

/// A byte range in the checked file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    /// First byte.
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
}

/// A secondary location with a message.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    /// Where.
    pub range: Range,
    /// What about it.
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Rule code, e.g. `DL101`.
    pub code: String,
    /// Rule name, e.g. `fs-wide-option-mismatch`.
    pub name: String,
    /// Effective severity after policy.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Primary location.
    pub range: Range,
    /// Message under the primary location (optional).
    #[serde(skip)]
    pub primary_label: Option<String>,
    /// Secondary locations.
    pub labels: Vec<Label>,
    /// Extra explanation lines.
    pub notes: Vec<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// The fix, if the rule offers one.
    pub fix: Option<Fix>,
}
