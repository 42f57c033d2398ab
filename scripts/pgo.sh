#!/usr/bin/env bash
# Profile-guided build of innsite: a binary for publishing large graphs and for the benchmark,
# 6-9% faster than `cargo build --release` (README, Performance). Three steps:
#   1. an instrumented build (rustc -Cprofile-generate),
#   2. that binary builds the sample graph (content/ with site.toml) and every graph given,
#      recording which branches and calls its work takes,
#   3. the profiles merged (llvm-profdata) and innsite built again with them (-Cprofile-use).
# The result is checked: it must build the sample graph into the same files, byte for byte,
# as the instrumented binary did.
#
#   scripts/pgo.sh [GRAPH ...]     writes $PGO_DIR/innsite
#
# Train on graphs like the ones to publish (e.g. ../shared/corpus/innbok); the sample alone
# gives most of the gain. Not on the benchmark's synthetic graphs when timing them.
#
# Environment (defaults in brackets):
#   PGO_DIR        work folder: builds, profiles, the binary        [target/pgo]
#   PGO_PROFILE    cargo profile of both builds                     [release]
#   LLVM_PROFDATA  llvm-profdata of rustc's LLVM version            [found, or installed from
#                  Debian's llvm-N package when run as root or with sudo]
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
# Paths given (graphs, PGO_DIR) are taken from the caller's folder, before moving to the
# repository's.
PGO_DIR=$(realpath -m -- "${PGO_DIR:-$HERE/target/pgo}")
PROFILE=${PGO_PROFILE:-release}
GRAPHS=()
for g in "$@"; do
  [ -d "$g" ] || { echo "pgo: no graph folder $g" >&2; exit 1; }
  GRAPHS+=("$(realpath -- "$g")")
done
cd "$HERE"

# The profiles' format is that of rustc's LLVM: llvm-profdata must be of the same major version.
HOST=$(rustc -vV | sed -n 's/^host: //p')
LLVM_MAJOR=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
profdata_major() { "$1" --version 2>/dev/null | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p' | head -1; }
find_profdata() {
  local c
  for c in ${LLVM_PROFDATA:-} "$(rustc --print sysroot)/lib/rustlib/$HOST/bin/llvm-profdata" \
    "llvm-profdata-$LLVM_MAJOR" llvm-profdata; do
    if command -v "$c" >/dev/null 2>&1 && [ "$(profdata_major "$c")" = "$LLVM_MAJOR" ]; then
      command -v "$c"
      return
    fi
  done
}
PROFDATA=$(find_profdata)
if [ -z "$PROFDATA" ]; then
  echo "pgo: installing llvm-$LLVM_MAJOR for llvm-profdata (rustc's LLVM is $LLVM_MAJOR)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "llvm-$LLVM_MAJOR" >/dev/null ||
    { apt-get update -qq && apt-get install -y -qq "llvm-$LLVM_MAJOR" >/dev/null; }
  else sudo apt-get update -qq && sudo apt-get install -y -qq "llvm-$LLVM_MAJOR" >/dev/null; fi
  PROFDATA=$(find_profdata)
fi
[ -n "$PROFDATA" ] || {
  echo "pgo: no llvm-profdata of LLVM $LLVM_MAJOR (set LLVM_PROFDATA, or install llvm-$LLVM_MAJOR or rustup's llvm-tools)" >&2
  exit 1
}

# --target: RUSTFLAGS then reach innsite and its libraries only, not the build scripts and
# procedural macros that run while compiling (they would be instrumented and profiled too).
build() { # target-dir rustflags
  RUSTFLAGS="${RUSTFLAGS:-} $2" cargo build --quiet --profile "$PROFILE" --target "$HOST" \
    --target-dir "$1" --bin innsite
  local dir=$PROFILE
  [ "$PROFILE" = dev ] && dir=debug
  echo "$1/$HOST/$dir/innsite"
}

rm -rf "$PGO_DIR/profiles" "$PGO_DIR/out"
mkdir -p "$PGO_DIR/profiles" "$PGO_DIR/out"
echo "pgo: instrumented build ($PROFILE)" >&2
instrumented=$(build "$PGO_DIR/instrumented" "-Cprofile-generate=$PGO_DIR/profiles")

echo "pgo: training on the sample graph${GRAPHS[*]:+ and ${GRAPHS[*]}}" >&2
export LLVM_PROFILE_FILE="$PGO_DIR/profiles/innsite-%p-%m.profraw"
"$instrumented" build --output "$PGO_DIR/out/sample-trained" >/dev/null
i=0
for g in "${GRAPHS[@]}"; do
  i=$((i + 1))
  # From an empty folder: a site.toml where the command runs is not the graph's.
  (cd "$PGO_DIR/out" && "$instrumented" build --content "$g" --output "graph-$i" >/dev/null)
  rm -rf "$PGO_DIR/out/graph-$i"
done
unset LLVM_PROFILE_FILE
"$PROFDATA" merge -o "$PGO_DIR/innsite.profdata" "$PGO_DIR/profiles"
# The instrumented build is let go before the next one (over a gigabyte each).
rm -rf "$PGO_DIR/instrumented" "$PGO_DIR/profiles"

echo "pgo: optimized build" >&2
# A function the training never ran has no profile; that is expected, not worth a warning.
optimized=$(build "$PGO_DIR/optimized" \
  "-Cprofile-use=$PGO_DIR/innsite.profdata -Cllvm-args=-pgo-warn-missing-function=false")
"$optimized" build --output "$PGO_DIR/out/sample-optimized" >/dev/null
diff -r "$PGO_DIR/out/sample-trained" "$PGO_DIR/out/sample-optimized" >/dev/null || {
  echo "pgo: the optimized binary built the sample graph differently from the instrumented one" >&2
  exit 1
}
cp "$optimized" "$PGO_DIR/innsite"
rm -rf "$PGO_DIR/out"
echo "pgo: wrote $PGO_DIR/innsite" >&2
