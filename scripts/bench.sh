#!/usr/bin/env bash
# Whole-process build benchmark: innsite and Hugo (and the comrak "floor") side by side on the
# same synthetic graph, then innsite on the real innbok graph.
#
#   scripts/bench.sh [N ...]     default sizes: 1000 10000 50000
#   scripts/bench.sh --smoke     CI check: a 60-page graph, one run of innsite and Hugo, the
#                                output checked page by page, the criterion benches run once,
#                                the save -> reload benchmark (scripts/bench_serve.py) with two edits
#
# For each size N, ../shared/bench/gen_corpus.py (seed $SEED) writes the graph in the Logseq
# flavour (for innsite and the floor) and the Hugo flavour (same content). Each tool builds it
# $RUNS times into a fresh folder on a tmpfs, the graph read once, untimed, before (so every
# run reads it from the page cache); GNU time gives CPU time (user + sys) and peak RSS
# (the "Maximum resident set size" of `time -v`), wall time is taken in nanoseconds around it.
# Every run's output is checked: all N pages of the manifest must be there. One JSON line per
# (tool, N) goes to $BENCH/results/bench.jsonl; a markdown table of medians, output size and the
# Hugo/innsite wall ratio is printed at the end.
#
# Environment (defaults in brackets):
#   RUNS     runs per tool and size                          [3]
#   BENCH    work folder: corpora, outputs, results          [/tmp/bench]
#   SEED     corpus seed                                     [42]
#   TOOLS    tools to run                                    ["innsite hugo floor"]
#   INNSITE  innsite binary           [built here: cargo build --release, $CARGO_TARGET_DIR honoured]
#   HUGO     hugo binary (Debian package "hugo")             [hugo]
#   INNBOK   the real graph; empty to skip it                [../shared/corpus/innbok]
#   OUTROOT  where builds write; a tmpfs is mounted there when run as root [$BENCH/tmpfs]
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=$HERE/../shared/bench
SMOKE=0
if [ "${1:-}" = --smoke ]; then
  SMOKE=1
  shift
fi
if [ "$SMOKE" = 1 ]; then
  SIZES=${*:-60}
  RUNS=${RUNS:-1}
  TOOLS=${TOOLS:-"innsite hugo"}
  if [ -z "${BENCH:-}" ]; then BENCH=$(mktemp -d) && trap 'rm -rf "$BENCH"' EXIT; fi
  OUTROOT=${OUTROOT:-$BENCH/out}
  INNBOK=${INNBOK-}
else
  SIZES=${*:-1000 10000 50000}
  RUNS=${RUNS:-3}
  TOOLS=${TOOLS:-"innsite hugo floor"}
  BENCH=${BENCH:-/tmp/bench}
  OUTROOT=${OUTROOT:-$BENCH/tmpfs}
  INNBOK=${INNBOK-$HERE/../shared/corpus/innbok}
fi
SEED=${SEED:-42}
HUGO=${HUGO:-hugo}
RESULTS=$BENCH/results/bench.jsonl
[ -f "$SHARED_BENCH/gen_corpus.py" ] || { echo "missing $SHARED_BENCH/gen_corpus.py" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is missing (apt-get install time)" >&2; exit 1; }
mkdir -p "$BENCH/corpus" "$BENCH/results" "$BENCH/logs" "$OUTROOT"
if [ "$SMOKE" = 1 ]; then : >"$RESULTS"; fi

# Outputs on a tmpfs, as in ../shared/bench/BASELINE.md (disk timings drift on this VM's ext4).
if [ "$OUTROOT" = "$BENCH/tmpfs" ] && ! mountpoint -q "$OUTROOT"; then
  mount -t tmpfs -o size=12g,mode=755 tmpfs "$OUTROOT" 2>/dev/null ||
    echo "warning: could not mount a tmpfs at $OUTROOT; timing on disk" >&2
fi

if [ -z "${INNSITE:-}" ]; then
  (cd "$HERE" && cargo build --release --quiet)
  INNSITE=${CARGO_TARGET_DIR:-$HERE/target}/release/innsite
  case $INNSITE in /*) ;; *) INNSITE=$HERE/$INNSITE ;; esac
else
  # A binary given by a relative path is where the caller is: the builds run elsewhere.
  case $INNSITE in */*) INNSITE=$(realpath -- "$INNSITE") ;; esac
fi
for t in $TOOLS; do
  if [ "$t" = hugo ] && ! command -v "$HUGO" >/dev/null; then
    echo "hugo is missing (apt-get install hugo; test.sh installs it)" >&2
    exit 1
  fi
done

corpus() { # flavor N -> folder (generated once per flavor, N and seed), read once untimed
  local dir="$BENCH/corpus/$1-$2-s$SEED"
  if [ ! -f "$dir/manifest.tsv" ]; then
    python3 "$SHARED_BENCH/gen_corpus.py" --pages "$2" --seed "$SEED" --flavor "$1" \
      --out "$dir" --force >&2
  fi
  # Every tool reads the graph from the page cache: a graph left there by an earlier run may
  # have been pushed out since (a 50,000-page build read from disk took 2 s longer).
  find "$dir" -type f -print0 | xargs -0 cat >/dev/null
  echo "$dir"
}

floor_bin() { # builds ../shared/bench/floor once under $BENCH
  local src="$BENCH/floor-src"
  if [ ! -x "$src/target/release/comrak-floor" ]; then
    mkdir -p "$src" && cp -r "$SHARED_BENCH/floor/." "$src/"
    (cd "$src" && CARGO_TARGET_DIR="$src/target" cargo build --release --quiet)
  fi
  echo "$src/target/release/comrak-floor"
}

# timed TOOL N MANIFEST CMD... : RUNS runs, the literal OUT in CMD replaced by a fresh folder;
# appends one JSON line to $RESULTS.
timed() {
  local tool=$1 n=$2 manifest=$3
  shift 3
  local runs="" check="{}" status=ok
  for r in $(seq 1 "$RUNS"); do
    local out="$OUTROOT/$tool-$n-run$r.$(date +%s%N)" args=()
    for a in "$@"; do if [ "$a" = OUT ]; then args+=("$out"); else args+=("$a"); fi; done
    sync
    local tf log="$BENCH/logs/$tool-$n-run$r.log" t0 t1 rc=0
    tf=$(mktemp)
    t0=$(date +%s%N)
    (cd "$BENCH" && /usr/bin/time -f '%e %U %S %M' -o "$tf" "${args[@]}") >"$log" 2>&1 || rc=$?
    t1=$(date +%s%N)
    local wall user sys rss
    read -r wall user sys rss < <(tail -1 "$tf")
    rm -f "$tf"
    wall=$(awk "BEGIN{printf \"%.4f\", ($t1 - $t0) / 1e9}")
    [ "$rc" = 0 ] || status="failed rc=$rc (see $log)"
    runs+="${runs:+,}{\"wall\":$wall,\"user\":$user,\"sys\":$sys,\"rss_kb\":${rss:-0},\"rc\":$rc}"
    echo "$tool N=$n run $r: wall=${wall}s cpu=$(awk "BEGIN{print $user+$sys}")s rss=$((${rss:-0} / 1024))MB rc=$rc" >&2
    if [ "$r" = "$RUNS" ] || [ "$rc" != 0 ]; then
      check=$(python3 "$HERE/scripts/bench_check.py" "$tool" "$manifest" "$out") || status="incomplete output"
      rm -rf "$out"
      break
    fi
    rm -rf "$out"
  done
  python3 "$HERE/scripts/bench_check.py" --record "$tool" "$n" "$status" "[$runs]" "$check" \
    | tee -a "$RESULTS"
}

for n in $SIZES; do
  for tool in $TOOLS; do
    case $tool in
      innsite)
        src=$(corpus logseq "$n")
        timed innsite "$n" "$src/manifest.tsv" "$INNSITE" build --content "$src" --output OUT ;;
      hugo)
        src=$(corpus hugo "$n")
        timed hugo "$n" "$src/manifest.tsv" "$HUGO" --quiet --source "$src" --destination OUT ;;
      floor)
        src=$(corpus logseq "$n")
        bin=$(floor_bin)
        timed floor "$n" "$src/manifest.tsv" "$bin" pipeline "$src/pages" OUT ;;
      *) echo "unknown tool $tool" >&2; exit 2 ;;
    esac
  done
done

if [ -n "$INNBOK" ]; then
  [ -d "$INNBOK" ] || { echo "the innbok graph is missing at $INNBOK" >&2; exit 1; }
  timed innsite innbok - "$INNSITE" build --content "$INNBOK" --output OUT
fi

if [ "$SMOKE" = 1 ]; then
  # the in-process stage benchmarks, each run once on a graph of the same size
  (cd "$HERE" && INNSITE_BENCH_PAGES=${SIZES%% *} cargo bench --quiet --bench stages -- --test)
  # the save -> reload benchmark of `innsite serve`, two edits of the first graph
  python3 "$HERE/scripts/bench_serve.py" --innsite "$INNSITE" --edits 2 --runs 1 \
    "$(corpus logseq "${SIZES%% *}")"
fi
python3 "$HERE/scripts/bench_check.py" --table "$RESULTS" "$(uname -srm); $(nproc) cores; \
$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
if [ "$SMOKE" = 1 ]; then
  python3 "$HERE/scripts/bench_check.py" --require-ok "$RESULTS" $TOOLS
fi
