#!/usr/bin/env bash
# How fast the admin app loads, in Debian's Chromium: its first load (gzip bytes over the wire)
# and time to interactive of the sign-in screen, served by vitrine beside nginx serving the same
# built files with gzip; then, on vitrine alone, the editor's time to interactive (navigation to
# the demo shop's editor until its canvas shows the first block). Each figure is the median of
# the rounds, a fresh browser context (empty cache) each time.
# Last line: "admin-load nginx/vitrine ratio: X" (time to interactive; above 1 means faster).
# Usage: bench/admin-load.sh [rounds, default 9]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rounds="${1:-9}"

bench_init admin-load
[ -f build/web-dist/index.html ] || scripts/build-web.sh >/dev/null
[ -d web/node_modules/playwright-core ] || (cd web && npm ci --no-audit --no-fund >/dev/null)

# nginx serves build/web-dist under /admin/ as vitrine does: any app path gets index.html.
mkdir -p "$work/www"
ln -s "$(pwd)/build/web-dist" "$work/www/admin"
start_nginx 18471 "$work/www" \
  "gzip on; gzip_types text/css application/javascript; gzip_min_length 256; types { text/html html; application/javascript js; text/css css; image/svg+xml svg; }" \
  "location /admin/ { try_files \$uri /admin/index.html; }"
start_demo 18470
password=$(sed -n 's/^Demo shop owner: [^,]*, password \([A-Za-z0-9]*\).*/\1/p' "$work/vitrine.log")
wait_for_url http://127.0.0.1:18471/admin/

node bench/admin-load.mjs http://127.0.0.1:18470 http://127.0.0.1:18471 "$password" "$rounds"
