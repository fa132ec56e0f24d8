#!/usr/bin/env bash
# Throughput of the theme CDN against nginx serving the same 20 KB stylesheet, in one run on the
# same pinning: each server on CPU 0 with one worker, wrk on CPU 1. Rounds alternate servers so
# both see the same machine noise. Last line: "cdn/nginx ratio: X".
# Usage: bench/cdn.sh [seconds per round, default 10] [rounds, default 3]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs="${1:-10}"
rounds="${2:-3}"
conns="${CONNS:-50}"

bench_init cdn

# A theme whose stylesheet is exactly 20 KB of real-looking CSS.
dir="$work/themes/bench-theme/v1.0.0"
mkdir -p "$dir/components" "$dir/build"
cat > "$dir/theme-metadata.json" <<JSON
{"slug":"bench-theme","name":"Bench","version":"1.0.0","description":"benchmark theme",
 "template_type":"ecommerce","price_tier":"free","price_amount":0,"author":"bench","license":"MIT",
 "stylesheets":["build/theme.css"]}
JSON
cat > "$dir/puck-config.json" <<JSON
{"components":{"Hero":{"label":"Hero","fields":{"title":{"type":"text"}},"defaultProps":{"title":"Hi"}}}}
JSON
echo 'function render(props, ctx) { return `<h1>${ctx.escapeHtml(props.title)}</h1>`; }' > "$dir/components/Hero.js"
i=0
: > "$dir/build/theme.css"
while [ "$(stat -c %s "$dir/build/theme.css")" -lt 20480 ]; do
  printf '.card-%d{display:grid;gap:%dpx;padding:1rem %dpx;color:var(--c-%d);border-radius:8px}\n' \
    "$i" "$((i % 17))" "$((i % 23))" "$((i % 5))" >> "$dir/build/theme.css"
  i=$((i + 1))
done
truncate -s 20480 "$dir/build/theme.css"

flags=(--data-dir "$work/data" --themes-dir "$work/themes" --log-level warn)
"$bin" sync bench-theme "${flags[@]}" >/dev/null

mkdir -p "$work/nginx/www/cdn/themes/bench-theme/1.0.0/build"
cp "$dir/build/theme.css" "$work/nginx/www/cdn/themes/bench-theme/1.0.0/build/theme.css"
nginx_port=$((20000 + RANDOM % 20000))
vitrine_port=$((nginx_port + 1))
start_nginx "$nginx_port" "$work/nginx/www" "types { text/css css; }" \
  'add_header Cache-Control "public, max-age=31536000, immutable";'
taskset -c 0 "$bin" serve "${flags[@]}" --listen "127.0.0.1:$vitrine_port" --threads 1 \
  >/dev/null &
pids+=($!)

url_path=/cdn/themes/bench-theme/1.0.0/build/theme.css
for port in "$nginx_port" "$vitrine_port"; do wait_for_url "http://127.0.0.1:$port$url_path"; done
cmp <(curl -s "http://127.0.0.1:$nginx_port$url_path") <(curl -s "http://127.0.0.1:$vitrine_port$url_path")

rps() {  # requests/s of one wrk round against port $1
  taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" "http://127.0.0.1:$1$url_path" |
    awk '/Requests\/sec/ {print $2}'
}
rps "$nginx_port" >/dev/null  # warm-up: both servers fault their pages in
rps "$vitrine_port" >/dev/null
results=()
for r in $(seq 1 "$rounds"); do
  n=$(rps "$nginx_port")
  v=$(rps "$vitrine_port")
  echo "round $r: nginx $n req/s, vitrine $v req/s"
  results+=("$n $v")
done
printf '%s\n' "${results[@]}" | awk -v conns="$conns" '
  { n += $1; v += $2; rounds++ }
  END {
    printf "mean: nginx %.0f req/s, vitrine %.0f req/s (20 KB CSS, %d connections, 1 core each)\n", n / rounds, v / rounds, conns
    printf "cdn/nginx ratio: %.2f\n", v / n
  }'
