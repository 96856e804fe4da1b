//! The extractor on the constructs real configurations use to build their device tree
//! (fixtures in `tests/fixtures/eval/`): what NixOS would be asked to mount, and what is
//! conditional or unknown, with the reason.

use disko_lint::disko::{Model, extract};
use disko_lint::nix::parse_file;
use disko_lint::source::{SourceFile, SourceMap};
use std::path::Path;

fn model(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eval")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sources = SourceMap::default();
    let id = sources.add(SourceFile::new(path, text));
    let parsed = parse_file(sources.get(id), id);
    assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
    extract(&mut sources, &parsed).model
}

/// `mountpoint → options` of every mount, in model order.
fn mounts(m: &Model) -> Vec<(String, Vec<String>)> {
    m.mounts
        .iter()
        .map(|x| (x.mountpoint.clone(), x.options.clone()))
        .collect()
}

fn mount<'m>(m: &'m Model, mp: &str) -> &'m disko_lint::disko::model::Mount {
    m.mounts
        .iter()
        .find(|x| x.mountpoint == mp)
        .unwrap_or_else(|| panic!("no mount {mp} in {:?}", mounts(m)))
}

fn opts(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn disko_inside_curried_aspect_lambdas_is_found() {
    let m = model("aspect-lambda.nix");
    assert_eq!(m.module_path, "aspects.storage.nixos");
    assert!(m.has_devices);
    assert_eq!(
        mount(&m, "/").options,
        opts(&["compress=zstd", "noatime", "subvol=@root"])
    );
    assert_eq!(
        mount(&m, "/nix").options,
        opts(&["compress=zstd", "noatime", "subvol=@nix"])
    );
    assert_eq!(mount(&m, "/boot").options, opts(&["umask=0077"]));
    assert!(m.mounts.iter().all(|x| !x.conditional));
    assert!(m.unresolved.is_empty(), "{:?}", m.unresolved);
}

#[test]
fn module_system_type_forms_are_read_as_the_definitions_they_stand_for() {
    let m = model("type-forms.nix");
    assert!(m.has_devices);
    assert_eq!(
        mount(&m, "/").options,
        opts(&["compress=zstd:1", "noatime", "subvol=@"])
    );
    // `_type = "override"` and `_type = "order"` wrap the list itself.
    assert_eq!(
        mount(&m, "/home").options,
        opts(&["noatime", "subvol=@home"])
    );
    assert_eq!(
        mount(&m, "/var/log").options,
        opts(&["compress=zstd:1", "noatime", "subvol=@log"])
    );
    // `_type = "if"`: true is there, false is absent, unknown is there and conditional.
    assert_eq!(mount(&m, "/tmp").options, opts(&["size=4G", "mode=1777"]));
    assert!(!mount(&m, "/tmp").conditional);
    assert!(m.mounts.iter().all(|x| x.mountpoint != "/scratch"));
    let pg = mount(&m, "/var/lib/postgresql");
    assert!(pg.conditional);
    assert!(
        pg.condition
            .as_deref()
            .unwrap()
            .starts_with("`config.services.postgresql.enable` (type-forms.nix:")
    );
}

#[test]
fn subvolumes_built_with_pipe_and_list_to_attrs_are_read() {
    let m = model("pipe.nix");
    let mut got = mounts(&m);
    got.sort();
    let want = |mp: &str, sv: &str| {
        (
            mp.to_string(),
            opts(&["compress=zstd", "noatime", &format!("subvol={sv}")]),
        )
    };
    assert_eq!(
        got,
        vec![
            want("/", "@"),
            want("/home", "@home"),
            want("/nix", "@nix"),
            want("/var/log", "@log"),
        ]
    );
    assert!(m.unresolved.is_empty(), "{:?}", m.unresolved);
}

#[test]
fn disks_computed_with_imap1_fold_and_map_attrs_are_read() {
    let m = model("computed-disks.nix");
    assert_eq!(
        mount(&m, "/srv/media").options,
        opts(&["compress=zstd", "noatime", "subvol=@media"])
    );
    assert_eq!(
        mount(&m, "/srv/backup").device.as_deref(),
        Some("/dev/disk/by-partlabel/disk-data2-data")
    );
    assert_eq!(mount(&m, "/").options, opts(&["defaults"]));
    assert_eq!(m.btrfs.len(), 1);
    assert_eq!(m.btrfs[0].data_profile.as_deref(), Some("raid1"));
    assert!(m.btrfs[0].multi_device);
    assert!(m.unresolved.is_empty(), "{:?}", m.unresolved);
}

#[test]
fn a_conditional_luks_layer_keeps_the_mounts_both_branches_give() {
    let m = model("luks-conditional.nix");
    // The mounts are the same either way: known and not conditional.
    assert_eq!(
        mount(&m, "/").options,
        opts(&["compress=zstd", "noatime", "subvol=@"])
    );
    assert_eq!(
        mount(&m, "/nix").options,
        opts(&["compress=zstd", "noatime", "subvol=@nix"])
    );
    assert!(m.mounts.iter().all(|x| !x.conditional), "{:?}", m.mounts);
    // …but the device differs (`/dev/mapper/crypted` or the partition): unknown.
    assert!(mount(&m, "/").device.is_none());
    // One btrfs, not two; it exists either way.
    assert_eq!(m.btrfs.len(), 1);
    assert!(m.btrfs[0].condition.is_none());
    assert_eq!(m.btrfs[0].subvolumes.len(), 2);
    assert!(m.btrfs[0].subvolumes.iter().all(|s| !s.conditional));
    // The LUKS container is conditional, and the choice is named with its cause.
    assert_eq!(m.luks.len(), 1);
    let cond = m.luks[0].condition.as_deref().unwrap();
    assert!(
        cond.starts_with("`cfg.luks` (luks-conditional.nix:"),
        "{cond}"
    );
    let u = m
        .unresolved
        .iter()
        .find(|u| u.what == "disk.main.content.partitions.root.content")
        .expect("the conditional layer is listed");
    assert!(
        u.reason.starts_with(
            "`luks` or `btrfs` depending on the condition `cfg.luks` (luks-conditional.nix:"
        ),
        "{}",
        u.reason
    );
    assert!(u.span.is_some());
}

#[test]
fn a_disk_added_with_optional_attrs_is_there_and_conditional() {
    let m = model("optional-disk.nix");
    let data = mount(&m, "/data");
    assert_eq!(
        data.options,
        opts(&["compress=zstd", "noatime", "subvol=@data"])
    );
    assert!(data.conditional);
    assert!(
        data.condition
            .as_deref()
            .unwrap()
            .starts_with("`cfg.hasData` (optional-disk.nix:")
    );
    // The disk written unconditionally stays unconditional.
    assert!(!mount(&m, "/").conditional);
    let b = m
        .btrfs
        .iter()
        .find(|b| b.path.starts_with("disk.data."))
        .unwrap();
    assert!(b.condition.is_some());
    assert!(b.subvolumes[0].conditional);
}

#[test]
fn a_device_from_a_module_argument_is_unknown_but_the_layout_is_checked() {
    let m = model("argument-device.nix");
    assert_eq!(
        mount(&m, "/").options,
        opts(&["compress=zstd", "noatime", "subvol=@"])
    );
    assert_eq!(
        mount(&m, "/home").options,
        opts(&["compress=zstd", "noatime", "subvol=@home"])
    );
    // Partition devices do not depend on the disk's device.
    assert_eq!(
        mount(&m, "/").device.as_deref(),
        Some("/dev/disk/by-partlabel/disk-main-root")
    );
    let u: Vec<_> = m
        .unresolved
        .iter()
        .map(|u| (u.what.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(u, vec![("disk.main.device", "function argument `device`")]);
    assert!(m.unresolved[0].span.is_some());
}

#[test]
fn list_options_defined_twice_concatenate() {
    let m = model("merged-definitions.nix");
    // Two `mountOptions` definitions (mkMerge) concatenate, `[ "defaults" ]` twice is
    // both; disko's `subvol=` follows; a `fileSystems."/".options` definition is appended.
    assert_eq!(
        mount(&m, "/").options,
        opts(&[
            "defaults",
            "defaults",
            "noatime",
            "subvol=@",
            "x-systemd.device-timeout=0"
        ])
    );
}

#[test]
fn list_options_from_an_inline_imported_module_concatenate_in_order() {
    let m = model("two-modules.nix");
    // `mkBefore` puts this file's definition first; the imported one follows.
    let home = mount(&m, "/home");
    assert_eq!(
        home.options,
        opts(&["defaults", "compress=zstd", "defaults", "subvol=@home"])
    );
    assert!(home.needed_for_boot);
}

#[test]
fn what_cannot_be_read_is_named_with_its_cause() {
    let m = model("unreadable-tree.nix");
    let u: Vec<_> = m
        .unresolved
        .iter()
        .map(|u| (u.what.as_str(), u.reason.as_str(), u.span.is_some()))
        .collect();
    assert!(
        u.contains(&(
            "flake.diskoConfigurations",
            "depends on `inputs.self.hosts`",
            true
        )),
        "{u:?}"
    );
    let root = "disk.main.content.partitions.root.content.format";
    assert!(u.contains(&(root, "an int, not a string", true)), "{u:?}");
    let data = "disk.main.content.partitions.data.content";
    assert!(
        u.contains(&(data, "a content without `type`; disko cannot read it", true)),
        "{u:?}"
    );
    // The readable part is still read.
    assert_eq!(m.module_path, "flake.nixosModules.storage");
    assert_eq!(mount(&m, "/").fs_type, "");
}

#[test]
fn a_layout_in_an_inline_imported_module_is_found() {
    let m = model("inline-import.nix");
    assert!(m.has_devices);
    let p = mount(&m, "/persist");
    assert_eq!(p.options, opts(&["compress=zstd", "subvol=@persist"]));
    assert!(p.needed_for_boot);
}
