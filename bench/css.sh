#!/usr/bin/env bash
# Issue 11 point 7: today's CSS check (LibSass behind our masking, theme_push/css.cc) against a
# real CSS parser/minifier run in the V8 the project ships (Debian libnode): csso 5 (with its
# css-tree 2) and css-tree 3, pinned in bench/css/package.json, bundled with esbuild. On the
# sample themes' CSS: time per pass (warm, and the first pass of a fresh isolate plus the bundle's
# load, which is what one push would pay), output bytes; on bench/css/broken/*.css: the position
# each reports. Needs npm (the registry) and a build (build/libvitrine_*.a).
# Last line: "css: css-tree/LibSass time ratio R warm, C cold (LibSass X ms, css-tree Y ms per pass)".
# Usage: bench/css.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
command -v npm >/dev/null || { echo "bench/css.sh needs npm" >&2; exit 1; }
[ -f build/libvitrine_theme_push.a ] || scripts/build.sh >/dev/null
work=build/bench-css
mkdir -p "$work"
cp bench/css/package.json bench/css/package-lock.json bench/css/entries.js "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
for mode in csso csstree; do
  (cd "$work" && npx esbuild entries.js --bundle --format=iife --platform=browser --minify \
    --define:process.env.CSS_MODE="\"$mode\"" --log-level=warning --outfile="$mode.bundle.js")
done
libnode=third_party/libnode/usr
b=build
g++ -std=c++20 -O2 -Isrc -isystem "$libnode/include/node" bench/css/harness.cc \
  -Wl,--start-group $b/libvitrine_theme_push.a $b/libvitrine_themes.a $b/libvitrine_core.a \
  $b/libvitrine_db.a $b/libvitrine_blob.a -Wl,--end-group \
  $(pkg-config --libs libsass vips libcmark libarchive) -lfmt -lcrypto \
  -L"$libnode/lib/x86_64-linux-gnu" -lnode -Wl,-rpath,"$root/$libnode/lib/x86_64-linux-gnu" \
  -lpthread -o "$work/harness"

mapfile -t css < <(find themes -name '*.css' | sort)
echo "== sample themes: ${#css[@]} files"
sass_line=$("$work/harness" libsass "${css[@]}" | tail -1)
echo "$sass_line"
for mode in csso csstree; do
  echo "$mode: $("$work/harness" v8 "$work/$mode.bundle.js" "${css[@]}" | tail -1)"
done
tree_line=$("$work/harness" v8 "$work/csstree.bundle.js" "${css[@]}" | tail -1)

echo "== positions reported on bench/css/broken/"
echo "-- LibSass (today)"
"$work/harness" libsass-errors bench/css/broken/*.css | sed 's|bench/css/broken/||'
for mode in csso csstree; do
  echo "-- $mode"
  "$work/harness" v8-errors "$work/$mode.bundle.js" bench/css/broken/*.css | sed 's|bench/css/broken/||'
done

sass_ms=$(sed -E 's/.* ([0-9.]+) ms per pass/\1/' <<<"$sass_line")
warm_ms=$(sed -E 's/.*warm ([0-9.]+) ms per pass/\1/' <<<"$tree_line")
cold_ms=$(sed -E 's/.*load ([0-9.]+) ms, first pass ([0-9.]+) ms.*/\1 \2/' <<<"$tree_line" |
  awk '{print $1 + $2}')
awk -v s="$sass_ms" -v w="$warm_ms" -v c="$cold_ms" 'BEGIN {
  printf "css: css-tree/LibSass time ratio %.2f warm, %.2f cold (LibSass %.1f ms, css-tree %.1f ms warm, %.1f ms cold per pass)\n", w / s, c / s, s, w, c }'
