#!/usr/bin/env python3
"""Run `check --fix --unsafe-fixes` over copies of .nix files and verify the results.

Usage: scripts/fix-corpus-check.py BINARY DIR...   (every *.nix below each DIR is copied)
Checks per file: the fixed text parses (rnix via DL001, and `nix-instantiate --parse` when
installed), a second run changes nothing, no `#` comment text is lost, and no fixable
finding remains. A developer tool: it prints counts and every problem.
"""
import collections, json, pathlib, re, shutil, subprocess, sys, tempfile

binary = sys.argv[1]
files = [p for d in sys.argv[2:] for p in sorted(pathlib.Path(d).rglob("*.nix"))]
tmp = pathlib.Path(tempfile.mkdtemp(prefix="dl-fixcheck-"))
have_nix = shutil.which("nix-instantiate") is not None
comment = re.compile(r"#[^\n]*")

def comments(text):
    return collections.Counter(c.strip() for c in comment.findall(text))

counts = collections.Counter()
for i, src in enumerate(files):
    dst = tmp / f"{i:03d}-{src.name}"
    shutil.copy(src, dst)
    before = dst.read_text()
    p = subprocess.run([binary, "check", "--no-config", "--fix", "--unsafe-fixes", "--quiet", str(dst)], capture_output=True, text=True)
    after = dst.read_text()
    counts["files"] += 1
    if after != before:
        counts["changed"] += 1
    if "not fixed" in p.stderr:
        counts["refused"] += 1
        print(f"{src}: {p.stderr.strip()}")
    j = subprocess.run([binary, "check", "--no-config", "--format", "json", str(dst)], capture_output=True, text=True)
    doc = json.loads(j.stdout)
    if any(d["code"] == "DL001" for d in doc["diagnostics"]):
        counts["rnix-parse-errors"] += 1
        print(f"{src}: fixed text does not parse (rnix)")
    fixable = [d for d in doc["diagnostics"] if d["fix"] and d["fix"]["applicability"] in ("safe", "unsafe") and d["fix"]["edits"]]
    if fixable:
        counts["fixable-left"] += 1
        print(f"{src}: fixable findings remain: {[d['code'] for d in fixable]}")
    if have_nix:
        n = subprocess.run(["nix-instantiate", "--parse", str(dst)], capture_output=True, text=True)
        if n.returncode != 0:
            counts["nix-instantiate-errors"] += 1
            print(f"{src}: nix-instantiate --parse: {n.stderr.strip()[:200]}")
        else:
            counts["nix-instantiate-ok"] += 1
    lost = comments(before) - comments(after)
    if lost:
        counts["comments-lost"] += 1
        print(f"{src}: comments lost: {list(lost)[:3]}")
    subprocess.run([binary, "check", "--no-config", "--fix", "--unsafe-fixes", "--quiet", str(dst)], capture_output=True, text=True)
    if dst.read_text() != after:
        counts["second-run-changed"] += 1
        print(f"{src}: a second --fix changed the file")
print(dict(counts))
shutil.rmtree(tmp)
