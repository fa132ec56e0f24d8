#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration and end-to-end against
# the real binary) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh
cd build
ctest --output-on-failure -j"${JOBS:-2}" --timeout 900
