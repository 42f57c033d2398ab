#!/usr/bin/env bash
# Lighthouse scores of the real innbok graph as innsite publishes it: builds the graph with a
# release build, serves it over local HTTP, runs Lighthouse (npm, Debian's chromium) on the
# home page and the persona page, desktop and mobile, and prints Performance, Accessibility,
# Best Practices and SEO for each; then the Accessibility score again with the dark colour
# scheme. Exits 1 when any score is below MIN (default 95).
#
#   scripts/lighthouse.sh                  # innbok beside the repository
#   GRAPH=path/to/graph PAGES="/ /some-page/" scripts/lighthouse.sh
#
# Lighthouse is installed on first use into LIGHTHOUSE_DIR (default ../tools-lighthouse);
# 12.2.3 is the last release that runs on Debian's Node 20. Reports: $OUT/*.report.json.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
GRAPH="${GRAPH:-$repo/../shared/corpus/innbok}"
PAGES="${PAGES:-/ /persona/}"
MIN="${MIN:-95}"
LIGHTHOUSE_DIR="${LIGHTHOUSE_DIR:-$repo/../tools-lighthouse}"
LIGHTHOUSE_VERSION=12.2.3
OUT="${OUT:-$(mktemp -d /tmp/innsite-lighthouse.XXXXXX)}"
mkdir -p "$OUT"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
FLAGS="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"

command -v node >/dev/null || { echo "lighthouse.sh needs node and npm (apt-get install nodejs npm)" >&2; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse.sh needs chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 2; }
lh="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$lh" ]; then
  mkdir -p "$LIGHTHOUSE_DIR"
  npm install --prefix "$LIGHTHOUSE_DIR" --no-audit --no-fund -E "lighthouse@$LIGHTHOUSE_VERSION" >&2
fi

cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin="${CARGO_TARGET_DIR:-$repo/target}/release/innsite"
site="$OUT/site"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$bin" build --content "$GRAPH" --output "$site" --base-url "http://127.0.0.1:$port/" >&2

# A static server that gzips text like GitHub Pages does (Lighthouse's network model counts
# transferred bytes).
python3 - "$site" "$port" >"$OUT/server.log" 2>&1 <<'PY' &
import gzip, http.server, os, sys
root, port = sys.argv[1], int(sys.argv[2])
class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k): super().__init__(*a, directory=root, **k)
    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if not os.path.isfile(path) or not (ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "image/svg+xml")):
            return super().send_head()
        body = gzip.compress(open(path, "rb").read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        from io import BytesIO
        return BytesIO(body)
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

run() { # name url form extra-flags...
  local name="$1" url="$2" form="$3"; shift 3
  local preset=()
  [ "$form" = desktop ] && preset=(--preset=desktop)
  "$lh" "$url" "${preset[@]}" "$@" --output=json --output-path="$OUT/$name.report.json" \
    --chrome-flags="$FLAGS ${DARK:-}" --quiet >/dev/null 2>>"$OUT/lighthouse.log"
}

scores() { # report → "perf a11y bp seo" (0-100, "-" for a category not run)
  node -e '
    const r = require(process.argv[1]), c = r.categories;
    const s = k => c[k] ? Math.round(c[k].score * 100) : "-";
    console.log([s("performance"), s("accessibility"), s("best-practices"), s("seo")].join(" "));
  ' "$1"
}

low=0
printf '%-22s %-8s %5s %5s %5s %5s\n' page form perf a11y bp seo
for page in $PAGES; do
  for form in desktop mobile; do
    name="$(echo "$page" | tr -c 'a-zA-Z0-9\n' '_')$form"
    run "$name" "http://127.0.0.1:$port$page" "$form" \
      --only-categories=performance,accessibility,best-practices,seo
    read -r p a b s < <(scores "$OUT/$name.report.json")
    printf '%-22s %-8s %5s %5s %5s %5s\n' "$page" "$form" "$p" "$a" "$b" "$s"
    for v in $p $a $b $s; do [ "$v" -ge "$MIN" ] || low=1; done
  done
  name="$(echo "$page" | tr -c 'a-zA-Z0-9\n' '_')dark"
  DARK="--blink-settings=preferredColorScheme=0" run "$name" "http://127.0.0.1:$port$page" mobile \
    --only-categories=accessibility
  read -r _ a _ _ < <(scores "$OUT/$name.report.json")
  printf '%-22s %-8s %5s %5s %5s %5s\n' "$page" "dark" "-" "$a" "-" "-"
  [ "$a" -ge "$MIN" ] || low=1
done
echo "reports: $OUT"
exit "$low"
