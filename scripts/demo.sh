#!/usr/bin/env bash
# Installs what is missing, builds, and runs `vitrine demo` (SQLite and blobs in ./data, the sample
# themes from ./themes, served on http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/build.sh
exec build/vitrine demo "$@"
