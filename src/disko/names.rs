//! Near misses of the NixOS option names the linter reads (`filesystems` for
//! `fileSystems`, `neededForboot` for `neededForBoot`, `virtualization` for
//! `virtualisation`).
//!
//! NixOS option names are case-sensitive and a definition of an option nobody declares
//! fails evaluation ("The option `filesystems' does not exist"). Every NixOS option is not
//! known here, so a name is reported only when it is not a real option of its level (the
//! `known` lists) and is close to one the linter reads (the `targets`): equal but for
//! letter case, a singular/plural slip, a known alias (`mountOptions` in `fileSystems`),
//! or one or two edits away from a long name. Short names only match by case. Levels
//! follow the nixpkgs modules named beside each table; freeform settings (snapper configs,
//! container `storage.settings`) are not descended into.

use super::model::MisspelledName;
use crate::nix::eval::Evaluator;
use crate::nix::value::{Kind, Value};
use crate::source::{FileId, Span};

/// One level of the option tree.
struct Level {
    /// Option names the linter reads here: what a near miss is compared with.
    targets: &'static [&'static str],
    /// Other real option names here, never reported even when close to a target.
    known: &'static [&'static str],
    /// Names that are common mistakes for a target although far from it.
    aliases: &'static [(&'static str, &'static str)],
    /// Levels below a target.
    children: &'static [(&'static str, Child)],
}

/// What a target's value holds.
#[derive(Clone, Copy)]
enum Child {
    /// An attribute set of options.
    Set(&'static Level),
    /// An attribute set of submodules (`fileSystems.<path>`).
    Each(&'static Level),
    /// A list of submodules (`swapDevices`).
    List(&'static Level),
}

/// `enable` alone (`services.postgresql.enable`, …).
const ENABLE: Level = Level {
    targets: &["enable"],
    known: &[],
    aliases: &[],
    children: &[],
};

/// `fileSystems.<path>` (nixos/modules/tasks/filesystems.nix).
const FILE_SYSTEM: Level = Level {
    targets: &["neededForBoot", "options", "fsType", "device"],
    known: &[
        "mountPoint",
        "label",
        "noCheck",
        "autoFormat",
        "autoResize",
        "formatOptions",
        "encrypted",
        "depends",
        "stratis",
        "overlay",
        "enable",
    ],
    aliases: &[("mountOptions", "options"), ("type", "fsType")],
    children: &[],
};

/// `swapDevices.*` (nixos/modules/config/swap.nix).
const SWAP_DEVICE: Level = Level {
    targets: &[
        "device",
        "size",
        "priority",
        "options",
        "label",
        "randomEncryption",
        "discardPolicy",
    ],
    known: &["encrypted"],
    aliases: &[("mountOptions", "options")],
    children: &[],
};

/// `boot.initrd.systemd` (nixos/modules/system/boot/systemd/initrd.nix).
const INITRD_SYSTEMD: Level = Level {
    targets: &["enable", "services"],
    known: &[
        "emergencyAccess",
        "extraBin",
        "storePaths",
        "packages",
        "initrdBin",
        "contents",
        "mounts",
        "automounts",
        "targets",
        "units",
        "paths",
        "sockets",
        "timers",
        "slices",
        "network",
        "repart",
        "root",
        "tpm2",
        "dbus",
        "fido2",
        "managerEnvironment",
        "extraConfig",
        "suppressedUnits",
        "additionalUpstreamUnits",
        "strip",
        "users",
        "groups",
        "settings",
        "package",
        "enableTpm2",
        "suppressedStorePaths",
    ],
    aliases: &[],
    children: &[],
};

/// `boot.initrd` (nixos/modules/system/boot/stage-1.nix, luksroot.nix, systemd/initrd.nix).
const INITRD: Level = Level {
    targets: &[
        "systemd",
        "postDeviceCommands",
        "postResumeCommands",
        "preDeviceCommands",
        "postMountCommands",
        "preLVMCommands",
    ],
    known: &[
        "availableKernelModules",
        "kernelModules",
        "network",
        "secrets",
        "compressor",
        "compressorArgs",
        "extraFiles",
        "prepend",
        "includeDefaultModules",
        "checkJournalingFS",
        "verbose",
        "extraUtilsCommands",
        "extraUtilsCommandsTest",
        "services",
        "luks",
        "supportedFilesystems",
        "preFailCommands",
        "enable",
        "unl0kr",
        "clevis",
        "extraFirmwarePaths",
        "mdadmConf",
        "multipath",
        "environment",
        "extraModprobeConfig",
    ],
    aliases: &[],
    children: &[("systemd", Child::Set(&INITRD_SYSTEMD))],
};

/// `boot` (nixos/modules/system/boot/kernel.nix, stage-1.nix, …).
const BOOT: Level = Level {
    targets: &["initrd", "kernelPackages"],
    known: &[
        "loader",
        "kernelParams",
        "kernelModules",
        "extraModulePackages",
        "supportedFilesystems",
        "kernel",
        "kernelPatches",
        "tmp",
        "plymouth",
        "resumeDevice",
        "binfmt",
        "blacklistedKernelModules",
        "consoleLogLevel",
        "crashDump",
        "enableContainers",
        "extraModprobeConfig",
        "extraSystemdUnitPaths",
        "hardwareScan",
        "isContainer",
        "isNspawnContainer",
        "modprobeConfig",
        "postBootCommands",
        "readOnlyNixStore",
        "specialFileSystems",
        "swraid",
        "uki",
        "zfs",
        "bcache",
        "bootspec",
        "growPartition",
        "devShmSize",
        "devSize",
        "runSize",
        "lanzaboote",
        "nixStoreMountOpts",
        "iscsi-initiator",
        "kexec",
    ],
    aliases: &[],
    children: &[("initrd", Child::Set(&INITRD))],
};

/// `environment.persistence.<root>` (nix-community/impermanence `nixos.nix`).
const PERSISTENCE: Level = Level {
    targets: &[
        "persistentStoragePath",
        "directories",
        "files",
        "users",
        "hideMounts",
    ],
    known: &["enable", "enableDebugging", "enableWarnings", "allowTrash"],
    aliases: &[],
    children: &[],
};

/// `environment` (nixos/modules/config/system-environment.nix, …).
const ENVIRONMENT: Level = Level {
    targets: &["persistence"],
    known: &[
        "systemPackages",
        "etc",
        "variables",
        "sessionVariables",
        "shellAliases",
        "pathsToLink",
        "extraInit",
        "shells",
        "profiles",
        "defaultPackages",
        "extraOutputsToInstall",
        "profileRelativeEnvVars",
        "profileRelativeSessionVariables",
        "persistence",
    ],
    aliases: &[],
    children: &[("persistence", Child::Each(&PERSISTENCE))],
};

/// `services.btrfs.autoScrub` (nixos/modules/tasks/filesystems/btrfs.nix).
const AUTO_SCRUB: Level = Level {
    targets: &["enable", "fileSystems", "interval", "limit"],
    known: &[],
    aliases: &[],
    children: &[],
};

/// `services.btrfs`.
const BTRFS_SERVICE: Level = Level {
    targets: &["autoScrub"],
    known: &[],
    aliases: &[],
    children: &[("autoScrub", Child::Set(&AUTO_SCRUB))],
};

/// `services.snapper` (nixos/modules/services/misc/snapper.nix); `configs.<n>` is freeform.
const SNAPPER: Level = Level {
    targets: &[
        "configs",
        "snapshotRootOnBoot",
        "snapshotInterval",
        "cleanupInterval",
        "persistentTimer",
        "filters",
    ],
    known: &[],
    aliases: &[],
    children: &[],
};

/// `services.btrbk` (nixos/modules/services/backup/btrbk.nix).
const BTRBK: Level = Level {
    targets: &[
        "instances",
        "extraPackages",
        "niceness",
        "ioSchedulingClass",
        "sshAccess",
    ],
    known: &[],
    aliases: &[],
    children: &[],
};

/// `services.beesd` (nixos/modules/services/misc/bees.nix).
const BEESD: Level = Level {
    targets: &["filesystems"],
    known: &[],
    aliases: &[],
    children: &[],
};

/// `services`: only the services the linter reads.
const SERVICES: Level = Level {
    targets: &[
        "btrfs",
        "snapper",
        "btrbk",
        "beesd",
        "postgresql",
        "mysql",
        "etcd",
        "mongodb",
        "influxdb",
        "prometheus",
    ],
    known: &[
        "snapserver",
        "postgresqlBackup",
        "postgresqlWalReceiver",
        "mysqlBackup",
        "influxdb2",
        "bees",
    ],
    aliases: &[],
    children: &[
        ("btrfs", Child::Set(&BTRFS_SERVICE)),
        ("snapper", Child::Set(&SNAPPER)),
        ("btrbk", Child::Set(&BTRBK)),
        ("beesd", Child::Set(&BEESD)),
        ("postgresql", Child::Set(&ENABLE)),
        ("mysql", Child::Set(&ENABLE)),
        ("etcd", Child::Set(&ENABLE)),
        ("mongodb", Child::Set(&ENABLE)),
        ("influxdb", Child::Set(&ENABLE)),
        ("prometheus", Child::Set(&ENABLE)),
    ],
};

/// `virtualisation.containers.storage` (nixos/modules/virtualisation/containers.nix);
/// `settings` is freeform.
const CONTAINER_STORAGE: Level = Level {
    targets: &["settings"],
    known: &[],
    aliases: &[],
    children: &[],
};

/// `virtualisation.containers`.
const CONTAINERS: Level = Level {
    targets: &[
        "storage",
        "enable",
        "registries",
        "policy",
        "containersConf",
    ],
    known: &["cdi", "ociSeccompBpfHook"],
    aliases: &[],
    children: &[("storage", Child::Set(&CONTAINER_STORAGE))],
};

/// `virtualisation.docker` (nixos/modules/virtualisation/docker.nix).
const DOCKER: Level = Level {
    targets: &["enable", "storageDriver"],
    known: &[
        "rootless",
        "daemon",
        "autoPrune",
        "enableOnBoot",
        "extraOptions",
        "logDriver",
        "liveRestore",
        "package",
        "extraPackages",
        "listenOptions",
        "enableNvidia",
    ],
    aliases: &[],
    children: &[],
};

/// `virtualisation` (nixos/modules/virtualisation/).
const VIRTUALISATION: Level = Level {
    targets: &["containers", "podman", "docker", "libvirtd"],
    known: &[
        "libvirt",
        "oci-containers",
        "virtualbox",
        "vmware",
        "lxc",
        "lxd",
        "incus",
        "waydroid",
        "xen",
        "spiceUSBRedirection",
        "hypervGuest",
        "memorySize",
        "diskSize",
        "cores",
        "graphics",
        "qemu",
        "sharedDirectories",
        "vmVariant",
        "vmVariantWithBootLoader",
        "kvmgt",
        "cri-o",
        "containerd",
        "multipass",
        "rosetta",
    ],
    aliases: &[],
    children: &[
        ("containers", Child::Set(&CONTAINERS)),
        ("podman", Child::Set(&ENABLE)),
        ("docker", Child::Set(&DOCKER)),
        ("libvirtd", Child::Set(&ENABLE)),
    ],
};

/// `systemd.tmpfiles` (nixos/modules/system/boot/systemd/tmpfiles.nix).
const TMPFILES: Level = Level {
    targets: &["rules", "settings", "packages"],
    known: &[],
    aliases: &[],
    children: &[],
};

/// `systemd`: only `tmpfiles`.
const SYSTEMD: Level = Level {
    targets: &["tmpfiles"],
    known: &[],
    aliases: &[],
    children: &[("tmpfiles", Child::Set(&TMPFILES))],
};

/// `disko` (disko `module.nix`).
const DISKO: Level = Level {
    targets: &["devices"],
    known: &[
        "enableConfig",
        "checkScripts",
        "rootMountPoint",
        "memSize",
        "extraRootModules",
        "extraPostVM",
        "imageBuilder",
        "testMode",
        "tests",
        "extraDependencies",
    ],
    aliases: &[],
    children: &[],
};

/// The top level of a NixOS module.
const TOP: Level = Level {
    targets: &[
        "fileSystems",
        "swapDevices",
        "boot",
        "environment",
        "services",
        "virtualisation",
        "systemd",
        "disko",
    ],
    known: &[
        "system",
        "security",
        "networking",
        "nix",
        "nixpkgs",
        "users",
        "programs",
        "hardware",
        "time",
        "i18n",
        "console",
        "fonts",
        "documentation",
        "zramSwap",
        "powerManagement",
        "xdg",
        "qt",
        "location",
        "sound",
        "specialisation",
        "containers",
        "imports",
        "config",
        "options",
        "meta",
        "_module",
        "_file",
        "key",
        "disabledModules",
        "assertions",
        "warnings",
        "appstream",
        "gtk",
        "krb5",
        "ids",
        "isoImage",
        "sdImage",
        "testing",
        "home-manager",
        "sops",
        "age",
        "facter",
        "stylix",
        "lib",
    ],
    aliases: &[],
    children: &[
        ("fileSystems", Child::Each(&FILE_SYSTEM)),
        ("swapDevices", Child::List(&SWAP_DEVICE)),
        ("boot", Child::Set(&BOOT)),
        ("environment", Child::Set(&ENVIRONMENT)),
        ("services", Child::Set(&SERVICES)),
        ("virtualisation", Child::Set(&VIRTUALISATION)),
        ("systemd", Child::Set(&SYSTEMD)),
        ("disko", Child::Set(&DISKO)),
    ],
};

/// At most this many attribute names are looked at per module (values are forced lazily).
const MAX_VALUES: usize = 2000;

/// The target `name` is a near miss of, and whether only the case differs, or `None`.
fn near_miss(name: &str, level: &Level) -> Option<(&'static str, bool)> {
    if level.targets.contains(&name) || level.known.contains(&name) {
        return None;
    }
    if let Some((_, t)) = level.aliases.iter().find(|(a, _)| *a == name) {
        return Some((t, false));
    }
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'static str)> = None;
    for &t in level.targets {
        let tl = t.to_lowercase();
        if tl == lower {
            return Some((t, true));
        }
        let plural = t.len() >= 4 && (format!("{tl}s") == lower || format!("{lower}s") == tl);
        let budget = match t.chars().count() {
            0..=5 => 0,
            6..=9 => 1,
            _ => 2,
        };
        let d = if plural {
            1
        } else {
            crate::btrfs::edit_distance(&lower, &tl)
        };
        if (plural || (budget > 0 && d <= budget)) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, t));
        }
    }
    best.map(|(_, t)| (t, false))
}

/// An attribute name as it appears in a path: bare when it is an identifier, else quoted.
fn path_part(name: &str) -> String {
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''));
    if ident {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

struct Scan<'e, 'a> {
    ev: &'e mut Evaluator<'a>,
    file: FileId,
    text: &'e str,
    out: Vec<MisspelledName>,
    budget: usize,
}

impl Scan<'_, '_> {
    fn level(&mut self, v: &Value, level: &Level, prefix: &str) {
        let Kind::Attrs(a) = &v.kind else { return };
        for (name, e) in a.entries.iter() {
            if self.budget == 0 {
                return;
            }
            self.budget -= 1;
            let path = if prefix.is_empty() {
                path_part(name)
            } else {
                format!("{prefix}.{}", path_part(name))
            };
            if let Some((t, case_only)) = near_miss(name, level) {
                self.push(name, t, case_only, prefix, &path, e.key_span);
                continue;
            }
            let Some((_, child)) = level.children.iter().find(|(n, _)| **n == **name) else {
                continue;
            };
            let val = self.ev.force(&e.value);
            match *child {
                Child::Set(l) => self.level(&val, l, &path),
                Child::Each(l) => {
                    if let Kind::Attrs(items) = &val.kind {
                        for (k, ie) in items.entries.iter() {
                            let iv = self.ev.force(&ie.value);
                            self.level(&iv, l, &format!("{path}.{}", path_part(k)));
                        }
                    }
                }
                Child::List(l) => {
                    if let Kind::List { items, .. } = &val.kind {
                        for (i, t) in items.iter().enumerate() {
                            let iv = self.ev.force(t);
                            self.level(&iv, l, &format!("{path}.[{i}]"));
                        }
                    }
                }
            }
        }
    }

    fn push(
        &mut self,
        name: &str,
        suggestion: &str,
        case_only: bool,
        prefix: &str,
        path: &str,
        key: Span,
    ) {
        let span = (key.file == self.file).then_some(key);
        if span.is_some() && self.out.iter().any(|m| m.span == span) {
            return;
        }
        let written = span.and_then(|s| self.text.get(s.range()));
        let editable = written.is_some_and(|w| w == name || w == format!("\"{name}\""));
        let expected = if prefix.is_empty() {
            path_part(suggestion)
        } else {
            format!("{prefix}.{}", path_part(suggestion))
        };
        self.out.push(MisspelledName {
            name: name.to_string(),
            suggestion: suggestion.to_string(),
            path: path.to_string(),
            expected,
            case_only,
            span,
            editable,
        });
    }
}

/// The near misses among the attribute names of the NixOS module `module` (a module's top
/// level or its `config`), with spans in `file` (whose text is `text`).
pub fn scan(
    ev: &mut Evaluator<'_>,
    module: &Value,
    file: FileId,
    text: &str,
) -> Vec<MisspelledName> {
    let mut s = Scan {
        ev,
        file,
        text,
        out: Vec::new(),
        budget: MAX_VALUES,
    };
    s.level(module, &TOP, "");
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn miss(name: &str, level: &Level) -> Option<&'static str> {
        near_miss(name, level).map(|(t, _)| t)
    }

    #[test]
    fn top_level_near_misses() {
        assert_eq!(miss("filesystems", &TOP), Some("fileSystems"));
        assert_eq!(miss("fileSystem", &TOP), Some("fileSystems"));
        assert_eq!(miss("FileSystems", &TOP), Some("fileSystems"));
        assert_eq!(miss("virtualization", &TOP), Some("virtualisation"));
        assert_eq!(miss("enviroment", &TOP), Some("environment"));
        assert_eq!(miss("swapDevice", &TOP), Some("swapDevices"));
        assert_eq!(miss("service", &TOP), Some("services"));
        assert_eq!(miss("Boot", &TOP), Some("boot"));
        assert_eq!(near_miss("filesystems", &TOP), Some(("fileSystems", true)));
    }

    #[test]
    fn real_or_far_names_are_not_misses() {
        for name in [
            "system",
            "fileSystems",
            "networking",
            "users",
            "containers",
            "root",
            "disk",
            "myFileSystem",
        ] {
            assert_eq!(miss(name, &TOP), None, "{name}");
        }
        assert_eq!(miss("libvirt", &VIRTUALISATION), None, "NixVirt's option");
        assert_eq!(miss("snapserver", &SERVICES), None);
        assert_eq!(miss("influxdb2", &SERVICES), None);
        assert_eq!(miss("btrbk", &SERVICES), None);
        assert_eq!(miss("mountPoint", &FILE_SYSTEM), None);
        assert_eq!(miss("enableOnBoot", &DOCKER), None);
    }

    #[test]
    fn field_near_misses() {
        assert_eq!(miss("neededForboot", &FILE_SYSTEM), Some("neededForBoot"));
        assert_eq!(miss("neededforBoot", &FILE_SYSTEM), Some("neededForBoot"));
        assert_eq!(miss("needForBoot", &FILE_SYSTEM), Some("neededForBoot"));
        assert_eq!(miss("fstype", &FILE_SYSTEM), Some("fsType"));
        assert_eq!(miss("option", &FILE_SYSTEM), Some("options"));
        assert_eq!(miss("mountOptions", &FILE_SYSTEM), Some("options"));
        assert_eq!(miss("enabled", &INITRD_SYSTEMD), Some("enable"));
        assert_eq!(miss("persistance", &ENVIRONMENT), Some("persistence"));
        assert_eq!(miss("fileSystems", &BEESD), Some("filesystems"));
        assert_eq!(miss("autoscrub", &BTRFS_SERVICE), Some("autoScrub"));
        assert_eq!(miss("snaper", &SERVICES), Some("snapper"));
        assert_eq!(miss("postgres", &SERVICES), Some("postgresql"));
        assert_eq!(miss("rule", &TMPFILES), Some("rules"));
    }

    #[test]
    fn path_parts_quote_what_is_not_an_identifier() {
        assert_eq!(path_part("fileSystems"), "fileSystems");
        assert_eq!(path_part("/persist"), "\"/persist\"");
        assert_eq!(path_part("oci-containers"), "oci-containers");
    }
}
