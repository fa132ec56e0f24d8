#!/usr/bin/env bash
# A throwaway S3-compatible server for tests: s3rver (npm, pinned), on loopback.
#
#   scripts/s3.sh start <dir>   install s3rver into third_party/s3rver when missing, start it on
#                               127.0.0.1 on a free port with its data in <dir>, create the bucket
#                               `vitrine-test`, wait until it answers and print its endpoint:
#                               http://127.0.0.1:<port>
#   scripts/s3.sh stop <dir>    stop that server and delete <dir>
#
# s3rver accepts the access key id S3RVER (AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER);
# it rejects unknown key ids but does not verify SigV4 signatures. Needs node and npm
# (scripts/install-deps.sh test). For tests only.
set -euo pipefail

s3rver_version="3.7.1"
bucket="vitrine-test"
marker=".vitrine-test-s3"
repo="$(cd "$(dirname "$0")/.." && pwd)"
install_dir="$repo/third_party/s3rver"
s3rver_bin="$install_dir/node_modules/.bin/s3rver"

usage() {
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action="$1"
dir="$2"

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Installs the pinned s3rver unless that exact version is already there. A lock keeps parallel
# test binaries from running npm into the same folder at once.
install_s3rver() {
  local installed="$install_dir/node_modules/s3rver/package.json"
  if [ -x "$s3rver_bin" ] && grep -q "\"version\": \"$s3rver_version\"" "$installed" 2>/dev/null; then
    return 0
  fi
  if ! command -v npm >/dev/null; then
    echo "s3.sh: npm not found; run scripts/install-deps.sh test" >&2
    exit 1
  fi
  mkdir -p "$install_dir"
  (
    flock 9
    if ! grep -q "\"version\": \"$s3rver_version\"" "$installed" 2>/dev/null; then
      npm install --prefix "$install_dir" --no-audit --no-fund --loglevel=error \
        "s3rver@$s3rver_version" >&2
    fi
  ) 9>"$install_dir/.install.lock"
}

start() {
  install_s3rver
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -e "$dir/s3rver.pid" ]; then
    echo "s3.sh: $dir/s3rver.pid exists; stop that server first" >&2
    exit 1
  fi
  touch "$dir/$marker"
  mkdir -p "$dir/data"

  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    # setsid + redirections: the server outlives this script and holds none of its pipes.
    # s3rver encrypts list continuation tokens with DES, which OpenSSL 3 only has in its legacy
    # provider: without it every paged list fails with InternalError.
    NODE_OPTIONS="${NODE_OPTIONS:-} --openssl-legacy-provider" setsid "$s3rver_bin" -d "$dir/data" -a 127.0.0.1 -p "$port" --silent \
      --configure-bucket "$bucket" </dev/null >"$dir/server.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/s3rver.pid"
    for _ in $(seq 1 100); do
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      # Any HTTP answer on the bucket means the server is up and the bucket exists.
      if code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$bucket") &&
        [ "$code" != "000" ]; then
        echo "http://127.0.0.1:$port"
        return 0
      fi
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    rm -f "$dir/s3rver.pid"
    # Most likely another process took the port between the check and the start: try another.
  done
  echo "s3.sh: s3rver did not start; see $dir/server.log:" >&2
  tail -n 20 "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  [ -d "$dir" ] || return 0
  if [ ! -e "$dir/$marker" ]; then
    echo "s3.sh: $dir was not made by '$0 start'; not touching it" >&2
    exit 1
  fi
  if [ -f "$dir/s3rver.pid" ]; then
    pid="$(cat "$dir/s3rver.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
