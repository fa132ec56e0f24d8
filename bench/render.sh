#!/usr/bin/env bash
# Render throughput with the page cache disabled: wrk against the demo shop's home page
# (kendustorenew, 10 blocks, seeded catalogue), so every request renders in the V8 workers. The
# whole vitrine process tree (server with one I/O thread plus 2 render workers) is pinned to
# CPU 0 and wrk to CPU 1, so requests/s is pages/s per core. Last line:
# "render: N pages/s per core, p99 X ms (10 blocks, cache disabled)" (mean of the rounds, worst
# round's p99); goal >= 2,000.
# Usage: bench/render.sh [seconds per round, default 10] [rounds, default 3]
#   env: CONNS (8), VITRINE_BIN (build/vitrine)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs="${1:-10}"
rounds="${2:-3}"
conns="${CONNS:-8}"
bench_init render

port=$((20000 + RANDOM % 20000))
start_demo "$port" --render-workers 2 --render-cache-bytes 0

page() {  # GET / with the shop's Host header; extra curl arguments follow
  curl -s -H "Host: $host" "$@" "http://127.0.0.1:$port/"
}

# The page must be the real thing: rendered on this request, every one of the home page's 10
# blocks present (the root element of each kendustorenew component), no failed block.
page -D "$work/headers" -o "$work/page.html"
x_cache=$(awk -F': ' 'tolower($1) == "x-cache" {print $2}' "$work/headers" | tr -d '\r')
[ "$x_cache" = uncached ] || { echo "expected X-Cache: uncached, got '$x_cache'" >&2; exit 1; }
if grep -q 'data-vitrine-block-error' "$work/page.html"; then
  echo "the home page has failed blocks:" >&2
  grep -o '<div data-vitrine-block-error[^>]*>[^<]*<!--[^>]*-->' "$work/page.html" >&2
  exit 1
fi
blocks=0
for marker in 'class="kd-announcement ' 'class="kd-header"' 'class="kd-hero ' \
  'class="kd-section kd-collections"' 'class="kd-section kd-products"' \
  'class="kd-section kd-split ' 'class="kd-section kd-features"' \
  'class="kd-section kd-testimonials"' 'class="kd-section kd-newsletter-wrap"' \
  'class="kd-footer"'; do
  if grep -qF "$marker" "$work/page.html"; then
    blocks=$((blocks + 1))
  else
    echo "the home page lacks the block with $marker" >&2
  fi
done
[ "$blocks" -eq 10 ] || { echo "expected 10 rendered blocks, found $blocks" >&2; exit 1; }
echo "home page: $(stat -c %s "$work/page.html") bytes, 10 blocks rendered, X-Cache: uncached"

cpu_ticks() {  # user+system clock ticks of the vitrine server and its render workers so far
  local p total=0
  for p in "${pids[0]}" $(pgrep -P "${pids[0]}" || true); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
round() {  # one wrk round: prints "requests/s p99-ms core-busy-%"; fails on any non-2xx answer
  local out t0 t1
  t0=$(cpu_ticks)
  out=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Host: $host" \
    "http://127.0.0.1:$port/")
  t1=$(cpu_ticks)
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "vitrine answered errors during the run:" >&2
    echo "$out" >&2
    return 1
  fi
  awk -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v secs="$secs" '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" {
      v = $2
      if (v ~ /us$/) p99 = v / 1000; else if (v ~ /ms$/) p99 = v + 0; else p99 = v * 1000
    }
    END { printf "%s %.2f %.0f\n", rps, p99, 100 * ticks / hz / secs }' <<<"$out"
}
round >/dev/null  # warm-up: V8 compiles the components, the catalogue snapshot loads
results=()
for r in $(seq 1 "$rounds"); do
  read -r rps p99 busy < <(round)
  echo "round $r: $rps pages/s, p99 $p99 ms (CPU 0 ${busy}% busy)"
  results+=("$rps $p99")
done
printf '%s\n' "${results[@]}" | awk -v conns="$conns" '
  { n += $1; if ($2 > p99) p99 = $2; rounds++ }
  END {
    printf "mean: %.0f pages/s, worst p99 %.2f ms (%d connections, server and 2 render workers on 1 core)\n", n / rounds, p99, conns
    printf "render: %.0f pages/s per core, p99 %.2f ms (10 blocks, cache disabled)\n", n / rounds, p99
  }'
