//! NixOS settings written in the same module as the disko tree: `fileSystems`, tmpfiles,
//! initrd hooks and services, snapper, btrbk, scrub, bees, container storage, services,
//! impermanence, `swapDevices`, the kernel.

use super::{Cx, PATHS_NEEDED_FOR_BOOT};
use crate::disko::model::*;
use crate::nix::value::Kind;
use crate::nix::value::Value;

impl Cx<'_> {
    // ------------------------------------------------------------------------------------
    // NixOS settings in the same module

    pub(super) fn nixos(&mut self, m: &Value) {
        let text = self.text.clone();
        let misspelled = crate::disko::names::scan(&mut self.ev, m, self.file, &text);
        self.model.nixos.misspelled.extend(misspelled);
        if let Some((fs, _)) = self.get(m, "fileSystems") {
            let Some(a) = fs.as_attrs().cloned() else {
                return;
            };
            for (p, e) in a.entries.iter() {
                let v = self.force(&e.value);
                if !matches!(v.kind, Kind::Attrs(_)) {
                    continue;
                }
                let nfb_entry = self.get(&v, "neededForBoot");
                let nfb = nfb_entry.as_ref().and_then(|(b, _)| b.as_bool());
                let needed_for_boot_remove = nfb_entry
                    .as_ref()
                    .and_then(|(_, e)| self.loc(e.def_span))
                    .map(|sp| self.binding_removal(sp));
                let options = match self.get(&v, "options") {
                    Some((o, _)) => self.str_list(&o, &format!("fileSystems.\"{p}\".options")),
                    None => Vec::new(),
                };
                let fs_type = self.get_str(&v, "fsType", "fileSystems").map(|l| l.value);
                let device = self.get_str(&v, "device", "fileSystems").map(|l| l.value);
                let span = self.loc(e.def_span);
                self.model.nixos.file_systems.push(FsSetting {
                    path: p.to_string(),
                    needed_for_boot: nfb,
                    needed_for_boot_remove,
                    options,
                    fs_type,
                    device,
                    span,
                    origin: None,
                });
            }
        }
        if let Some((tf, _)) = self.get_path(m, &["systemd", "tmpfiles"]) {
            let list = self.option_list(&tf, "rules", &[], "systemd.tmpfiles");
            if list.explicit {
                for it in &list.items {
                    self.model.nixos.tmpfiles_rules.push(Fact {
                        value: it.value.clone(),
                        span: it.span,
                        origin: None,
                    });
                }
                self.model.nixos.tmpfiles_list = Some(list);
            }
        }
        if let Some((settings, _)) = self.get_path(m, &["systemd", "tmpfiles", "settings"]) {
            // settings.<name>."<path>".<type> = { argument = "+C"; mode = …; }
            let mut lines = Vec::new();
            self.each(&settings, "systemd.tmpfiles.settings", |cx, _n, group| {
                cx.each(group, "systemd.tmpfiles.settings", |cx, path, types| {
                    cx.each(types, "systemd.tmpfiles.settings", |cx, ty, spec| {
                        let arg = cx
                            .get_str(spec, "argument", "tmpfiles")
                            .map(|l| l.value)
                            .unwrap_or_else(|| "-".into());
                        lines.push(Fact {
                            value: format!("{ty} {path} - - - - {arg}"),
                            span: cx.loc(spec.span),
                            origin: None,
                        });
                    });
                });
            });
            self.model.nixos.tmpfiles_settings.extend(lines);
        }
        if let Some((initrd, _)) = self.get_path(m, &["boot", "initrd"]) {
            if let Some(b) = self
                .get_path(&initrd, &["systemd", "enable"])
                .and_then(|(v, _)| v.as_bool())
            {
                self.model.nixos.initrd_systemd = Some(b);
            }
            for h in [
                "preDeviceCommands",
                "postDeviceCommands",
                "postResumeCommands",
                "postMountCommands",
                "preLVMCommands",
            ] {
                if let Some((hv, e)) = self.get(&initrd, h) {
                    let span = self.loc(e.def_span);
                    self.model.nixos.initrd_hooks.push(Hook {
                        name: h.to_string(),
                        script: hv.as_str().map(str::to_string),
                        span,
                    });
                }
            }
            if let Some((svcs, _)) = self.get_path(&initrd, &["systemd", "services"])
                && let Some(a) = svcs.as_attrs().cloned()
            {
                self.model
                    .nixos
                    .initrd_services
                    .extend(a.entries.keys().map(|k| k.to_string()));
                for (name, e) in a.entries.iter() {
                    let sv = self.force(&e.value);
                    if let Some((script, se)) = self.get(&sv, "script") {
                        let span = self.loc(se.def_span);
                        self.model.nixos.initrd_service_scripts.push(Hook {
                            name: name.to_string(),
                            script: script.as_str().map(str::to_string),
                            span,
                        });
                    }
                }
            }
        }
        if let Some((cfgs, _)) = self.get_path(m, &["services", "snapper", "configs"]) {
            let mut out = Vec::new();
            self.each(&cfgs, "services.snapper.configs", |cx, name, c| {
                let sub = cx.get_str(c, "SUBVOLUME", "snapper").map(|l| l.value);
                out.push(SnapperConfig {
                    name: name.to_string(),
                    subvolume: sub,
                    span: cx.loc(c.span),
                });
            });
            self.model.nixos.snapper.extend(out);
        }
        if self.get_path(m, &["services", "btrbk"]).is_some() {
            self.model.nixos.btrbk = true;
        }
        if let Some((s, e)) = self.get_path(m, &["services", "btrfs", "autoScrub"]) {
            let enable = self.get_bool(&s, "enable");
            let file_systems = self
                .get(&s, "fileSystems")
                .map(|(v, _)| self.str_list(&v, "autoScrub.fileSystems"));
            self.model.nixos.auto_scrub = Some(AutoScrub {
                enable,
                file_systems,
                span: self.loc(e.def_span),
            });
        }
        if let Some((b, _)) = self.get_path(m, &["services", "beesd", "filesystems"])
            && let Some(a) = b.as_attrs()
        {
            self.model
                .nixos
                .beesd
                .extend(a.entries.keys().map(|k| k.to_string()));
        }
        if let Some((st, _)) = self.get_path(
            m,
            &[
                "virtualisation",
                "containers",
                "storage",
                "settings",
                "storage",
            ],
        ) {
            self.model.nixos.containers.driver = self.get_str(&st, "driver", "storage");
            self.model.nixos.containers.graphroot =
                self.get_str(&st, "graphroot", "storage").map(|l| l.value);
            self.model.nixos.containers.rootless_storage_path = self
                .get_str(&st, "rootless_storage_path", "storage")
                .map(|l| l.value);
            let mp = match self.get_path(&st, &["options", "overlay"]) {
                Some((o, _)) => self.get_str(&o, "mount_program", "storage"),
                None => None,
            };
            let mp = mp.or_else(|| {
                self.get(&st, "options")
                    .and_then(|(o, _)| self.get_str(&o, "mount_program", "storage"))
            });
            self.model.nixos.containers.mount_program = mp;
        }
        if let Some((d, _)) = self.get_path(m, &["virtualisation", "docker"]) {
            self.model.nixos.containers.docker = self.get_bool(&d, "enable").unwrap_or(false);
            self.model.nixos.containers.docker_driver = self.get_str(&d, "storageDriver", "docker");
            if self.model.nixos.containers.docker {
                self.model.nixos.services.push("docker".into());
            }
        }
        if let Some((p, _)) = self.get_path(m, &["virtualisation", "podman"])
            && self.get_bool(&p, "enable") == Some(true)
        {
            self.model.nixos.containers.podman = true;
            self.model.nixos.services.push("podman".into());
        }
        if let Some((p, _)) = self.get_path(m, &["virtualisation", "libvirtd"])
            && self.get_bool(&p, "enable") == Some(true)
        {
            self.model.nixos.services.push("libvirtd".into());
        }
        for svc in [
            "postgresql",
            "mysql",
            "etcd",
            "mongodb",
            "influxdb",
            "prometheus",
        ] {
            if let Some((s, _)) = self.get_path(m, &["services", svc])
                && self.get_bool(&s, "enable") == Some(true)
            {
                self.model.nixos.services.push(svc.into());
            }
        }
        if let Some((p, _)) = self.get_path(m, &["environment", "persistence"])
            && let Some(a) = p.as_attrs().cloned()
        {
            for (root, e) in a.entries.iter() {
                let v = self.force(&e.value);
                if matches!(v.kind, Kind::Absent) {
                    continue;
                }
                let root =
                    match self.get_str(&v, "persistentStoragePath", "environment.persistence") {
                        Some(l) => l.value,
                        None => root.to_string(),
                    };
                self.model.nixos.persistence.push(Fact {
                    value: root,
                    span: self.loc(e.key_span),
                    origin: None,
                });
            }
        }
        if let Some((s, _)) = self.get(m, "swapDevices")
            && let Kind::List { items, .. } = &s.kind
        {
            self.model.nixos.user_swap_devices += items.len();
        }
        // Where nix-daemon builds (DL406). Read without recording unknowns: these settings
        // only narrow findings.
        let located = |cx: &Self, v: &Value| Located {
            value: v.as_str().map(str::to_string).unwrap_or_default(),
            span: cx.loc(v.span),
        };
        if let Some((v, _)) = self.get_path(m, &["nix", "settings", "build-dir"]) {
            self.model.nixos.nix_build_dir = Some(located(self, &v));
        } else if let Some((v, _)) = self.get_path(m, &["nix", "extraOptions"]) {
            let line = v.as_str().and_then(|t| {
                t.lines()
                    .filter_map(|l| l.trim().strip_prefix("build-dir"))
                    .filter_map(|r| r.trim_start().strip_prefix('='))
                    .map(|r| r.trim().to_string())
                    .next_back()
            });
            match line {
                Some(dir) => {
                    self.model.nixos.nix_build_dir = Some(Located {
                        value: dir,
                        span: self.loc(v.span),
                    })
                }
                None if v.as_str().is_none() => {
                    self.model.nixos.nix_build_dir = Some(Located {
                        value: String::new(),
                        span: self.loc(v.span),
                    })
                }
                None => {}
            }
        }
        if let Some((v, _)) = self.get_path(
            m,
            &["systemd", "services", "nix-daemon", "environment", "TMPDIR"],
        ) {
            self.model.nixos.nix_daemon_tmpdir = Some(located(self, &v));
        }
        if let Some((boot, _)) = self.get(m, "boot") {
            if let Some(l) = self.get_str(&boot, "resumeDevice", "boot") {
                self.model.nixos.resume_device = Some(Fact {
                    value: l.value,
                    span: l.span,
                    origin: None,
                });
            }
            if let Some((kp, _)) = self.get(&boot, "kernelParams") {
                let list = self.option_list(&boot, "kernelParams", &[], "boot");
                self.model.nixos.kernel_params_unknown |=
                    list.unknown.is_some() || kp.unknown_reason().is_some();
                for it in list.items {
                    self.model.nixos.kernel_params.push(Fact {
                        value: it.value,
                        span: it.span,
                        origin: None,
                    });
                }
            }
            if let Some((sec, _)) = self.get_path(&boot, &["initrd", "secrets"]) {
                match sec.as_attrs() {
                    Some(a) => {
                        if !a.dynamic_unknown.is_empty() {
                            self.model.nixos.initrd_secrets_unknown = true;
                        }
                        for (name, e) in a.entries.iter() {
                            let span = self.loc(e.key_span);
                            self.model.nixos.initrd_secrets.push(Fact {
                                value: name.to_string(),
                                span,
                                origin: None,
                            });
                        }
                    }
                    None => self.model.nixos.initrd_secrets_unknown = true,
                }
            }
        }
        if let Some((k, _)) = self.get_path(m, &["boot", "kernelPackages"]) {
            let text = &self.text;
            if k.span.file == self.file {
                let t = text.get(k.span.range()).unwrap_or("").to_string();
                self.model.nixos.kernel_packages = Some(t);
            }
        }
    }

    pub(super) fn apply_fs_settings(&mut self) {
        let settings = self.model.nixos.file_systems.clone();
        for s in &settings {
            let mut matched = false;
            for m in self
                .model
                .mounts
                .iter_mut()
                .filter(|m| m.mountpoint == s.path)
            {
                matched = true;
                if s.needed_for_boot == Some(true) {
                    m.needed_for_boot = true;
                }
                m.options.extend(s.options.iter().cloned());
            }
            if !matched && s.fs_type.is_some() {
                self.model.mounts.push(Mount {
                    implicit_needed_for_boot: PATHS_NEEDED_FOR_BOOT.contains(&s.path.as_str()),
                    mountpoint: s.path.clone(),
                    fs_type: s.fs_type.clone().unwrap_or_default(),
                    device: None,
                    options: s.options.clone(),
                    needed_for_boot: s.needed_for_boot == Some(true),
                    source: "fileSystems".into(),
                    btrfs: None,
                    subvolume: None,
                    span: s.span,
                    options_unknown: false,
                    conditional: false,
                    options_conditional: false,
                    condition: None,
                });
            }
        }
    }
}
