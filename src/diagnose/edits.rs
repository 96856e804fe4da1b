//! disko.nix changes of recommendations, made with the linter's own machinery: diagnose's
//! edits (a new compression level, a new subvolume) go through the fix engine's
//! [`crate::fix::apply_edits`] and [`crate::fix::validate`], then the
//! fixes of the named rules run to a fixed point with [`crate::fix::fix_text`], and
//! the result is shown as a unified diff. Nothing is written: the diff is for the user to
//! review and apply (`patch -p0`, or by hand).

use std::path::Path;

use crate::diagnostic::{Diagnostic, Edit};
use crate::disko::Model;
use crate::disko::model::{OptionItem, OptionList};
use crate::engine::RuleSet;
use crate::fix::{FixOptions, apply_edits, fix_text, unified_diff, validate};
use crate::policy::Policy;

/// The current disko.nix as diagnose sees it.
pub struct Config<'a> {
    /// Its model.
    pub model: &'a Model,
    /// The file as given on the command line (shown in evidence and diff headers).
    pub path: &'a Path,
    /// Its text.
    pub text: &'a str,
    /// The check engine's findings under `policy`.
    pub lint: &'a [Diagnostic],
    /// The rules (built-in and the policy's user rules).
    pub rules: &'a RuleSet,
    /// The policy the findings were made under.
    pub policy: &'a Policy,
}

impl Config<'_> {
    /// The display path.
    pub fn display(&self) -> String {
        self.path.display().to_string()
    }

    /// 1-based line of byte `offset`.
    pub fn line(&self, offset: u32) -> usize {
        let end = (offset as usize).min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    /// The unified diff of applying `own` (edits against the original text; identical edits
    /// count once, overlapping ones make it `None`)
    /// and then every safe or unsafe fix of the rules in `codes` to a fixed point. `None`
    /// when nothing changes, when `own` does not apply or does not parse, or when the text
    /// has syntax errors. A fix run that fails (does not converge, would break the file)
    /// leaves only `own`'s change.
    pub fn diff(&self, own: &[Edit], codes: &[&str]) -> Option<String> {
        let mut text = self.text.to_string();
        if !own.is_empty() {
            let mut refs: Vec<&Edit> = own.iter().collect();
            refs.sort_by_key(|e| (e.start, e.end));
            refs.dedup_by(|a, b| a == b);
            text = apply_edits(self.text, &refs)?;
            validate(&text).ok()?;
        }
        if !codes.is_empty() {
            let mut policy = self.policy.clone();
            policy.select = codes.iter().map(|c| c.to_string()).collect();
            let out = fix_text(
                self.path,
                &text,
                self.rules,
                &policy,
                FixOptions { unsafe_fixes: true },
            );
            if out.problem.is_none() {
                text = out.text;
            }
        }
        (text != self.text).then(|| unified_diff(self.path, self.text, &text))
    }
}

/// An edit replacing option `item` by `new` (a plain option, quoted here), when the item
/// is written in this file and may be edited.
pub fn replace_option(item: &OptionItem, new: &str) -> Option<Edit> {
    let span = item.span.filter(|_| item.editable)?;
    Some(Edit {
        start: span.start,
        end: span.end,
        replacement: crate::engine::helpers::nix_str(new),
    })
}

/// Edits replacing each editable item of `list` for which `new` gives a different value;
/// nothing when the list is not a literal written at its binding (an edit would change
/// other users of a shared list).
pub fn map_options(list: &OptionList, new: impl Fn(&str) -> Option<String>) -> Vec<Edit> {
    if list.unknown.is_some() || list.indirect {
        return Vec::new();
    }
    list.items
        .iter()
        .filter_map(|i| {
            let n = new(&i.value).filter(|n| *n != i.value)?;
            replace_option(i, &n)
        })
        .collect()
}
