#!/usr/bin/env bash
# Installs the Debian packages Vitrine needs to build, test and benchmark.
# Idempotent: packages already present are skipped, and apt is not touched when nothing is missing.
# Usage: scripts/install-deps.sh [build|test|bench|all]   (default: all)
set -euo pipefail

profile="${1:-all}"

build_pkgs=(
  build-essential cmake pkg-config git ca-certificates
  libboost1.81-dev
  libsqlite3-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
  libspdlog-dev libfmt-dev
  libssl-dev zlib1g-dev libbrotli-dev
  libcurl4-openssl-dev libexpat1-dev
  libpq-dev libsodium-dev libc-ares-dev
  libarchive-dev libsass-dev libvips-dev libcmark-dev
)
# chromium: the admin app's browser tests (web/e2e) drive Debian's build; none can be downloaded.
test_pkgs=(libgtest-dev libgmock-dev googletest curl procps postgresql dnsmasq-base nodejs python3-aiosmtpd chromium)
bench_pkgs=(wrk nginx-light curl util-linux coreutils procps sqlite3 postgresql nodejs chromium)

case "$profile" in
  build) want=("${build_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) want=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
  all) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench|all]" >&2; exit 2 ;;
esac

# The test S3 server (scripts/s3.sh installs s3rver with npm) needs node and npm. NodeSource's
# nodejs package bundles npm and conflicts with Debian's npm package, so npm is only asked for
# when there is no npm command yet (Debian's nodejs comes without it).
case "$profile" in
  test | all) command -v npm >/dev/null 2>&1 || want+=(npm) ;;
esac

# --- V8 for the render sandbox ---------------------------------------------------------------
# Every profile builds the vitrine binary, which links V8: Debian's libnode unpacked into
# third_party/libnode plus its native dependencies (scripts/install-v8.sh, idempotent).
"$(dirname "$0")/install-v8.sh"
# ---------------------------------------------------------------------------------------------

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
