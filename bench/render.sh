#!/usr/bin/env bash
# Render throughput with no cache at all: the kendustorenew 1.1.0 home page (10 blocks, sample
# catalogue) rendered through a RenderWorkerPool of `vitrine render-worker` processes. "Per core"
# divides by the CPU time spent in the calling process and in the workers, so it does not depend
# on the number of cores. Last line: "pages/s per core: N (p99 X us)"; goal ≥ 2,000.
# (Measures the render pool directly; the storefront's HTTP path is measured by the page
# renderer's benchmark once it exists.)
# Usage: bench/render.sh [seconds per variant, default 10]   env: RENDER_BENCH_WORKERS (2)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"

scripts/install-deps.sh test >/dev/null
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j"${JOBS:-2}" --target vitrine test_render >/dev/null

RENDER_BENCH_SECONDS="$secs" build/test_render --gtest_also_run_disabled_tests \
  --gtest_filter='RenderBench.*' 2>/dev/null | grep -v -e '^\[' -e '^Running main' -e '^Note:' \
  -e '^$' -e 'DISABLED TESTS'
