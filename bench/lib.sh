# Shared set-up for the benchmark scripts (sourced, not run): install, build, a scratch folder
# cleaned on exit, nginx as the reference server, and `vitrine demo` as the storefront under test.
# Scripts set `secs`, `rounds` and `conns` themselves; VITRINE_BIN overrides the binary.

# bench_init <name>: installs the bench packages, builds when needed, makes $work and the exit
# trap that stops every process in $pids and removes $work.
bench_init() {
  cd "$(dirname "$0")/.."
  bin="${VITRINE_BIN:-build/vitrine}"
  scripts/install-deps.sh bench >/dev/null
  [ -x "$bin" ] || scripts/build.sh >/dev/null
  work=$(mktemp -d "/tmp/vitrine-bench-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# start_nginx <port> <root> <http-block lines> <server-block lines>: one nginx process on CPU 0
# with no access log, sendfile and keep-alive without a request cap, serving <root>.
start_nginx() {
  mkdir -p "$work/nginx/tmp"
  cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
error_log $work/nginx/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  $3
  server {
    listen 127.0.0.1:$1;
    root $2;
    $4
  }
}
CONF
  taskset -c 0 nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null &
  pids+=($!)
}

# start_demo <port> [vitrine flags...]: `vitrine demo` on CPU 0 with its own copy of the sample
# themes (demo writes a sync manifest into them); returns once the demo shop named by $SHOP
# (demo-shop by default; da-lucia, field-notes) answers 200 on its host. Sets $host.
start_demo() {
  local port=$1 code=
  shift
  host=${SHOP:-demo-shop}.localhost
  cp -r themes "$work/themes"
  taskset -c 0 "$bin" demo --data-dir "$work/data" --themes-dir "$work/themes" --log-level warn \
    --listen "127.0.0.1:$port" --threads 1 --site-rate-limits off "$@" \
    >"$work/vitrine.log" 2>&1 &
  pids+=($!)
  # The demo syncs the sample themes before it listens: allow it a while.
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$port/" ||
      true)
    [ "$code" = 200 ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "vitrine demo did not serve $host (last answer: '$code')" >&2
  cat "$work/vitrine.log" >&2
  return 1
}

# wait_for_url <url> [curl flags...]: until the URL answers 2xx (10 s at most).
wait_for_url() {
  local url=$1
  shift
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "$@" "$url" && return 0
    sleep 0.1
  done
  echo "$url did not answer" >&2
  return 1
}
