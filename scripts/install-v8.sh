#!/usr/bin/env bash
# Installs V8 (the JavaScript engine of the render sandbox) into a project-local prefix:
# Debian's libnode108 + libnode-dev (Node 18, V8 10.2), unpacked with dpkg-deb, because
# `apt-get install libnode-dev` fails on machines with Node 20 preinstalled (its JS-only
# dependencies node-acorn etc. require nodejs:any). Only the native libraries libnode links
# against are installed with apt. CMake finds the prefix through VITRINE_LIBNODE_PREFIX.
#
# Usage: scripts/install-v8.sh [PREFIX]   (default: third_party/libnode in the source tree)
# Idempotent: nothing is downloaded when the prefix already holds the candidate version.
set -euo pipefail

cd "$(dirname "$0")/.."
prefix="${1:-${VITRINE_LIBNODE_PREFIX:-$PWD/third_party/libnode}}"
stamp="$prefix/.vitrine-libnode-version"

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
  # Already unpacked: keep it unless apt now offers a different candidate version.
  candidate="$(apt-cache policy libnode108 2>/dev/null | sed -n 's/^ *Candidate: //p')"
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ] || [ "$candidate" = "$(cat "$stamp")" ]; then
    echo "install-v8: libnode $(cat "$stamp") present in $prefix"
    exit 0
  fi
fi

if [ "$apt_updated" -eq 0 ] &&
  ! apt-cache policy libnode108 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  "${sudo_cmd[@]}" apt-get update -qq
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"  # apt's sandbox user (_apt) writes the .deb files here
(cd "$work" && apt-get download -qq libnode108 libnode-dev)
version="$(dpkg-deb -f "$work"/libnode108_*.deb Version)"

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
