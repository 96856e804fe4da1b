//! Conversions at the Rust ↔ Rhai boundary: the model into a Rhai value, and the maps a
//! rule returns into [`Diagnostic`]s (validated: a malformed finding is an error of the rule,
//! reported as DL003, never a panic).

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Range, Severity};
use crate::disko::Model;
use crate::engine::RuleMeta;
use rhai::{Dynamic, Map};

/// The target host as the policy describes it (`[host]`), visible to rules as `model.host`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct HostInfo {
    /// Workload names (`postgresql`, `podman`, …).
    pub workloads: Vec<String>,
    /// Target kernel `major.minor`, if known.
    pub kernel: Option<String>,
    /// `nvme`, `ssd`, `hdd`, `virtual`, if known.
    pub storage: Option<String>,
}

/// Converts the model to the read-only map rules receive (`model.host` added).
pub fn model_to_dynamic(model: &Model, host: &HostInfo) -> Result<Dynamic, String> {
    let mut d = rhai::serde::to_dynamic(model).map_err(|e| e.to_string())?;
    if let Some(mut map) = d.write_lock::<Map>() {
        let h = rhai::serde::to_dynamic(host).map_err(|e| e.to_string())?;
        map.insert("host".into(), h);
    }
    Ok(d)
}

/// Converts TOML parameters to the map passed as `params`.
pub fn params_to_dynamic(params: &toml::Table) -> Dynamic {
    rhai::serde::to_dynamic(params).unwrap_or_else(|_| Dynamic::from_map(Map::new()))
}

/// Turns one finding map into a diagnostic. `text_len` bounds spans and edits.
pub fn finding(meta: &RuleMeta, raw: Dynamic, text_len: u32) -> Result<Diagnostic, String> {
    let map = raw.try_cast::<Map>().ok_or("a finding must be a map")?;
    let message = get_string(&map, "message").ok_or("a finding needs a `message` string")?;
    let range = match map.get("span") {
        Some(s) if !s.is_unit() => span(s, text_len)?,
        _ => Range { start: 0, end: 0 },
    };
    let severity = match get_string(&map, "severity") {
        Some(s) => Severity::parse(&s).ok_or_else(|| format!("unknown severity `{s}`"))?,
        None => meta.severity,
    };
    let mut labels = Vec::new();
    if let Some(ls) = map
        .get("labels")
        .and_then(|l| l.clone().try_cast::<rhai::Array>())
    {
        for l in ls {
            let Some(lm) = l.try_cast::<Map>() else {
                return Err("a label must be a map".into());
            };
            let Some(s) = lm.get("span").filter(|s| !s.is_unit()) else {
                continue;
            };
            labels.push(Label {
                range: span(s, text_len)?,
                message: get_string(&lm, "message").unwrap_or_default(),
            });
        }
    }
    let notes = map
        .get("notes")
        .and_then(|n| n.clone().try_cast::<rhai::Array>())
        .map(|a| a.into_iter().filter_map(|x| x.into_string().ok()).collect())
        .unwrap_or_default();
    let fix = match map.get("fix") {
        Some(f) if !f.is_unit() => Some(fix(f.clone(), text_len)?),
        _ => None,
    };
    Ok(Diagnostic {
        code: meta.code.clone(),
        name: meta.name.clone(),
        severity,
        message,
        range,
        primary_label: get_string(&map, "label"),
        labels,
        notes,
        help: get_string(&map, "help"),
        fix,
    })
}

fn get_string(m: &Map, k: &str) -> Option<String> {
    m.get(k).and_then(|v| v.clone().into_string().ok())
}

fn get_int(m: &Map, k: &str) -> Option<i64> {
    m.get(k).and_then(|v| v.as_int().ok())
}

fn span(d: &Dynamic, text_len: u32) -> Result<Range, String> {
    let m = d
        .clone()
        .try_cast::<Map>()
        .ok_or("a span must be a map #{start, end}")?;
    let (Some(s), Some(e)) = (get_int(&m, "start"), get_int(&m, "end")) else {
        return Err("a span needs integer `start` and `end`".into());
    };
    if s < 0 || e < s || e > text_len as i64 {
        return Err(format!("span {s}..{e} is outside the file"));
    }
    Ok(Range {
        start: s as u32,
        end: e as u32,
    })
}

fn fix(d: Dynamic, text_len: u32) -> Result<Fix, String> {
    let m = d.try_cast::<Map>().ok_or("a fix must be a map")?;
    let app = get_string(&m, "applicability").unwrap_or_else(|| "display".into());
    let applicability =
        Applicability::parse(&app).ok_or_else(|| format!("unknown applicability `{app}`"))?;
    let mut edits = Vec::new();
    if let Some(es) = m
        .get("edits")
        .and_then(|e| e.clone().try_cast::<rhai::Array>())
    {
        for e in es {
            if e.is_unit() {
                continue;
            }
            let em = e.try_cast::<Map>().ok_or("an edit must be a map")?;
            let r = span(&Dynamic::from_map(em.clone()), text_len)?;
            edits.push(Edit {
                start: r.start,
                end: r.end,
                replacement: get_string(&em, "replacement").unwrap_or_default(),
            });
        }
    }
    edits.sort_by_key(|e| (e.start, e.end));
    // Deletions of neighbouring list items can overlap in the whitespace between them
    // (each item's removal range takes its separator): delete the union instead.
    let mut merged: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        match merged.last_mut() {
            Some(last)
                if last.replacement.is_empty()
                    && e.replacement.is_empty()
                    && e.start < last.end =>
            {
                last.end = last.end.max(e.end);
            }
            _ => merged.push(e),
        }
    }
    let edits = merged;
    for w in edits.windows(2) {
        if w[1].start < w[0].end {
            return Err(format!("fix edits overlap at byte {}", w[1].start));
        }
    }
    Ok(Fix {
        applicability,
        message: get_string(&m, "message").unwrap_or_default(),
        edits,
    })
}
