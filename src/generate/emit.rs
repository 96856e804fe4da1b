//! Plan → Nix text, formatted in nixfmt's RFC 166 style (two-space indentation, one binding
//! per line, lists with more than one item one item per line), each subvolume and
//! non-obvious option with a one-line comment saying why.

use super::plan::Plan;
use crate::engine::helpers::nix_str;

/// A tiny indentation-aware writer.
struct W {
    out: String,
    depth: usize,
}

impl W {
    fn line(&mut self, s: &str) {
        if s.is_empty() {
            self.out.push('\n');
            return;
        }
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn comment(&mut self, s: &str) {
        self.line(&format!("# {s}"));
    }
    fn open(&mut self, s: &str) {
        self.line(s);
        self.depth += 1;
    }
    fn close(&mut self, s: &str) {
        self.depth -= 1;
        self.line(s);
    }
    fn list(&mut self, key: &str, items: &[String]) {
        match items {
            [] => self.line(&format!("{key} = [ ];")),
            [one] => self.line(&format!("{key} = [ {} ];", nix_str(one))),
            _ => {
                self.open(&format!("{key} = ["));
                for i in items {
                    self.line(&nix_str(i));
                }
                self.close("];");
            }
        }
    }
}

/// An attribute name: bare when it is a valid Nix identifier (and not a keyword), else quoted.
fn key(name: &str) -> String {
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '\'');
    let keyword = matches!(
        name,
        "if" | "then" | "else" | "let" | "in" | "with" | "rec" | "inherit" | "assert" | "or"
    );
    if ident && !keyword {
        name.to_string()
    } else {
        nix_str(name)
    }
}

/// The name of the LUKS mapping.
pub const LUKS_NAME: &str = "crypted";

fn btrfs_device(plan: &Plan) -> String {
    if plan.luks {
        format!("/dev/mapper/{LUKS_NAME}")
    } else {
        "/dev/disk/by-partlabel/disk-main-root".into()
    }
}

/// Renders the plan as a NixOS module; `header` lines become leading comments.
pub fn render(plan: &Plan, header: &[String]) -> String {
    let mut w = W {
        out: String::new(),
        depth: 0,
    };
    for h in header {
        w.comment(h);
    }
    w.line("{ ... }:");
    w.open("{");
    w.open("disko.devices.disk.main = {");
    w.line("type = \"disk\";");
    w.line(&format!("device = {};", nix_str(&plan.device)));
    w.open("content = {");
    w.line("type = \"gpt\";");
    w.open("partitions = {");
    w.open("ESP = {");
    w.line(&format!("size = {};", nix_str(&plan.esp_size)));
    w.line("type = \"EF00\";");
    w.open("content = {");
    w.line("type = \"filesystem\";");
    w.line("format = \"vfat\";");
    w.line("mountpoint = \"/boot\";");
    w.comment("keep the ESP (and the random seed on it) unreadable for other users");
    w.list("mountOptions", &["umask=0077".to_string()]);
    w.close("};");
    w.close("};");
    w.open("root = {");
    w.line("size = \"100%\";");
    w.open("content = {");
    if plan.luks {
        w.line("type = \"luks\";");
        w.line(&format!("name = {};", nix_str(LUKS_NAME)));
        if plan.luks_allow_discards {
            w.comment(
                "let discards reach the SSD through dm-crypt (off by default: nixpkgs nixos/modules/system/boot/luksroot.nix)",
            );
            w.line("settings.allowDiscards = true;");
        }
        w.open("content = {");
    }
    btrfs(&mut w, plan);
    if plan.luks {
        w.close("};");
    }
    w.close("};");
    w.close("};");
    w.close("};");
    w.close("};");
    w.close("};");
    companions(&mut w, plan);
    w.close("}");
    w.out
}

fn btrfs(w: &mut W, plan: &Plan) {
    w.line("type = \"btrfs\";");
    w.list("extraArgs", &["-L".to_string(), "nixos".to_string()]);
    let nocow: Vec<&str> = plan
        .subvolumes
        .iter()
        .filter(|s| s.nocow)
        .map(|s| s.name.as_str())
        .collect();
    let props: Vec<(&str, &str)> = plan
        .subvolumes
        .iter()
        .filter_map(|s| {
            s.compression_property
                .as_deref()
                .map(|p| (s.name.as_str(), p))
        })
        .collect();
    if !nocow.is_empty() || !props.is_empty() {
        if !nocow.is_empty() {
            w.comment("NOCOW for database/VM subvolumes: +C on the empty subvolume, inherited by every file");
            w.comment("created in it; the nodatacow mount option would be filesystem-wide (btrfs docs, File");
            w.comment("attributes and Mount options; verified on Linux 6.18 by `tests/kernel.rs::dl401_chattr_nocow_semantics`)");
        }
        if !props.is_empty() {
            w.comment("no compression attempts on already-compressed data: a per-directory btrfs property,");
            w.comment(
                "inherited by new files (the level always comes from the mount option; btrfs docs,",
            );
            w.comment("Compression)");
        }
        w.open("postCreateHook = ''");
        w.line("MNT=$(mktemp -d)");
        w.line("mount \"$device\" \"$MNT\" -o subvol=/");
        for n in &nocow {
            w.line(&format!("chattr +C \"$MNT/{n}\""));
        }
        for (n, p) in &props {
            w.line(&format!("btrfs property set \"$MNT/{n}\" compression {p}"));
        }
        w.line("umount \"$MNT\"");
        w.line("rmdir \"$MNT\"");
        w.close("'';");
    }
    let mut opts = plan.fs_options.clone();
    opts.extend(plan.mount_options.iter().cloned());
    w.open("subvolumes = {");
    for s in &plan.subvolumes {
        w.comment(&s.reason);
        if s.mountpoint.is_none() {
            w.line(&format!("{} = {{ }};", key(&s.name)));
            continue;
        }
        if !s.nocow && s.reason.contains("priority = reliability") {
            w.comment("disko-lint: ignore[DL401] priority = reliability keeps btrfs checksums on this data");
        }
        w.open(&format!("{} = {{", key(&s.name)));
        if let Some(mp) = &s.mountpoint {
            w.line(&format!("mountpoint = {};", nix_str(mp)));
        }
        if s.name.ends_with("swap") && s.swapfile.is_some() {
            w.comment("btrfs options are filesystem-wide; kept identical here so the boot order never matters");
            w.comment("(verified on Linux 6.18 by `tests/kernel.rs::dl101_first_mount_options_win_for_every_subvolume`)");
        }
        w.list("mountOptions", &opts);
        if let Some(size) = &s.swapfile {
            w.line(&format!("swap.swapfile.size = {};", nix_str(size)));
        }
        w.close("};");
    }
    w.close("};");
}

fn companions(w: &mut W, plan: &Plan) {
    for s in plan.subvolumes.iter().filter(|s| s.needed_for_boot) {
        if let Some(mp) = &s.mountpoint {
            w.line("");
            w.comment(
                "mounted in the initrd: impermanence links files from it during activation (impermanence README)",
            );
            w.line(&format!(
                "fileSystems.{}.neededForBoot = true;",
                nix_str(mp)
            ));
        }
    }
    if !plan.tmpfiles.is_empty() {
        w.line("");
        w.comment("NOCOW for new files even if the directory is recreated (same mechanism as journal-nocow.conf)");
        w.list("systemd.tmpfiles.rules", &plan.tmpfiles);
    }
    w.line("");
    w.comment("scrub once per filesystem; the default lists every btrfs mountpoint");
    w.comment("(nixpkgs nixos/modules/tasks/filesystems/btrfs.nix)");
    w.open("services.btrfs.autoScrub = {");
    w.line("enable = true;");
    w.list("fileSystems", &["/".to_string()]);
    w.close("};");
    if let Some((engine, _rootless)) = &plan.containers {
        w.line("");
        w.comment("overlay, not the btrfs driver: no subvolume per layer and container");
        w.comment("(https://docs.docker.com/engine/storage/drivers/btrfs-driver/)");
        if engine == "docker" {
            w.line("virtualisation.docker.storageDriver = \"overlay2\";");
        } else {
            w.line("virtualisation.containers.storage.settings.storage.driver = \"overlay\";");
        }
    }
    if plan.snapper_home {
        w.line("");
        w.comment("timeline snapshots of user data; /nix, logs, containers and databases are separate subvolumes");
        w.open("services.snapper.configs.home = {");
        w.line("SUBVOLUME = \"/home\";");
        w.line("TIMELINE_CREATE = true;");
        w.line("TIMELINE_CLEANUP = true;");
        w.close("};");
    }
    if plan.hibernate {
        w.line("");
        w.comment("hibernate to the swap file: after installing, add");
        w.comment("boot.kernelParams = [ \"resume_offset=N\" ] with N from");
        w.comment(
            "`btrfs inspect-internal map-swapfile -r /swap/swapfile` (not filefrag; btrfs docs,",
        );
        w.comment("Swapfile: Hibernation)");
        // DL306 reports the missing offset; it only exists once the file does.
        w.comment("disko-lint: ignore[DL306] resume_offset is known only after installing");
        w.line(&format!(
            "boot.resumeDevice = {};",
            nix_str(&btrfs_device(plan))
        ));
    }
    if plan.hdd_tuning {
        w.line("");
        w.comment(
            "bfq keeps a rotational disk responsive under mixed load (default is mq-deadline: linux block/elevator.c)",
        );
        w.list("boot.kernelModules", &["bfq".to_string()]);
        w.line("services.udev.extraRules = ''");
        w.depth += 1;
        w.line("ACTION==\"add|change\", KERNEL==\"sd[a-z]*\", ATTR{queue/rotational}==\"1\", ATTR{queue/scheduler}=\"bfq\"");
        w.depth -= 1;
        w.line("'';");
    }
    if let Some((background, limit)) = plan.dirty_bytes {
        w.line("");
        w.comment("write back early on a slow disk with much RAM; the *_bytes settings replace the ratios");
        w.comment("(https://docs.kernel.org/admin-guide/sysctl/vm.html)");
        w.line(&format!(
            "boot.kernel.sysctl.\"vm.dirty_background_bytes\" = {background};"
        ));
        w.line(&format!("boot.kernel.sysctl.\"vm.dirty_bytes\" = {limit};"));
    }
    if plan.rollback {
        let dev = btrfs_device(plan);
        let after = if plan.luks {
            format!("systemd-cryptsetup@{LUKS_NAME}.service")
        } else {
            "dev-disk-by\\x2dpartlabel-disk\\x2dmain\\x2droot.device".to_string()
        };
        w.line("");
        w.comment(
            "impermanence: recreate the root subvolume at every boot, keeping old roots 30 days;",
        );
        w.comment("a systemd initrd service, since scripted initrd hooks do not run there");
        w.comment("(nixpkgs nixos/modules/system/boot/systemd/initrd.nix)");
        w.line("boot.initrd.systemd.enable = true;");
        w.open("boot.initrd.systemd.services.rollback = {");
        w.line("description = \"Roll back the btrfs root subvolume\";");
        w.list("wantedBy", &["initrd.target".to_string()]);
        w.list("after", &[after]);
        w.list("before", &["sysroot.mount".to_string()]);
        w.line("unitConfig.DefaultDependencies = \"no\";");
        w.line("serviceConfig.Type = \"oneshot\";");
        w.open("script = ''");
        for l in [
            "mkdir -p /btrfs_tmp".to_string(),
            format!("mount -t btrfs -o subvol=/ {dev} /btrfs_tmp"),
            "if [[ -e /btrfs_tmp/root ]]; then".into(),
            "  mkdir -p /btrfs_tmp/old_roots".into(),
            "  timestamp=$(date --date=\"@$(stat -c %Y /btrfs_tmp/root)\" \"+%Y-%m-%d_%H:%M:%S\")"
                .into(),
            "  mv /btrfs_tmp/root \"/btrfs_tmp/old_roots/$timestamp\"".into(),
            "fi".into(),
            "delete_subvolume_recursively() {".into(),
            "  IFS=$'\\n'".into(),
            "  for i in $(btrfs subvolume list -o \"$1\" | cut -f 9- -d ' '); do".into(),
            "    delete_subvolume_recursively \"/btrfs_tmp/$i\"".into(),
            "  done".into(),
            "  btrfs subvolume delete \"$1\"".into(),
            "}".into(),
            "for i in $(find /btrfs_tmp/old_roots/ -mindepth 1 -maxdepth 1 -mtime +30); do".into(),
            "  delete_subvolume_recursively \"$i\"".into(),
            "done".into(),
            "btrfs subvolume create /btrfs_tmp/root".into(),
            "umount /btrfs_tmp".into(),
        ] {
            w.line(&l);
        }
        w.close("'';");
        w.close("};");
    }
}
