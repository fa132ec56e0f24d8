// `vitrine render-worker`: the process a RenderWorkerPool spawns. It runs one JsSandbox and
// answers render requests on its stdin/stdout (one Unix socket, sandbox/wire.h) until the
// socket closes, then exits 0. Started by hand it just waits for frames; it is not a user
// command (the CLI hides it).
#pragma once

#include <cstddef>

namespace vitrine::sandbox {

struct RenderWorkerOptions {
  size_t heap_mb = 64;
  int progress_fd = -1;  // a memfd holding wire::Progress, shared with the supervisor; -1: none
};

// Runs the worker loop on file descriptor 0 (read and write: a socket) and returns the exit
// code: 0 when the supervisor closed the socket or after retiring (the heap limit was hit), 1
// on a protocol or setup error. Stray writes to stdout go to stderr instead. A fatal V8
// out-of-memory error exits with wire::kExitFatalOom.
int run_render_worker(const RenderWorkerOptions& options);

}  // namespace vitrine::sandbox
