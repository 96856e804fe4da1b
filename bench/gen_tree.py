#!/usr/bin/env python3
"""Generate a tree of .nix files for benchmarking disko-lint.

About 40% of the files are disko configurations (plain attrsets, NixOS modules,
let/inherit, dotted paths, wrapper namespaces; btrfs, LUKS, LVM, impermanence,
swap, tmpfs roots, ext4, ZFS, mdadm, multi-device btrfs) and 60% are other
NixOS modules and package files of 1-8 KB that never mention disko. The output
depends only on --seed and --count.

    python3 bench/gen_tree.py --out /tmp/tree --count 10000 --seed 1
    python3 bench/gen_tree.py --out /tmp/tree --check 50   # also parse-check a sample

Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import shutil
import subprocess
import sys

GENERATOR_VERSION = 1
MARKER = ".gen_tree.json"
DISKO_SHARE = 0.4

# --------------------------------------------------------------------------
# A small Nix emitter (nixfmt-like layout, 2-space indent)
# --------------------------------------------------------------------------


class Raw(str):
    """A Nix expression written verbatim (identifier, select, small call)."""


class ML(str):
    """An indented string: ''...''."""


class Call:
    """Function application `fn arg` where arg is any emittable value."""

    def __init__(self, fn: str, arg):
        self.fn = fn
        self.arg = arg


class Comment:
    def __init__(self, text: str):
        self.text = text


class Inherit:
    def __init__(self, names, source: str | None = None):
        self.names = list(names)
        self.source = source


class Blank:
    pass


KEYWORDS = {"if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"}
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_'-]*$")


def nix_string(s: str) -> str:
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("${", "\\${")
    s = s.replace("\n", "\\n").replace("\t", "\\t")
    return '"' + s + '"'


def nix_key(k: str) -> str:
    if IDENT.match(k) and k not in KEYWORDS:
        return k
    return nix_string(k)


class Style:
    def __init__(self, rng: random.Random):
        # nixfmt (RFC 166) puts every element of a multi-element list on its
        # own line; older formatters keep short lists inline.
        self.inline_lists = rng.random() < 0.45


def _is_scalar(v) -> bool:
    return isinstance(v, (str, bool, int)) and not isinstance(v, ML)


def emit(v, ind: int, st: Style) -> str:
    pad = " " * ind
    if isinstance(v, dict):
        if not v:
            return "{ }"
        lines = []
        for k, val in v.items():
            lines.append(emit_entry(k, val, ind + 2, st))
        return "{\n" + "\n".join(lines) + "\n" + pad + "}"
    if isinstance(v, list):
        if not v:
            return "[ ]"
        items = [emit_list_item(x, ind + 2, st) for x in v]
        one_line = "[ " + " ".join(items) + " ]"
        if all(_is_scalar(x) for x in v) and (len(v) == 1 or st.inline_lists) and len(one_line) + ind < 78:
            return one_line
        return "[\n" + "\n".join(" " * (ind + 2) + i for i in items) + "\n" + pad + "]"
    if isinstance(v, ML):
        out = ["''"]
        for line in v.strip("\n").split("\n"):
            out.append((" " * (ind + 2) + line) if line.strip() else "")
        out.append(pad + "''")
        return "\n".join(out)
    if isinstance(v, Call):
        return v.fn + " " + emit(v.arg, ind, st)
    if isinstance(v, Raw):
        return str(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return nix_string(v)
    raise TypeError(f"cannot emit {type(v)}")


def emit_list_item(x, ind: int, st: Style) -> str:
    s = emit(x, ind, st)
    if isinstance(x, (Raw, Call)) and " " in s and not s.startswith("("):
        return "(" + s + ")"
    return s


def emit_entry(k, val, ind: int, st: Style) -> str:
    pad = " " * ind
    if isinstance(k, Comment):
        return "\n".join(pad + "# " + line if line else pad + "#" for line in k.text.split("\n"))
    if isinstance(k, Blank):
        return ""
    if isinstance(k, Inherit):
        src = f"({k.source}) " if k.source else ""
        return pad + "inherit " + src + " ".join(k.names) + ";"
    if isinstance(k, tuple):
        key = ".".join(nix_key(p) for p in k)
    else:
        key = nix_key(k)
    return pad + key + " = " + emit(val, ind, st) + ";"


def emit_file(header: str | None, lets: list | None, body, st: Style, top_comment: str | None = None) -> str:
    out = []
    if top_comment:
        out.extend("# " + line if line else "#" for line in top_comment.split("\n"))
    if header:
        out.append(header)
    if lets:
        out.append("let")
        for k, v in lets:
            out.append(emit_entry(k, v, 2, st))
        out.append("in")
    out.append(emit(body, 0, st))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

HOST_WORDS = [
    "atlas", "borealis", "cobalt", "dorado", "ember", "fjord", "granite", "helios",
    "ibis", "juniper", "kestrel", "lumen", "meridian", "nimbus", "onyx", "pelican",
    "quartz", "raven", "sable", "tundra", "umbra", "vesper", "willow", "xenon",
    "yarrow", "zephyr", "alder", "basalt", "cinder", "delta", "echo", "falcon",
]
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "nina"]
PACKAGES = [
    "git", "curl", "wget", "htop", "btop", "ripgrep", "fd", "jq", "yq-go", "tmux", "neovim",
    "helix", "bat", "eza", "fzf", "zoxide", "direnv", "nix-tree", "nix-output-monitor",
    "nvd", "gnupg", "age", "sops", "rsync", "restic", "borgbackup", "compsize", "btrfs-progs",
    "smartmontools", "nvme-cli", "pciutils", "usbutils", "lsof", "strace", "gdb", "file",
    "unzip", "zip", "p7zip", "zstd", "xz", "pv", "ncdu", "dust", "duf", "tree", "just",
    "gnumake", "gcc", "python3", "nodejs", "go", "rustup", "cargo-watch", "shellcheck",
    "nixfmt-rfc-style", "nil", "statix", "deadnix", "alejandra", "firefox", "chromium",
    "thunderbird", "libreoffice", "gimp", "inkscape", "vlc", "mpv", "obs-studio", "signal-desktop",
    "element-desktop", "keepassxc", "syncthing", "wireguard-tools", "tailscale", "nmap",
    "tcpdump", "iperf3", "mtr", "dig", "whois", "openssl", "podman-compose", "kubectl",
    "k9s", "terraform", "ansible", "awscli2", "postgresql_16", "sqlite", "redis", "pgcli",
]
SERVICES = [
    "grafana", "prometheus", "loki", "gitea", "forgejo", "nextcloud", "jellyfin", "vaultwarden",
    "home-assistant", "mosquitto", "minio", "paperless", "immich", "miniflux", "uptime-kuma",
    "adguardhome", "unbound", "caddy", "traefik", "hydra", "harmonia", "attic", "woodpecker",
    "navidrome", "audiobookshelf", "calibre-web", "radicale", "syncthing-relay", "ntfy-sh",
]
DOMAINS = ["example.org", "example.net", "lab.example.com", "home.arpa", "intra.example.io"]
KERNEL_MODULES = [
    "nvme", "xhci_pci", "ahci", "usb_storage", "sd_mod", "thunderbolt", "usbhid", "virtio_pci",
    "virtio_blk", "virtio_scsi", "sr_mod", "rtsx_pci_sdmmc", "dm-snapshot", "kvm-amd", "kvm-intel",
]
GROUPS = ["wheel", "networkmanager", "video", "audio", "libvirtd", "podman", "docker", "input", "dialout"]


def rand_b64(rng: random.Random, n: int) -> str:
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode()


def rand_hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def rand_uuid(rng: random.Random) -> str:
    h = rand_hex(rng, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def ssh_key(rng: random.Random, user: str) -> str:
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rand_b64(rng, 32)[:43] + f" {user}@laptop"


def sri_hash(rng: random.Random) -> str:
    return "sha256-" + rand_b64(rng, 32)


def nvme_id(rng: random.Random) -> str:
    model = rng.choice([
        "Samsung_SSD_980_PRO_1TB", "Samsung_SSD_990_PRO_2TB", "WD_BLACK_SN850X_2000GB",
        "CT1000P3SSD8", "KINGSTON_SNV2S1000G", "WD_Red_SN700_1000GB", "SKHynix_HFS512GDE9X081N",
    ])
    return f"/dev/disk/by-id/nvme-{model}_{rand_hex(rng, 12).upper()}"


def sata_id(rng: random.Random) -> str:
    model = rng.choice(["Samsung_SSD_870_EVO_1TB", "CT500MX500SSD1", "ST4000VN008-2DR166", "WDC_WD40EFRX-68N32N0"])
    return f"/dev/disk/by-id/ata-{model}_{rand_hex(rng, 8).upper()}"


def disk_device(rng: random.Random) -> str:
    return rng.choice([
        "/dev/nvme0n1", "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/sdb",
        nvme_id(rng), nvme_id(rng), sata_id(rng),
    ])


# --------------------------------------------------------------------------
# disko configurations
# --------------------------------------------------------------------------

COMPRESS_CHOICES = [
    "compress=zstd", "compress=zstd", "compress=zstd", "compress=zstd:1", "compress=zstd:1",
    "compress=zstd:3", "compress-force=zstd:1", "compress=zstd:2", "compress=lzo", None,
]


def esp(rng: random.Random, mountpoint: str = "/boot") -> dict:
    opts = ["umask=0077"] if rng.random() < 0.7 else rng.choice([["defaults"], ["fmask=0022", "dmask=0022"], None])
    content = {"type": "filesystem", "format": "vfat", "mountpoint": mountpoint}
    if opts is not None:
        content["mountOptions"] = opts
    part = {"size": rng.choice(["512M", "1G", "1G", "2G"]), "type": "EF00"}
    if rng.random() < 0.2:
        part["priority"] = 1
    part["content"] = content
    return part


def subvol_names(rng: random.Random):
    style = rng.choice(["at", "plain", "slash", "slash"])
    if style == "at":
        root = rng.choice(["@", "@root"])
        return root, (lambda n: "@" + n)
    if style == "plain":
        return "root", (lambda n: n)
    root = rng.choice(["/root", "/rootfs"])
    return root, (lambda n: "/" + n)


class DiskoGen:
    """Builds one disko config. Collects NixOS extras for module shapes."""

    def __init__(self, rng: random.Random, host: str):
        self.rng = rng
        self.host = host
        self.lets: list = []  # (key, value) pairs for a top-level let
        self.uses_lib = False
        self.shared_opts_name = None
        self.impermanence = False
        self.persist_path = None
        self.btrfs_device = "/dev/disk/by-partlabel/disk-main-root"
        self.root_name = "root"

    # -- btrfs ---------------------------------------------------------------

    def base_options(self) -> list:
        rng = self.rng
        opts = []
        c = rng.choice(COMPRESS_CHOICES)
        if c:
            opts.append(c)
        if rng.random() < 0.9:
            opts.append("noatime")
        if rng.random() < 0.2:
            opts.append("ssd")
        if rng.random() < 0.2:
            opts.append("discard=async")
        if rng.random() < 0.15:
            opts.append("space_cache=v2")
        if rng.random() < 0.08:
            opts.append("autodefrag")
        if rng.random() < 0.05:
            opts.append(rng.choice(["commit=120", "noacl", "lazytime", "thread_pool=8"]))
        if rng.random() < 0.3:
            rng.shuffle(opts)
        return opts or ["defaults"]

    def btrfs(self, device_hint: str, *, root: bool = True, impermanence: bool = False, swap: bool | None = None) -> dict:
        rng = self.rng
        base = self.base_options()
        share = rng.random() < 0.35
        if share:
            self.shared_opts_name = rng.choice(["mountOptions", "btrfsOpts", "opts", "defaultOpts"])
            self.lets.append((self.shared_opts_name, base))
        root_name, nm = subvol_names(rng)
        self.btrfs_device = device_hint
        self.root_name = root_name.lstrip("/")

        wanted = []
        if root:
            wanted.append((root_name, "/"))
        wanted.append((nm("nix"), "/nix"))
        if impermanence:
            self.impermanence = True
            self.persist_path = rng.choice(["/persist", "/persist", "/persist", "/persistent", "/state"])
            wanted.append((nm(self.persist_path.strip("/")), self.persist_path))
        if rng.random() < 0.6:
            wanted.append((nm("home"), "/home"))
        if rng.random() < 0.45:
            wanted.append((nm("log") if rng.random() < 0.7 else nm("var/log"), "/var/log"))
        if rng.random() < 0.15:
            wanted.append((nm("snapshots"), "/.snapshots"))
        for n, mp, p in [
            ("tmp", "/tmp", 0.08), ("cache", "/var/cache", 0.08), ("docker", "/var/lib/docker", 0.06),
            ("containers", "/var/lib/containers", 0.05), ("postgres", "/var/lib/postgresql", 0.04),
            ("libvirt", "/var/lib/libvirt/images", 0.04), ("games", "/home/games", 0.02),
        ]:
            if rng.random() < p:
                wanted.append((nm(n), mp))
        if swap is None:
            swap = rng.random() < 0.35
        if swap:
            wanted.append((nm("swap"), rng.choice(["/swap", "/swap", "/.swapvol", self.persist_path + "/swap" if self.persist_path else "/swap"])))

        subvols: dict = {}
        odd_one = rng.random() < 0.25  # one subvolume with a hand-edited option list
        for name, mp in wanted:
            sv: dict = {"mountpoint": mp}
            is_swap = mp.endswith("swap") or mp == "/.swapvol"
            if is_swap and rng.random() < 0.6:
                sv["mountOptions"] = ["noatime"] if rng.random() < 0.7 else ["defaults"]
            elif share and not (odd_one and mp in ("/nix", "/var/lib/postgresql", "/persist")):
                if rng.random() < 0.5:
                    sv[Inherit([self.shared_opts_name])] = None
                else:
                    sv["mountOptions"] = Raw(self.shared_opts_name)
            else:
                opts = list(base)
                if odd_one and mp == "/nix":
                    opts = [o if not o.startswith("compress") else "compress=zstd:6" for o in opts]
                if odd_one and mp == "/var/lib/postgresql":
                    opts = ["noatime", "nodatacow"]
                if odd_one and mp == self.persist_path and "noatime" in opts:
                    opts.remove("noatime")
                if rng.random() < 0.1:
                    opts = opts + ["subvol=" + name.lstrip("/")]
                if share and rng.random() < 0.5:
                    sv["mountOptions"] = Raw(self.shared_opts_name + " ++ " + emit(opts[-1:], 0, Style(rng)))
                else:
                    sv["mountOptions"] = opts
            if is_swap:
                size = rng.choice(["2G", "4G", "8G", "8G", "16G", "32G"])
                if rng.random() < 0.6:
                    sv[("swap", "swapfile", "size")] = size
                else:
                    sv["swap"] = {"swapfile": {"size": size}}
            if rng.random() < 0.05:
                sv = {Comment(f"mounted at {mp}"): None, **sv}
            subvols[name] = sv
        if impermanence and rng.random() < 0.3:
            subvols[nm("blank")] = {}

        content: dict = {"type": "btrfs"}
        r = rng.random()
        if r < 0.7:
            content["extraArgs"] = ["-f"] if rng.random() < 0.6 else ["-f", "-L", rng.choice(["nixos", self.host])]
        elif r < 0.8:
            content["extraArgs"] = ["-L", "nixos"]
        if impermanence and rng.random() < 0.5:
            mapper = device_hint
            content["postCreateHook"] = ML(
                "MNTPOINT=$(mktemp -d)\n"
                f"mount {mapper} \"$MNTPOINT\" -o subvol=/\n"
                "trap 'umount $MNTPOINT; rm -rf $MNTPOINT' EXIT\n"
                f"btrfs subvolume snapshot -r \"$MNTPOINT/{root_name.lstrip('/')}\" \"$MNTPOINT/root-blank\"\n"
            )
        content["subvolumes"] = subvols
        return content

    # -- layouts --------------------------------------------------------------

    def gpt(self, parts: dict) -> dict:
        if self.rng.random() < 0.2:
            return {("content", "type"): "gpt", ("content", "partitions"): parts}
        return {"content": {"type": "gpt", "partitions": parts}}

    def disk(self, device, parts: dict) -> dict:
        d = {"type": "disk", "device": device}
        d.update(self.gpt(parts))
        return d

    def device_value(self):
        rng = self.rng
        dev = disk_device(rng)
        r = rng.random()
        if r < 0.15:
            self.uses_lib = True
            return Call("lib.mkDefault", dev)
        if r < 0.25:
            self.lets.append(("device", dev))
            return Raw("device")
        return dev

    def luks(self, inner: dict, name: str) -> dict:
        rng = self.rng
        l: dict = {"type": "luks", "name": name}
        r = rng.random()
        if r < 0.5:
            l["settings"] = {"allowDiscards": True}
            if rng.random() < 0.3:
                l["settings"]["bypassWorkqueues"] = True
        elif r < 0.7:
            l[("settings", "allowDiscards")] = True
        elif r < 0.8:
            l["extraOpenArgs"] = ["--allow-discards", "--perf-no_read_workqueue", "--perf-no_write_workqueue"]
        if rng.random() < 0.3:
            l["passwordFile"] = "/tmp/secret.key"
        if rng.random() < 0.15:
            l["settings"] = dict(l.get("settings", {}))
            l["settings"]["crypttabExtraOpts"] = ["fido2-device=auto", "token-timeout=10"]
            l.pop(("settings", "allowDiscards"), None)
        l["content"] = inner
        return l

    def layout_btrfs(self, enc: bool, impermanence: bool) -> dict:
        rng = self.rng
        name = rng.choice(["crypted", "cryptroot", "root", "luks"])
        hint = f"/dev/mapper/{name}" if enc else "/dev/disk/by-partlabel/disk-main-root"
        inner = self.btrfs(hint, impermanence=impermanence)
        content = self.luks(inner, name) if enc else inner
        parts = {}
        if rng.random() < 0.15:
            parts["boot"] = {"size": "1M", "type": "EF02"}
        parts["ESP"] = esp(rng)
        if rng.random() < 0.15:
            parts["swap"] = {"size": rng.choice(["8G", "16G"]), "content": {"type": "swap", "randomEncryption": True} if rng.random() < 0.5 else {"type": "swap", "resumeDevice": True}}
        parts[rng.choice(["root", "luks", "system"]) if enc else "root"] = {"size": "100%", "content": content}
        return {"disk": {"main": self.disk(self.device_value(), parts)}}

    def layout_lvm(self, enc: bool) -> dict:
        rng = self.rng
        vg = rng.choice(["pool", "root_vg", "vg0"])
        pv = {"type": "lvm_pv", "vg": vg}
        parts = {"ESP": esp(rng), "primary": {"size": "100%", "content": self.luks(pv, "crypted") if enc else pv}}
        lvs: dict = {}
        if rng.random() < 0.4:
            lvs["swap"] = {"size": rng.choice(["8G", "16G"]), "content": {"type": "swap", "resumeDevice": rng.random() < 0.5}}
        lvs["root"] = {"size": "100%FREE", "content": self.btrfs(f"/dev/{vg}/root", impermanence=rng.random() < 0.5, swap=False)}
        return {
            "disk": {"main": self.disk(self.device_value(), parts)},
            "lvm_vg": {vg: {"type": "lvm_vg", "lvs": lvs}},
        }

    def layout_tmpfs_root(self) -> dict:
        rng = self.rng
        inner = self.btrfs("/dev/disk/by-partlabel/disk-main-nix", root=False, impermanence=True, swap=rng.random() < 0.2)
        parts = {"ESP": esp(rng), "nix": {"size": "100%", "content": inner}}
        size = rng.choice(["2G", "4G", "25%"])
        return {
            "disk": {"main": self.disk(self.device_value(), parts)},
            "nodev": {"/": {"fsType": "tmpfs", "mountOptions": [f"size={size}", "defaults", "mode=755"]}},
        }

    def layout_ext4(self) -> dict:
        rng = self.rng
        parts = {"ESP": esp(rng)}
        if rng.random() < 0.5:
            parts["swap"] = {"size": "8G", "content": {"type": "swap", "discardPolicy": "both"}}
        parts["root"] = {"size": "100%", "content": {"type": "filesystem", "format": rng.choice(["ext4", "ext4", "xfs"]), "mountpoint": "/", "mountOptions": ["noatime"] if rng.random() < 0.4 else ["defaults"]}}
        out = {"disk": {"main": self.disk(self.device_value(), parts)}}
        if rng.random() < 0.4:
            out["nodev"] = {"/tmp": {"fsType": "tmpfs", "mountOptions": ["size=4G", "mode=1777"]}}
        return out

    def layout_zfs(self) -> dict:
        rng = self.rng
        parts = {"ESP": esp(rng), "zfs": {"size": "100%", "content": {"type": "zfs", "pool": "zroot"}}}
        datasets = {
            "root": {"type": "zfs_fs", "mountpoint": "/", "options": {"mountpoint": "legacy"}},
            "nix": {"type": "zfs_fs", "mountpoint": "/nix", "options": {"mountpoint": "legacy", "atime": "off"}},
            "home": {"type": "zfs_fs", "mountpoint": "/home", "options": {"mountpoint": "legacy", "com.sun:auto-snapshot": "true"}},
        }
        if rng.random() < 0.4:
            datasets["reserved"] = {"type": "zfs_fs", "options": {"mountpoint": "none", "reservation": "10G"}}
        return {
            "disk": {"main": self.disk(self.device_value(), parts)},
            "zpool": {"zroot": {
                "type": "zpool",
                "options": {"ashift": "12"},
                "rootFsOptions": {"compression": "zstd", "acltype": "posixacl", "xattr": "sa", "com.sun:auto-snapshot": "false"},
                "mountpoint": "/",
                "datasets": datasets,
            }},
        }

    def layout_mdadm(self) -> dict:
        rng = self.rng
        disks = {}
        for i, n in enumerate(["one", "two"]):
            parts = {
                "ESP": {"size": "1G", "type": "EF00", "content": {"type": "mdraid", "name": "boot"}},
                "mdadm": {"size": "100%", "content": {"type": "mdraid", "name": "raid1"}},
            }
            disks[n] = self.disk(f"/dev/sd{'ab'[i]}", parts)
        return {
            "disk": disks,
            "mdadm": {
                "boot": {"type": "mdadm", "level": 1, "metadata": "1.0", "content": {"type": "filesystem", "format": "vfat", "mountpoint": "/boot", "mountOptions": ["umask=0077"]}},
                "raid1": {"type": "mdadm", "level": 1, "content": {"type": "gpt", "partitions": {"primary": {"size": "100%", "content": {"type": "filesystem", "format": "ext4", "mountpoint": "/"}}}}},
            },
        }

    def layout_btrfs_raid1(self) -> dict:
        rng = self.rng
        inner = self.btrfs("/dev/disk/by-partlabel/disk-b-root", swap=False)
        inner["extraArgs"] = ["-f", "-d raid1", "-m raid1", "/dev/disk/by-partlabel/disk-a-root"]
        a = self.disk(nvme_id(rng), {"ESP": esp(rng), "root": {"size": "100%"}})
        b = self.disk(nvme_id(rng), {"ESP": esp(rng, "/boot-fallback"), "root": {"size": "100%", "content": inner}})
        return {"disk": {"a": a, "b": b}}

    def devices(self) -> dict:
        rng = self.rng
        kind = rng.choices(
            ["btrfs", "luks_btrfs", "imperm", "luks_imperm", "lvm", "luks_lvm", "tmpfs", "ext4", "zfs", "mdadm", "raid1"],
            weights=[14, 20, 8, 12, 5, 4, 6, 10, 8, 3, 3],
        )[0]
        self.kind = kind
        if kind == "btrfs":
            return self.layout_btrfs(False, False)
        if kind == "luks_btrfs":
            return self.layout_btrfs(True, False)
        if kind == "imperm":
            return self.layout_btrfs(False, True)
        if kind == "luks_imperm":
            return self.layout_btrfs(True, True)
        if kind == "lvm":
            return self.layout_lvm(False)
        if kind == "luks_lvm":
            return self.layout_lvm(True)
        if kind == "tmpfs":
            return self.layout_tmpfs_root()
        if kind == "ext4":
            return self.layout_ext4()
        if kind == "zfs":
            return self.layout_zfs()
        if kind == "mdadm":
            return self.layout_mdadm()
        return self.layout_btrfs_raid1()

    # -- NixOS extras ----------------------------------------------------------

    def nixos_extras(self) -> dict:
        rng = self.rng
        ex: dict = {}
        if self.impermanence and self.persist_path:
            if rng.random() < 0.7:
                ex[("fileSystems", self.persist_path, "neededForBoot")] = True
            if rng.random() < 0.25:
                ex[("fileSystems", "/var/log", "neededForBoot")] = True
            if self.kind != "tmpfs" and rng.random() < 0.6:
                r = self.root_name
                script = ML(
                    "mkdir /btrfs_tmp\n"
                    f"mount {self.btrfs_device} /btrfs_tmp\n"
                    f"if [[ -e /btrfs_tmp/{r} ]]; then\n"
                    "  mkdir -p /btrfs_tmp/old_roots\n"
                    f"  timestamp=$(date --date=\"@$(stat -c %Y /btrfs_tmp/{r})\" \"+%Y-%m-%-d_%H:%M:%S\")\n"
                    f"  mv /btrfs_tmp/{r} \"/btrfs_tmp/old_roots/$timestamp\"\n"
                    "fi\n"
                    "for i in $(find /btrfs_tmp/old_roots/ -maxdepth 1 -mtime +30); do\n"
                    "  btrfs subvolume delete --recursive \"$i\"\n"
                    "done\n"
                    f"btrfs subvolume create /btrfs_tmp/{r}\n"
                    "umount /btrfs_tmp\n"
                )
                self.uses_lib = True
                hook = rng.choice(["postDeviceCommands", "postResumeCommands"])
                ex[("boot", "initrd", hook)] = Call("lib.mkAfter", script)
                if rng.random() < 0.2:
                    ex[("boot", "initrd", "systemd", "enable")] = True
        if rng.random() < 0.25:
            ex[("services", "btrfs", "autoScrub")] = {"enable": True} if rng.random() < 0.5 else {"enable": True, "fileSystems": ["/"]}
        if rng.random() < 0.1:
            ex[("services", "snapper", "configs", "home")] = {"SUBVOLUME": "/home", "TIMELINE_CREATE": True, "TIMELINE_CLEANUP": True}
        return ex

    # -- whole file ------------------------------------------------------------

    def render(self) -> str:
        rng = self.rng
        st = Style(rng)
        devices = self.devices()
        shape = rng.choices(
            ["plain", "module", "dotted", "nested", "defaulted", "flake", "mkif", "curried"],
            weights=[25, 35, 10, 8, 7, 5, 6, 4],
        )[0]
        extras = self.nixos_extras() if shape in ("module", "mkif", "curried", "dotted") else {}

        if shape == "defaulted":
            # { disks ? [ ... ], ... }: device = builtins.elemAt disks 0
            for d in devices.get("disk", {}).values():
                d["device"] = Raw("builtins.elemAt disks 0")
                break

        body: dict
        if shape == "dotted":
            body = {}
            for cat, entries in devices.items():
                for name, val in entries.items():
                    body[("disko", "devices", cat, name)] = val
        elif shape == "nested":
            body = {"disko": {"devices": devices}}
        else:
            body = {("disko", "devices"): devices}
        if extras:
            body[Blank()] = None
            body.update(extras)

        lets = self.lets or None
        args = ["lib", "..."] if self.uses_lib else rng.choice([["..."], ["lib", "..."], ["config", "lib", "..."], ["lib", "pkgs", "..."]])
        header = None
        if shape == "module" or shape == "dotted":
            header = "{ " + ", ".join(args) + " }:" if rng.random() < 0.85 or self.uses_lib else "_:"
        elif shape == "defaulted":
            header = "{\n  disks ? [ \"/dev/vda\" ],\n" + ("  lib,\n" if self.uses_lib else "") + "  ...\n}:"
        elif shape == "flake":
            body = {("flake", "diskoConfigurations", self.host): body}
            header = "{ lib, ... }:" if self.uses_lib else "{ ... }:"
        elif shape == "mkif":
            body = {"config": Call("lib.mkIf (config.networking.hostName == " + nix_string(self.host) + ")", self._mkif_body(devices, extras))}
            header = "{ config, lib, ... }:"
        elif shape == "curried":
            header = "device:\n{ lib, ... }:"
            for d in devices.get("disk", {}).values():
                d["device"] = Raw("device")
                break
        elif self.uses_lib:
            header = "{ lib, ... }:"

        comment = None
        if rng.random() < 0.6:
            comment = rng.choice([
                f"Disk layout for {self.host}.",
                f"disko layout for {self.host} ({self.kind.replace('_', ' + ')}).",
                "Partitioning, formatted by disko at install time.\nSee https://github.com/nix-community/disko for the options.",
                f"{self.host}: single disk, EFI boot.",
            ])
        return emit_file(header, lets, body, st, comment)

    def _mkif_body(self, devices, extras):
        b = {("disko", "devices"): devices}
        b.update(extras)
        return b


def gen_disko_file(rng: random.Random, host: str) -> str:
    return DiskoGen(rng, host).render()


def gen_disko_fragment(rng: random.Random, host: str) -> str:
    """A file imported by another disko file: a subvolumes attrset or a partition."""
    g = DiskoGen(rng, host)
    st = Style(rng)
    if rng.random() < 0.5:
        body = g.btrfs("/dev/disk/by-partlabel/disk-main-root")["subvolumes"]
        comment = f"btrfs subvolumes shared by the disko.devices layouts of {host}."
    else:
        body = esp(rng)
        comment = "ESP partition, imported into disko.devices.disk.<name>.content.partitions."
    return emit_file(None, g.lets or None, body, st, comment)


# --------------------------------------------------------------------------
# Other NixOS modules (never mention disko)
# --------------------------------------------------------------------------


def chunk_packages(rng):
    pk = rng.sample(PACKAGES, rng.randint(6, 24))
    return ("environment", "systemPackages"), Call("with pkgs;", [Raw(p) for p in pk])


def chunk_user(rng):
    u = rng.choice(USERS) + (str(rng.randint(1, 99)) if rng.random() < 0.3 else "")
    return ("users", "users", u), {
        "isNormalUser": True,
        "description": u.capitalize(),
        "extraGroups": rng.sample(GROUPS, rng.randint(1, 4)),
        "shell": Raw(rng.choice(["pkgs.zsh", "pkgs.fish", "pkgs.bashInteractive"])),
        ("openssh", "authorizedKeys", "keys"): [ssh_key(rng, u) for _ in range(rng.randint(1, 3))],
    }


def chunk_vhost(rng):
    svc = rng.choice(SERVICES)
    dom = f"{svc}.{rng.choice(DOMAINS)}"
    port = rng.randint(2000, 9999)
    locs = {"/": {"proxyPass": f"http://127.0.0.1:{port}", "proxyWebsockets": rng.random() < 0.5}}
    if rng.random() < 0.5:
        locs["/metrics"] = {"extraConfig": ML("allow 10.0.0.0/8;\ndeny all;\n"), "proxyPass": f"http://127.0.0.1:{port + 1}"}
    return ("services", "nginx", "virtualHosts", dom), {
        "enableACME": True,
        "forceSSL": True,
        "locations": locs,
        "extraConfig": ML("client_max_body_size 512M;\nproxy_read_timeout 300s;\nadd_header X-Frame-Options SAMEORIGIN;\n"),
    }


def chunk_systemd_service(rng):
    name = rng.choice(SERVICES) + "-" + rng.choice(["backup", "sync", "cleanup", "report", "export", "refresh"])
    unit = {
        "description": f"{name.replace('-', ' ').capitalize()} job",
        "after": ["network-online.target"],
        "wants": ["network-online.target"],
        "path": [Raw(f"pkgs.{p}") for p in rng.sample(["coreutils", "rsync", "curl", "jq", "gnutar", "zstd", "openssh", "restic"], 3)],
        "serviceConfig": {
            "Type": "oneshot",
            "User": rng.choice(USERS),
            "Nice": 10,
            "IOSchedulingClass": "idle",
            "PrivateTmp": True,
            "ProtectSystem": "strict",
            "ReadWritePaths": [f"/var/lib/{name}"],
        },
        "script": ML(
            "set -euo pipefail\n"
            f"dest=/var/lib/{name}/$(date +%F)\n"
            "mkdir -p \"$dest\"\n"
            f"curl -fsS http://127.0.0.1:{rng.randint(2000, 9999)}/export | jq -c '.items[]' > \"$dest/items.json\"\n"
            "find /var/lib/" + name + " -maxdepth 1 -mtime +14 -exec rm -rf {} +\n"
        ),
    }
    timer = {"wantedBy": ["timers.target"], "timerConfig": {"OnCalendar": rng.choice(["daily", "hourly", "weekly", "*-*-* 03:15:00"]), "Persistent": True, "RandomizedDelaySec": "30m"}}
    return ("systemd", "services", name), unit, ("systemd", "timers", name), timer


def chunk_firewall(rng):
    return ("networking", "firewall"), {
        "enable": True,
        "allowedTCPPorts": sorted(rng.sample([22, 80, 443, 8080, 9090, 3000, 5432, 6443, 8443], rng.randint(1, 5))),
        "allowedUDPPorts": sorted(rng.sample([53, 51820, 41641, 5353, 123], rng.randint(0, 3))),
        "trustedInterfaces": rng.sample(["tailscale0", "wg0", "podman0", "virbr0"], rng.randint(0, 2)),
    }


def chunk_wireguard(rng):
    peers = []
    for i in range(rng.randint(1, 5)):
        peers.append({
            "publicKey": rand_b64(rng, 32),
            "allowedIPs": [f"10.{rng.randint(0, 254)}.{rng.randint(0, 254)}.{i + 2}/32"],
            "endpoint": f"{rng.choice(HOST_WORDS)}.{rng.choice(DOMAINS)}:51820",
            "persistentKeepalive": 25,
        })
    return ("networking", "wireguard", "interfaces", "wg0"), {
        "ips": [f"10.100.0.{rng.randint(2, 250)}/24"],
        "listenPort": 51820,
        "privateKeyFile": "/run/secrets/wireguard-key",
        "peers": peers,
    }


def chunk_programs(rng):
    prog = rng.choice(["git", "zsh", "tmux", "starship", "direnv", "neovim"])
    if prog == "git":
        v = {"enable": True, "userName": rng.choice(USERS).capitalize(), "userEmail": f"{rng.choice(USERS)}@{rng.choice(DOMAINS)}",
             "extraConfig": {"init": {"defaultBranch": "main"}, "pull": {"rebase": True}, "push": {"autoSetupRemote": True}},
             "aliases": {"co": "checkout", "st": "status -sb", "lg": "log --graph --oneline --decorate"}}
    elif prog == "zsh":
        v = {"enable": True, "autosuggestion": {"enable": True}, "syntaxHighlighting": {"enable": True},
             "shellAliases": {"ll": "eza -l", "gs": "git status", "rebuild": "sudo nixos-rebuild switch --flake .#"},
             "initExtra": ML("bindkey -e\nsetopt HIST_IGNORE_ALL_DUPS\nexport EDITOR=nvim\n")}
    elif prog == "tmux":
        v = {"enable": True, "clock24": True, "historyLimit": 50000, "keyMode": "vi", "extraConfig": ML("set -g mouse on\nset -g status-position top\n")}
    else:
        v = {"enable": True}
    return ("programs", prog), v


def chunk_sysctl(rng):
    return ("boot", "kernel", "sysctl"), {
        "vm.swappiness": rng.choice([10, 20, 60]),
        "net.core.default_qdisc": "fq",
        "net.ipv4.tcp_congestion_control": "bbr",
        "fs.inotify.max_user_watches": 524288,
    }


def chunk_postgres(rng):
    dbs = rng.sample(["grafana", "gitea", "nextcloud", "immich", "miniflux", "paperless", "hydra"], 3)
    return ("services", "postgresql"), {
        "enable": True,
        "package": Raw(rng.choice(["pkgs.postgresql_15", "pkgs.postgresql_16", "pkgs.postgresql_17"])),
        "ensureDatabases": dbs,
        "ensureUsers": [{"name": d, "ensureDBOwnership": True} for d in dbs],
        "settings": {"shared_buffers": "2GB", "work_mem": "32MB", "max_connections": 200},
        "authentication": ML("local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n"),
    }


CHUNKS = [chunk_packages, chunk_user, chunk_vhost, chunk_systemd_service, chunk_firewall,
          chunk_wireguard, chunk_programs, chunk_sysctl, chunk_postgres]


def gen_module(rng: random.Random, target: int) -> str:
    st = Style(rng)
    body: dict = {}
    header = rng.choice(["{ config, lib, pkgs, ... }:", "{ pkgs, ... }:", "{ lib, pkgs, ... }:", "{\n  config,\n  lib,\n  pkgs,\n  ...\n}:"])
    size = 200
    weights = [rng.random() for _ in CHUNKS]
    n = 0
    while size < target and n < 200:
        fn = rng.choices(CHUNKS, weights=weights)[0]
        res = fn(rng)
        pairs = list(zip(res[::2], res[1::2]))
        for k, v in pairs:
            if k in body:
                continue
            body[k] = v
            size += len(emit_entry(k, v, 2, st)) + 1
        n += 1
    if rng.random() < 0.3:
        body = {"imports": [Raw("./" + rng.choice(["hardware-configuration.nix", "users.nix", "networking.nix", "services.nix"]))], **body}
    return emit_file(header, None, body, st, rng.choice([None, "Shared settings.", "Managed by hand; keep sorted.", None]))


def gen_service_module(rng: random.Random, target: int) -> str:
    """A module declaring options for a custom service."""
    st = Style(rng)
    svc = rng.choice(SERVICES).replace("-", "_") + rng.choice(["", "-exporter", "-worker", "-bridge"])
    opts: dict = {"enable": Call("lib.mkEnableOption", f"the {svc} service")}
    cfg_svc = {
        "description": svc,
        "wantedBy": ["multi-user.target"],
        "after": ["network.target"],
        "serviceConfig": {
            "ExecStart": Raw('"${cfg.package}/bin/' + svc + ' --port ${toString cfg.port} --data ${cfg.dataDir}"'),
            "DynamicUser": True,
            "StateDirectory": svc,
            "Restart": "on-failure",
            "RestartSec": 5,
        },
    }
    size = 800
    i = 0
    extra_names = ["port", "dataDir", "package", "logLevel", "openFirewall", "extraArgs", "user", "group",
                   "listenAddress", "metricsPort", "retention", "workers", "cacheSize", "settings"]
    for name in extra_names:
        if size >= target and i >= 3:
            break
        kind = rng.choice(["port", "str", "bool", "int", "listOf"])
        if name == "port" or name == "metricsPort":
            o = {"type": Raw("lib.types.port"), "default": rng.randint(2000, 9999), "description": f"Port {svc} listens on."}
        elif name == "dataDir":
            o = {"type": Raw("lib.types.path"), "default": f"/var/lib/{svc}", "description": "Where state is kept."}
        elif name == "package":
            o = Raw(f"lib.mkPackageOption pkgs {nix_string(svc)} {{ }}")
        elif kind == "bool":
            o = {"type": Raw("lib.types.bool"), "default": False, "description": f"Whether to {name} for {svc}."}
        elif kind == "int":
            o = {"type": Raw("lib.types.int"), "default": rng.randint(1, 64), "description": f"{name} for {svc}."}
        elif kind == "listOf":
            o = {"type": Raw("lib.types.listOf lib.types.str"), "default": [], "example": ["--verbose"], "description": f"Extra {name}."}
        else:
            o = {"type": Raw("lib.types.str"), "default": rng.choice(["info", "0.0.0.0", svc, "30d"]), "description": ML(f"The {name} of {svc}.\nSee the upstream documentation for the accepted values.\n")}
        opts[name] = Call("lib.mkOption", o) if isinstance(o, dict) else o
        size += len(emit(opts[name], 4, st)) + 20
        i += 1
    body = {
        ("options", "services", svc): opts,
        Blank(): None,
        "config": Call("lib.mkIf cfg.enable", {
            ("systemd", "services", svc): cfg_svc,
            ("networking", "firewall", "allowedTCPPorts"): Call("lib.mkIf cfg.openFirewall", [Raw("cfg.port")]),
        }),
    }
    header = "{ config, lib, pkgs, ... }:"
    lets = [("cfg", Raw(f"config.services.{nix_key(svc)}" if IDENT.match(svc) else f'config.services."{svc}"'))]
    text = emit_file(header, lets, body, st)
    k = 0
    while len(text) < target and k < 100:  # more options, as real modules have
        k += 1
        opts[f"extraOption{k}"] = Call("lib.mkOption", {
            "type": Raw("lib.types.nullOr lib.types.str"),
            "default": None,
            "description": ML(f"Value passed to {svc} as option {k}.\n"
                              f"Configure it through services.{svc}; it is written verbatim\n"
                              "into the generated configuration file, so quote it yourself.\n"),
        })
        text = emit_file(header, lets, body, st)
    return text


def gen_hardware(rng: random.Random, target: int) -> str:
    st = Style(rng)
    body = {
        "imports": [Raw('(modulesPath + "/installer/scan/not-detected.nix")')],
        ("boot", "initrd", "availableKernelModules"): rng.sample(KERNEL_MODULES, 6),
        ("boot", "initrd", "kernelModules"): [],
        ("boot", "kernelModules"): [rng.choice(["kvm-amd", "kvm-intel"])],
        ("boot", "extraModulePackages"): [],
        Blank(): None,
        ("fileSystems", "/"): {"device": f"/dev/disk/by-uuid/{rand_uuid(rng)}", "fsType": rng.choice(["ext4", "btrfs", "xfs"])},
        ("fileSystems", "/boot"): {"device": f"/dev/disk/by-uuid/{rand_hex(rng, 4).upper()}-{rand_hex(rng, 4).upper()}", "fsType": "vfat", "options": ["fmask=0077", "dmask=0077"]},
    }
    if rng.random() < 0.4:
        body[("boot", "initrd", "luks", "devices", f"luks-{rand_uuid(rng)}", "device")] = f"/dev/disk/by-uuid/{rand_uuid(rng)}"
    body["swapDevices"] = [] if rng.random() < 0.5 else [{"device": f"/dev/disk/by-uuid/{rand_uuid(rng)}"}]
    body[("networking", "useDHCP")] = Call("lib.mkDefault", True)
    body[("nixpkgs", "hostPlatform")] = Call("lib.mkDefault", "x86_64-linux")
    body[("hardware", "cpu", rng.choice(["amd", "intel"]), "updateMicrocode")] = Call("lib.mkDefault", Raw("config.hardware.enableRedistributableFirmware"))
    text = emit_file("{ config, lib, modulesPath, ... }:", None, body, st,
                     "Do not modify this file!  It was generated by 'nixos-generate-config'\nand may be overwritten by future invocations.")
    return text  # generated hardware files are small (1-2 KB), like the real ones


def gen_package(rng: random.Random, target: int) -> str:
    st = Style(rng)
    pname = rng.choice(["fancy-cli", "tiny-proxy", "logshipper", "zstd-tools-extra", "btrfs-report", "netwatch", "dotsync", "kvstore"])
    version = f"{rng.randint(0, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    body = {
        "pname": pname,
        "version": version,
        Blank(): None,
        "src": Call("fetchFromGitHub", {"owner": rng.choice(USERS), "repo": pname, "rev": Raw('"v${version}"'), "hash": sri_hash(rng)}),
        "nativeBuildInputs": [Raw(x) for x in rng.sample(["pkg-config", "cmake", "meson", "ninja", "makeWrapper", "installShellFiles"], 2)],
        "buildInputs": [Raw(x) for x in rng.sample(["openssl", "zlib", "zstd", "sqlite", "libuv", "curl", "libseccomp"], 3)],
        "doCheck": rng.random() < 0.7,
        "postInstall": ML(f"installShellCompletion --cmd {pname} \\\n  --bash <($out/bin/{pname} completion bash) \\\n  --zsh <($out/bin/{pname} completion zsh)\n"),
        "meta": {
            "description": f"{pname.replace('-', ' ').capitalize()} for small servers",
            "homepage": f"https://github.com/{rng.choice(USERS)}/{pname}",
            "license": Raw(rng.choice(["lib.licenses.mit", "lib.licenses.asl20", "lib.licenses.gpl3Plus"])),
            "maintainers": [],
            "platforms": Raw("lib.platforms.linux"),
            "mainProgram": pname,
        },
    }
    text = emit_file("{\n  lib,\n  stdenv,\n  fetchFromGitHub,\n  pkg-config,\n  cmake,\n  meson,\n  ninja,\n  makeWrapper,\n  installShellFiles,\n  openssl,\n  zlib,\n  zstd,\n  sqlite,\n  libuv,\n  curl,\n  libseccomp,\n}:",
                     None, Raw("stdenv.mkDerivation (finalAttrs: PLACEHOLDER)"), st)
    inner = emit(body, 0, st)
    text = text.replace("PLACEHOLDER", inner).replace('"v${version}"', '"v${finalAttrs.version}"')
    while len(text) < target:
        text += f"# {pname}: packaging note, keep the version in sync with the upstream changelog.\n"
    return text


def gen_other_file(rng: random.Random, kind: str) -> str:
    target = int(1024 * (8 ** rng.random()))  # log-uniform 1-8 KiB
    if kind == "hardware":
        return gen_hardware(rng, target)
    if kind == "service":
        return gen_service_module(rng, target)
    if kind == "package":
        return gen_package(rng, target)
    return gen_module(rng, target)


# --------------------------------------------------------------------------
# Tree layout
# --------------------------------------------------------------------------


def host_name(i: int) -> str:
    return HOST_WORDS[i % len(HOST_WORDS)] + ("" if i < len(HOST_WORDS) else str(i // len(HOST_WORDS)))


def plan(rng: random.Random, count: int):
    """Return a list of (relpath, kind) in a deterministic order."""
    n_disko = round(count * DISKO_SHARE)
    kinds = ["disko"] * n_disko + ["other"] * (count - n_disko)
    rng.shuffle(kinds)
    used: set = set()
    out = []
    host_i = 0
    n_hosts = max(1, n_disko)

    def unique(path: str) -> str:
        if path not in used:
            used.add(path)
            return path
        stem, ext = os.path.splitext(path)
        k = 2
        while f"{stem}-{k}{ext}" in used:
            k += 1
        used.add(f"{stem}-{k}{ext}")
        return f"{stem}-{k}{ext}"

    for kind in kinds:
        if kind == "disko":
            h = host_name(host_i % n_hosts)
            host_i += 1
            r = rng.random()
            if r < 0.55:
                path = f"hosts/{h}/" + rng.choice(["disko.nix", "disko.nix", "disk-config.nix", "disko-config.nix"])
                sub = "full"
            elif r < 0.7:
                path = f"hosts/{h}/disko/default.nix"
                sub = "full"
            elif r < 0.85:
                path = f"modules/disko/{h}-{rng.choice(['btrfs', 'luks', 'layout', 'impermanence'])}.nix"
                sub = "full"
            elif r < 0.93:
                path = f"flake/disko-configurations/{h}.nix"
                sub = "full"
            else:
                path = f"lib/disko-{rng.choice(['subvolumes', 'esp', 'common'])}-{h}.nix"
                sub = "fragment"
            out.append((unique(path), "disko-" + sub, h))
        else:
            r = rng.random()
            h = host_name(rng.randrange(max(1, n_hosts)))
            if r < 0.2:
                out.append((unique(f"hosts/{h}/configuration.nix"), "module", h))
            elif r < 0.32:
                out.append((unique(f"hosts/{h}/hardware-configuration.nix"), "hardware", h))
            elif r < 0.55:
                cat = rng.choice(["services", "desktop", "networking", "users", "server", "dev"])
                out.append((unique(f"modules/{cat}/{rng.choice(SERVICES + PACKAGES[:20])}.nix"), rng.choice(["service", "module"]), h))
            elif r < 0.7:
                out.append((unique(f"pkgs/{rng.choice(PACKAGES)}/default.nix"), "package", h))
            elif r < 0.85:
                out.append((unique(f"home/{rng.choice(USERS)}/{rng.choice(['home', 'shell', 'git', 'editor', 'desktop'])}.nix"), "module", h))
            else:
                out.append((unique(f"profiles/{rng.choice(['base', 'laptop', 'server', 'workstation', 'gaming', 'builder'])}/{rng.choice(['default', 'nix', 'security', 'boot'])}.nix"), "module", h))
    return out


def generate(out_dir: str, count: int, seed: int, force: bool) -> dict:
    if os.path.exists(out_dir) and os.listdir(out_dir):
        if not os.path.exists(os.path.join(out_dir, MARKER)):
            sys.exit(f"gen_tree: {out_dir} exists, is not empty and was not made by gen_tree.py; refusing to touch it")
        if not force:
            sys.exit(f"gen_tree: {out_dir} already holds a generated tree; pass --force to regenerate")
        shutil.rmtree(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    files = plan(rng, count)
    stats = {"disko": 0, "other": 0, "bytes": 0}
    for rel, kind, host in files:
        frng = random.Random(f"{seed}:{rel}")  # per-file stream: stable if the plan changes elsewhere
        if kind == "disko-full":
            text = gen_disko_file(frng, host)
            stats["disko"] += 1
        elif kind == "disko-fragment":
            text = gen_disko_fragment(frng, host)
            stats["disko"] += 1
        else:
            text = gen_other_file(frng, kind)
            if "disko" in text.lower():
                raise AssertionError(f"non-disko file {rel} mentions disko")
            stats["other"] += 1
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        stats["bytes"] += len(text.encode())
    meta = {"generator": "disko-lint bench/gen_tree.py", "version": GENERATOR_VERSION, "seed": seed,
            "count": count, **stats, "disko_files": [r for r, k, _ in files if k.startswith("disko")]}
    with open(os.path.join(out_dir, MARKER), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def check_sample(out_dir: str, meta: dict, n: int, seed: int) -> int:
    nix = shutil.which("nix-instantiate")
    if not nix:
        print("gen_tree: nix-instantiate not found; skipping the parse check", file=sys.stderr)
        return 0
    rng = random.Random(seed + 1)
    disko = meta["disko_files"]
    all_files = []
    for root, dirs, names in os.walk(out_dir):
        dirs.sort()
        for nm in sorted(names):
            if nm.endswith(".nix"):
                all_files.append(os.path.relpath(os.path.join(root, nm), out_dir))
    disko_set = set(disko)
    other = [f for f in all_files if f not in disko_set]
    sample = rng.sample(disko, min(n, len(disko))) + rng.sample(other, min(max(1, n // 5), len(other)))
    bad = 0
    for rel in sample:
        p = subprocess.run([nix, "--parse", os.path.join(out_dir, rel)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            bad += 1
            print(f"PARSE FAIL {rel}: {p.stderr.strip()[:300]}", file=sys.stderr)
    print(f"gen_tree: parse-checked {len(sample)} files ({min(n, len(disko))} disko), {bad} failed")
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (created; must be empty or a previous gen_tree output)")
    ap.add_argument("--count", type=int, default=10000, help="number of .nix files (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace a tree previously generated here")
    ap.add_argument("--check", type=int, default=0, metavar="N",
                    help="after generating, parse N random disko files (and N/5 others) with nix-instantiate --parse")
    args = ap.parse_args(argv)
    if args.count < 1:
        ap.error("--count must be >= 1")
    meta = generate(args.out, args.count, args.seed, args.force)
    print(f"gen_tree: wrote {meta['count']} files ({meta['disko']} disko, {meta['other']} other, "
          f"{meta['bytes'] / 1e6:.1f} MB) to {args.out}")
    if args.check:
        return 1 if check_sample(args.out, meta, args.check, args.seed) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
