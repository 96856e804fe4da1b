//! Reading a nixos-facter hardware report (`facter.json`) into the few facts that storage
//! decisions need: platform, RAM, CPU, and each disk with its class and stable path.
//!
//! Source of every rule: `FACTER.md` (the nixos-facter schema notes beside the real
//! reports; nixos-facter is a thin JSON wrapper over hwinfo plus `systemd-detect-virt`).
//! Section numbers below refer to it. The schema drifted without version bumps (§7), so
//! parsing is lenient: [`parse`] fails only when the text is not JSON or not a JSON object;
//! any missing bucket, `null` entry, float-for-int, hex string or unexpected shape yields
//! `None` / an empty list for that fact and the rest is still read. Nothing here panics on
//! input or does IO.
//!
//! ```
//! let report = disko_lint::facter::parse(r#"{"version": 1, "virtualisation": "none"}"#).unwrap();
//! assert_eq!(report.virtualisation.as_deref(), Some("none"));
//! assert!(report.disks.is_empty());
//! assert!(disko_lint::facter::parse("[1, 2]").is_err());
//! ```

mod disk;
mod raw;

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::Value;

pub use disk::{ClassBasis, Disk, DiskClass, StorageClass};

/// Why a text is not a facter report. Only these two: everything else is read leniently.
#[derive(Debug, thiserror::Error)]
pub enum FacterError {
    /// The text is not JSON (syntax error, truncated, or nested deeper than serde_json's
    /// recursion limit of 128).
    #[error("facter report is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The JSON is valid but its top level is not an object (`[…]`, a string, a number…).
    #[error("facter report must be a JSON object, found {found}")]
    NotAnObject {
        /// What the top level was: `"an array"`, `"a string"`, `"a number"`, `"a boolean"`
        /// or `"null"`.
        found: &'static str,
    },
}

/// The facts read from one facter report.
///
/// Serialises (field names and order) exactly like the reference reader's output in
/// `EXPECTED-derived.json`; [`Disk`] adds a few extra fields after the reference ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacterReport {
    /// `.version`: the report format version. Not monotonic (1, then 2 from 2024-08-20 to
    /// 2024-09-13, then 1 again); do not branch on it (§1, §7).
    pub report_version: Option<i64>,
    /// `.system`: the Nix system, e.g. `"x86_64-linux"`, `"aarch64-linux"` (§1).
    pub system: Option<String>,
    /// `.virtualisation`: `systemd-detect-virt`'s answer in snake_case (`"none"` = bare
    /// metal, `"kvm"`, `"qemu"`, `"microsoft"`, `"lxc"`, …). Pre-Nov-2024 reports' only
    /// different name, `"power_vm"`, is normalised to `"powervm"` (§1).
    pub virtualisation: Option<String>,
    /// `.uefi.supported`, present only in reports since Nov 2025 (§1); `None` when absent.
    pub uefi: Option<bool>,
    /// `.smbios.chassis[].chassis_type.name` (an object before 2025-04, a list after):
    /// `"Notebook"`, `"Desktop"`, `"Other"` (VMs), … (§4 "Virtualisation / platform").
    pub chassis: Vec<String>,
    /// Memory sizes from three sources (§4 "RAM").
    pub ram: Ram,
    /// Processor facts (§4 "CPU").
    pub cpu: Cpu,
    /// `.hardware.disk[]` entries that have a `/dev` node and a size, in report order
    /// (§4 "Disks"). Includes [`DiskClass::Ignore`] entries (floppy, zram, …) so nothing
    /// facter listed disappears silently; [`FacterReport::internal_disks`] skips them.
    pub disks: Vec<Disk>,
}

/// Memory size in bytes, from the three places facter reports it (§4 "RAM").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ram {
    /// Σ `.hardware.memory[].resources[type=="phys_mem"].range`. hwinfo rounds it down
    /// (15 GiB on a 16 GiB laptop, 3.75 GiB on a 4 GiB VM). `None` when no entry has one
    /// (the v2 sample has `"memory": [null]`).
    pub phys_mem_bytes: Option<u64>,
    /// Σ `resources[type=="mem" && base==0].range` of the same entries: roughly MemTotal.
    /// Only in reports from before 2025-07, when the `mem` resource was filtered out.
    pub mem_resource_bytes: Option<u64>,
    /// Σ `.smbios.memory_device[].size` × 1024 (the unit is KiB; 0 = empty slot): the
    /// installed DIMMs. `None` when no slot reports a size.
    pub smbios_dimm_bytes: Option<u64>,
    /// The value to size things by: `phys_mem_bytes`, else `smbios_dimm_bytes`, else
    /// `mem_resource_bytes`.
    pub best_bytes: Option<u64>,
}

/// Processor facts from `.hardware.cpu[]` (one entry per socket, entries may be `null`)
/// and `.smbios.processor[]` (§4 "CPU").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cpu {
    /// Number of sockets: distinct `physical_id`s among the non-null entries (an entry
    /// without one counts on its own). A VM often shows N sockets × 1 core.
    pub sockets: Option<u32>,
    /// Physical cores: Σ `cores` (a per-socket count). `None` on aarch64, which reports
    /// no `cores`/`siblings` (use `nproc` from metrics there; `units` is not a core count).
    pub cores: Option<u32>,
    /// Hardware threads: Σ `siblings`. `cores < threads` means SMT is on.
    pub threads: Option<u32>,
    /// `model_name`, often absent; else `.smbios.processor[].version` unless it is a
    /// placeholder (`NotSpecified`, `pc-i440fx-*`, `pc-q35-*`, `To Be Filled By O.E.M.`).
    pub model: Option<String>,
    /// `vendor_name`: `"GenuineIntel"`, `"AuthenticAMD"`, `"ARM Limited"`, …
    pub vendor: Option<String>,
    /// `architecture`: `"x86_64"`, `"aarch64"`, …
    pub arch: Option<String>,
    /// Selected `/proc/cpuinfo` flags from `features` (present on every socket).
    pub flags: CpuFlags,
}

/// CPU flags relevant to btrfs checksums, compression and encryption, read from
/// `.hardware.cpu[].features` (§4 "CPU": the `/proc/cpuinfo` flags). `true` when every
/// socket that lists features has the flag. The set is the reference reader's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CpuFlags {
    /// x86 AES-NI (dm-crypt/LUKS speed).
    pub aes: bool,
    /// x86 vector AES.
    pub vaes: bool,
    /// x86 carry-less multiply (GCM, crc folding).
    pub pclmulqdq: bool,
    /// x86 AVX.
    pub avx: bool,
    /// x86 AVX2 (fast xxhash/blake2, zstd).
    pub avx2: bool,
    /// x86 AVX-512 Foundation.
    pub avx512f: bool,
    /// x86 SSE4.2: hardware crc32c, btrfs's default checksum.
    pub sse4_2: bool,
    /// x86 SHA extensions (sha256 checksums).
    pub sha_ni: bool,
    /// x86 BMI2.
    pub bmi2: bool,
    /// aarch64 CRC32 instructions (crc32c).
    pub crc32: bool,
    /// aarch64 polynomial multiply.
    pub pmull: bool,
    /// aarch64 SHA-256.
    pub sha2: bool,
    /// aarch64 SHA-512.
    pub sha512: bool,
    /// aarch64 Advanced SIMD.
    pub asimd: bool,
    /// Running under a hypervisor (confirms a VM, §4 "Virtualisation").
    pub hypervisor: bool,
}

impl CpuFlags {
    fn set(&mut self, flag: &str) {
        match flag {
            "aes" => self.aes = true,
            "vaes" => self.vaes = true,
            "pclmulqdq" => self.pclmulqdq = true,
            "avx" => self.avx = true,
            "avx2" => self.avx2 = true,
            "avx512f" => self.avx512f = true,
            "sse4_2" => self.sse4_2 = true,
            "sha_ni" => self.sha_ni = true,
            "bmi2" => self.bmi2 = true,
            "crc32" => self.crc32 = true,
            "pmull" => self.pmull = true,
            "sha2" => self.sha2 = true,
            "sha512" => self.sha512 = true,
            "asimd" => self.asimd = true,
            "hypervisor" => self.hypervisor = true,
            _ => {}
        }
    }

    fn and(self, o: CpuFlags) -> CpuFlags {
        CpuFlags {
            aes: self.aes && o.aes,
            vaes: self.vaes && o.vaes,
            pclmulqdq: self.pclmulqdq && o.pclmulqdq,
            avx: self.avx && o.avx,
            avx2: self.avx2 && o.avx2,
            avx512f: self.avx512f && o.avx512f,
            sse4_2: self.sse4_2 && o.sse4_2,
            sha_ni: self.sha_ni && o.sha_ni,
            bmi2: self.bmi2 && o.bmi2,
            crc32: self.crc32 && o.crc32,
            pmull: self.pmull && o.pmull,
            sha2: self.sha2 && o.sha2,
            sha512: self.sha512 && o.sha512,
            asimd: self.asimd && o.asimd,
            hypervisor: self.hypervisor && o.hypervisor,
        }
    }
}

/// Parse a facter report.
///
/// Errors only when `text` is not JSON or its top level is not an object; every other
/// oddity degrades to `None` / empty for the affected fact. A leading UTF-8 BOM is
/// accepted.
pub fn parse(text: &str) -> Result<FacterReport, FacterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = serde_json::from_str(text)?;
    if !root.is_object() {
        return Err(FacterError::NotAnObject {
            found: match root {
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            },
        });
    }
    Ok(FacterReport::from_value(&root))
}

impl FacterReport {
    /// Read the facts from an already parsed JSON object (any other value gives an empty
    /// report).
    pub fn from_value(root: &Value) -> FacterReport {
        let virtualisation = raw::string_at(root, "virtualisation").map(|v| {
            let v = v.replace('-', "_");
            if v == "power_vm" {
                "powervm".to_string()
            } else {
                v
            }
        });
        let uefi = raw::get(root, "uefi").and_then(|u| match u {
            Value::Object(_) => raw::get(u, "supported").and_then(raw::boolean),
            other => raw::boolean(other),
        });
        let chassis = raw::objects(raw::path(root, &["smbios", "chassis"]))
            .into_iter()
            .filter_map(|c| raw::get(c, "chassis_type").and_then(raw::id_name))
            .collect();
        let hardware = raw::get(root, "hardware");
        let bucket = |name: &str| hardware.and_then(|h| raw::get(h, name));

        let raid_controllers: Vec<(u64, String)> = raw::objects(bucket("storage_controller"))
            .into_iter()
            .filter_map(|c| {
                let driver = raw::string_at(c, "driver")
                    .filter(|d| disk::HW_RAID_DRIVERS.contains(&d.as_str()))?;
                Some((raw::uint_at(c, "index")?, driver))
            })
            .collect();
        let disks = raw::objects(bucket("disk"))
            .into_iter()
            .filter_map(|d| disk::from_raw(d, virtualisation.as_deref(), &raid_controllers))
            .collect();

        FacterReport {
            report_version: raw::get(root, "version").and_then(raw::int),
            system: raw::string_at(root, "system"),
            virtualisation,
            uefi,
            chassis,
            ram: read_ram(
                bucket("memory"),
                raw::path(root, &["smbios", "memory_device"]),
            ),
            cpu: read_cpu(bucket("cpu"), raw::path(root, &["smbios", "processor"])),
            disks,
        }
    }

    /// Disks to install on: not [`DiskClass::Ignore`] and not removable/USB
    /// ([`Disk::is_removable_or_usb`]), in report order.
    pub fn internal_disks(&self) -> impl Iterator<Item = &Disk> {
        self.disks
            .iter()
            .filter(|d| d.class != DiskClass::Ignore && !d.is_removable_or_usb())
    }

    /// The disk for `device = "auto"`: the largest internal disk
    /// ([`FacterReport::internal_disks`]) with a known size; on equal sizes the first in
    /// report order. `None` when there is none.
    pub fn largest_internal_disk(&self) -> Option<&Disk> {
        self.internal_disks()
            .filter(|d| d.size_bytes.is_some())
            .fold(None::<&Disk>, |best, d| match best {
                Some(b) if b.size_bytes >= d.size_bytes => Some(b),
                _ => Some(d),
            })
    }

    /// The disk a device path refers to (§4 step 6): a kernel path (`/dev/sda`), any alias
    /// facter lists (`/dev/disk/by-id/…`, `by-path`, `by-uuid`), or either with a
    /// partition suffix (`/dev/nvme0n1p2`, `/dev/sda3`, `/dev/mmcblk0p1`, `…-part2`).
    /// `None` for `/dev/mapper/*` and `/dev/dm-*` (LUKS/LVM: facter has no mapping) and
    /// for unknown paths.
    pub fn find_disk(&self, device: &str) -> Option<&Disk> {
        let device = device.trim();
        if let Some(d) = self.disks.iter().find(|d| d.has_name(device)) {
            return Some(d);
        }
        if let Some((base, n)) = device.rsplit_once("-part")
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return self.disks.iter().find(|d| d.has_name(base));
        }
        let name = device.strip_prefix("/dev/")?;
        if name.contains('/') {
            return None;
        }
        let base = strip_partition_suffix(name)?;
        let path = format!("/dev/{base}");
        self.disks.iter().find(|d| d.dev.as_deref() == Some(&path))
    }

    /// Whether the host is a VM or container: `.virtualisation != "none"`, or the CPU flag
    /// `hypervisor` (§4 "Virtualisation"). `None` when neither says anything.
    pub fn is_virtual(&self) -> Option<bool> {
        match self.virtualisation.as_deref() {
            Some(v) => Some(v != "none" || self.cpu.flags.hypervisor),
            None if self.cpu.flags.hypervisor => Some(true),
            None => None,
        }
    }

    /// Summarise the disks for a host spec and for diagnosis: each disk's resolved
    /// [`StorageClass`] and what it rests on, the class of the `auto` disk, which disks
    /// still need a rotational hint, and notes (SSD/HDD guesses, VM disks, NVMe under a
    /// hypervisor, hardware RAID).
    ///
    /// `rotational` maps a kernel name (`"sda"` or `"/dev/sda"`) to `lsblk ROTA` /
    /// `/sys/block/<dev>/queue/rotational` (`true` = spinning); pass an empty map when
    /// there is none.
    pub fn storage_summary(&self, rotational: &BTreeMap<String, bool>) -> StorageSummary {
        let hint = |d: &Disk| -> Option<bool> {
            let name = d.kernel_name()?;
            rotational
                .get(name)
                .or_else(|| rotational.get(&format!("/dev/{name}")))
                .copied()
        };
        let auto = self.largest_internal_disk();
        let mut notes = Vec::new();
        let mut needs_rotational_hint = Vec::new();
        let mut disks = Vec::new();
        for d in self.disks.iter().filter(|d| d.class != DiskClass::Ignore) {
            let r = hint(d);
            let storage = d.storage_class(r);
            let basis = d.storage_basis(r);
            let removable = d.is_removable_or_usb();
            let label = d.dev.clone().unwrap_or_else(|| "?".to_string());
            let model = d.model_by_id.clone().or_else(|| d.model.clone());
            if !removable {
                match (storage, basis) {
                    (StorageClass::SataUnknown | StorageClass::Unknown, _) => {
                        needs_rotational_hint.push(label.clone());
                        notes.push(format!(
                            "{label}: SSD or HDD cannot be told from facter (it does not read \
                             rotational); give `lsblk -d -o NAME,ROTA,MODEL,TRAN` or \
                             /sys/block/{}/queue/rotational",
                            d.kernel_name().unwrap_or("?")
                        ));
                    }
                    (StorageClass::Ssd | StorageClass::Hdd, ClassBasis::ModelHeuristic) => {
                        needs_rotational_hint.push(label.clone());
                        notes.push(format!(
                            "{label}: {} guessed from the model string {:?}; confirm with \
                             `lsblk -d -o NAME,ROTA`",
                            storage.host_storage().unwrap_or("?"),
                            model.as_deref().unwrap_or("")
                        ));
                    }
                    (StorageClass::Nvme, _) if self.is_virtual() == Some(true) => notes.push(format!(
                        "{label}: NVMe inside a VM is passthrough or a cloud namespace, which may \
                         be network-backed"
                    )),
                    (StorageClass::Virtual, _) => notes.push(format!(
                        "{label}: a VM disk; the host's medium is unknown and `rotational` in the \
                         guest says nothing"
                    )),
                    _ => {}
                }
                if let Some(drv) = &d.hardware_raid {
                    notes.push(format!(
                        "{label}: behind a hardware RAID controller ({drv}); it may be a logical \
                         volume whose medium is unknown"
                    ));
                }
            }
            disks.push(DiskSummary {
                dev: d.dev.clone(),
                stable_path: d.stable_path().map(str::to_string),
                model,
                size_bytes: d.size_bytes,
                class: d.class,
                storage,
                basis,
                removable,
                hardware_raid: d.hardware_raid.clone(),
            });
        }
        if auto.is_none() {
            notes.push("no internal (non-USB, non-removable) disk with a known size".to_string());
        }
        StorageSummary {
            host_storage: auto.map(|d| d.storage_class(hint(d))),
            auto_device: auto.and_then(|d| d.stable_path().map(str::to_string).or(d.dev.clone())),
            disks,
            needs_rotational_hint,
            notes,
        }
    }
}

/// The disks of a report as storage decisions see them ([`FacterReport::storage_summary`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StorageSummary {
    /// Resolved class of the `device = "auto"` disk ([`FacterReport::largest_internal_disk`]);
    /// [`StorageClass::host_storage`] turns it into the spec's `storage` value.
    pub host_storage: Option<StorageClass>,
    /// That disk's [`Disk::stable_path`], else its kernel path.
    pub auto_device: Option<String>,
    /// Every disk except [`DiskClass::Ignore`] ones, in report order.
    pub disks: Vec<DiskSummary>,
    /// Kernel paths of internal disks whose SSD/HDD medium is unknown or only guessed from
    /// the model string: ask for `lsblk -d -o NAME,ROTA,MODEL,TRAN`.
    pub needs_rotational_hint: Vec<String>,
    /// One line per caveat, for humans.
    pub notes: Vec<String>,
}

/// One disk in a [`StorageSummary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiskSummary {
    /// Kernel path, e.g. `/dev/sda`.
    pub dev: Option<String>,
    /// [`Disk::stable_path`].
    pub stable_path: Option<String>,
    /// Full model ([`Disk::model_by_id`]) or hwinfo's model.
    pub model: Option<String>,
    /// Size in bytes.
    pub size_bytes: Option<u64>,
    /// Class from facter alone.
    pub class: DiskClass,
    /// Class after the rotational hint, if any.
    pub storage: StorageClass,
    /// What `storage` rests on.
    pub basis: ClassBasis,
    /// [`Disk::is_removable_or_usb`].
    pub removable: bool,
    /// [`Disk::hardware_raid`].
    pub hardware_raid: Option<String>,
}

/// `sda3` → `sda`, `nvme0n1p2` → `nvme0n1`, `mmcblk0p1` → `mmcblk0` (§4 step 6: `p\d+$`
/// after a digit, else `\d+$`). `None` when there is no numeric suffix.
fn strip_partition_suffix(name: &str) -> Option<&str> {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() == name.len() || stem.is_empty() {
        return None;
    }
    if let Some(before_p) = stem.strip_suffix('p')
        && before_p.ends_with(|c: char| c.is_ascii_digit())
    {
        return Some(before_p);
    }
    Some(stem)
}

fn sum(values: impl Iterator<Item = u64>) -> Option<u64> {
    values.fold(None, |acc: Option<u64>, v| {
        Some(acc.unwrap_or(0).saturating_add(v))
    })
}

/// §4 "RAM".
fn read_ram(memory: Option<&Value>, dimms: Option<&Value>) -> Ram {
    let entries = raw::objects(memory);
    let resources = || {
        entries
            .iter()
            .flat_map(|m| raw::objects(raw::get(m, "resources")))
    };
    let of_type = |r: &Value, t: &str| raw::string_at(r, "type").as_deref() == Some(t);
    let phys_mem_bytes = sum(resources()
        .filter(|r| of_type(r, "phys_mem"))
        .filter_map(|r| raw::uint_at(r, "range")));
    let mem_resource_bytes = sum(resources()
        .filter(|r| of_type(r, "mem") && raw::uint_at(r, "base") == Some(0))
        .filter_map(|r| raw::uint_at(r, "range")));
    let smbios_dimm_bytes = sum(raw::objects(dimms)
        .into_iter()
        .filter_map(|d| raw::uint_at(d, "size"))
        .filter(|kib| *kib > 0)
        .map(|kib| kib.saturating_mul(1024)));
    Ram {
        phys_mem_bytes,
        mem_resource_bytes,
        smbios_dimm_bytes,
        best_bytes: phys_mem_bytes.or(smbios_dimm_bytes).or(mem_resource_bytes),
    }
}

/// Placeholder processor versions in SMBIOS (VMs, unfilled OEM tables).
fn is_placeholder_cpu_model(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    l == "notspecified"
        || l == "not specified"
        || l == "unknown"
        || l.starts_with("pc-i440fx-")
        || l.starts_with("pc-q35-")
        || l.starts_with("to be filled")
}

/// §4 "CPU".
fn read_cpu(cpus: Option<&Value>, smbios_processors: Option<&Value>) -> Cpu {
    let mut seen = HashSet::new();
    let entries: Vec<&Value> = raw::objects(cpus)
        .into_iter()
        .filter(|c| match raw::uint_at(c, "physical_id") {
            Some(id) => seen.insert(id),
            None => true,
        })
        .collect();
    let to_u32 = |v: u64| u32::try_from(v).ok();
    let cores = sum(entries.iter().filter_map(|c| raw::uint_at(c, "cores"))).and_then(to_u32);
    let threads = sum(entries.iter().filter_map(|c| raw::uint_at(c, "siblings"))).and_then(to_u32);
    let first = |key: &str| entries.iter().find_map(|c| raw::string_at(c, key));
    let model = first("model_name").or_else(|| {
        raw::objects(smbios_processors)
            .into_iter()
            .filter_map(|p| raw::string_at(p, "version"))
            .find(|v| !is_placeholder_cpu_model(v))
    });
    let flags = entries
        .iter()
        .filter_map(|c| raw::get(c, "features"))
        .map(|f| {
            let mut flags = CpuFlags::default();
            for name in raw::strings(Some(f)) {
                flags.set(&name);
            }
            flags
        })
        .reduce(CpuFlags::and)
        .unwrap_or_default();
    Cpu {
        sockets: (!entries.is_empty())
            .then(|| to_u32(entries.len() as u64))
            .flatten(),
        cores,
        threads,
        model,
        vendor: first("vendor_name"),
        arch: first("architecture"),
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_suffixes() {
        assert_eq!(strip_partition_suffix("sda3"), Some("sda"));
        assert_eq!(strip_partition_suffix("nvme0n1p2"), Some("nvme0n1"));
        assert_eq!(strip_partition_suffix("mmcblk0p1"), Some("mmcblk0"));
        assert_eq!(strip_partition_suffix("vda1"), Some("vda"));
        assert_eq!(strip_partition_suffix("sda"), None);
        assert_eq!(strip_partition_suffix("123"), None);
    }

    #[test]
    fn odd_top_levels() {
        assert!(matches!(
            parse("null"),
            Err(FacterError::NotAnObject { found: "null" })
        ));
        assert!(matches!(
            parse("\"x\""),
            Err(FacterError::NotAnObject { found: "a string" })
        ));
        assert!(matches!(parse("{"), Err(FacterError::Json(_))));
        let r = parse("\u{feff}{}").unwrap();
        assert_eq!(r.report_version, None);
        assert_eq!(r.cpu, Cpu::default());
        assert_eq!(r.ram, Ram::default());
    }

    #[test]
    fn wrong_types_everywhere_do_not_panic() {
        let text = r#"{
            "version": "2", "system": 5, "virtualisation": "power-vm", "uefi": true,
            "hardware": {
                "disk": [null, 1, "x", {"unix_device_names": "/dev/sda",
                          "resources": {"type": "size", "unit": "sectors", "value_1": "0x10", "value_2": 4096.0}},
                         {"unix_device_names": ["/dev/sdb"], "resources": [{"type": "size", "value_1": 18446744073709551615, "value_2": 512}]}],
                "cpu": {"cores": 4.0, "siblings": "8", "features": "aes", "physical_id": 0},
                "memory": [{"resources": [{"type": "phys_mem", "range": 1.5e10}]}]
            },
            "smbios": {"chassis": {"chassis_type": "Desktop"}, "memory_device": [{"size": -1}, {"size": "0x400"}]}
        }"#;
        let r = parse(text).unwrap();
        assert_eq!(r.report_version, Some(2));
        assert_eq!(r.system, None);
        assert_eq!(r.virtualisation.as_deref(), Some("powervm"));
        assert_eq!(r.uefi, Some(true));
        assert_eq!(r.chassis, vec!["Desktop"]);
        assert_eq!(r.disks.len(), 1, "overflowing size drops /dev/sdb");
        assert_eq!(r.disks[0].size_bytes, Some(16 * 4096));
        assert_eq!(r.cpu.cores, Some(4));
        assert_eq!(r.cpu.threads, Some(8));
        assert!(r.cpu.flags.aes);
        assert_eq!(r.ram.phys_mem_bytes, Some(15_000_000_000));
        assert_eq!(r.ram.smbios_dimm_bytes, Some(1024 * 1024));
    }
}
