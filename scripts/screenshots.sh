#!/usr/bin/env bash
# Renders pages of the sample site and of the real innbok graph in headless Chromium, at
# desktop and phone widths, and saves PNG screenshots to target/screenshots/ for a person
# to look at. Fails when Chromium is missing, a build fails, or a screenshot is not written.
set -euo pipefail
cd "$(dirname "$0")/.."

shots=target/screenshots
mkdir -p "$shots"
rm -f "$shots"/*.png
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium is not installed (test.sh installs it)" >&2; exit 1; }

# INNSITE: a binary already built (test.sh passes the one `cargo test --release` built, which
# saves a second build of the crate with the normal dependencies' features only).
bin="${INNSITE:-${CARGO_TARGET_DIR:-target}/release/innsite}"
[ -n "${INNSITE:-}" ] || cargo build --release --quiet
[ -x "$bin" ] || { echo "no innsite binary at $bin" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

serve() { # serve DIR PORT
  python3 -m http.server --directory "$1" --bind 127.0.0.1 "$2" >/dev/null 2>&1 &
  for _ in $(seq 50); do python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1])" "http://127.0.0.1:$2/" 2>/dev/null && return 0; sleep 0.1; done
  echo "server on port $2 did not start" >&2; return 1
}

shoot() { # shoot URL NAME
  for size in 1280,900:desktop 390,844:phone; do
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$work/profile" --hide-scrollbars --window-size="${size%%:*}" \
      --screenshot="$shots/$2-${size##*:}.png" "$1" >/dev/null 2>&1
    [ -s "$shots/$2-${size##*:}.png" ] || { echo "no screenshot for $1 (${size##*:})" >&2; exit 1; }
  done
}

"$bin" build --output "$work/sample" >/dev/null 2>&1
serve "$work/sample" 18081
shoot http://127.0.0.1:18081/ sample-home
shoot http://127.0.0.1:18081/quick-start/ sample-quick-start
shoot http://127.0.0.1:18081/artifact/customer-profile/info/ sample-customer-profile

graph=../shared/corpus/innbok
if [ -d "$graph" ]; then
  "$bin" build --content "$graph" --output "$work/innbok" >/dev/null 2>&1
  serve "$work/innbok" 18082
  shoot http://127.0.0.1:18082/profile-id/persona-info/ innbok-persona
  shoot http://127.0.0.1:18082/topic/validation/identify-the-risks/ innbok-topic
  shoot http://127.0.0.1:18082/key-console/ innbok-key-console
fi
ls -1 "$shots"
