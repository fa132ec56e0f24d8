// RenderWorkerPool: renders storefront pages in supervised `vitrine render-worker` processes,
// each running one JsSandbox (sandbox/js_sandbox.h: limits, ctx helpers, isolation between
// pages). The server keeps one pool for shared sites and one per enterprise silo.
//
// Contract of render_page (what the page renderer can rely on):
// - One request per page: the calling thread takes an idle worker (waiting if all are busy),
//   sends the page's ctx, blocks and root in one frame, and reads one answer. A worker serves
//   one page at a time; any number of threads may call render_page concurrently.
// - Every block gets a BlockResult, in order. A block that throws, times out, runs out of
//   memory, returns too much or kills its worker gets an error code (render.h block_error) and
//   the placeholder as html; the page's other blocks still render: when a worker dies mid-page,
//   the blamed block is marked and the page is sent again, without it, to a fresh worker.
// - Time limits are CPU time of the worker's rendering thread, so that waiting for a core on a
//   busy machine is never charged to a block. The worker's watchdog stops a block at the limit
//   (timeout); a block that keeps running past limit + kill_grace (a builtin that ignores
//   termination) is killed with its worker (timeout too).
// - Blame: the worker publishes the running block in shared memory, so the supervisor knows
//   whom to blame for a kill or a death (fatal OOM exit → out_of_memory, any other death →
//   worker_crashed).
// - Sources cross the pipe once per worker: a component is sent with its source only to a
//   worker that has not compiled that hash yet (or evicted it: the worker then asks again).
// - Throttling: timeouts, out-of-memory and crashes of a site's vibe blocks count against the
//   site; `throttle.strikes` of them within `throttle.window` throttle it for `throttle.cooldown`:
//   its vibe blocks answer `throttled` without running. Theme components are never throttled.
// - The Result fails only when no worker can be started (unavailable) or the pool is stopping.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "sandbox/render.h"

namespace vitrine::sandbox {

struct ThrottlePolicy {
  int strikes = 3;                    // timeouts / OOMs / crashes ...
  std::chrono::seconds window{60};    // ... within this long ...
  std::chrono::seconds cooldown{60};  // ... throttle the site's vibe blocks for this long
};

struct RenderPoolOptions {
  std::string name = "shared";  // for logs and metrics: "shared", "silo:<site>"
  size_t workers = 2;
  // The vitrine binary to run as `<worker_binary> render-worker`; usually /proc/self/exe.
  std::string worker_binary = "/proc/self/exe";
  std::chrono::milliseconds time_limit{50};  // CPU time per render call; at most 1 s
  size_t heap_mb = 64;                       // per worker
  size_t output_limit_bytes = 1u << 20;      // per block
  // A block still running this much CPU time after its time limit is killed with its worker
  // (builtins such as TypedArray sort do not notice TerminateExecution).
  std::chrono::milliseconds kill_grace{250};
  ThrottlePolicy throttle;
};

struct RenderPoolStats {
  uint64_t pages = 0;
  uint64_t blocks = 0;
  uint64_t block_errors = 0;     // blocks that ended with any error code
  uint64_t workers_started = 0;  // including the initial ones
  uint64_t workers_killed = 0;   // past the deadline plus grace
  uint64_t workers_crashed = 0;  // died on their own (fatal OOM, signal, retiring excluded)
  uint64_t throttled_blocks = 0;
  uint64_t resends = 0;  // requests repeated because a worker had evicted a source or catalogue
};

class RenderWorkerPool {
 public:
  // Starts `options.workers` workers and waits until each is ready (a few ms each).
  // unavailable when the binary cannot be started or does not answer; invalid_argument for
  // zero workers or a time limit over 1 s.
  static Result<std::unique_ptr<RenderWorkerPool>> start(const RenderPoolOptions& options);

  // Kills the workers (they hold no state worth keeping) and waits for them to exit. Callers
  // of render_page must have returned.
  ~RenderWorkerPool();
  RenderWorkerPool(const RenderWorkerPool&) = delete;
  RenderWorkerPool& operator=(const RenderWorkerPool&) = delete;

  // Renders `job` (see the contract above). Thread-safe; blocks the calling thread for the
  // render (typically well under a millisecond; at most about blocks × (time limit + grace)).
  Result<RenderedPage> render_page(const PageJob& job);

  // True while `site_id`'s vibe blocks are throttled.
  bool throttled(const std::string& site_id) const;

  RenderPoolStats stats() const;
  const RenderPoolOptions& options() const;
  // Process ids of the live workers (for tests and diagnostics).
  std::vector<int> worker_pids() const;

  struct Impl;

 private:
  explicit RenderWorkerPool(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vitrine::sandbox
