#!/usr/bin/env bash
# Installs V8 (the JavaScript engine of the render sandbox) into a project-local prefix:
# Debian's libnode108 + libnode-dev (Node 18, V8 10.2), unpacked with dpkg-deb, because
# `apt-get install libnode-dev` fails on machines with Node 20 preinstalled (its JS-only
# dependencies node-acorn etc. require nodejs:any). Only the native libraries libnode links
# against are installed with apt. CMake finds the prefix through VITRINE_LIBNODE_PREFIX.
#
# The .deb files are pinned by version and sha256 (PINS below, newest first): a build never picks
# up a V8 nobody tested, and a download that does not match its checksum is refused. The security
# archive keeps only its latest upload, so the point-release version is pinned as a fallback.
# When Debian ships a new libnode108, add its line (`apt-cache show libnode108 libnode-dev`
# prints Version and SHA256) after testing it.
#
# Usage: scripts/install-v8.sh [PREFIX]   (default: third_party/libnode in the source tree)
# Idempotent: nothing is downloaded when the prefix already holds a pinned version.
set -euo pipefail

cd "$(dirname "$0")/.."
prefix="${1:-${VITRINE_LIBNODE_PREFIX:-$PWD/third_party/libnode}}"
stamp="$prefix/.vitrine-libnode-version"

# version  sha256(libnode108)  sha256(libnode-dev)
PINS=(
  "18.20.4+dfsg-1~deb12u3 4d1b4ba623b2f65a1b8a9524d3ecccd535388acbac1f9ce810eab017bbc01036 bc65d683437b088672e05305847675d3a3da45a36b6f6b8d00b4f9a3286e886c"
  "18.20.4+dfsg-1~deb12u2 49c281c5fa259fa453a257e9cb0fcfb4385917ee21008ef1acbb5de2a9bb88a6 8660f5787f78f569705eafde836863e53e9dd9e0e0ad02dd68fe5819ce1dd8a4"
)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive

# The native dependencies of libnode108 (see `apt-cache show libnode108`).
native_pkgs=(libuv1 libicu72 libc-ares2 libnghttp2-14 libssl3 libbrotli1 zlib1g)
missing=()
for p in "${native_pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
apt_updated=0
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-v8: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  apt_updated=1
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -f "$stamp" ] && [ -f "$prefix/usr/include/node/v8.h" ]; then
  present="$(cat "$stamp")"
  for pin in "${PINS[@]}"; do
    if [ "${pin%% *}" = "$present" ]; then
      echo "install-v8: libnode $present present in $prefix"
      exit 0
    fi
  done
  echo "install-v8: $prefix holds libnode $present, which is not pinned; replacing it"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"  # apt's sandbox user (_apt) writes the .deb files here

# Downloads one pinned version into $work and checks both checksums; fails quietly otherwise.
fetch_pin() {
  local version="$1" sum_lib="$2" sum_dev="$3"
  rm -f "$work"/*.deb
  (cd "$work" && apt-get download -qq "libnode108=$version" "libnode-dev=$version") 2>/dev/null ||
    return 1
  if ! printf '%s  %s\n%s  %s\n' "$sum_lib" "$work"/libnode108_*.deb "$sum_dev" \
    "$work"/libnode-dev_*.deb | sha256sum --quiet -c -; then
    echo "install-v8: libnode $version downloaded with a wrong sha256; refusing it" >&2
    return 1
  fi
}

# Tries the pins newest first; sets $version to the one fetched.
fetch_any_pin() {
  local pin v s1 s2
  for pin in "${PINS[@]}"; do
    read -r v s1 s2 <<<"$pin"
    if fetch_pin "$v" "$s1" "$s2"; then
      version="$v"
      return 0
    fi
  done
  return 1
}

version=""
# A machine whose package lists are old (or empty) may not know the pinned versions yet.
if ! fetch_any_pin && [ "$apt_updated" -eq 0 ]; then
  "${sudo_cmd[@]}" apt-get update -qq
  fetch_any_pin || true
fi
if [ -z "$version" ]; then
  echo "install-v8: none of the pinned libnode108 versions can be downloaded from apt" >&2
  echo "install-v8: pinned: $(printf '%s ' "${PINS[@]%% *}")" >&2
  echo "install-v8: offered: $(apt-cache madison libnode108 | awk '{print $3}' | tr '\n' ' ')" >&2
  exit 1
fi

# Unpack into a fresh folder and move it into place, so a killed run leaves no half prefix.
staging="$prefix.partial"
rm -rf "$staging"
mkdir -p "$staging"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$staging"; done
lib_dir="$staging/usr/lib/x86_64-linux-gnu"
[ -d "$lib_dir" ] || lib_dir="$(dirname "$(find "$staging" -name 'libnode.so.*' | head -n1)")"
# libnode-dev's libnode.so symlink is what the linker looks for; make sure it exists.
if [ ! -e "$lib_dir/libnode.so" ]; then
  ln -s "$(basename "$(ls "$lib_dir"/libnode.so.* | head -n1)")" "$lib_dir/libnode.so"
fi
echo "$version" >"$staging/.vitrine-libnode-version"
rm -rf "$prefix"
mv "$staging" "$prefix"
echo "install-v8: libnode $version unpacked into $prefix"
