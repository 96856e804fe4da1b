#!/usr/bin/env bash
# What a `for b in model.btrfs { for m in b.mounted { … } }` loop costs a rule, against the
# same walk by index (`model.btrfs[i].mounted.len()`), per disko file of the bench tree.
# Rhai copies a map or array when a loop or a `let` takes it; indexing a chain copies only
# the leaf. Each probe rule (bench/probes/*/DL901.rhai) does its walk 10 times.
#
#   bench/rhai-copies.sh            # needs the tree of bench/run.sh (COUNT=10000, SEED=1)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=$ROOT/target/release/disko-lint
COUNT=${COUNT:-10000}
SEED=${SEED:-1}
TREE=${TREE:-${TMPDIR:-/tmp}/disko-lint-bench-tree-$COUNT-$SEED}
[[ -x $BIN ]] || { echo "build first: cargo build --release" >&2; exit 2; }
[[ -d $TREE ]] || { echo "no tree at $TREE: run bench/run.sh first" >&2; exit 2; }
files=$("$BIN" check --no-config --select DL001 --format json "$TREE" 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["files"])' 2>/dev/null || echo "")
user() { /usr/bin/time -f %U -o /tmp/rhai-copies.$$ "$@" >/dev/null 2>&1 || true; cat /tmp/rhai-copies.$$; }
base=$(user "$BIN" check --no-config --select DL001 "$TREE")
copy=$(user "$BIN" check --no-config --select DL001,DL901 --rules "$ROOT/bench/probes/copy-loop" "$TREE")
index=$(user "$BIN" check --no-config --select DL001,DL901 --rules "$ROOT/bench/probes/index-loop" "$TREE")
rm -f /tmp/rhai-copies.$$
python3 - "$base" "$copy" "$index" "${files:-}" <<'PY'
import sys
base, copy, index = (float(x) for x in sys.argv[1:4])
files = int(sys.argv[4]) if sys.argv[4] else None
print(f"CPU seconds: no rule {base:.2f}, copy loops {copy:.2f}, index loops {index:.2f}")
if files:
    per = lambda t: (t - base) / 10 / files * 1e6
    print(f"per walk and file checked ({files} files): copy {per(copy):.1f} µs, index {per(index):.1f} µs")
PY
