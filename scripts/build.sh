#!/usr/bin/env bash
# Configures and builds Vitrine into build/ (binary: build/vitrine), with the admin web app
# (scripts/build-web.sh) embedded when Node.js is here. Extra arguments go to CMake.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-web.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build build -j"${JOBS:-2}"
