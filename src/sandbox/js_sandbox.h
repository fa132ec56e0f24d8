// JsSandbox: one V8 isolate that renders pages of component calls, in the calling process.
// The storefront never uses it directly: RenderWorkerPool (sandbox/worker_pool.h) runs one inside
// each `vitrine render-worker` process, because the limits below are best effort in one process
// (a builtin such as String.prototype.replace does not check for termination, and some
// allocations abort the whole process instead of throwing). Tests use it in-process.
//
// Limits: per-call time limit, in CPU time of the rendering thread (a watchdog thread calls
// TerminateExecution, and every armed call is followed by CancelTerminateExecution so a late
// kill cannot hit the next call), heap limit
// (a near-heap-limit callback terminates the call and raises the limit so V8 can unwind; the
// sandbox is then retired() and must be replaced), ArrayBuffer memory budget (= heap limit),
// output limit per call. No eval or Function (code generation from strings is refused with an
// EvalError), no WebAssembly, no timers, no I/O: the context is bare V8 plus the ctx helpers.
//
// Isolation between pages (and so between sites sharing a worker): there is one context per
// isolate, reused for every page, because a fresh context costs ~0.85 ms and the goal is 2,000
// pages/s per core. What makes the reuse safe: (1) after the prelude, every object reachable from
// the global object (and the intrinsics only reachable through instances, such as
// %ArrayIteratorPrototype%) is frozen, the global object included, and the legacy RegExp statics
// (RegExp.$1, lastMatch, ...) are deleted; (2) a component is compiled once as a function body
// (never spliced into a script, so it cannot break out into global scope) and that compiled
// factory is called afresh for every page, so top-level variables of a component start over on
// each page; (3) microtasks run inside the call's time window and the queue never outlives it.
// Two exceptions to (1), both watched instead of frozen: after each page their prototypes and
// every property descriptor are compared with a snapshot (a few µs), and a sandbox where they
// changed is retired() before another page runs. RegExp.prototype, because V8's regular
// expression fast paths check its shape and freezing it makes every regex call ~10x slower (a
// page of the sample theme took 2x longer); and the ctx helper functions (escapeHtml,
// formatPrice, ... shared by every page), which frozen cost a page ~13%. What remains shared within ONE page (one site): ctx and
// its data (blocks of a page see each other's mutations of ctx.site/ctx.data objects; the ctx
// object itself is frozen). The cost of freezing: code that assigns to a property it inherits
// from a frozen builtin prototype ("override mistake", e.g. `obj.toString = f` on a plain
// object) fails silently (or throws in strict mode).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sandbox/render.h"

namespace vitrine::sandbox {

struct SandboxLimits {
  size_t heap_bytes = 64u << 20;  // V8 heap (old + young generation); ArrayBuffers get as much
  std::chrono::milliseconds time_limit{50};  // CPU time per render call; clamped to [1 ms, 1 s]
  size_t output_bytes = 1u << 20;            // per block (root: plus its children)
  size_t compiled_cache_entries = 2048;      // compiled components kept, least recently used out
  size_t data_cache_entries = 64;            // catalogue snapshots kept, least recently used out
};

// The longest per-call time limit anyone may configure.
inline constexpr std::chrono::milliseconds kMaxTimeLimit{1000};

// A page as the sandbox sees it: JSON as text and views into the caller's buffers (the worker
// decodes its request frame into this without copying). Must outlive the render call.
struct PageSpec {
  struct Component {
    std::string_view name;
    std::string_view hash;
    std::optional<std::string_view> source;  // may be absent when has_compiled(hash)
  };
  struct Block {
    std::string_view component;
    std::string_view props_json;  // "{}" when empty
    // When set, the block is not run and fails with this code (the supervisor found it guilty
    // of a crash or throttled it); the root still gets its placeholder in ctx.children.
    std::string_view skip_code;
  };
  std::string_view ctx_json = "{}";
  // PageJob::data_key / data_json: data_json may be absent when has_data(data_key).
  std::string_view data_key;
  std::optional<std::string_view> data_json;
  std::vector<Component> components;
  std::vector<Block> blocks;
  std::optional<Block> root;
  std::chrono::milliseconds time_limit{0};  // 0: the sandbox's limit
  size_t output_bytes = 0;                  // 0: the sandbox's limit
};

class JsSandbox {
 public:
  // Creates the isolate and its context and runs the prelude. Initialises V8 for the process on
  // first use. internal_error when V8 refuses (it should not).
  static Result<std::unique_ptr<JsSandbox>> create(const SandboxLimits& limits = {});
  ~JsSandbox();
  JsSandbox(const JsSandbox&) = delete;
  JsSandbox& operator=(const JsSandbox&) = delete;

  // Renders every block, then the root. Per-block failures are BlockResults (timeout,
  // out_of_memory, exception, output_too_large, unknown_component); the Result fails only with
  // unavailable when the sandbox is retired(), or invalid_argument when a component has
  // neither a cached compilation nor a source (missing_sources) or the data is missing
  // (missing_data).
  Result<RenderedPage> render(const PageSpec& page);

  // Convenience for in-process callers: the same as render() on the equivalent PageSpec.
  Result<RenderedPage> render_page(const PageJob& job);

  // The hashes of `page`'s components that come without source and are not compiled here.
  std::vector<std::string> missing_sources(const PageSpec& page) const;

  // True when code compiled from source with this hash is cached.
  bool has_compiled(std::string_view hash) const;

  // True when `page` names a data_key that comes without data_json and is not cached here.
  bool missing_data(const PageSpec& page) const;

  // True when the catalogue snapshot `data_key` is cached.
  bool has_data(std::string_view data_key) const;

  // True when this sandbox must not render another page: a call hit the heap limit (which was
  // raised so V8 could unwind), or a page tampered with RegExp.prototype (see below). The owner
  // replaces it; a worker process answers and exits. render() then fails with unavailable.
  bool retired() const;
  // True when the reason is tampering.
  bool tampered() const;

  // Called with the block index as each block starts (blocks.size() for the root, -1 when the
  // page is done) and the rendering thread's CPU time then (CLOCK_THREAD_CPUTIME_ID, ns; 0 for
  // -1), from the rendering thread. The worker publishes both to its supervisor.
  void set_progress_listener(std::function<void(int block, int64_t thread_cpu_ns)> listener);

  const SandboxLimits& limits() const;

  struct Impl;

 private:
  explicit JsSandbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Called instead of returning when V8 hits a fatal out-of-memory error (which it cannot
// survive), e.g. `new Array(1e8).fill(0)`. Must not return. The default prints to stderr and
// aborts; a worker process replaces it to tell its supervisor before exiting.
using FatalOomHandler = void (*)(const char* location, bool is_heap_oom);
void set_fatal_oom_handler(FatalOomHandler handler);

}  // namespace vitrine::sandbox
