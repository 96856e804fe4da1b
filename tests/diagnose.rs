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
            && ev.contains("builds crawl")
            && ev.contains("nvme0n1 writes 38 MB/s at 6% util")
            && ev.contains("the drive waits for the CPU"),
        "{ev}"
    );
    assert!(
        top["impact"]["basis"]
            .as_str()
            .unwrap()
            .contains("zstd 1.5.4 on 128 KiB blocks")
    );
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

/// Runs `diagnose --format json` on a copy of a scenario in a temporary directory, with
/// relative paths, so that the diffs name `disko.nix` and apply there with `-p0`.
fn diagnose_copy(scenario: &str, observe: &[&str], drop: &[&str]) -> (std::path::PathBuf, Value) {
    let src = common::fixture(&format!("diagnose/{scenario}"));
    let dir = common::tmpdir("diagnose", scenario);
    std::fs::create_dir_all(dir.join("metrics")).unwrap();
    for f in ["facter.json", "disko.nix"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    for e in std::fs::read_dir(src.join("metrics")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if !drop.contains(&name.as_str()) {
            std::fs::copy(e.path(), dir.join("metrics").join(&name)).unwrap();
        }
    }
    let mut args = vec![
        "diagnose",
        "--facter",
        "facter.json",
        "--disko",
        "disko.nix",
        "--metrics",
        "metrics",
        "--format",
        "json",
    ];
    for o in observe {
        args.extend(["--observe", o]);
    }
    let o = common::bin()
        .current_dir(&dir)
        .args(&args)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (dir, serde_json::from_str(&stdout(&o)).expect("json"))
}

fn recommendation<'a>(v: &'a Value, title_part: &str) -> &'a Value {
    v["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"].as_str().unwrap().contains(title_part))
        .unwrap_or_else(|| panic!("no recommendation with {title_part:?} in {v:#}"))
}

/// Applies `rec`'s diff to a fresh copy of the scenario's disko.nix with `git apply -p0`
/// (git works as `patch` outside a repository) and
/// returns the patched text; checks that `disko-lint check --select codes` then passes.
fn apply_diff(dir: &std::path::Path, scenario: &str, rec: &Value, codes: &str) -> String {
    let diff = rec["change"]["diff"]
        .as_str()
        .unwrap_or_else(|| panic!("no diff in {rec:#}"));
    std::fs::copy(
        common::fixture(&format!("diagnose/{scenario}/disko.nix")),
        dir.join("disko.nix"),
    )
    .unwrap();
    std::fs::write(dir.join("change.diff"), diff).unwrap();
    let p = std::process::Command::new("git")
        .current_dir(dir)
        .args(["apply", "-p0", "change.diff"])
        .output()
        .expect("git");
    assert!(
        p.status.success(),
        "{}\n{diff}",
        String::from_utf8_lossy(&p.stderr)
    );
    let o = common::bin()
        .current_dir(dir)
        .args(["check", "--no-config", "--select", codes, "disko.nix"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}\n{diff}", stdout(&o));
    std::fs::read_to_string(dir.join("disko.nix")).unwrap()
}

#[test]
fn sata_desktop_resolves_the_disk_then_caps_dirty_pages_first() {
    let (dir, v) = diagnose_copy(
        "sata-desktop-stalls",
        &[
            "the desktop freezes for seconds when copying large files",
            "container pulls take ages",
        ],
        &[],
    );
    // facter cannot tell the SATA disk's kind; lsblk's ROTA=1 decides it.
    let inputs = v["inputs"].to_string();
    assert!(
        inputs.contains("SataUnknown") && inputs.contains("rotational=1 in the capture → Hdd"),
        "{inputs}"
    );
    assert!(
        !v["limits"].to_string().contains("SSD or HDD"),
        "{}",
        v["limits"]
    );
    let top = &v["recommendations"][0];
    assert_eq!(top["change"]["kind"], "sysctl", "{top:#}");
    assert_eq!(top["disruption"], "live");
    assert!(
        top["change"]["nix"]
            .as_str()
            .unwrap()
            .contains("\"vm.dirty_bytes\" = 536870912")
    );
    // 20% of MemAvailable 57950204 kB, against the 152576 kB/s iostat measured.
    assert!(
        top["impact"]["before"]
            .as_str()
            .unwrap()
            .starts_with("11.1 GiB (~75 s"),
        "{top:#}"
    );
    let dirty = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "dirty-pages")
        .unwrap();
    assert_eq!(dirty["severity"], "warning");
    assert!(
        dirty["evidence"]
            .to_string()
            .contains("meminfo: Dirty 3.2 GiB")
    );
    // The HDD without a scheduler gets bfq (a desktop), which also addresses the saturation.
    let sched = recommendation(&v, "scheduler");
    assert_eq!(sched["change"]["kind"], "udev");
    assert!(
        sched["change"]["nix"]
            .as_str()
            .unwrap()
            .contains("ATTR{queue/scheduler}=\"bfq\"")
    );
    assert_eq!(sched["addresses"].as_array().unwrap().len(), 2, "{sched:#}");
    // Podman's storage inside the snapshotted root: a subvolume of its own, as a diff that
    // satisfies the linter's DL404.
    let layout = recommendation(&v, "give /var/lib/containers its own subvolume");
    assert_eq!(layout["disruption"], "rewrite");
    assert_eq!(layout["change"]["kind"], "layout");
    let patched = apply_diff(&dir, "sata-desktop-stalls", layout, "DL404");
    assert!(patched.contains(
        "\"@containers\" = { mountpoint = \"/var/lib/containers\"; mountOptions = [ \"compress=zstd:1\" \"noatime\" ]; };"
    ));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn without_a_rotational_capture_the_sata_disk_stays_unjudged() {
    let (dir, v) = diagnose_copy(
        "sata-desktop-stalls",
        &["the desktop freezes when copying large files"],
        &["lsblk.json"],
    );
    assert!(
        v["limits"]
            .to_string()
            .contains("SSD or HDD cannot be told"),
        "{}",
        v["limits"]
    );
    let cats: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["category"].as_str().unwrap())
        .collect();
    assert!(
        !cats.contains(&"dirty-pages") && !cats.contains(&"scheduler"),
        "{cats:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_diffs_are_the_linters_edits_and_apply() {
    // zstd:15 → zstd:1 on every mount of the filesystem.
    let (dir, v) = diagnose_copy("nvme-laptop-slow-builds", &["nix builds crawl"], &[]);
    let patched = apply_diff(
        &dir,
        "nvme-laptop-slow-builds",
        &v["recommendations"][0],
        "DL101,DL403",
    );
    assert!(!patched.contains("zstd:15") && patched.matches("\"compress=zstd:1\"").count() == 3);
    std::fs::remove_dir_all(&dir).unwrap();
    // Sync discard on a HDD → nodiscard; the linter's DL108 is then quiet.
    let (dir, v) = diagnose_copy("hdd-nas-enospc", &[], &[]);
    let patched = apply_diff(
        &dir,
        "hdd-nas-enospc",
        recommendation(&v, "nodiscard"),
        "DL108",
    );
    assert_eq!(patched.matches("\"nodiscard\"").count(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
    // The NOCOW procedure's config half: DL401's tmpfiles rule and DL102's removal.
    let (dir, v) = diagnose_copy("postgres-cow-server", &["postgres got slower"], &[]);
    let patched = apply_diff(
        &dir,
        "postgres-cow-server",
        &v["recommendations"][0],
        "DL401,DL102",
    );
    assert!(patched.contains("\"h /var/lib/postgresql - - - - +C\""));
    assert!(!patched.contains("nodatacow"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn software_aes_and_sha256_are_named_with_the_cpu_evidence() {
    let dir = common::tmpdir("diagnose", "cpu-crypto");
    let mut facter: Value = serde_json::from_str(
        &std::fs::read_to_string(common::fixture(
            "diagnose/nvme-laptop-slow-builds/facter.json",
        ))
        .unwrap(),
    )
    .unwrap();
    // An Atom-class CPU: SSE4.2 but neither AES-NI nor SHA extensions.
    facter["hardware"]["cpu"][0]["model_name"] = "Intel(R) Celeron(R) N3050 @ 1.60GHz".into();
    facter["hardware"]["cpu"][0]["features"] = serde_json::json!(["fpu", "sse4_2"]);
    std::fs::write(dir.join("facter.json"), facter.to_string()).unwrap();
    let disko = r#"{
  disko.devices.disk.main = {
    type = "disk";
    device = "/dev/nvme0n1";
    content = {
      type = "gpt";
      partitions.luks = {
        size = "100%";
        content = {
          type = "luks";
          name = "crypted";
          settings.allowDiscards = true;
          content = {
            type = "btrfs";
            extraArgs = [ "--csum" "sha256" ];
            subvolumes."@" = { mountpoint = "/"; mountOptions = [ "compress=zstd:1" "noatime" ]; };
          };
        };
      };
    };
  };
}
"#;
    std::fs::write(dir.join("disko.nix"), disko).unwrap();
    let run = || {
        let o = common::bin()
            .current_dir(&dir)
            .args([
                "diagnose",
                "--facter",
                "facter.json",
                "--disko",
                "disko.nix",
            ])
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let v: Value = serde_json::from_str(&run()).unwrap();
    let find = |cat: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["category"] == cat)
            .unwrap_or_else(|| panic!("no {cat} finding in {v:#}"))
            .clone()
    };
    let enc = find("encryption");
    assert_eq!(enc["severity"], "warning"); // NVMe: the CPU is the limit
    assert!(
        enc["evidence"]
            .to_string()
            .contains("N3050 @ 1.60GHz lists no `aes` flag")
    );
    let csum = find("checksum");
    assert!(csum["title"].as_str().unwrap().contains("sha256"));
    assert_eq!(
        recommendation(&v, "crc32c or xxhash")["disruption"],
        "reformat"
    );
    let adiantum = recommendation(&v, "Adiantum");
    assert_eq!(adiantum["disruption"], "rewrite");
    assert!(
        adiantum["change"]["commands"]
            .to_string()
            .contains("/dev/disk/by-partlabel/disk-main-luks")
    );
    // With AES-NI and SHA-NI neither is reported.
    facter["hardware"]["cpu"][0]["features"] =
        serde_json::json!(["fpu", "sse4_2", "aes", "sha_ni"]);
    std::fs::write(dir.join("facter.json"), facter.to_string()).unwrap();
    let s = run();
    assert!(
        !s.contains("\"encryption\"") && !s.contains("\"checksum\""),
        "{s}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn util_alone_does_not_make_an_nvme_saturated_but_a_deep_queue_does() {
    let dir = common::tmpdir("diagnose", "nvme-queue");
    std::fs::create_dir_all(dir.join("m")).unwrap();
    std::fs::copy(
        common::fixture("diagnose/nvme-laptop-slow-builds/facter.json"),
        dir.join("facter.json"),
    )
    .unwrap();
    let iostat = |util: &str, q: &str, wait: &str| {
        format!(
            "Linux 6.12.41 (x) \t11/21/26 \t_x86_64_\t(4 CPU)\n\n\
             avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n           5.00    0.00    8.00   40.00    0.00   47.00\n\n\
             Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz  aqu-sz  %util\n\
             nvme0n1       9000.00 36000.00     0.00   0.00    {wait}     4.00  100.00   400.00     0.00   0.00    0.10     4.00  {q}  {util}\n\n\n\
             avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n           5.00    0.00    8.00   40.00    0.00   47.00\n\n\
             Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz  aqu-sz  %util\n\
             nvme0n1       9000.00 36000.00     0.00   0.00    {wait}     4.00  100.00   400.00     0.00   0.00    0.10     4.00  {q}  {util}\n\n"
        )
    };
    let run = |text: String| -> Value {
        std::fs::write(dir.join("m/iostat.txt"), text).unwrap();
        let o = common::bin()
            .current_dir(&dir)
            .args([
                "diagnose",
                "--facter",
                "facter.json",
                "--metrics",
                "m",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    // 100% util, but one request in flight: an NVMe serves many in parallel.
    let v = run(iostat("100.00", "0.90", "0.10"));
    assert!(!v["findings"].to_string().contains("saturation"), "{v:#}");
    // A queue of 32 waiting 12 ms with the CPU mostly idle: the drive is the limit.
    let v = run(iostat("100.00", "32.00", "12.00"));
    let f = &v["findings"][0];
    assert_eq!(f["category"], "saturation", "{v:#}");
    assert!(
        f["title"]
            .as_str()
            .unwrap()
            .contains("deep queue (queue 32.0, await 12.0 ms)")
    );
    assert!(
        f["cause"]
            .as_str()
            .unwrap()
            .contains("the drive is the limit")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_config_that_does_not_parse_is_named_in_the_limits() {
    let dir = common::tmpdir("diagnose", "broken");
    std::fs::write(
        dir.join("disko.nix"),
        "{ disko.devices = { disk.x = { type = \"disk\"; ",
    )
    .unwrap();
    let o = common::bin()
        .current_dir(&dir)
        .args(["diagnose", "--disko", "disko.nix", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let limits = v["limits"].to_string();
    assert!(
        limits.contains("disko.nix:1: syntax error")
            && limits.contains("saw only what could be read"),
        "{limits}"
    );
    std::fs::write(dir.join("disko.nix"), [0u8, 1, 2]).unwrap();
    let o = common::bin()
        .current_dir(&dir)
        .args(["diagnose", "--disko", "disko.nix"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("binary file"), "{}", stderr(&o));
    std::fs::remove_dir_all(dir).unwrap();
}
