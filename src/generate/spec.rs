//! The host description `generate` reads (`--spec host.toml`).
//!
//! ```toml
//! [host]
//! workloads = ["postgresql", "podman", "ide"]   # see `generate::workloads`
//! kernel = "6.12"                               # target kernel
//! storage = "nvme"                              # nvme | ssd | hdd | virtual (else from --facter)
//! priority = "balanced"                         # performance | space | reliability | balanced
//! [disk]
//! device = "/dev/disk/by-id/…"                  # or "auto": largest internal disk from --facter
//! esp_size = "1G"                               # optional
//! [layout]
//! flavour = "standard"                          # standard | impermanence
//! encryption = "none"                           # none | luks
//! swap = "auto"                                 # "16G" | "auto" | "none"
//! hibernate = false
//! [containers]                                  # optional
//! engine = "podman"  rootless = false  count = 120  io_intensive = true  multi_arch = false
//! [[projects]]
//! path = "/home/dev/src"
//! ```
//! Unknown keys are errors.

use serde::Deserialize;

/// Why a spec is unusable.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// TOML syntax or an unknown key.
    #[error("{0}")]
    Toml(String),
    /// A value outside its vocabulary.
    #[error("{0}")]
    Invalid(String),
}

/// The whole spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// What runs on the host.
    #[serde(default)]
    pub host: Host,
    /// The disk to partition.
    #[serde(default)]
    pub disk: Disk,
    /// Layout choices.
    #[serde(default)]
    pub layout: Layout,
    /// Container engine details.
    #[serde(default)]
    pub containers: Option<Containers>,
    /// Source trees that get their own subvolume.
    #[serde(default)]
    pub projects: Vec<Project>,
}

/// `[host]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    /// Workload names.
    #[serde(default)]
    pub workloads: Vec<String>,
    /// Target kernel `major.minor`.
    pub kernel: Option<String>,
    /// `nvme` | `ssd` | `hdd` | `virtual`.
    pub storage: Option<String>,
    /// `performance` | `space` | `reliability` | `balanced` (default).
    pub priority: Option<String>,
}

/// `[disk]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disk {
    /// A `/dev/disk/by-id/…` path, or `auto`.
    pub device: Option<String>,
    /// ESP size (disko size syntax, e.g. `1G`).
    pub esp_size: Option<String>,
}

/// `[layout]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// `standard` (default) | `impermanence`.
    pub flavour: Option<String>,
    /// `none` (default) | `luks`.
    pub encryption: Option<String>,
    /// `auto` (default) | `none` | a size such as `16G`.
    pub swap: Option<String>,
    /// Hibernate to the swap file.
    #[serde(default)]
    pub hibernate: bool,
}

/// `[containers]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Containers {
    /// `podman` | `docker`.
    pub engine: Option<String>,
    /// Rootless containers (storage under each user's home).
    #[serde(default)]
    pub rootless: bool,
    /// Expected number of containers.
    pub count: Option<u32>,
    /// Containers do heavy I/O on their layers.
    #[serde(default)]
    pub io_intensive: bool,
    /// Images for several architectures are pulled.
    #[serde(default)]
    pub multi_arch: bool,
}

/// `[[projects]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Absolute path of the source tree.
    pub path: String,
}

/// The priority of trade-offs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Speed first.
    Performance,
    /// Disk space first.
    Space,
    /// Data integrity first (keeps checksums everywhere).
    Reliability,
    /// The default.
    Balanced,
}

impl Spec {
    /// Parses and validates a spec.
    pub fn parse(text: &str) -> Result<Spec, SpecError> {
        let spec: Spec = toml::from_str(text)
            .map_err(|e| SpecError::Toml(e.to_string().trim_end().to_string()))?;
        spec.validate()?;
        Ok(spec)
    }

    fn validate(&self) -> Result<(), SpecError> {
        let bad = |what: &str, v: &str, allowed: &[&str]| {
            SpecError::Invalid(format!(
                "{what} = \"{v}\" is not one of {}",
                allowed.join(", ")
            ))
        };
        if let Some(s) = &self.host.storage
            && !["nvme", "ssd", "hdd", "virtual"].contains(&s.as_str())
        {
            return Err(bad("[host] storage", s, &["nvme", "ssd", "hdd", "virtual"]));
        }
        if let Some(p) = &self.host.priority
            && !["performance", "space", "reliability", "balanced"].contains(&p.as_str())
        {
            return Err(bad(
                "[host] priority",
                p,
                &["performance", "space", "reliability", "balanced"],
            ));
        }
        if let Some(k) = &self.host.kernel
            && k.parse::<crate::btrfs::KernelVersion>().is_err()
        {
            return Err(SpecError::Invalid(format!(
                "[host] kernel = \"{k}\" is not a version like \"6.12\""
            )));
        }
        if let Some(f) = &self.layout.flavour
            && !["standard", "impermanence"].contains(&f.as_str())
        {
            return Err(bad("[layout] flavour", f, &["standard", "impermanence"]));
        }
        if let Some(e) = &self.layout.encryption
            && !["none", "luks"].contains(&e.as_str())
        {
            return Err(bad("[layout] encryption", e, &["none", "luks"]));
        }
        if let Some(s) = &self.layout.swap
            && s != "auto"
            && s != "none"
            && !is_size(s)
        {
            return Err(SpecError::Invalid(format!(
                "[layout] swap = \"{s}\": use \"auto\", \"none\" or a size like \"16G\" (digits and one of K M G T P)"
            )));
        }
        if let Some(s) = &self.disk.esp_size
            && !is_size(s)
        {
            return Err(SpecError::Invalid(format!(
                "[disk] esp_size = \"{s}\" is not a disko size like \"1G\""
            )));
        }
        if let Some(c) = &self.containers
            && let Some(e) = &c.engine
            && !["podman", "docker"].contains(&e.as_str())
        {
            return Err(bad("[containers] engine", e, &["podman", "docker"]));
        }
        for p in &self.projects {
            if !p.path.starts_with('/') || p.path.ends_with('/') {
                return Err(SpecError::Invalid(format!(
                    "[[projects]] path = \"{}\" must be absolute, without a trailing slash",
                    p.path
                )));
            }
        }
        Ok(())
    }

    /// The priority (default balanced).
    pub fn priority(&self) -> Priority {
        match self.host.priority.as_deref() {
            Some("performance") => Priority::Performance,
            Some("space") => Priority::Space,
            Some("reliability") => Priority::Reliability,
            _ => Priority::Balanced,
        }
    }

    /// True for the impermanence flavour.
    pub fn impermanence(&self) -> bool {
        self.layout.flavour.as_deref() == Some("impermanence")
    }

    /// True when the disk is encrypted with LUKS.
    pub fn luks(&self) -> bool {
        self.layout.encryption.as_deref() == Some("luks")
    }
}

/// disko's size syntax for partitions and swap files: digits and one unit (`512M`, `16G`).
pub fn is_size(s: &str) -> bool {
    let Some(unit) = s.chars().last() else {
        return false;
    };
    s.len() > 1 && "KMGTP".contains(unit) && s[..s.len() - 1].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_values_are_errors() {
        assert!(Spec::parse("[host]\nworkload = []\n").is_err());
        assert!(Spec::parse("[host]\nstorage = \"floppy\"\n").is_err());
        assert!(Spec::parse("[layout]\nswap = \"1.5G\"\n").is_err());
        assert!(Spec::parse("[host]\nkernel = \"six\"\n").is_err());
        let s = Spec::parse("[host]\nworkloads = [\"postgresql\"]\n[layout]\nswap = \"16G\"\n")
            .unwrap();
        assert_eq!(s.priority(), Priority::Balanced);
    }

    #[test]
    fn sizes_follow_disko() {
        assert!(is_size("512M") && is_size("16G"));
        assert!(!is_size("1.5G") && !is_size("512MiB") && !is_size("G") && !is_size("100%"));
    }
}
