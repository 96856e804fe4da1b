#!/usr/bin/env bash
# Benchmark disko-lint against the budgets in the design notes (section 8),
# side by side with statix when a real statix is on PATH.
#
#   bench/run.sh                 # build, generate the tree if needed, measure
#   COUNT=2000 bench/run.sh      # smaller tree
#
# Environment:
#   TREE          tree directory (default: $TMPDIR/disko-lint-bench-tree-$COUNT-$SEED)
#   COUNT, SEED   tree size and generator seed (default 10000, 1)
#   RUNS_SINGLE   hyperfine runs for the single file (default 50)
#   RUNS_TREE     hyperfine runs for the tree (default 5)
#   SINGLE_FILE   file for the single-file case (default examples/server-postgres-podman.nix)
#   SKIP_BUILD=1  use the existing target/release/disko-lint
#   NO_INSTALL=1  never try to apt-get missing tools
#
# Needs: cargo, python3, hyperfine (Debian package `hyperfine`), GNU time
# (Debian package `time`, for peak RSS). statix is optional.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

COUNT=${COUNT:-10000}
SEED=${SEED:-1}
RUNS_SINGLE=${RUNS_SINGLE:-50}
RUNS_TREE=${RUNS_TREE:-5}
RUNS_BIG=${RUNS_BIG:-3}
TREE=${TREE:-${TMPDIR:-/tmp}/disko-lint-bench-tree-$COUNT-$SEED}
SINGLE_FILE=${SINGLE_FILE:-examples/server-postgres-podman.nix}
BIN=$ROOT/target/release/disko-lint

# Budgets (design notes, section 8).
BUDGET_SINGLE_MS=5
BUDGET_FILES_PER_S=10000
BUDGET_RSS_MB=100

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

# Install a Debian package when running as root with apt-get, unless NO_INSTALL=1.
try_apt_install() {
    local pkg=$1
    if [[ ${NO_INSTALL:-0} == 1 ]] || [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
        return 1
    fi
    say "bench: installing $pkg: apt-get install -y $pkg"
    apt-get install -y -qq "$pkg" >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$pkg" >/dev/null 2>&1; }
}

command -v python3 >/dev/null || die "python3 is required (bench/gen_tree.py and the report)"

if ! command -v hyperfine >/dev/null; then
    try_apt_install hyperfine || true
    command -v hyperfine >/dev/null ||
        die "hyperfine not found. Install it with 'apt-get install hyperfine' (Debian/Ubuntu) or 'cargo install hyperfine'."
fi

GNU_TIME=/usr/bin/time
if ! "$GNU_TIME" -v true >/dev/null 2>&1; then
    try_apt_install time || true
fi
if ! "$GNU_TIME" -v true >/dev/null 2>&1; then
    say "bench: GNU time not found ('apt-get install time'); peak RSS will not be measured"
    GNU_TIME=
fi

# statix: only the Nix linter counts (there is an unrelated crate of the same
# name on crates.io); it is recognised by its `check` subcommand.
STATIX=
if command -v statix >/dev/null && statix check --help >/dev/null 2>&1; then
    STATIX=$(command -v statix)
else
    say "bench: statix (the Nix linter) not on PATH; measuring disko-lint alone"
fi

# --- build --------------------------------------------------------------------
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    say "bench: cargo build --release"
    cargo build --release --quiet || die "cargo build --release failed"
fi
[[ -x $BIN ]] || die "$BIN does not exist (build it with 'cargo build --release')"
[[ -f $SINGLE_FILE ]] || die "$SINGLE_FILE not found"

# --- tree -----------------------------------------------------------------------
tree_ok() {
    [[ -f $TREE/.gen_tree.json ]] && python3 - "$TREE/.gen_tree.json" "$COUNT" "$SEED" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if (m.get("count"), m.get("seed")) == (int(sys.argv[2]), int(sys.argv[3])) else 1)
EOF
}
if ! tree_ok; then
    say "bench: generating $COUNT files (seed $SEED) in $TREE"
    python3 "$ROOT/bench/gen_tree.py" --out "$TREE" --count "$COUNT" --seed "$SEED" --force >&2
fi
NFILES=$(find "$TREE" -name '*.nix' -type f | wc -l)

OUT=$(mktemp -d "${TMPDIR:-/tmp}/disko-lint-bench.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

# --- sanity: findings exit 1, anything else means the numbers are suspect --------
for target in "$SINGLE_FILE" "$TREE"; do
    set +e
    "$BIN" check "$target" >/dev/null 2>"$OUT/stderr"
    rc=$?
    set -e
    if [[ $rc != 0 && $rc != 1 ]]; then
        say "bench: WARNING: 'disko-lint check $target' exited $rc (expected 0 or 1); figures below may be meaningless:"
        head -5 "$OUT/stderr" >&2
    fi
done

# --- timings --------------------------------------------------------------------
single_cmds=("$BIN check $SINGLE_FILE")
tree_cmds=("$BIN check $TREE")
if [[ -n $STATIX ]]; then
    single_cmds+=("$STATIX check $SINGLE_FILE")
    tree_cmds+=("$STATIX check $TREE")
fi

say "bench: single file, $RUNS_SINGLE runs"
hyperfine --shell=none --ignore-failure --warmup 5 --runs "$RUNS_SINGLE" \
    --export-json "$OUT/single.json" "${single_cmds[@]}" >&2

say "bench: tree of $NFILES files, $RUNS_TREE runs"
hyperfine --shell=none --ignore-failure --warmup 1 --runs "$RUNS_TREE" \
    --export-json "$OUT/tree.json" "${tree_cmds[@]}" >&2

say "bench: generate (workstation spec), $RUNS_SINGLE runs"
hyperfine --shell=none --warmup 3 --runs "$RUNS_SINGLE" \
    --export-json "$OUT/generate.json" "$BIN generate --spec examples/specs/dev-workstation.toml" >&2

say "bench: big layouts (bench/gen_subvolumes.py), $RUNS_BIG runs each"
BIG_SIZES=(1000 20000)
big_cmds=()
for n in "${BIG_SIZES[@]}"; do
    python3 "$ROOT/bench/gen_subvolumes.py" --count "$n" --out "$OUT/lab-$n.nix"
    # A rule that fails on the layout's size is DL003: count them (must be 0).
    "$BIN" check --format concise "$OUT/lab-$n.nix" 2>/dev/null | grep -c ' DL003 ' >"$OUT/lab-$n.dl003" || true
    big_cmds+=("$BIN check $OUT/lab-$n.nix")
done
hyperfine --shell=none --ignore-failure --warmup 0 --runs "$RUNS_BIG" \
    --export-json "$OUT/big.json" "${big_cmds[@]}" >&2

# --- peak memory ------------------------------------------------------------------
rss_kb() { # command... -> max RSS in KiB, or empty
    [[ -n $GNU_TIME ]] || return 0
    "$GNU_TIME" -v -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
    sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$OUT/time.txt"
}
RSS_DL=$(rss_kb "$BIN" check "$TREE")
RSS_ST=
[[ -n $STATIX ]] && RSS_ST=$(rss_kb "$STATIX" check "$TREE")
RSS_BIG=$(rss_kb "$BIN" check "$OUT/lab-20000.nix")

# --- report -----------------------------------------------------------------------
python3 - "$OUT/single.json" "$OUT/tree.json" "$NFILES" "${RSS_DL:-}" "${RSS_ST:-}" \
    "$BUDGET_SINGLE_MS" "$BUDGET_FILES_PER_S" "$BUDGET_RSS_MB" "$(nproc)" "$OUT/generate.json" \
    "$OUT/big.json" "$(cat "$OUT/lab-1000.dl003")" "$(cat "$OUT/lab-20000.dl003")" "${RSS_BIG:-}" <<'EOF'
import json, sys
big = [r.get("median", r["mean"]) for r in json.load(open(sys.argv[11]))["results"]]
big_dl003 = [int(x or 0) for x in sys.argv[12:14]]
rss_big = int(sys.argv[14]) / 1024 if sys.argv[14] else None
gen_ms = json.load(open(sys.argv[10]))["results"][0]
gen_ms = gen_ms.get("median", gen_ms["mean"]) * 1000

single, tree = (json.load(open(p))["results"] for p in sys.argv[1:3])
nfiles = int(sys.argv[3])
rss_dl, rss_st = (int(x) / 1024 if x else None for x in sys.argv[4:6])
b_ms, b_fps, b_rss = float(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
cores = sys.argv[9]
has_statix = len(single) > 1

def med(r):
    return r.get("median", r["mean"])

s_dl = med(single[0]) * 1000
t_dl = med(tree[0])
fps_dl = nfiles / t_dl
s_st = med(single[1]) * 1000 if has_statix else None
t_st = med(tree[1]) if has_statix else None
fps_st = nfiles / t_st if has_statix else None

def ok(good):
    return "ok" if good else "OVER BUDGET"

def fmt(v, spec):
    return "-" if v is None else format(v, spec)

def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"

rows = [
    ("single file, median (ms)", fmt(s_dl, ".2f"), fmt(s_st, ".2f"), ratio(s_dl, s_st), f"<= {b_ms:g} ms", ok(s_dl <= b_ms)),
    (f"tree, {nfiles} files, median (s)", fmt(t_dl, ".3f"), fmt(t_st, ".3f"), ratio(t_dl, t_st), "", ""),
    ("tree throughput (files/s)", fmt(fps_dl, ".0f"), fmt(fps_st, ".0f"), ratio(fps_dl, fps_st), f">= {b_fps:g}", ok(fps_dl >= b_fps)),
    ("tree peak RSS (MB)", fmt(rss_dl, ".1f"), fmt(rss_st, ".1f"), ratio(rss_dl, rss_st), f"<= {b_rss:g} MB",
     ok(rss_dl <= b_rss) if rss_dl is not None else "not measured"),
    ("generate, median (ms)", fmt(gen_ms, ".2f"), "-", "-", "<= 50 ms", ok(gen_ms <= 50)),
    ("1,000 subvolumes, median (s)", fmt(big[0], ".2f"), "-", "-", "0 DL003", ok(big_dl003[0] == 0) + f" ({big_dl003[0]} DL003)"),
    ("20,000 subvolumes, median (s)", fmt(big[1], ".2f"), "-", "-", "0 DL003", ok(big_dl003[1] == 0) + f" ({big_dl003[1]} DL003)"),
    ("20,000 / 1,000 time per subvolume", fmt(big[1] / 20 / big[0], ".2f"), "-", "-", "<= 1.5 (linear)", ok(big[1] / 20 / big[0] <= 1.5)),
    ("20,000 subvolumes, peak RSS (MB)", fmt(rss_big, ".0f"), "-", "-", "", ""),
]
head = ("measure", "disko-lint", "statix" if has_statix else "statix (absent)", "ratio", "budget", "")
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
print(f"\ndisko-lint benchmark ({cores} cores; ratio = disko-lint / statix)")
for r in [head] + rows:
    print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
EOF
