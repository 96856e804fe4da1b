//! The check engine's findings on the current disko.nix, as diagnose findings. A finding
//! of a rule that a recommendation already covers (its diff carries the rule's fix, or it
//! acts on what the rule reports) is attached to it; the others with a fix get a
//! recommendation of their own whose diff is that fix.

use super::{Change, Cx, Disruption, Impact, Level, Risk};
use crate::diagnostic::Severity;

/// Rules whose findings are configuration hygiene rather than storage performance: shown
/// only by `check`.
const NOT_HERE: &[&str] = &["DL001", "DL002", "DL003", "DL004"];

/// Most linter findings carried over; the rest are counted in the inputs.
const MAX_FINDINGS: usize = 12;

pub(super) fn lint(cx: &mut Cx) {
    let Some(cfg) = &cx.inp.config else { return };
    let file = cfg.display();
    let mut shown = 0usize;
    let mut infos = 0usize;
    let mut by_code: Vec<(String, Vec<String>)> = Vec::new();
    for d in cfg.lint {
        // A file that does not parse, or a rule that failed, limits what can be said.
        if d.code == "DL001" || d.code == "DL003" {
            let what = if d.code == "DL001" {
                "the configuration analyses saw only what could be read"
            } else {
                "that rule's findings are missing"
            };
            let line = format!("{file}:{}: {} ({what})", cfg.line(d.range.start), d.message);
            if !cx.report.limits.contains(&line) {
                cx.report.limits.push(line);
            }
            continue;
        }
        if NOT_HERE.contains(&d.code.as_str()) {
            continue;
        }
        if d.severity == Severity::Info {
            infos += 1;
            continue;
        }
        if shown == MAX_FINDINGS {
            continue;
        }
        shown += 1;
        let mut evidence = vec![format!(
            "{file}:{}: {}[{}] {}",
            cfg.line(d.range.start),
            d.severity,
            d.code,
            d.message
        )];
        evidence.extend(
            d.labels
                .iter()
                .take(2)
                .map(|l| format!("{file}:{}: {}", cfg.line(l.range.start), l.message)),
        );
        let cause = d
            .notes
            .first()
            .or(d.help.as_ref())
            .cloned()
            .unwrap_or_else(|| format!("see `disko-lint explain {}`", d.code));
        let id = cx.finding(
            "config",
            if d.severity == Severity::Error {
                Level::Error
            } else {
                Level::Warning
            },
            format!("{} {}: {}", d.code, d.name, d.message),
            evidence,
            &format!("{cause} (`disko-lint explain {}`)", d.code),
        );
        // A recommendation whose diff already carries this rule's fix takes the finding.
        if let Some(r) = cx
            .report
            .recommendations
            .iter_mut()
            .find(|r| r.lint_codes.contains(&d.code))
        {
            if !r.addresses.contains(&id) {
                r.addresses.push(id);
            }
        } else if d.fix.as_ref().is_some_and(|f| !f.edits.is_empty()) {
            match by_code.iter_mut().find(|(c, _)| *c == d.code) {
                Some((_, ids)) => ids.push(id),
                None => by_code.push((d.code.clone(), vec![id])),
            }
        }
    }
    let rest = cfg
        .lint
        .iter()
        .filter(|d| !NOT_HERE.contains(&d.code.as_str()) && d.severity > Severity::Info)
        .count()
        .saturating_sub(shown);
    if rest > 0 || infos > 0 {
        cx.report.inputs.push(format!(
            "linter: {rest} more warnings/errors and {infos} infos not shown; run `disko-lint check {file}`"
        ));
    }
    for (code, ids) in by_code {
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let Some(diff) = cx.diff(&[], &[&code]) else {
            continue;
        };
        let Some(d) = cfg.lint.iter().find(|d| d.code == code) else {
            continue;
        };
        let message = d
            .fix
            .as_ref()
            .map(|f| f.message.clone())
            .unwrap_or_default();
        let weight = if d.severity == Severity::Error {
            Level::Error
        } else {
            Level::Warning
        };
        // A tmpfiles `+C` rule reaches only files created afterwards: existing data needs
        // the copy procedure (tests/kernel.rs::dl401_chattr_nocow_semantics).
        let nocow_dir = (code == "DL401")
            .then(|| message.split("h /").nth(1))
            .flatten()
            .and_then(|r| r.split_whitespace().next())
            .map(|p| format!("/{p}"));
        let (disruption, risk, commands, takes) = match &nocow_dir {
            Some(dir) => (
                Disruption::Rewrite,
                Risk::Medium,
                super::nocow_procedure(dir),
                "the rule makes new files NOCOW; existing files stay copy-on-write until copied (verified on Linux 6.18 by `tests/kernel.rs::dl401_chattr_nocow_semantics`)",
            ),
            None => (
                Disruption::Live,
                Risk::Low,
                Vec::new(),
                "takes effect at the next `nixos-rebuild switch` or boot",
            ),
        };
        let i = cx.recommend(
            format!("{code}: {message}"),
            &refs,
            weight,
            disruption,
            risk,
            Change {
                kind: if nocow_dir.is_some() {
                    "procedure".into()
                } else if code.starts_with("DL1") {
                    "mount-option".into()
                } else {
                    "layout".into()
                },
                nix: Some(format!(
                    "`disko-lint check --fix --unsafe-fixes --select {code} {file}` applies it"
                )),
                commands,
                diff: Some(diff),
            },
            Impact {
                metric: "what the config does".into(),
                before: d.message.clone(),
                after: message,
                basis: format!(
                    "rule {code} (`disko-lint explain {code}` cites its sources); {takes}"
                ),
            },
        );
        cx.report.recommendations[i].lint_codes.push(code);
    }
}
