#!/usr/bin/env bash
# Builds the admin web app (web/) into build/web-dist, which CMake embeds in the vitrine binary.
# Needs Node.js 20.19+ and npm; without them it says so and exits 0, and the binary is built
# without the app (/admin then says how to get it). Dependencies come from web/package-lock.json
# (npm ci), installed again only when the lockfile changed.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "build-web: no Node.js/npm here: building vitrine without the admin app" >&2
  exit 0
fi
version=$(node -p 'process.versions.node')
IFS=. read -r major minor _ <<<"$version"
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  echo "build-web: Node.js $version is older than 20.19 (Vite 8): building vitrine without the admin app" >&2
  exit 0
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build >/dev/null
echo "build-web: admin app built into build/web-dist"
