#include "sandbox/render_worker.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>

#include "sandbox/js_sandbox.h"
#include "sandbox/wire.h"

namespace vitrine::sandbox {
namespace {

wire::Progress* g_progress = nullptr;  // the shared record, for the fatal OOM handler

[[noreturn]] void exit_on_fatal_oom(const char* location, bool /*is_heap_oom*/) {
  if (g_progress) g_progress->fatal_oom.store(1);
  static const char kMessage[] = "vitrine render-worker: fatal JavaScript out of memory\n";
  ssize_t ignored = ::write(2, kMessage, sizeof kMessage - 1);
  (void)ignored;
  ::_exit(wire::kExitFatalOom);
}

int fail_worker(const std::string& why) {
  std::fprintf(stderr, "vitrine render-worker: %s\n", why.c_str());
  return 1;
}

bool read_block(wire::Reader& r, PageSpec::Block& b) {
  return r.str(b.component) && r.str(b.props_json) && r.str(b.skip_code);
}

void write_result(wire::Writer& w, const BlockResult& b) {
  w.str(b.error_code);
  w.str(b.html);
  w.str(b.error_message);
}

}  // namespace

int run_render_worker(const RenderWorkerOptions& options) {
  // Die with the server. (Had it died before this line, the socket's end of file ends the loop.)
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // fd 0 is the socket (stdin and stdout alike); keep stray stdout writes off it.
  ::dup2(2, 1);
  const int io = 0;

  if (options.progress_fd >= 0) {
    void* p = ::mmap(nullptr, sizeof(wire::Progress), PROT_READ | PROT_WRITE, MAP_SHARED,
                     options.progress_fd, 0);
    if (p == MAP_FAILED) return fail_worker("cannot map the progress record");
    g_progress = static_cast<wire::Progress*>(p);
  }
  set_fatal_oom_handler(&exit_on_fatal_oom);

  SandboxLimits limits;
  limits.heap_bytes = options.heap_mb << 20;
  auto created = JsSandbox::create(limits);
  if (!created.ok()) return fail_worker(created.error().message);
  std::unique_ptr<JsSandbox> sandbox = std::move(*created);
  if (g_progress) {
    // Renders on this (the main) thread, whose CPU clock the supervisor reads as the pid's.
    sandbox->set_progress_listener([](int block, int64_t thread_cpu_ns) {
      if (block >= 0) {
        g_progress->started_cpu_ns.store(thread_cpu_ns);
        g_progress->started_ns.store(wire::monotonic_ns());
      }
      g_progress->block.store(block);
    });
  }

  {
    wire::Writer ready(wire::Kind::kReady);
    ready.u32(wire::kProtocolVersion);
    if (!wire::write_all(io, std::move(ready).finish()).ok()) return 0;
  }

  for (;;) {
    auto frame = wire::read_frame(io);
    if (!frame.ok()) return frame.error().code == errc::kUnavailable ? 0 : 1;
    wire::Reader r(*frame);
    uint8_t kind = 0;
    uint64_t id = 0;
    uint32_t time_ms = 0, output_limit = 0, n = 0;
    PageSpec spec;
    if (!r.u8(kind) || kind != static_cast<uint8_t>(wire::Kind::kRender))
      return fail_worker("unexpected frame");
    r.u64(id);
    r.u32(time_ms);
    r.u32(output_limit);
    r.str(spec.ctx_json);
    uint8_t has_data = 0;
    std::string_view data_json;
    r.str(spec.data_key);
    if (r.u8(has_data) && has_data && r.str(data_json)) spec.data_json = data_json;
    r.u32(n);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      PageSpec::Component c;
      uint8_t has_source = 0;
      std::string_view source;
      r.str(c.name);
      r.str(c.hash);
      r.u8(has_source);
      if (has_source && r.str(source)) c.source = source;
      spec.components.push_back(c);
    }
    r.u32(n);
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      PageSpec::Block b;
      if (read_block(r, b)) spec.blocks.push_back(b);
    }
    uint8_t has_root = 0;
    if (r.u8(has_root) && has_root) {
      PageSpec::Block b;
      if (read_block(r, b)) spec.root = b;
    }
    if (!r.ok()) return fail_worker("malformed render request");
    spec.time_limit = std::chrono::milliseconds(time_ms);
    spec.output_bytes = output_limit;

    auto missing = sandbox->missing_sources(spec);
    const bool needs_data = sandbox->missing_data(spec);
    if (!missing.empty() || needs_data) {
      wire::Writer w(wire::Kind::kNeedSources);
      w.u64(id);
      w.u32(static_cast<uint32_t>(missing.size()));
      for (const auto& h : missing) w.str(h);
      w.u8(needs_data ? 1 : 0);
      if (!wire::write_all(io, std::move(w).finish()).ok()) return 0;
      continue;
    }

    if (g_progress) g_progress->request_id.store(id);
    auto page = sandbox->render(spec);
    if (!page.ok()) return fail_worker(page.error().message);
    const bool retiring = sandbox->retired();
    wire::Writer w(wire::Kind::kResult);
    w.u64(id);
    w.u8(!retiring             ? wire::kKeepServing
         : sandbox->tampered() ? wire::kRetiringTampered
                               : wire::kRetiringHeapLimit);
    w.u32(static_cast<uint32_t>(page->blocks.size()));
    for (const auto& b : page->blocks) write_result(w, b);
    w.u8(page->root ? 1 : 0);
    if (page->root) write_result(w, *page->root);
    if (!wire::write_all(io, std::move(w).finish()).ok()) return 0;
    if (retiring) return 0;
  }
}

}  // namespace vitrine::sandbox
