//! Disks from `.hardware.disk[]`: which entries are real disks, their size, kernel name,
//! full model, `by-id` aliases and storage class (FACTER.md §4 "Disks").

use serde::Serialize;
use serde_json::Value;

use super::raw;

/// What kind of device a disk entry is, derived from facter's structural fields alone
/// (FACTER.md §4 step 5, first matching rule wins). Serialised in snake_case exactly as
/// the reference reader names it (`EXPECTED-derived.json`): `"usb"`, `"virtual"`,
/// `"nvme"`, `"emmc"`, `"ssd"`, `"hdd"`, `"sata_unknown"`, `"ignore"`, `"unknown"`.
///
/// facter (hwinfo) does not read `/sys/block/*/queue/rotational`, so a SATA/SAS disk is
/// [`DiskClass::Ssd`] or [`DiskClass::Hdd`] only by a model-string guess
/// ([`ClassBasis::ModelHeuristic`]) and [`DiskClass::SataUnknown`] otherwise; use
/// [`Disk::storage_class`] with a rotational hint to settle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiskClass {
    /// USB mass storage (removable): bus `USB`, or drivers `usb-storage` / `uas`. USB sticks
    /// and UAS enclosures show bus `SCSI` with drivers `["sd","usb-storage"]`.
    Usb,
    /// A paravirtual or emulated disk: drivers `virtio_blk`, `virtio_scsi`,
    /// `xen-blkfront`, `hv_storvsc`, `vmw_pvscsi`; a model such as `QEMU HARDDISK` or
    /// `VBOX HARDDISK`; or any disk not otherwise classified while
    /// `.virtualisation != "none"`.
    Virtual,
    /// NVMe: driver `nvme`, bus `NVME`, or a `sysfs_id` under `/nvme`. Under a hypervisor
    /// this is passthrough or a cloud NVMe namespace, which may be network-backed.
    Nvme,
    /// eMMC / SD: `/dev/mmcblk*` or bus `MMC`/`SDIO`.
    Emmc,
    /// SATA/SAS disk whose model string looks like an SSD (`SSD`, `MZ7`, `MTFD`, `CT…MX/BX`,
    /// `SA400`, `WDS…`). A guess: see [`ClassBasis::ModelHeuristic`].
    Ssd,
    /// SATA/SAS disk whose model string looks like a spinning disk (`ST<digit>`,
    /// `WDC WD<digit>`, `HGST`, `Hitachi HU`, `TOSHIBA DT/MD/MG/MK/MQ/HDW`, `HUS`, `WUH`).
    /// A guess: see [`ClassBasis::ModelHeuristic`].
    Hdd,
    /// SATA/SAS (bus `IDE` or `SCSI`, driver `sd`) where the model string does not tell SSD
    /// from HDD. Ask for `lsblk -d -o NAME,ROTA,MODEL,TRAN` or
    /// `/sys/block/<dev>/queue/rotational`.
    SataUnknown,
    /// Listed by facter but not storage to install on: `/dev/zram*` (zram swap), `/dev/fd*`
    /// (floppy), `/dev/loop*`, `/dev/sr*`, `/dev/ram*`, eMMC boot/RPMB areas.
    Ignore,
    /// None of the rules matched (unknown bus on bare metal).
    Unknown,
}

/// What a [`DiskClass`] (or a resolved [`StorageClass`]) rests on. Serialised in
/// kebab-case: `"structure"`, `"model-heuristic"`, `"virtualisation-fallback"`,
/// `"rotational-hint"`, `"undetermined"`, `"excluded"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClassBasis {
    /// Bus type, driver, sysfs path or device name: facts, not guesses.
    Structure,
    /// A model-string pattern (SSD vs HDD, or a hypervisor's disk model name). Usually
    /// right, never proof (FACTER.md §4: identical structure for SSD and HDD).
    ModelHeuristic,
    /// No rule matched except "the host is a VM" (`.virtualisation != "none"`).
    VirtualisationFallback,
    /// A rotational flag supplied by the caller (`lsblk ROTA`, sysfs) settled it.
    RotationalHint,
    /// Nothing says what the medium is.
    Undetermined,
    /// The device is not an install target ([`DiskClass::Ignore`]).
    Excluded,
}

/// The medium class for decisions (compression level, SSD-only options, HDD tunables),
/// after combining [`DiskClass`] with an optional rotational hint
/// ([`Disk::storage_class`]). Serialised in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageClass {
    /// NVMe flash.
    Nvme,
    /// Non-rotational SATA/SAS (or eMMC) flash.
    Ssd,
    /// Spinning disk.
    Hdd,
    /// A VM disk: the medium behind it is unknown and `rotational` inside the guest says
    /// nothing (virtio often reports 1).
    Virtual,
    /// SATA/SAS, SSD or HDD unknown: facter cannot tell them apart (FACTER.md §4).
    SataUnknown,
    /// USB / removable: not an install target for `device = "auto"`.
    Usb,
    /// Nothing known.
    Unknown,
}

impl StorageClass {
    /// The `[host] storage` value of a host spec (`nvme | ssd | hdd | virtual`), or `None`
    /// when this class cannot be stated as one of them (`sata_unknown`, `usb`, `unknown`).
    pub fn host_storage(self) -> Option<&'static str> {
        match self {
            StorageClass::Nvme => Some("nvme"),
            StorageClass::Ssd => Some("ssd"),
            StorageClass::Hdd => Some("hdd"),
            StorageClass::Virtual => Some("virtual"),
            StorageClass::SataUnknown | StorageClass::Usb | StorageClass::Unknown => None,
        }
    }
}

/// One entry of `.hardware.disk[]` that has a `/dev` node and a size (FACTER.md §4 step 1).
///
/// The first eight fields are exactly the reference reader's output
/// (`EXPECTED-derived.json`, same names and order); the rest are extras for matching and
/// removability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disk {
    /// Kernel device path, e.g. `/dev/nvme0n1`, `/dev/sda`, `/dev/vda`: the entry of
    /// `unix_device_names` with exactly two `/` (not `/dev/root`), or the older
    /// `unix_device_name` (FACTER.md §4 step 3).
    pub dev: Option<String>,
    /// hwinfo's `model` string ("vendor + device"). Cut to 16 characters for SATA
    /// (`"Micron_1100_MTFD"`); just `"Disk"` for virtio-blk (FACTER.md §2).
    pub model: Option<String>,
    /// The full model from the `/dev/disk/by-id/{ata,nvme,scsi,usb}-<model>_<serial>`
    /// alias, `_` turned into spaces and the serial dropped (FACTER.md §4 step 4), e.g.
    /// `"Micron 1100 MTFDDAV512TBN"`. Only when it extends [`Disk::model`] (so
    /// `scsi-0QEMU_QEMU_HARDDISK_…` gives `None`: its vendor prefix is not part of the model).
    pub model_by_id: Option<String>,
    /// hwinfo bus name from `bus_type` (older reports: `bus`): `"NVME"`, `"IDE"` (how
    /// SATA/AHCI shows), `"SCSI"` (SAS, USB storage, virtio-scsi), `"USB"`, `"MMC"`.
    /// `None` on virtio-blk (FACTER.md §2).
    pub bus: Option<String>,
    /// Bound drivers as reported (`drivers`, else `driver`), e.g. `["ahci","sd"]`,
    /// `["nvme"]`, `["virtio-pci","virtio_blk"]`, `["sd","usb-storage"]`.
    pub drivers: Vec<String>,
    /// Size in bytes: `value_1 × value_2` of the `size` resource with unit `sectors`
    /// (`value_2` is the logical sector size, 512 or 4096; taken as 512 when missing)
    /// (FACTER.md §3).
    pub size_bytes: Option<u64>,
    /// Device class from structure and model string (see [`DiskClass`]).
    pub class: DiskClass,
    /// Every `/dev/disk/by-id/…` alias except partitions (`-partN`), sorted as facter
    /// sorts them. Disko `device =` paths normally come from here.
    pub by_id: Vec<String>,
    /// What [`Disk::class`] rests on.
    pub class_basis: ClassBasis,
    /// `hotplug` when present (`"usb"`, `"pcmcia"`, …; v2 reports say `"none"`).
    pub hotplug: Option<String>,
    /// The driver of the storage controller this disk hangs off (`attached_to`) when that
    /// driver is a hardware RAID one (`megaraid_sas`, `mpt3sas`, `hpsa`, `smartpqi`,
    /// `aacraid`): the "disk" may be a logical volume whose medium is unknown
    /// (FACTER.md §4).
    pub hardware_raid: Option<String>,
    /// All `unix_device_names` as reported (`by-path`, `by-uuid`, `by-label`, …) plus the
    /// older `unix_device_name`.
    pub device_names: Vec<String>,
    /// `true` when the USB signals beyond the class rule are present: `module_alias`
    /// `usb:…` or a `sysfs_device_link` through a USB port.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub usb_attached: bool,
}

impl Disk {
    /// The kernel name without `/dev/`, e.g. `"sda"`, `"nvme0n1"` (the key of
    /// `/sys/block/<name>` and of `lsblk NAME`).
    pub fn kernel_name(&self) -> Option<&str> {
        self.dev
            .as_deref()
            .map(|d| d.strip_prefix("/dev/").unwrap_or(d))
    }

    /// The medium class for decisions, given an optional rotational hint for this disk
    /// (`lsblk -d -o NAME,ROTA` or `/sys/block/<dev>/queue/rotational`; `Some(true)` =
    /// spinning).
    ///
    /// A hint overrides the model-string guess for SATA/SAS and unknown disks (the kernel
    /// reads the drive's reported rotation rate; the model table is a guess). It is
    /// ignored for USB (removable whatever the medium) and virtual disks (a guest's
    /// `rotational` says nothing about the host). NVMe stays NVMe unless the
    /// hint says rotational (multi-actuator NVMe HDDs exist, rarely). eMMC counts as SSD.
    pub fn storage_class(&self, rotational: Option<bool>) -> StorageClass {
        match self.class {
            DiskClass::Usb => StorageClass::Usb,
            DiskClass::Virtual => StorageClass::Virtual,
            DiskClass::Nvme => match rotational {
                Some(true) => StorageClass::Hdd,
                _ => StorageClass::Nvme,
            },
            DiskClass::Emmc => match rotational {
                Some(true) => StorageClass::Hdd,
                _ => StorageClass::Ssd,
            },
            DiskClass::Ssd | DiskClass::Hdd | DiskClass::SataUnknown | DiskClass::Unknown => {
                match rotational {
                    Some(true) => StorageClass::Hdd,
                    Some(false) => StorageClass::Ssd,
                    None => match self.class {
                        DiskClass::Ssd => StorageClass::Ssd,
                        DiskClass::Hdd => StorageClass::Hdd,
                        DiskClass::SataUnknown => StorageClass::SataUnknown,
                        _ => StorageClass::Unknown,
                    },
                }
            }
            DiskClass::Ignore => StorageClass::Unknown,
        }
    }

    /// What [`Disk::storage_class`] with this hint rests on.
    pub fn storage_basis(&self, rotational: Option<bool>) -> ClassBasis {
        let hint_used = match self.class {
            DiskClass::Ssd | DiskClass::Hdd | DiskClass::SataUnknown | DiskClass::Unknown => {
                rotational.is_some()
            }
            DiskClass::Nvme | DiskClass::Emmc => rotational == Some(true),
            DiskClass::Usb | DiskClass::Virtual | DiskClass::Ignore => false,
        };
        if hint_used {
            ClassBasis::RotationalHint
        } else {
            self.class_basis
        }
    }

    /// `true` for USB disks ([`DiskClass::Usb`], bus `USB`, drivers `usb-storage`/`uas`, a
    /// `usb:` module alias or a USB sysfs path) and hot-pluggable ones (`hotplug` `usb`,
    /// `pcmcia`, `firewire`/`ieee1394`). Such disks are never picked for
    /// `device = "auto"`.
    pub fn is_removable_or_usb(&self) -> bool {
        self.class == DiskClass::Usb
            || self.usb_attached
            || self
                .bus
                .as_deref()
                .is_some_and(|b| b.eq_ignore_ascii_case("usb"))
            || self
                .drivers
                .iter()
                .any(|d| d == "usb-storage" || d == "usb_storage" || d == "uas")
            || self.hotplug.as_deref().is_some_and(|h| {
                matches!(
                    h.to_ascii_lowercase().as_str(),
                    "usb" | "pcmcia" | "firewire" | "ieee1394"
                )
            })
    }

    /// The best `/dev/disk/by-id/…` path to write into disko's `device =`, or `None`
    /// when facter lists no by-id alias.
    ///
    /// Preference (FACTER.md §4 steps 4 and 6: disko devices are usually by-id paths and
    /// appear verbatim in `unix_device_names`):
    /// 1. `<bus>-<model>_<serial>` (`nvme-`, `ata-`, `scsi-`, `usb-`, `virtio-`, …): stable
    ///    across boots and controllers, and says which drive it is to a reader;
    /// 2. the same with an NVMe namespace suffix (`…_1`);
    /// 3. `wwn-0x…` (stable, opaque);
    /// 4. `nvme-eui.…` / `nvme-nvme.…` (stable, opaque).
    ///
    /// Partitions (`-partN`) are never returned. Ties go to the first in sorted order.
    pub fn stable_path(&self) -> Option<&str> {
        self.by_id
            .iter()
            .min_by_key(|p| by_id_rank(p))
            .map(String::as_str)
    }

    /// Whether `name` (a kernel path, a by-id/by-path/by-uuid alias, or either with a
    /// partition suffix) names this disk. See [`super::FacterReport::find_disk`].
    pub(crate) fn has_name(&self, name: &str) -> bool {
        self.dev.as_deref() == Some(name) || self.device_names.iter().any(|n| n == name)
    }
}

const BY_ID: &str = "/dev/disk/by-id/";

/// Rank of a by-id alias for [`Disk::stable_path`]: lower is better.
fn by_id_rank(path: &str) -> u8 {
    let name = path.strip_prefix(BY_ID).unwrap_or(path);
    if name.starts_with("wwn-") {
        2
    } else if name.starts_with("nvme-eui.") || name.starts_with("nvme-nvme.") {
        3
    } else if name.starts_with("nvme-") && has_namespace_suffix(name) {
        1
    } else {
        0
    }
}

/// `nvme-<model>_<serial>_<nsid>`: the last `_` segment is a short number and there are
/// at least three segments after the prefix.
fn has_namespace_suffix(name: &str) -> bool {
    let body = name.strip_prefix("nvme-").unwrap_or(name);
    let segments: Vec<&str> = body.split('_').collect();
    segments.len() >= 3 && {
        let last = segments[segments.len() - 1];
        !last.is_empty() && last.len() <= 4 && last.bytes().all(|b| b.is_ascii_digit())
    }
}

/// Paravirtual / hypervisor storage drivers (FACTER.md §4 step 5).
const VIRTUAL_DRIVERS: &[&str] = &[
    "virtio_blk",
    "virtio-blk",
    "virtio_scsi",
    "virtio-scsi",
    "xen-blkfront",
    "xen_blkfront",
    "hv_storvsc",
    "vmw_pvscsi",
];

/// Model substrings of emulated disks (FACTER.md §4 step 5: `QEMU HARDDISK`, `VBOX`,
/// `Virtual`, …).
const VIRTUAL_MODELS: &[&str] = &[
    "QEMU HARDDISK",
    "QEMU NVME",
    "VBOX",
    "VIRTUAL",
    "VMWARE",
    "MSFT",
];

/// Storage-controller drivers of hardware RAID HBAs (FACTER.md §4 "Hardware RAID").
pub(crate) const HW_RAID_DRIVERS: &[&str] =
    &["megaraid_sas", "mpt3sas", "hpsa", "smartpqi", "aacraid"];

/// Map an hwinfo bus ID value to its name, for IDs that carry only `value`
/// (FACTER.md §2: NVME 0x96, IDE 0x85, SCSI 0x84, USB 0x86, PCI 4, Virtio 0x8f, MMC 0x93).
fn bus_name_from_value(v: u64) -> Option<&'static str> {
    Some(match v {
        0x96 => "NVME",
        0x85 => "IDE",
        0x84 => "SCSI",
        0x86 => "USB",
        4 => "PCI",
        0x8f => "Virtio",
        0x93 => "MMC",
        _ => return None,
    })
}

/// Build a [`Disk`] from one `.hardware.disk[]` entry, or `None` when the entry has no
/// `/dev` node or no size (FACTER.md §4 step 1: not a disk).
pub(crate) fn from_raw(
    entry: &Value,
    virtualisation: Option<&str>,
    raid_controllers: &[(u64, String)],
) -> Option<Disk> {
    let mut device_names = raw::strings(raw::get(entry, "unix_device_names"));
    if let Some(old) = raw::string_at(entry, "unix_device_name")
        && !device_names.contains(&old)
    {
        device_names.push(old);
    }
    let dev = device_names
        .iter()
        .find(|n| n.starts_with("/dev/") && n.matches('/').count() == 2 && *n != "/dev/root")
        .cloned()?;
    let size_bytes = size_of(entry)?;

    let model = raw::string_at(entry, "model");
    let bus = raw::get(entry, "bus_type")
        .or_else(|| raw::get(entry, "bus"))
        .and_then(|b| {
            raw::id_name(b).or_else(|| {
                raw::id_value(b)
                    .and_then(bus_name_from_value)
                    .map(str::to_string)
            })
        });
    let mut drivers = raw::strings(raw::get(entry, "drivers"));
    if drivers.is_empty() {
        drivers = raw::strings(raw::get(entry, "driver"));
    }
    let mut by_id: Vec<String> = device_names
        .iter()
        .filter(|n| n.starts_with(BY_ID) && !is_partition_alias(n))
        .cloned()
        .collect();
    by_id.sort();
    by_id.dedup();
    let serial = raw::string_at(entry, "serial");
    let model_by_id = model_from_by_id(&by_id, model.as_deref(), serial.as_deref());
    let hotplug = raw::get(entry, "hotplug").and_then(raw::id_name);
    let sysfs_id = raw::string_at(entry, "sysfs_id");
    let class_list = raw::strings(raw::get(entry, "class_list"));
    let usb_attached = raw::string_at(entry, "module_alias").is_some_and(|a| a.starts_with("usb:"))
        || raw::string_at(entry, "sysfs_device_link").is_some_and(|l| l.contains("/usb"));
    let hardware_raid = raw::uint_at(entry, "attached_to").and_then(|parent| {
        raid_controllers
            .iter()
            .find(|(idx, _)| *idx == parent)
            .map(|(_, drv)| drv.clone())
    });

    let facts = Facts {
        dev: &dev,
        model: model.as_deref(),
        model_by_id: model_by_id.as_deref(),
        bus: bus.as_deref(),
        drivers: &drivers,
        sysfs_id: sysfs_id.as_deref(),
        class_list: &class_list,
        virtualisation,
    };
    let (class, class_basis) = classify(&facts);

    Some(Disk {
        dev: Some(dev),
        model,
        model_by_id,
        bus,
        drivers,
        size_bytes: Some(size_bytes),
        class,
        by_id,
        class_basis,
        hotplug,
        hardware_raid,
        device_names,
        usb_attached,
    })
}

/// `-partN` aliases name partitions, not the disk.
fn is_partition_alias(name: &str) -> bool {
    name.rsplit_once("-part")
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Size in bytes from the `size` resource (FACTER.md §3).
fn size_of(entry: &Value) -> Option<u64> {
    raw::objects(raw::get(entry, "resources"))
        .into_iter()
        .filter(|r| raw::string_at(r, "type").as_deref() == Some("size"))
        .find_map(|r| {
            let unit = raw::string_at(r, "unit");
            let v1 = raw::uint_at(r, "value_1")?;
            match unit.as_deref() {
                Some("sectors") | None => {
                    let sector = raw::uint_at(r, "value_2").filter(|s| *s > 0).unwrap_or(512);
                    v1.checked_mul(sector)
                }
                Some("byte") => Some(v1),
                Some("kbyte") => v1.checked_mul(1024),
                Some("mbyte") => v1.checked_mul(1024 * 1024),
                Some("gbyte") => v1.checked_mul(1024 * 1024 * 1024),
                Some(_) => None,
            }
        })
}

/// The full model from a by-id alias (FACTER.md §4 step 4).
fn model_from_by_id(by_id: &[String], model: Option<&str>, serial: Option<&str>) -> Option<String> {
    let wanted = model.map(normalise_model);
    by_id.iter().find_map(|path| {
        let name = path.strip_prefix(BY_ID)?;
        let (prefix, body) = name.split_once('-')?;
        if !matches!(prefix, "ata" | "nvme" | "scsi" | "usb") {
            return None;
        }
        if body.starts_with("eui.") || body.starts_with("nvme.") {
            return None;
        }
        if prefix == "nvme"
            && has_namespace_suffix(name)
            && !serial.is_some_and(|s| body.ends_with(&format!("_{s}")))
        {
            return None;
        }
        let stripped = match serial {
            Some(s) if body.ends_with(&format!("_{s}")) => &body[..body.len() - s.len() - 1],
            _ => body.rsplit_once('_').map(|(m, _)| m)?,
        };
        let candidate = stripped.replace('_', " ").trim().to_string();
        if candidate.is_empty() {
            return None;
        }
        match &wanted {
            // Only accept a by-id model that extends hwinfo's (possibly cut) model: this
            // rejects vendor-prefixed SCSI IDs like `scsi-0QEMU_QEMU_HARDDISK_…`.
            Some(w) if !normalise_model(&candidate).starts_with(w.as_str()) => None,
            // Without an hwinfo model, SCSI IDs carry an ID-type digit and vendor prefix
            // that cannot be told from the model; trust the others.
            None if prefix == "scsi" => None,
            _ => Some(candidate),
        }
    })
}

/// Uppercase, `_` as space, whitespace collapsed.
fn normalise_model(s: &str) -> String {
    s.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

/// What [`classify`] looks at.
struct Facts<'a> {
    dev: &'a str,
    model: Option<&'a str>,
    model_by_id: Option<&'a str>,
    bus: Option<&'a str>,
    drivers: &'a [String],
    sysfs_id: Option<&'a str>,
    class_list: &'a [String],
    virtualisation: Option<&'a str>,
}

impl Facts<'_> {
    fn has_driver(&self, names: &[&str]) -> bool {
        self.drivers.iter().any(|d| names.contains(&d.as_str()))
    }
    fn bus_is(&self, names: &[&str]) -> bool {
        self.bus
            .is_some_and(|b| names.iter().any(|n| b.eq_ignore_ascii_case(n)))
    }
    fn in_class_list(&self, names: &[&str]) -> bool {
        self.class_list.iter().any(|c| names.contains(&c.as_str()))
    }
    fn models(&self) -> impl Iterator<Item = String> + '_ {
        self.model_by_id
            .into_iter()
            .chain(self.model)
            .map(normalise_model)
    }
}

/// FACTER.md §4 step 5: the first matching rule wins.
fn classify(f: &Facts<'_>) -> (DiskClass, ClassBasis) {
    let name = f.dev.strip_prefix("/dev/").unwrap_or(f.dev);
    if ["zram", "fd", "loop", "sr", "ram"]
        .iter()
        .any(|p| name.starts_with(p) && name[p.len()..].bytes().all(|b| b.is_ascii_digit()))
        || f.has_driver(&["floppy"])
        || (name.starts_with("mmcblk") && (name.contains("boot") || name.contains("rpmb")))
    {
        return (DiskClass::Ignore, ClassBasis::Excluded);
    }
    if f.bus_is(&["USB"]) || f.has_driver(&["usb-storage", "usb_storage", "uas"]) {
        return (DiskClass::Usb, ClassBasis::Structure);
    }
    if f.has_driver(VIRTUAL_DRIVERS) {
        return (DiskClass::Virtual, ClassBasis::Structure);
    }
    if f.models()
        .any(|m| VIRTUAL_MODELS.iter().any(|v| m.contains(v)))
    {
        return (DiskClass::Virtual, ClassBasis::ModelHeuristic);
    }
    if f.has_driver(&["nvme"])
        || f.bus_is(&["NVME"])
        || f.sysfs_id.is_some_and(|s| s.contains("/nvme"))
        || name.starts_with("nvme")
    {
        return (DiskClass::Nvme, ClassBasis::Structure);
    }
    if name.starts_with("mmcblk") || f.bus_is(&["MMC", "SDIO"]) {
        return (DiskClass::Emmc, ClassBasis::Structure);
    }
    if f.virtualisation.is_some_and(|v| v != "none") {
        return (DiskClass::Virtual, ClassBasis::VirtualisationFallback);
    }
    if f.bus_is(&["IDE", "SCSI", "ATA", "SATA"])
        || f.in_class_list(&["ide", "scsi"])
        || f.has_driver(&["sd", "ahci"])
    {
        return match f.models().find_map(|m| model_medium(&m)) {
            Some(Medium::Solid) => (DiskClass::Ssd, ClassBasis::ModelHeuristic),
            Some(Medium::Spinning) => (DiskClass::Hdd, ClassBasis::ModelHeuristic),
            None => (DiskClass::SataUnknown, ClassBasis::Undetermined),
        };
    }
    (DiskClass::Unknown, ClassBasis::Undetermined)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Medium {
    Solid,
    Spinning,
}

/// Model-string heuristic for SATA/SAS disks (FACTER.md §4 step 5), on a
/// [`normalise_model`]d string. SSD patterns are tried first.
fn model_medium(m: &str) -> Option<Medium> {
    let words: Vec<&str> = m.split_whitespace().collect();
    let starts_digit = |s: &str, p: &str| {
        s.strip_prefix(p)
            .is_some_and(|r| r.bytes().next().is_some_and(|b| b.is_ascii_digit()))
    };
    let crucial = |w: &str| {
        w.strip_prefix("CT").is_some_and(|r| {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            digits > 0 && (r[digits..].starts_with("MX") || r[digits..].starts_with("BX"))
        })
    };
    let solid = m.contains("SSD")
        || m.contains("MZ7")
        || m.contains("MTFD")
        || m.contains("SA400")
        || words.iter().any(|w| crucial(w) || starts_digit(w, "WDS"));
    if solid {
        return Some(Medium::Solid);
    }
    let first = words.first().copied().unwrap_or_default();
    let second = words.get(1).copied().unwrap_or_default();
    let spinning = starts_digit(first, "ST")
        || (first == "WDC" && starts_digit(second, "WD"))
        || m.contains("HGST")
        || (first == "HITACHI" && second.starts_with("HU"))
        || (first == "TOSHIBA"
            && ["DT", "MD", "MG", "MK", "MQ", "HDW"]
                .iter()
                .any(|p| second.starts_with(p)))
        || first.starts_with("HUS")
        || first.starts_with("WUH");
    spinning.then_some(Medium::Spinning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_heuristic_matches_facter_md_examples() {
        let m = |s: &str| model_medium(&normalise_model(s));
        assert_eq!(m("Micron_1100_MTFD"), Some(Medium::Solid));
        assert_eq!(m("Samsung SSD 870 EVO 1TB"), Some(Medium::Solid));
        assert_eq!(m("CT500MX500SSD1"), Some(Medium::Solid));
        assert_eq!(m("CT1000BX500"), Some(Medium::Solid));
        assert_eq!(m("KINGSTON SA400S37240G"), Some(Medium::Solid));
        assert_eq!(m("WDC WDS500G2B0A"), Some(Medium::Solid));
        assert_eq!(m("ST1000LM035-1RK1"), Some(Medium::Spinning));
        assert_eq!(m("WDC WD40EFRX-68N"), Some(Medium::Spinning));
        assert_eq!(m("TOSHIBA DT01ACA2"), Some(Medium::Spinning));
        assert_eq!(m("Hitachi HUA72303"), Some(Medium::Spinning));
        assert_eq!(m("HGST HUH721010ALE600"), Some(Medium::Spinning));
        assert_eq!(m("WUH721414ALE6L4"), Some(Medium::Spinning));
        assert_eq!(m("XYZ Generic 2000"), None);
        assert_eq!(m(""), None);
    }

    #[test]
    fn by_id_model_and_ranks() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let nvme = ids(&[
            "/dev/disk/by-id/nvme-ACME_NV1_512G_S1X2",
            "/dev/disk/by-id/nvme-ACME_NV1_512G_S1X2_1",
            "/dev/disk/by-id/nvme-eui.0011",
        ]);
        assert_eq!(
            model_from_by_id(&nvme, Some("ACME NV1 512G"), Some("S1X2")).as_deref(),
            Some("ACME NV1 512G")
        );
        let qemu = ids(&["/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_123"]);
        assert_eq!(model_from_by_id(&qemu, Some("QEMU HARDDISK"), None), None);
        let wwn = ids(&["/dev/disk/by-id/wwn-0x5000c500b95bca50"]);
        assert_eq!(model_from_by_id(&wwn, None, None), None);
        assert_eq!(by_id_rank(&nvme[0]), 0);
        assert_eq!(by_id_rank(&nvme[1]), 1);
        assert_eq!(by_id_rank(&nvme[2]), 3);
        assert_eq!(by_id_rank("/dev/disk/by-id/wwn-0x1"), 2);
        assert!(is_partition_alias("/dev/disk/by-id/ata-X_1-part2"));
        assert!(!is_partition_alias("/dev/disk/by-id/ata-X_1"));
    }
}
