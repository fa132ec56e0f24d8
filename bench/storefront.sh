#!/usr/bin/env bash
# Throughput of a cached storefront page against nginx serving the same bytes as a static file,
# in one run on the same pinning: each server on CPU 0 with one worker (vitrine --threads 1; its
# render workers share CPU 0 but sit idle once the page is cached), wrk on CPU 1. The page is
# the demo shop's home page (kendustorenew, 10 blocks), or PAGE (a product page:
# PAGE=/products/speckled-stoneware-mug, rendered by the theme's product template), on another
# demo shop with SHOP (SHOP=field-notes PAGE=/blog/a-year-of-walking: a blog post). Rounds
# alternate servers so both see the same machine noise. Last line: "storefront/nginx ratio: X".
# Usage: bench/storefront.sh [seconds per round, default 10] [rounds, default 3]
#   env: CONNS (50), PAGE (/), SHOP (demo-shop), VITRINE_BIN (build/vitrine)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs="${1:-10}"
rounds="${2:-3}"
conns="${CONNS:-50}"
page_path="${PAGE:-/}"
bench_init storefront

nginx_port=$((20000 + RANDOM % 20000))
vitrine_port=$((nginx_port + 1))
start_demo "$vitrine_port"

page() {  # GET $page_path on port $1 with the shop's Host header; extra curl arguments follow
  local port=$1
  shift
  curl -s -H "Host: $host" "$@" "http://127.0.0.1:$port$page_path"
}

# nginx serves the page vitrine has cached, at the same path (index.html for a folder).
static="$work/nginx/www$page_path"
[ "${page_path: -1}" = / ] && static="${static}index.html"
mkdir -p "$(dirname "$static")"
page "$vitrine_port" -o "$static"
start_nginx "$nginx_port" "$work/nginx/www" "default_type text/html; charset utf-8;" \
  'add_header Cache-Control "public, max-age=0, must-revalidate";'
wait_for_url "http://127.0.0.1:$nginx_port$page_path" -H "Host: $host"
cmp <(page "$nginx_port") <(page "$vitrine_port")
bytes=$(stat -c %s "$static")

metric() {  # the value of Prometheus counter $1 on vitrine's /metrics
  curl -s "http://127.0.0.1:$vitrine_port/metrics" | awk -v m="$1" '$1 == m {print $2}'
}
rps() {  # requests/s of one wrk round against port $1; fails on any non-2xx answer
  local out
  out=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" -H "Host: $host" "http://127.0.0.1:$1$page_path")
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "port $1 answered errors during the run:" >&2
    echo "$out" >&2
    return 1
  fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
rps "$nginx_port" >/dev/null  # warm-up: both servers fault their pages in
rps "$vitrine_port" >/dev/null
misses_before=$(metric vitrine_render_cache_misses_total)
hits_before=$(metric vitrine_render_cache_hits_total)
results=()
for r in $(seq 1 "$rounds"); do
  n=$(rps "$nginx_port")
  v=$(rps "$vitrine_port")
  echo "round $r: nginx $n req/s, vitrine $v req/s"
  results+=("$n $v")
done
# Every measured request must have been a cache hit: no render happened during the rounds.
x_cache=$(page "$vitrine_port" -o /dev/null -D - | awk -F': ' 'tolower($1) == "x-cache" {print $2}' |
  tr -d '\r')
misses=$(($(metric vitrine_render_cache_misses_total) - misses_before))
hits=$(($(metric vitrine_render_cache_hits_total) - hits_before))
if [ "$x_cache" != hit ] || [ "$misses" -ne 0 ]; then
  echo "vitrine did not serve from its cache: X-Cache '$x_cache', $misses misses" >&2
  exit 1
fi
echo "vitrine: X-Cache hit, $hits cache hits and 0 misses during the rounds"
printf '%s\n' "${results[@]}" | awk -v conns="$conns" -v bytes="$bytes" '
  { n += $1; v += $2; rounds++ }
  END {
    printf "mean: nginx %.0f req/s, vitrine %.0f req/s (%.1f KB page, %d connections, 1 core each)\n", n / rounds, v / rounds, bytes / 1024, conns
    printf "storefront/nginx ratio: %.2f\n", v / n
  }'
