#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (Debian's `postgresql` package).
#
#   scripts/postgres.sh start <dir>   initdb in <dir>, start the server on 127.0.0.1 on a free port
#                                      and print its URL: postgresql://postgres@127.0.0.1:<port>/postgres
#   scripts/postgres.sh stop <dir>    stop that server and delete <dir>
#
# Trust authentication, loopback only, fsync off: for tests, never for data anyone wants to keep.
# The server refuses to run as root, so as root initdb and pg_ctl run as the `postgres` user.
set -euo pipefail

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
marker=".vitrine-test-cluster"

usage() {
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action="$1"
dir="$2"

# Runs a command as the user that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  if [ ! -x "$pg_bin/initdb" ]; then
    echo "postgres.sh: $pg_bin/initdb not found; install the Debian package postgresql" >&2
    exit 1
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -e "$dir/data" ]; then
    echo "postgres.sh: $dir/data already exists; stop that cluster first" >&2
    exit 1
  fi
  touch "$dir/$marker"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "postgres.sh: user postgres cannot write to $dir (is a parent folder private?)" >&2
      exit 1
    fi
  fi

  as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
    --lc-collate=C --lc-ctype=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # Loopback only: the Unix socket in <dir> and 127.0.0.1 / ::1, no password.
  cat >"$dir/data/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
EOF
  # Parallel test binaries each hold a pool of connections (and e2e tests start servers).
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
max_parallel_workers_per_gather = 0
logging_collector = off
EOF

  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port" start >/dev/null; then
      echo "postgresql://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    # Most likely another process took the port between the check and the start: try another.
  done
  echo "postgres.sh: the server did not start; see $dir/server.log:" >&2
  tail -n 20 "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  [ -d "$dir" ] || return 0
  if [ ! -e "$dir/$marker" ]; then
    echo "postgres.sh: $dir was not made by '$0 start'; not touching it" >&2
    exit 1
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
