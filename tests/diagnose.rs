//! `disko-lint diagnose` end to end on three scenarios: each yields the expected top
//! recommendation and disruption.

mod common;

use common::{run, stderr, stdout};
use serde_json::Value;

fn diagnose(scenario: &str, observe: &str) -> Value {
    let dir = format!("tests/fixtures/diagnose/{scenario}");
    let facter = format!("{dir}/facter.json");
    let disko = format!("{dir}/disko.nix");
    let metrics = format!("{dir}/metrics");
    let o = run(&[
        "diagnose",
        "--facter",
        &facter,
        "--disko",
        &disko,
        "--metrics",
        &metrics,
        "--observe",
        observe,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("json")
}

#[test]
fn nvme_laptop_with_zstd15_on_four_cores_lowers_compression_live() {
    let v = diagnose("nvme-laptop-slow-builds", "nix builds crawl");
    let top = &v["recommendations"][0];
    assert!(top["title"].as_str().unwrap().contains("zstd:1"), "{top}");
    assert_eq!(top["disruption"], "live");
    let f = &v["findings"][0];
    assert_eq!(f["category"], "compression");
    let ev = f["evidence"].to_string();
    assert!(
        ev.contains("compress=zstd:15")
            && ev.contains("4 CPU threads")
            && ev.contains("builds crawl"),
        "{ev}"
    );
    assert!(top["impact"]["basis"].as_str().unwrap().contains("F51"));
}

#[test]
fn hdd_nas_without_unallocated_space_balances_first_and_drops_sync_discard() {
    let v = diagnose(
        "hdd-nas-enospc",
        "no space left on device although df shows 110G free",
    );
    let top = &v["recommendations"][0];
    assert_eq!(top["disruption"], "balance", "{top}");
    assert!(
        top["change"]["commands"]
            .to_string()
            .contains("btrfs balance start -dusage=")
    );
    let discard = v["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"].as_str().unwrap().contains("nodiscard"))
        .expect("discard recommendation");
    assert_eq!(discard["disruption"], "live");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["category"] == "space" && f["severity"] == "error")
    );
}

#[test]
fn postgres_cow_fragmentation_moves_data_to_nocow_and_shows_the_drift() {
    let v = diagnose("postgres-cow-server", "postgres got slower");
    let top = &v["recommendations"][0];
    assert_eq!(top["disruption"], "rewrite", "{top}");
    assert!(top["title"].as_str().unwrap().contains("NOCOW"), "{top}");
    assert!(
        top["change"]["commands"]
            .to_string()
            .contains("cp -a --reflink=never")
    );
    let drift = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "config-drift")
        .expect("drift finding");
    let ev = drift["evidence"].to_string();
    assert!(
        ev.contains("nodatacow") && ev.contains("compress=zstd:1"),
        "{ev}"
    );
    let frag = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "fragmentation")
        .expect("fragmentation");
    assert!(frag["evidence"].to_string().contains("41873 extents"));
}

#[test]
fn missing_inputs_narrow_the_report() {
    let o = run(&[
        "diagnose",
        "--disko",
        "tests/fixtures/diagnose/nvme-laptop-slow-builds/disko.nix",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(
        s.contains("Not judged") && s.contains("no facter report") && s.contains("no --metrics"),
        "{s}"
    );
    let o = run(&["diagnose"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn markdown_output_has_the_tables() {
    let o = run(&[
        "diagnose",
        "--facter",
        "tests/fixtures/diagnose/hdd-nas-enospc/facter.json",
        "--metrics",
        "tests/fixtures/diagnose/hdd-nas-enospc/metrics",
        "--format",
        "markdown",
    ]);
    let s = stdout(&o);
    assert!(
        s.contains("## Storage diagnosis") && s.contains("| R1 |"),
        "{s}"
    );
}
