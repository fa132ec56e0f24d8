#!/usr/bin/env bash
# Configures and builds Vitrine into build/ (binary: build/vitrine). Extra arguments go to CMake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build build -j"${JOBS:-2}"
