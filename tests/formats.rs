//! The machine-readable output formats as the binary prints them: `concise`, `json-lines`,
//! `github` (workflow commands) and `sarif` (SARIF 2.1.0 for GitHub code scanning).

mod common;

use common::{fixture, run, stderr, stdout, user_rule};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tmpdir(name: &str) -> PathBuf {
    common::tmpdir("formats", name)
}

/// 1-based line and column (in characters) of the first `needle` in `path`.
fn line_col_of(path: &Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    for (i, line) in text.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            return (i + 1, line[..byte].chars().count() + 1);
        }
    }
    panic!("{needle} not in {}", path.display());
}

/// The `--format json` document for `args`.
fn json_doc(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(&check_as("json", args))).expect("json output")
}

/// `disko-lint check --no-config --format FORMAT ARGS…`.
fn check_as(format: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["check", "--no-config", "--format", format];
    all.extend_from_slice(args);
    run(&all)
}

/// A user rule directory with one rule, `XX001 escape-test`, whose finding has a message and
/// help full of characters that workflow commands must escape.
fn escape_rule_dir() -> PathBuf {
    user_rule(
        &tmpdir("escape-rule"),
        "XX001-escape-test.rhai",
        r#"fn meta() { #{ code: "XX001", name: "escape-test", severity: "warning", summary: "escaping" } }
fn check(model, params) {
    [#{ message: "50% done: a, b\nsecond line", help: "see 100%: x, y" }]
}
"#,
    )
}

/// A file that cannot be checked (binary), in a fresh directory.
fn binary_file(name: &str) -> PathBuf {
    let d = tmpdir(name);
    let f = d.join("disko.nix");
    std::fs::write(&f, b"{ a = 1;\0 }").unwrap();
    f
}

// ---------------------------------------------------------------------------------------
// concise

#[test]
fn concise_prints_path_line_col_code_severity_message() {
    let f = fixture("fs-wide.nix");
    let o = check_as("concise", &[f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let (line, col) = line_col_of(&f, "\"compress=zstd:3\"");
    assert_eq!((line, col), (9, 58), "the fixture moved");
    let expected = format!(
        "{}:9:58: DL101 [error] `compress=zstd:3` is ignored on `/nix`: btrfs applies the options of the first mount `/`",
        f.display()
    );
    assert_eq!(lines.first().copied(), Some(expected.as_str()), "{out}");
    assert_eq!(lines.len(), 2, "one finding and the summary: {out}");
    assert_eq!(
        lines[1],
        "checked 1 file: 1 error, 0 warnings, 0 infos; 1 fixable with `--fix` (some need `--unsafe-fixes`)"
    );
    assert!(!out.contains('\u{1b}'), "no colour: {out}");

    let o = check_as("concise", &["--quiet", f.to_str().unwrap()]);
    assert_eq!(stdout(&o).lines().count(), 1, "--quiet drops the summary");
}

#[test]
fn concise_lists_every_finding_in_file_order() {
    let doc = json_doc(&["examples/"]);
    let diags = doc["diagnostics"].as_array().unwrap();
    let o = check_as("concise", &["examples/"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diags.len() + 1, "findings plus summary: {out}");
    for (line, d) in lines.iter().zip(diags) {
        let expected = format!(
            "{}:{}:{}: {} [{}] {}",
            d["file"].as_str().unwrap(),
            d["start"]["line"],
            d["start"]["column"],
            d["code"].as_str().unwrap(),
            d["severity"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(*line, expected);
    }
    // Grouped by file, sorted by position within a file.
    let keys: Vec<(String, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(lines.last().unwrap().starts_with("checked "), "{out}");
}

#[test]
fn concise_reports_unreadable_files_at_1_1() {
    let bin = binary_file("concise-binary");
    let f = fixture("fs-wide.nix");
    let o = check_as("concise", &[bin.to_str().unwrap(), f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{}:1:1: error: binary file", bin.display()))),
        "{out}"
    );
    assert!(out.contains(": DL101 [error] "), "{out}");
    assert!(
        out.lines()
            .last()
            .unwrap()
            .ends_with("; 1 file could not be checked"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------
// json-lines

#[test]
fn json_lines_is_one_diagnostic_object_per_line() {
    let doc = json_doc(&["examples/"]);
    let diags = doc["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    let o = check_as("json-lines", &["examples/"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diags.len(), "no summary line: {out}");
    for (line, d) in lines.iter().zip(diags) {
        let v: Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(v.is_object());
        assert_eq!(&v, d, "the same object as the json format's");
    }
    assert!(out.ends_with('\n'));
}

#[test]
fn json_lines_prints_nothing_but_findings() {
    let o = check_as("json-lines", &[fixture("clean.nix").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    let bin = binary_file("jsonl-binary");
    let o = check_as("json-lines", &[bin.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "", "the error goes to stderr");
    assert!(stderr(&o).contains("binary file"));
}

// ---------------------------------------------------------------------------------------
// github

#[test]
fn github_prints_workflow_commands_with_positions() {
    // An absolute path under the working directory is printed relative to it, as GitHub
    // names files relative to the repository.
    let f = fixture("fs-wide.nix");
    let o = check_as("github", &[f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "one command, no summary: {out}");
    let prefix = "::error file=tests/fixtures/fs-wide.nix,line=9,col=58,endLine=9,endColumn=75,title=DL101 (fs-wide-option-mismatch)::`compress=zstd:3` is ignored on `/nix`: btrfs applies the options of the first mount `/`%0Anote: a compression level cannot be chosen per directory: the `compression` property sets the algorithm only%0Ahelp: give every mount";
    assert!(out.starts_with(prefix), "{out}");

    // warning and notice for the other severities.
    let o = check_as("github", &["examples/"]);
    let out = stdout(&o);
    for line in out.lines() {
        assert!(
            line.starts_with("::error file=examples/")
                || line.starts_with("::warning file=examples/")
                || line.starts_with("::notice file=examples/"),
            "{line}"
        );
        let (props, _msg) = line[2..].split_once("::").unwrap();
        assert!(props.contains(",line=") && props.contains(",endColumn="));
    }
    assert!(out.contains("::warning file=") && out.contains("::notice file="));
    assert!(out.contains(",title=DL109 (redundant-option)::"));
}

#[test]
fn github_escapes_messages_and_properties() {
    let rules = escape_rule_dir();
    let d = tmpdir("github-escape");
    let f = d.join("a,b:c%.nix");
    std::fs::copy(fixture("clean.nix"), &f).unwrap();
    let o = run(&[
        "check",
        "--no-config",
        "--rules",
        rules.to_str().unwrap(),
        "--select",
        "XX001",
        "--format",
        "github",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "the newline is escaped: {out}");
    let expected = format!(
        "::warning file={}/a%2Cb%3Ac%25.nix,line=1,col=1,endLine=1,endColumn=1,title=XX001 (escape-test)::50%25 done: a, b%0Asecond line%0Ahelp: see 100%25: x, y\n",
        d.display()
            .to_string()
            .replace('%', "%25")
            .replace(':', "%3A")
            .replace(',', "%2C")
    );
    assert_eq!(out, expected);
}

#[test]
fn github_reports_unreadable_files() {
    let bin = binary_file("github-binary");
    let o = check_as("github", &[bin.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("::error file={},", bin.display())),
        "{out}"
    );
    assert!(out.contains("::binary file"), "{out}");
}

// ---------------------------------------------------------------------------------------
// sarif

fn sarif(args: &[&str]) -> (Value, Option<i32>) {
    let mut all = vec!["check", "--no-config", "--format", "sarif"];
    all.extend_from_slice(args);
    let o = run(&all);
    let v = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| {
        panic!("sarif is JSON: {e}\n{}{}", stdout(&o), stderr(&o));
    });
    (v, o.status.code())
}

fn sarif_level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        "info" => "note",
        other => panic!("severity {other}"),
    }
}

/// Asserts a region is 1-based with its end not before its start; returns it as numbers.
fn region(r: &Value) -> (u64, u64, u64, u64) {
    let get = |k: &str| {
        r[k].as_u64()
            .unwrap_or_else(|| panic!("region without {k}: {r}"))
    };
    let (sl, sc, el, ec) = (
        get("startLine"),
        get("startColumn"),
        get("endLine"),
        get("endColumn"),
    );
    assert!(sl >= 1 && sc >= 1 && el >= 1 && ec >= 1, "1-based: {r}");
    assert!((el, ec) >= (sl, sc), "end after start: {r}");
    (sl, sc, el, ec)
}

#[test]
fn sarif_document_run_and_driver() {
    let (doc, code) = sarif(&["examples/"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        doc["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(doc["version"], "2.1.0");
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "disko-lint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver.get("informationUri").is_none(),
        "no made-up project URL"
    );
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
}

#[test]
fn sarif_driver_lists_every_rule_of_the_catalog() {
    let o = run(&["rules", "--format", "json"]);
    let catalog: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let catalog = catalog.as_array().unwrap();
    // A clean file: the rules are listed even though no result refers to them.
    let (doc, code) = sarif(&[fixture("clean.nix").to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let run = &doc["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 0);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), catalog.len());
    for (r, m) in rules.iter().zip(catalog) {
        assert_eq!(r["id"], m["code"]);
        assert_eq!(r["name"], m["name"], "the kebab-case name");
        assert_eq!(r["shortDescription"]["text"], m["summary"]);
        let full = r["fullDescription"]["text"].as_str().unwrap();
        assert!(
            !full.is_empty() && !full.contains('`') && !full.contains("##"),
            "{full}"
        );
        let help = r["help"]["text"].as_str().unwrap();
        assert!(
            help.starts_with("What it does\n") && help.contains("\nSources\n"),
            "plain text with the sections: {help}"
        );
        assert!(!help.contains("```") && !help.contains("## "), "{help}");
        assert_eq!(
            r["help"]["markdown"].as_str().unwrap(),
            m["explanation"].as_str().unwrap().trim()
        );
        assert_eq!(
            r["defaultConfiguration"]["level"],
            sarif_level(m["severity"].as_str().unwrap())
        );
        assert!(r["properties"]["tags"].is_array());
    }
    let dl101 = rules.iter().find(|r| r["id"] == "DL101").unwrap();
    assert!(
        dl101["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Compares the btrfs-specific mount options (compress, autodefrag,")
    );
}

#[test]
fn sarif_results_match_the_findings() {
    let doc = json_doc(&["examples/"]);
    let diags = doc["diagnostics"].as_array().unwrap();
    let (sarif, _) = sarif(&["examples/"]);
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    let mut fixes = 0;
    for (res, d) in results.iter().zip(diags) {
        assert_eq!(res["ruleId"], d["code"]);
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[idx]["id"], res["ruleId"],
            "ruleIndex points at the rule"
        );
        assert_eq!(res["level"], sarif_level(d["severity"].as_str().unwrap()));
        let msg = res["message"]["text"].as_str().unwrap();
        assert!(msg.starts_with(d["message"].as_str().unwrap()));
        if let Some(h) = d["help"].as_str() {
            assert!(msg.ends_with(&format!("\nhelp: {h}")), "{msg}");
        }
        let locs = res["locations"].as_array().unwrap();
        assert_eq!(locs.len(), 1);
        let pl = &locs[0]["physicalLocation"];
        let art = &pl["artifactLocation"];
        let uri = art["uri"].as_str().unwrap();
        assert_eq!(uri, d["file"].as_str().unwrap(), "relative, `/`-separated");
        assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri}");
        assert_eq!(art["uriBaseId"], "%SRCROOT%");
        let (sl, sc, el, ec) = region(&pl["region"]);
        assert_eq!(
            (sl, sc, el, ec),
            (
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
                d["end"]["line"].as_u64().unwrap(),
                d["end"]["column"].as_u64().unwrap()
            )
        );
        let labels = d["labels"].as_array().unwrap();
        let related = res["relatedLocations"].as_array().map_or(&[][..], |v| v);
        assert_eq!(related.len(), labels.len());
        for (rl, l) in related.iter().zip(labels) {
            assert!(rl["id"].is_u64());
            assert_eq!(rl["message"]["text"], l["message"]);
            region(&rl["physicalLocation"]["region"]);
        }
        let has_fix = d["fix"]["edits"].as_array().is_some_and(|e| !e.is_empty());
        assert_eq!(res.get("fixes").is_some(), has_fix, "{res}");
        if has_fix {
            fixes += 1;
            let fix = &res["fixes"][0];
            assert_eq!(fix["description"]["text"], d["fix"]["message"]);
            let change = &fix["artifactChanges"][0];
            assert_eq!(change["artifactLocation"]["uri"], uri);
            let reps = change["replacements"].as_array().unwrap();
            assert_eq!(reps.len(), d["fix"]["edits"].as_array().unwrap().len());
            for (rep, e) in reps.iter().zip(d["fix"]["edits"].as_array().unwrap()) {
                region(&rep["deletedRegion"]);
                assert_eq!(rep["insertedContent"]["text"], e["replacement"]);
            }
        }
    }
    assert!(fixes > 0, "examples have fixable findings");
}

#[test]
fn sarif_dl101_region_and_fix() {
    let f = fixture("fs-wide.nix");
    let (doc, code) = sarif(&[f.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let run = &doc["runs"][0];
    let res = &run["results"][0];
    assert_eq!(res["ruleId"], "DL101");
    assert_eq!(res["level"], "error");
    let pl = &res["locations"][0]["physicalLocation"];
    // The absolute path under the working directory becomes a relative URI.
    assert_eq!(pl["artifactLocation"]["uri"], "tests/fixtures/fs-wide.nix");
    assert_eq!(region(&pl["region"]), (9, 58, 9, 75));
    assert_eq!(pl["region"]["snippet"]["text"], "\"compress=zstd:3\"");
    let rel = &res["relatedLocations"][0];
    assert_eq!(region(&rel["physicalLocation"]["region"]).0, 8);
    let rep = &res["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(region(&rep["deletedRegion"]), (9, 58, 9, 75));
    assert_eq!(rep["insertedContent"]["text"], "\"compress=zstd:1\"");
}

#[test]
fn sarif_unreadable_files_are_tool_notifications_and_outside_paths_file_uris() {
    let bin = binary_file("sarif-binary");
    let d = tmpdir("sarif-outside");
    let outside = d.join("my disko.nix");
    std::fs::copy(fixture("fs-wide.nix"), &outside).unwrap();
    let (doc, code) = sarif(&[bin.to_str().unwrap(), outside.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    let run = &doc["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("binary file")
    );
    let uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/my%20disko.nix"), "{uri}");
}
