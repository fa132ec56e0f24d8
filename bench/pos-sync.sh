#!/usr/bin/env bash
# POS sync throughput: a point of sale upserts PRODUCTS products (two variants each, by its own
# external ids) in batches of 250, then sends ADJUSTMENTS stock adjustments in batches of 1000
# over three store locations, each batch with an Idempotency-Key, two requests in flight (curl on
# CPU 1, `vitrine demo` on CPU 0, SQLite). Then it reads the change feed back in full, 1000 changes
# a page. The reference is the sqlite3 CLI writing the same rows as plain multi-row INSERTs, one
# transaction per batch (WAL, synchronous=NORMAL, as vitrine opens SQLite), in the same run.
# Prints rows/s for each phase; last line: "pos-sync: upserts X of sqlite3, adjustments Y".
# Usage: bench/pos-sync.sh   env: PRODUCTS (100000), ADJUSTMENTS (1000000), VITRINE_BIN
set -euo pipefail
source "$(dirname "$0")/lib.sh"
products="${PRODUCTS:-100000}"
adjustments="${ADJUSTMENTS:-1000000}"
bench_init pos-sync
port=$((20000 + RANDOM % 20000))
api="http://127.0.0.1:$port"

now() { date +%s.%N; }

# The batches, as JSON bodies for vitrine and as SQL for the reference, from one awk pass each.
mkdir -p "$work/batches"
awk -v n="$products" -v dir="$work/batches" 'BEGIN {
  for (b = 0; b * 250 < n; b++) {
    json = dir "/p" b ".json"; sql = dir "/p" b ".sql"
    printf "{\"products\":[" > json
    printf "BEGIN;\nINSERT INTO products (external_id, title, price_cents, option_names) VALUES " > sql
    vsql = "INSERT INTO variants (external_id, product_external_id, options, sku, price_cents, inventory) VALUES "
    for (i = b * 250; i < n && i < (b + 1) * 250; i++) {
      sep = (i == b * 250) ? "" : ","
      printf "%s{\"external_id\":\"p-%d\",\"title\":\"Till item %d\",\"price_cents\":%d,\"option_names\":[\"Size\"],\"variants\":[{\"external_id\":\"v-%d-s\",\"options\":[\"S\"],\"sku\":\"SKU-%d-S\",\"price_cents\":%d,\"inventory\":1000},{\"external_id\":\"v-%d-l\",\"options\":[\"L\"],\"sku\":\"SKU-%d-L\",\"price_cents\":%d,\"inventory\":1000}]}", sep, i, i, 500 + i % 5000, i, i, 500 + i % 5000, i, i, 700 + i % 5000 > json
      printf "%s(\x27p-%d\x27,\x27Till item %d\x27,%d,\x27[\"Size\"]\x27)", sep, i, i, 500 + i % 5000 > sql
      vsql = vsql sprintf("%s(\x27v-%d-s\x27,\x27p-%d\x27,\x27[\"S\"]\x27,\x27SKU-%d-S\x27,%d,1000),(\x27v-%d-l\x27,\x27p-%d\x27,\x27[\"L\"]\x27,\x27SKU-%d-L\x27,%d,1000)", sep, i, i, i, 500 + i % 5000, i, i, i, 700 + i % 5000)
    }
    printf "]}" > json
    printf ";\n%s;\nCOMMIT;\n", vsql > sql
    close(json); close(sql)
  }
}'
awk -v n="$adjustments" -v products="$products" -v dir="$work/batches" 'BEGIN {
  for (b = 0; b * 1000 < n; b++) {
    json = dir "/a" b ".json"; sql = dir "/a" b ".sql"
    printf "{\"adjustments\":[" > json
    printf "BEGIN;\nINSERT INTO adjustments (variant_external_id, location, adjust) VALUES " > sql
    for (i = b * 1000; i < n && i < (b + 1) * 1000; i++) {
      sep = (i == b * 1000) ? "" : ","
      # Deliveries (+1) to three stores, sales (-1) online: every one is valid, none go below 0.
      p = (i * 7919) % products; size = (int(i / 2) % 2) ? "s" : "l"
      if (i % 2 == 0) { loc = "store-" (i % 3); delta = 1 } else { loc = "online"; delta = -1 }
      printf "%s{\"variant_external_id\":\"v-%d-%s\",\"location\":\"%s\",\"adjust\":%d}", sep, p, size, loc, delta > json
      printf "%s(\x27v-%d-%s\x27,\x27%s\x27,%d)", sep, p, size, loc, delta > sql
    }
    printf "]}" > json
    printf ";\nCOMMIT;\n" > sql
    close(json); close(sql)
  }
}'
product_batches=$(ls "$work/batches" | grep -c '^p.*\.json$')
adjustment_batches=$(ls "$work/batches" | grep -c '^a.*\.json$')

# The reference: the same rows through the sqlite3 CLI, one transaction per batch.
ref="$work/reference.db"
sqlite3 "$ref" >/dev/null <<'SQL'
PRAGMA journal_mode = WAL;
CREATE TABLE products (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, title TEXT,
  price_cents INTEGER, option_names TEXT);
CREATE TABLE variants (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE,
  product_external_id TEXT, options TEXT, sku TEXT, price_cents INTEGER, inventory INTEGER);
CREATE TABLE adjustments (id INTEGER PRIMARY KEY, variant_external_id TEXT, location TEXT,
  adjust INTEGER);
SQL
# sqlite3 CLI run: one process reading every batch of a kind in order.
reference() {
  { echo "PRAGMA synchronous = NORMAL;"; for ((b = 0; b < $2; b++)); do cat "$work/batches/$1$b.sql"; done; } |
    sqlite3 "$ref"
}
t0=$(now); reference p "$product_batches"; t1=$(now)
ref_upserts=$(awk -v n="$products" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n * 3 / (b - a) }')
t0=$(now); reference a "$adjustment_batches"; t1=$(now)
ref_adjust=$(awk -v n="$adjustments" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')

start_demo "$port"
password=$(sed -n 's/^Demo shop owner: [^,]*, password \([A-Za-z0-9]*\).*/\1/p' "$work/vitrine.log")
token=$(curl -sf "$api/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"demo@vitrine.localhost\",\"password\":\"$password\"}" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
ws=$(curl -sf "$api/api/workspaces" -H "Authorization: Bearer $token" |
  grep -o '{[^{}]*"slug":"demo-shop"[^{}]*}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
[ -n "$ws" ] || { echo "no demo-shop workspace" >&2; exit 1; }
key=$(curl -sf "$api/api/workspaces/$ws/pos-keys" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"name":"bench till","scopes":["pos:read","pos:write"]}' |
  sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
[ -n "$key" ] || { echo "creating a POS key failed" >&2; exit 1; }

# send <p|a> <batches> <route> <records>: every batch of a kind through one curl, two in flight;
# fails unless every answer is 200 and every record was written.
send() {
  local config="$work/curl-$1.cfg" b
  : >"$config"
  for ((b = 0; b < $2; b++)); do
    [ "$b" -gt 0 ] && echo next >>"$config"
    cat >>"$config" <<CFG
url = "$api/api/pos/$3/batch"
header = "Authorization: Bearer $key"
header = "Content-Type: application/json"
header = "Idempotency-Key: bench-$1-$b"
data-binary = "@$work/batches/$1$b.json"
output = "$work/out-$1-$b.json"
write-out = "%{http_code}\\n"
CFG
  done
  taskset -c 1 curl -s --no-progress-meter -Z --parallel-max 2 -K "$config" >"$work/codes-$1"
  local bad
  bad=$(grep -vc '^200$' "$work/codes-$1" || true)
  [ "$bad" = 0 ] && [ "$(wc -l <"$work/codes-$1")" = "$2" ] || {
    echo "$bad of $2 $3 batches did not answer 200: $(sort "$work/codes-$1" | uniq -c | tr '\n' ' ')" >&2
    exit 1
  }
  # Every record written: none invalid, none in conflict.
  local done
  done=$(cat "$work"/out-"$1"-*.json | grep -o '"status":"[a-z]*"' | grep -c -E '"(created|updated|applied)"')
  [ "$done" = "$4" ] || {
    echo "$3: $done of $4 records written: $(cat "$work"/out-"$1"-*.json | grep -o '"status":"[a-z]*"' | sort | uniq -c | tr '\n' ' ')" >&2
    exit 1
  }
}
t0=$(now); send p "$product_batches" products "$products"; t1=$(now)
upserts=$(awk -v n="$products" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n * 3 / (b - a) }')
t0=$(now); send a "$adjustment_batches" inventory "$adjustments"; t1=$(now)
adjust=$(awk -v n="$adjustments" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')

# The feed read back in full: page after page until has_more is false.
cursor=0 read_changes=0 pages=0
t0=$(now)
while :; do
  page=$(curl -sf "$api/api/pos/changes?cursor=$cursor&limit=1000" -H "Authorization: Bearer $key")
  cursor=$(grep -o '"cursor":[0-9]*' <<<"$page" | tail -1 | cut -d: -f2)
  read_changes=$((read_changes + $(grep -o '"seq":' <<<"$page" | wc -l)))
  pages=$((pages + 1))
  grep -q '"has_more":true' <<<"$page" || break
done
t1=$(now)
feed=$(awk -v n="$read_changes" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')

stock=$(sqlite3 "$work/data/vitrine.db" \
  "SELECT COUNT(*) FROM product_variants WHERE workspace_id = '$ws' AND external_id LIKE 'v-%'")
echo "products: $products products with $((products * 2)) variants in $product_batches batches: vitrine $upserts rows/s, sqlite3 CLI $ref_upserts rows/s ($stock variants stored)"
echo "adjustments: $adjustments in $adjustment_batches batches: vitrine $adjust/s, sqlite3 CLI $ref_adjust/s"
echo "feed: $read_changes changes in $pages pages: $feed changes/s"
awk -v u="$upserts" -v ru="$ref_upserts" -v a="$adjust" -v ra="$ref_adjust" \
  'BEGIN { printf "pos-sync: upserts %.2f of sqlite3, adjustments %.2f\n", u / ru, a / ra }'
