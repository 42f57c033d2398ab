#!/usr/bin/env bash
# The project's test command (see README): installs what the tests need when it is
# missing (Chromium and chromedriver for the browser tests), then runs formatting, lint,
# every test, the screenshot script, the benchmark smoke run and the profile-guided build
# (scripts/pgo.sh installs llvm-profdata when missing).
set -euo pipefail
cd "$(dirname "$0")"

# The browser tests (tests/common/browser.rs) drive Chromium through chromedriver.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "installing chromium and chromium-driver for the browser tests"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver >/dev/null; fi
fi

# Hugo and GNU time for the benchmark harness's smoke run (scripts/bench.sh --smoke).
if ! command -v hugo >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  echo "installing hugo and time for the benchmark harness"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq hugo time >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq hugo time >/dev/null; fi
fi

# Free disk before building (the release test binaries need ~1.5 GB under target/).
df -h . | tail -1
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
# The fuzz targets (fuzz/, their own workspace) must keep compiling against the library.
cargo check --quiet --manifest-path fuzz/Cargo.toml --bins --target-dir target
cargo test --release
# The scripts use the binary the tests just built instead of building the crate again
# (a plain `cargo build` resolves dependency features without the dev-dependencies, so it
# would compile ~90 crates a second time: minutes and ~0.5 GB on CI).
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target=$PWD/$target ;; esac
export INNSITE="$target/release/innsite"
./scripts/screenshots.sh
./scripts/bench.sh --smoke
# The profile-guided build (scripts/pgo.sh) end to end, on the dev profile to keep this short
# (~3 minutes, ~1 GB at a time): the instrumented build, its training on the sample graph,
# the merged profile, and the optimized build, which must build the sample graph byte for
# byte as the instrumented one did.
pgo=$(mktemp -d)
PGO_PROFILE=dev PGO_DIR="$pgo" CARGO_PROFILE_DEV_DEBUG=0 ./scripts/pgo.sh
test -x "$pgo/innsite"
rm -rf "$pgo"
