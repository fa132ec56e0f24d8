#!/usr/bin/env bash
# Checkouts per second per core: concurrent clients each create a cart, add 3 items and complete
# with the details in the body (a one-step checkout) and the manual provider, on one node
# (vitrine on CPU 0, wrk on CPU 1), first on SQLite (the demo's default), then on a throwaway
# PostgreSQL. One of the three items is scarce (SCARCE units): the run must sell exactly what
# there was and never more. Prints per database: checkouts/s, p50/p99 of the flow's requests,
# refused checkouts, the server's CPU per checkout and the oversold count (must be 0). Last line: "checkout sqlite: N checkouts/s/core (oversold 0)".
# Usage: bench/checkout.sh [seconds per run, default 10]
#   env: CONNS (16), SCARCE (100000: units of the scarce item), VITRINE_BIN (build/vitrine)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
secs="${1:-10}"
conns="${CONNS:-16}"
scarce="${SCARCE:-100000}"
bench_init checkout
root=$(pwd)

# run_flow <database url or ""> <label>: one demo server, three products, one wrk run.
run_flow() {
  local url=$1 label=$2 port=$((20000 + RANDOM % 20000)) flags=()
  [ -n "$url" ] && flags=(--database-url "$url")
  rm -rf "$work/data" "$work/themes"
  start_demo "$port" "${flags[@]}"
  local api="http://127.0.0.1:$port"
  local password
  password=$(sed -n 's/^Demo shop owner: [^,]*, password \([A-Za-z0-9]*\).*/\1/p' "$work/vitrine.log")
  local token
  token=$(curl -sf "$api/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"demo@vitrine.localhost\",\"password\":\"$password\"}" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  local ws
  ws=$(curl -sf "$api/api/workspaces" -H "Authorization: Bearer $token" |
    grep -o '{[^{}]*"slug":"demo-shop"[^{}]*}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
  [ -n "$ws" ] || { echo "no demo-shop workspace" >&2; return 1; }
  local variants=()
  for spec in "Bench mug:1000000000" "Bench bowl:1000000000" "Bench scarce:$scarce"; do
    local body
    body=$(curl -sf "$api/api/workspaces/$ws/products" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' \
      -d "{\"title\":\"${spec%%:*}\",\"price_cents\":1500,\"inventory\":${spec##*:}}")
    variants+=("$(grep -o '"variants":\[{[^]]*' <<<"$body" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' |
      head -1)")
    [ -n "${variants[-1]}" ] || { echo "creating ${spec%%:*} failed: $body" >&2; return 1; }
  done
  # CPU seconds the server used during the run (user + system, all its threads), in clock ticks.
  local ticks0 ticks1
  ticks0=$(awk '{print $14 + $15}' "/proc/${pids[-1]}/stat")
  local out
  out=$(taskset -c 1 wrk -t"$conns" -c"$conns" -d"${secs}s" -s "$root/bench/lua/checkout.lua" \
    "$api" -- "$host" "${variants[@]}")
  local flow
  flow=$(grep '^flow:' <<<"$out")
  ticks1=$(awk '{print $14 + $15}' "/proc/${pids[-1]}/stat")
  # What the database says: units of the scarce variant sold, and its stock left.
  local sold left
  if [ -z "$url" ]; then
    sold=$(sqlite3 "$work/data/vitrine.db" \
      "SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE variant_id = '${variants[2]}'")
    left=$(sqlite3 "$work/data/vitrine.db" \
      "SELECT inventory FROM product_variants WHERE id = '${variants[2]}'")
  else
    sold=$(psql "$url" -tAc \
      "SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE variant_id = '${variants[2]}'")
    left=$(psql "$url" -tAc "SELECT inventory FROM product_variants WHERE id = '${variants[2]}'")
  fi
  kill "${pids[-1]}" 2>/dev/null || true
  wait "${pids[-1]}" 2>/dev/null || true
  local oversold=$((sold > scarce ? sold - scarce : 0))
  [ $((sold + left)) -eq "$scarce" ] || oversold=$((oversold + 1))
  awk -v flow="$flow" -v secs="$secs" -v label="$label" -v sold="$sold" -v left="$left" \
    -v oversold="$oversold" -v conns="$conns" -v ticks=$((ticks1 - ticks0)) \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {
      split(flow, f, " ")
      printf "%s: %d checkouts in %ds (%d clients), %d refused (sold out), %d failed; requests p50 %s ms, p99 %s ms\n", label, f[3], secs, conns, f[5], f[7], f[13], f[11]
      printf "%s: scarce item %d sold, %d left, oversold %d\n", label, sold, left, oversold
      printf "%s: server CPU %.0f us per checkout (%.1f s of CPU in %d s)\n", label, ticks / hz * 1e6 / f[3], ticks / hz, secs
      printf "checkout %s: %.0f checkouts/s/core (oversold %d)\n", label, f[3] / secs, oversold
    }' | tee -a "$work/summary"
}

pg_dir=$(mktemp -d /tmp/vitrine-pg.XXXXXX)
if pg_url=$("$root/scripts/postgres.sh" start "$pg_dir"); then
  run_flow "$pg_url" postgresql || true
  "$root/scripts/postgres.sh" stop "$pg_dir"
else
  echo "postgresql: could not start; skipped" >&2
fi
run_flow "" sqlite
