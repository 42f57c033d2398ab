#!/usr/bin/env bash
# The project's test command (see README): installs what the tests need when it is
# missing, then runs formatting, lint and every test.
set -euo pipefail
cd "$(dirname "$0")"

cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test --quiet
