#!/usr/bin/env python3
"""Compare `disko-lint inspect --format json` mounts with disko's own evaluation.

Usage: scripts/corpus-compare.py CORPUS_DIR [BINARY]
CORPUS_DIR holds disko-examples/, real/ and evaluated/<name>.json (disko's fileSystems).
A developer tool for the extractor (the corpus is not part of the project); prints every
mismatch and the count of matched mounts.
"""
import json, subprocess, sys, pathlib

corpus = pathlib.Path(sys.argv[1])
binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/disko-lint"
total = matched = 0
for sub in ("disko-examples", "real"):
    for nix in sorted((corpus / sub).glob("*.nix")):
        ev = corpus / "evaluated" / (nix.stem + ".json")
        if not ev.exists():
            continue
        want = json.load(open(ev))["fileSystems"]
        p = subprocess.run([binary, "inspect", "--format", "json", str(nix)], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            print(f"{nix.name}: exit {p.returncode}: {p.stderr.strip()[:300]}")
            total += len(want)
            continue
        model = json.loads(p.stdout)
        got = {}
        for m in model["mounts"]:
            got.setdefault(m["mountpoint"], m)
        unresolved = [f"{u['what']}: {u['reason']}" for u in model.get("unresolved", [])]
        for mp, fs in want.items():
            total += 1
            g = got.get(mp)
            if g is None:
                print(f"{nix.name}: {mp}: missing (unresolved: {unresolved[:3]})")
                continue
            probs = []
            if g["options"] != fs["options"]:
                probs.append(f"options {g['options']} != {fs['options']}")
            if g["neededForBoot"] != fs["neededForBoot"]:
                probs.append(f"neededForBoot {g['neededForBoot']} != {fs['neededForBoot']}")
            if g["fsType"] != fs["fsType"]:
                probs.append(f"fsType {g['fsType']} != {fs['fsType']}")
            if probs:
                print(f"{nix.name}: {mp}: " + "; ".join(probs))
            else:
                matched += 1
        for mp in got:
            if mp not in want:
                print(f"{nix.name}: {mp}: extra mount not in disko's answer")
print(f"{matched} of {total} mounts matched")
