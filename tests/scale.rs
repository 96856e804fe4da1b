//! Big layouts: a host with one subvolume per user must be checked like a small one, with
//! no rule failing on its size (DL003). Time is measured by `bench/run.sh` (the big-layout
//! cases), not here.

use disko_lint::check::check_text;
use disko_lint::engine::RuleSet;
use disko_lint::policy::Policy;
use std::fmt::Write;
use std::path::Path;

/// A lab host: `/`, `/nix` and one subvolume per user, all with the same options, plus one
/// deliberate mistake (`compress=zstd:3` on the last user) that must still be found.
fn lab(users: usize) -> String {
    let mut subs = String::new();
    for i in 1..=users {
        let compress = if i == users {
            "compress=zstd:3"
        } else {
            "compress=zstd:1"
        };
        writeln!(
            subs,
            "          \"@home/u{i:05}\" = {{ mountpoint = \"/home/u{i:05}\"; mountOptions = [ \"{compress}\" \"noatime\" ]; }};"
        )
        .unwrap();
    }
    format!(
        r#"{{
  disko.devices.disk.main = {{
    type = "disk";
    device = "/dev/nvme0n1";
    content = {{
      type = "btrfs";
      subvolumes = {{
          "@root" = {{ mountpoint = "/"; mountOptions = [ "compress=zstd:1" "noatime" ]; }};
          "@nix" = {{ mountpoint = "/nix"; mountOptions = [ "compress=zstd:1" "noatime" ]; }};
{subs}      }};
    }};
  }};
}}
"#
    )
}

#[test]
fn a_layout_with_thousands_of_subvolumes_runs_every_rule() {
    // 1,000 subvolumes made 10 of 32 rules fail when the sandbox had fixed size caps.
    let users = 1_500;
    let rules = RuleSet::load(true, &[]).expect("built-in rules load");
    let report = check_text(Path::new("lab.nix"), lab(users), &rules, &Policy::default());
    let failed: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "DL003")
        .map(|d| d.message.clone())
        .collect();
    assert!(
        failed.is_empty(),
        "rules failed on a big layout: {failed:?}"
    );
    let mismatch: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "DL101")
        .collect();
    assert_eq!(mismatch.len(), 1, "{:?}", report.diagnostics);
    assert!(
        mismatch[0].message.contains(&format!("/home/u{users:05}")),
        "{}",
        mismatch[0].message
    );
}
