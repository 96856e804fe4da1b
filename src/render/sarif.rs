//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! One run. `tool.driver.rules` holds the whole catalog (every loaded rule, selected or not)
//! with its summary, the first paragraph of *What it does*, and the explanation as help
//! (plain text and markdown). Each finding is a result pointing at its rule (`ruleId`,
//! `ruleIndex`), with one location (artifact URI relative to the working directory under
//! `%SRCROOT%`, or a `file://` URI for files outside it), its labels as `relatedLocations`
//! and its fix as `fixes`. Regions are 1-based lines and columns counted in Unicode code
//! points (`columnKind`), ends exclusive, exactly as [`LineIndex::line_col`] gives them.
//! Files that could not be read are `toolExecutionNotifications` of the invocation.

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::RuleMeta;
use crate::source::LineIndex;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

/// Renders `reports` with the rule catalog `rules`; artifact URIs relative to `cwd`.
pub fn render(reports: &[FileReport], rules: &[RuleMeta], cwd: &Path) -> String {
    let cwd = normalize(cwd);
    let mut rule_index: HashMap<&str, usize> = HashMap::new();
    for (i, m) in rules.iter().enumerate() {
        rule_index.entry(m.code.as_str()).or_insert(i);
    }

    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        let artifact = artifact_location(&r.path, &cwd, artifacts.len());
        artifacts.push(json!({
            "location": strip_index(&artifact),
            "roles": ["analysisTarget"],
        }));
        if let Some(e) = &r.error {
            notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {e}", r.path.display()) },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact } }],
            }));
            continue;
        }
        if r.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&r.text);
        for d in &r.diagnostics {
            results.push(result(
                d,
                rule_index.get(d.code.as_str()).copied(),
                &artifact,
                &r.text,
                &index,
            ));
        }
    }

    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({
            "driver": {
                "name": "disko-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(rule).collect::<Vec<_>>(),
            }
        }),
    );
    let mut invocation = json!({ "executionSuccessful": true });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    run.insert("invocations".into(), json!([invocation]));
    if let Some(root) = directory_uri(&cwd) {
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: { "uri": root } }),
        );
    }
    run.insert("artifacts".into(), Value::Array(artifacts));
    run.insert("results".into(), Value::Array(results));
    run.insert("columnKind".into(), json!("unicodeCodePoints"));

    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// SARIF level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A `reportingDescriptor` for one rule.
fn rule(m: &RuleMeta) -> Value {
    let mut props = Map::new();
    props.insert("tags".into(), json!(["disko", "nixos"]));
    if !m.fix.is_empty() {
        props.insert("fix".into(), json!(m.fix));
    }
    if m.origin != "builtin" {
        props.insert("origin".into(), json!(m.origin));
    }
    let summary = if m.summary.trim().is_empty() {
        m.name.clone()
    } else {
        m.summary.trim().to_string()
    };
    let full = what_it_does(&m.explanation).unwrap_or_else(|| summary.clone());
    let mut help_text = markdown_to_text(&m.explanation);
    if help_text.is_empty() {
        help_text = summary.clone();
    }
    let help_markdown = if m.explanation.trim().is_empty() {
        summary.clone()
    } else {
        m.explanation.trim().to_string()
    };
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": full },
        "help": { "text": help_text, "markdown": help_markdown },
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": Value::Object(props),
    })
}

/// A `result` for one finding.
fn result(
    d: &Diagnostic,
    rule_index: Option<usize>,
    artifact: &Value,
    text: &str,
    index: &LineIndex,
) -> Value {
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(n);
    }
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": with_snippet(region(text, index, d.range.start, d.range.end), text, d.range.start, d.range.end),
            "contextRegion": context_region(text, index, d.range.start, d.range.end),
        }
    });
    if let Some(l) = &d.primary_label {
        location["message"] = json!({ "text": l });
    }
    let mut res = Map::new();
    res.insert("ruleId".into(), json!(d.code));
    if let Some(i) = rule_index {
        res.insert("ruleIndex".into(), json!(i));
    }
    res.insert("level".into(), json!(level(d.severity)));
    res.insert("message".into(), json!({ "text": message }));
    res.insert("locations".into(), json!([location]));
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": with_snippet(region(text, index, l.range.start, l.range.end), text, l.range.start, l.range.end),
                    },
                    "message": { "text": l.message },
                })
            })
            .collect();
        res.insert("relatedLocations".into(), Value::Array(related));
    }
    if let Some(f) = &d.fix
        && !f.edits.is_empty()
    {
        let replacements: Vec<Value> = f
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(text, index, e.start, e.end),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        res.insert(
            "fixes".into(),
            json!([{
                "description": { "text": f.message },
                "artifactChanges": [{
                    "artifactLocation": artifact,
                    "replacements": replacements,
                }],
                "properties": { "applicability": f.applicability },
            }]),
        );
    }
    Value::Object(res)
}

/// A region from byte offsets: 1-based lines and columns (code points), end exclusive.
fn region(text: &str, index: &LineIndex, start: u32, end: u32) -> Value {
    let (start_line, start_column) = index.line_col(text, start);
    let (end_line, end_column) = index.line_col(text, end.max(start));
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

/// `region` with the text it covers as its `snippet`.
fn with_snippet(mut region: Value, text: &str, start: u32, end: u32) -> Value {
    if let Some(s) = text.get(start as usize..end.max(start) as usize) {
        region["snippet"] = json!({ "text": s });
    }
    region
}

/// The whole lines around `start..end` (without the final line break), with their text.
fn context_region(text: &str, index: &LineIndex, start: u32, end: u32) -> Value {
    let len = text.len();
    let start = (start as usize).min(len);
    let end = (end as usize).clamp(start, len);
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return region(text, index, start as u32, end as u32);
    };
    let from = before.rfind('\n').map_or(0, |i| i + 1);
    let mut to = after.find('\n').map_or(len, |i| end + i);
    if to > end && text.as_bytes()[to - 1] == b'\r' {
        to -= 1;
    }
    with_snippet(
        region(text, index, from as u32, to as u32),
        text,
        from as u32,
        to as u32,
    )
}

/// The `artifactLocation` of `path`: relative to `cwd` under `%SRCROOT%` when it lies there,
/// else an absolute `file://` URI; `index` points into `run.artifacts`.
fn artifact_location(path: &Path, cwd: &Path, index: usize) -> Value {
    let abs = if path.is_absolute() || cwd.as_os_str().is_empty() {
        normalize(path)
    } else {
        normalize(&cwd.join(path))
    };
    if !abs.is_absolute() {
        // No working directory to anchor to: keep the path relative.
        return json!({ "uri": relative_uri(&abs), "uriBaseId": SRCROOT, "index": index });
    }
    match abs.strip_prefix(cwd) {
        Ok(rel) if !cwd.as_os_str().is_empty() && !rel.as_os_str().is_empty() => {
            json!({ "uri": relative_uri(rel), "uriBaseId": SRCROOT, "index": index })
        }
        _ => json!({ "uri": file_uri(&abs), "index": index }),
    }
}

/// The artifact location without its `index` (for `run.artifacts` itself).
fn strip_index(location: &Value) -> Value {
    let mut l = location.clone();
    if let Some(o) = l.as_object_mut() {
        o.remove("index");
    }
    l
}

/// `file:///…/` for the directory `dir`, or `None` when it is not absolute.
fn directory_uri(dir: &Path) -> Option<String> {
    if !dir.is_absolute() {
        return None;
    }
    let mut uri = file_uri(dir);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

/// A relative URI reference: path segments percent-encoded and joined with `/`.
fn relative_uri(path: &Path) -> String {
    let mut segments = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => segments.push(encode_segment(&s.to_string_lossy())),
            Component::ParentDir => segments.push("..".into()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    segments.join("/")
}

/// An absolute `file://` URI for an absolute path.
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    let mut wrote_segment = false;
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                // `C:` on Windows: `file:///C:/…`.
                uri.push('/');
                uri.push_str(&p.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::RootDir => {}
            Component::Normal(s) => {
                uri.push('/');
                uri.push_str(&encode_segment(&s.to_string_lossy()));
                wrote_segment = true;
            }
            Component::ParentDir => {
                uri.push_str("/..");
                wrote_segment = true;
            }
            Component::CurDir => {}
        }
    }
    if !wrote_segment {
        uri.push('/');
    }
    uri
}

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Removes `.` and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The first paragraph of the explanation's *What it does* section, as plain text (with the
/// list that follows it, which such a paragraph introduces).
fn what_it_does(markdown: &str) -> Option<String> {
    let mut lines = markdown.lines();
    lines.find(|l| {
        let t = l.trim();
        t.starts_with('#')
            && t.trim_start_matches('#')
                .trim()
                .eq_ignore_ascii_case("what it does")
    })?;
    let body: Vec<&str> = lines
        .take_while(|l| !l.trim_start().starts_with('#') && !l.trim_start().starts_with("```"))
        .collect();
    let mut blocks = body
        .split(|l| l.trim().is_empty())
        .filter(|b| !b.is_empty());
    let mut para: Vec<&str> = blocks.next()?.to_vec();
    // A paragraph that introduces a list ("reports it when", "Reports:") ends after it.
    if let Some(next) = blocks.next()
        && next.first().is_some_and(|l| is_list_item(l.trim()))
    {
        para.extend_from_slice(next);
    }
    // Reflow: list items start new lines, continuation lines join the line before.
    let mut out: Vec<String> = Vec::new();
    for l in para {
        let t = l.trim();
        let item = is_list_item(t);
        match out.last_mut() {
            Some(last) if !item && !last.ends_with(':') => {
                last.push(' ');
                last.push_str(t);
            }
            _ => out.push(t.to_string()),
        }
    }
    let text = strip_inline(&out.join("\n"));
    (!text.trim().is_empty()).then(|| text.trim().to_string())
}

fn is_list_item(line: &str) -> bool {
    line.starts_with("- ") || line.starts_with("* ")
}

/// The explanation as plain text: headings without `#`, code blocks indented by four spaces
/// without their fences, inline code without backticks, links as `text (url)`.
fn markdown_to_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(line);
        } else if t.starts_with('#') {
            let heading = t.trim_start_matches('#');
            if heading.starts_with(' ') || heading.is_empty() {
                if !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(&strip_inline(heading.trim()));
            } else {
                out.push_str(&strip_inline(line));
            }
        } else {
            out.push_str(&strip_inline(line));
        }
        out.push('\n');
    }
    out.trim().to_string()
}

/// Removes inline markdown: backticks, `**`/`__` emphasis, `[text](url)` → `text (url)`.
fn strip_inline(s: &str) -> String {
    let s = s.replace('`', "").replace("**", "");
    // Links.
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let url_part = &after[close + 2..];
            url_part
                .find(')')
                .map(|end| (&after[..close], &url_part[..end], close + 2 + end + 1))
        });
        match link {
            Some((text, url, used)) if !text.contains('[') => {
                out.push_str(&rest[..open]);
                out.push_str(text);
                out.push_str(" (");
                out.push_str(url);
                out.push(')');
                rest = &after[used..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_under_cwd_and_file_uris_outside() {
        let cwd = Path::new("/repo");
        let a = artifact_location(Path::new("hosts/a b/disko.nix"), cwd, 0);
        assert_eq!(a["uri"], "hosts/a%20b/disko.nix");
        assert_eq!(a["uriBaseId"], SRCROOT);
        let a = artifact_location(Path::new("/repo/./x/../disko.nix"), cwd, 1);
        assert_eq!(a["uri"], "disko.nix");
        let a = artifact_location(Path::new("../other/disko.nix"), cwd, 2);
        assert_eq!(a["uri"], "file:///other/disko.nix");
        assert!(a.get("uriBaseId").is_none());
        let a = artifact_location(Path::new("<stdin>"), cwd, 3);
        assert_eq!(a["uri"], "%3Cstdin%3E");
        assert_eq!(directory_uri(cwd).as_deref(), Some("file:///repo/"));
    }

    #[test]
    fn context_regions_are_whole_lines_around_the_region() {
        let text = "a = 1;\r\nb = [ \"x\" ];\nc";
        let idx = LineIndex::new(text);
        let start = text.find("\"x\"").unwrap() as u32;
        let r = context_region(text, &idx, start, start + 3);
        assert_eq!(r["snippet"]["text"], "b = [ \"x\" ];");
        assert_eq!(
            (r["startLine"].as_u64(), r["startColumn"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(
            (r["endLine"].as_u64(), r["endColumn"].as_u64()),
            (Some(2), Some(13))
        );
        let r = context_region(text, &idx, 0, 0);
        assert_eq!(r["snippet"]["text"], "a = 1;");
        let r = context_region(text, &idx, 0, 8);
        assert_eq!(r["snippet"]["text"], "a = 1;\r\nb = [ \"x\" ];");
    }

    #[test]
    fn what_it_does_is_the_first_paragraph_in_plain_text() {
        let md =
            "## What it does\nFlags `discard` on\nbtrfs mounts.\n\nMore.\n\n## Why is this bad?\nx";
        assert_eq!(what_it_does(md).unwrap(), "Flags discard on btrfs mounts.");
        let md = "## What it does\nReports:\n\n- `a`: one\n  two;\n- b.\n\nMore.\n";
        assert_eq!(what_it_does(md).unwrap(), "Reports:\n- a: one two;\n- b.");
    }

    #[test]
    fn markdown_becomes_plain_text() {
        let md = "## Example\n```nix\n{ a = 1; }\n```\nSee [the docs](https://x.org/a) and `b`.";
        assert_eq!(
            markdown_to_text(md),
            "Example\n    { a = 1; }\nSee the docs (https://x.org/a) and b."
        );
    }
}
