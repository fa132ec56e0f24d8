#include "sandbox/worker_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/hash.h"
#include "sandbox/js_sandbox.h"
#include "sandbox/wire.h"

extern char** environ;

namespace vitrine::sandbox {
namespace {

constexpr std::chrono::seconds kStartTimeout{20};
constexpr size_t kMaxKnownHashes = 8192;
constexpr int kMaxBlamelessDeaths = 2;

// CPU time used by process `pid`'s main thread (the worker's rendering thread), in ns: the
// first field of /proc/<pid>/task/<pid>/schedstat, the clock CLOCK_THREAD_CPUTIME_ID reads
// inside the worker. -1 when it cannot be read.
int64_t thread_cpu_ns(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/schedstat";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[128];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  return std::strtoll(buf, nullptr, 10);
}

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

struct Worker {
  std::atomic<pid_t> pid{-1};  // read by worker_pids() while the slot may be leased
  int fd = -1;                 // our end of the socket
  wire::Progress* progress = nullptr;
  std::unordered_set<std::string> known_hashes;  // compiled (or being sent) in this worker
  std::unordered_set<std::string> known_data;    // catalogue snapshots it has (or is sent)
  std::string inbox;                             // bytes read but not yet a whole frame

  bool alive() const { return pid > 0; }
};

// How a request to a worker ended.
struct Answer {
  enum Kind { kResult, kNeedSources, kKilled, kDied } kind = kDied;
  std::string frame;  // kResult, kNeedSources: the whole frame (wire::payload_of)
  int culprit = -1;   // kKilled, kDied: the block running then (blocks.size() = root)
  std::string code;   // kKilled, kDied: the block error code for the culprit
  std::string message;
};

}  // namespace

struct RenderWorkerPool::Impl {
  RenderPoolOptions options;
  std::deque<Worker> workers;  // a deque: Worker is not movable, and slots never move

  mutable std::mutex mu;  // idle, stopping
  std::condition_variable idle_cv;
  std::vector<size_t> idle;
  bool stopping = false;

  std::atomic<uint64_t> next_request_id{1};

  mutable std::mutex throttle_mu;
  struct SiteRecord {
    std::deque<std::chrono::steady_clock::time_point> strikes;
    std::chrono::steady_clock::time_point throttled_until{};
  };
  std::unordered_map<std::string, SiteRecord> sites;

  struct Counters {
    std::atomic<uint64_t> pages{0}, blocks{0}, block_errors{0}, workers_started{0},
        workers_killed{0}, workers_crashed{0}, throttled_blocks{0}, resends{0};
  } counters;

  ~Impl() {
    for (auto& w : workers) stop_worker(w, /*kill=*/true);
  }

  // ---- process management

  Status spawn(Worker& w) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
      return fail(errc::kUnavailable, std::string("socketpair: ") + std::strerror(errno));
    int mfd = ::memfd_create("vitrine-render-progress", MFD_CLOEXEC);
    void* shared = MAP_FAILED;
    if (mfd >= 0 && ::ftruncate(mfd, sizeof(wire::Progress)) == 0)
      shared = ::mmap(nullptr, sizeof(wire::Progress), PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
    if (shared == MAP_FAILED) {
      std::string why = std::strerror(errno);
      ::close(sv[0]);
      ::close(sv[1]);
      if (mfd >= 0) ::close(mfd);
      return fail(errc::kUnavailable, "shared progress record: " + why);
    }
    // Placement into the shared mapping (no ownership: munmap in stop_worker releases it).
    auto* progress = new (shared) wire::Progress();

    std::string heap = std::to_string(options.heap_mb);
    std::vector<std::string> args = {
        options.worker_binary, "render-worker", "--heap-mb", heap, "--progress-fd", "3"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 0);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 1);
    posix_spawn_file_actions_adddup2(&actions, mfd, 3);
    // Nothing else of the server (listening sockets, other workers' sockets) leaks in.
    posix_spawn_file_actions_addclosefrom_np(&actions, 4);
    pid_t pid = -1;
    int rc =
        ::posix_spawn(&pid, options.worker_binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(sv[1]);
    ::close(mfd);
    if (rc != 0) {
      ::close(sv[0]);
      ::munmap(shared, sizeof(wire::Progress));
      return fail(errc::kUnavailable,
                  "cannot start render worker " + options.worker_binary + ": " + std::strerror(rc));
    }
    w.pid = pid;
    w.fd = sv[0];
    w.progress = progress;
    w.known_hashes.clear();
    w.known_data.clear();
    w.inbox.clear();
    counters.workers_started++;

    // Wait for the ready frame.
    auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    for (;;) {
      auto frame = wire::take_frame(w.inbox);
      if (!frame.ok()) break;
      if (frame->has_value()) {
        wire::Reader r(wire::payload_of(**frame));
        uint8_t kind = 0;
        uint32_t version = 0;
        if (r.u8(kind) && kind == static_cast<uint8_t>(wire::Kind::kReady) && r.u32(version) &&
            version == wire::kProtocolVersion)
          return {};
        break;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      if (!read_some(w, static_cast<int>(left.count()))) break;
    }
    int status = stop_worker(w, /*kill=*/true);
    return fail(errc::kUnavailable, "render worker " + options.worker_binary + " did not start (" +
                                        describe_status(status) + "); is it a vitrine binary?");
  }

  // Ends the worker (SIGKILL when `kill`, else waits for it to exit on its own) and returns
  // its wait status (-1 when there was none).
  int stop_worker(Worker& w, bool kill) {
    int status = -1;
    if (w.pid > 0) {
      if (kill) ::kill(w.pid, SIGKILL);
      // A worker that closed its socket is exiting; do not wait forever for one that is not.
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
      for (;;) {
        pid_t r = ::waitpid(w.pid, &status, WNOHANG);
        if (r == w.pid || (r < 0 && errno != EINTR)) break;
        if (std::chrono::steady_clock::now() > deadline) {
          ::kill(w.pid, SIGKILL);
          ::waitpid(w.pid, &status, 0);
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    if (w.fd >= 0) ::close(w.fd);
    if (w.progress) ::munmap(w.progress, sizeof(wire::Progress));
    w.pid = -1;
    w.fd = -1;
    w.progress = nullptr;
    w.known_hashes.clear();
    w.known_data.clear();
    w.inbox.clear();
    return status;
  }

  static std::string describe_status(int status) {
    if (status < 0) return "no exit status";
    if (WIFSIGNALED(status)) return "killed by " + signal_name(WTERMSIG(status));
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    return "status " + std::to_string(status);
  }

  // Reads what is available (waiting up to timeout_ms). False at end of file or on an error.
  static bool read_some(Worker& w, int timeout_ms) {
    pollfd p{w.fd, POLLIN, 0};
    int rc = ::poll(&p, 1, timeout_ms);
    if (rc < 0) return errno == EINTR;
    if (rc == 0) return true;
    char buf[64 * 1024];
    ssize_t n = ::read(w.fd, buf, sizeof buf);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    if (n == 0) return false;
    w.inbox.append(buf, static_cast<size_t>(n));
    return true;
  }

  // ---- one request

  Answer await_answer(Worker& w, uint64_t id, int root_index) {
    const int64_t limit_ns =
        std::chrono::nanoseconds(options.time_limit + options.kill_grace).count();
    // However starved of CPU, nothing takes longer than this.
    const int64_t cap_ns = std::max<int64_t>(5'000'000'000, 20 * limit_ns);
    int seen_block = -2;
    int64_t seen_since = wire::monotonic_ns();
    int64_t extra_ns = 0;  // wall time the running block has waited for a CPU
    const int64_t poll_ns = std::min<int64_t>(limit_ns, 10'000'000);
    for (;;) {
      auto frame = wire::take_frame(w.inbox);
      if (!frame.ok()) return died(w, id, root_index);
      if (frame->has_value()) {
        std::string_view payload = wire::payload_of(**frame);
        uint8_t kind = payload.empty() ? 0 : static_cast<uint8_t>(payload[0]);
        Answer a;
        a.frame = std::move(**frame);
        if (kind == static_cast<uint8_t>(wire::Kind::kResult))
          a.kind = Answer::kResult;
        else if (kind == static_cast<uint8_t>(wire::Kind::kNeedSources))
          a.kind = Answer::kNeedSources;
        else
          return died(w, id, root_index);
        return a;
      }
      const int64_t now = wire::monotonic_ns();
      int block = -1;
      int64_t started = 0, started_cpu = 0;
      if (w.progress->request_id.load() == id) {
        block = w.progress->block.load();
        started = w.progress->started_ns.load();
        started_cpu = w.progress->started_cpu_ns.load();
      }
      if (block != seen_block) {
        seen_block = block;
        seen_since = now;
        extra_ns = 0;
      }
      // A block has time limit + grace of CPU time (the worker's own watchdog stops it at the
      // limit unless a builtin ignores it). The wall clock says when that much could have been
      // spent at the earliest; then the worker's CPU clock decides, so that a worker starved of
      // CPU on a busy machine is not killed for waiting. Outside blocks (decoding the request,
      // writing the answer: our code) only a generous wall-clock cap applies, and the progress
      // record is polled, since a block may start at any moment.
      const int64_t deadline =
          block >= 0 ? started + limit_ns + extra_ns : std::min(seen_since + cap_ns, now + poll_ns);
      const bool hard_cap = now - (block >= 0 ? started : seen_since) >= cap_ns;
      if ((block >= 0 && now >= deadline) || hard_cap) {
        if (!hard_cap && block >= 0) {
          const int64_t cpu_now = thread_cpu_ns(w.pid);
          const int64_t cpu_used = cpu_now - started_cpu;
          if (cpu_now >= 0 && cpu_used >= 0 && cpu_used < limit_ns) {
            extra_ns = now - started - cpu_used;  // wall time it spent waiting, not running
            continue;
          }
        }
        counters.workers_killed++;
        stop_worker(w, /*kill=*/true);
        Answer a;
        a.kind = Answer::kKilled;
        a.culprit = block;
        a.code = block_error::kTimeout;
        a.message = "the component used more than " + std::to_string(options.time_limit.count()) +
                    " ms of CPU time and did not stop; its worker was killed";
        return a;
      }
      int wait_ms = static_cast<int>((deadline - now + 999999) / 1000000);
      if (!read_some(w, std::max(wait_ms, 1))) return died(w, id, root_index);
    }
  }

  Answer died(Worker& w, uint64_t id, int /*root_index*/) {
    Answer a;
    a.kind = Answer::kDied;
    bool ours = w.progress && w.progress->request_id.load() == id;
    a.culprit = ours ? w.progress->block.load() : -1;
    bool fatal_oom = w.progress && w.progress->fatal_oom.load() != 0;
    int status = stop_worker(w, /*kill=*/false);
    fatal_oom = fatal_oom ||
                (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == wire::kExitFatalOom);
    counters.workers_crashed++;
    if (fatal_oom) {
      a.code = block_error::kOutOfMemory;
      a.message = "the component ran out of memory (heap limit " + std::to_string(options.heap_mb) +
                  " MB) and took its worker down";
    } else {
      a.code = block_error::kWorkerCrashed;
      a.message = "the render worker died (" + describe_status(status) +
                  ") while this component was running";
    }
    spdlog::warn("render pool {}: worker {} while rendering block {}", options.name,
                 fatal_oom ? "ran out of memory" : describe_status(status), a.culprit);
    return a;
  }

  // ---- throttling

  bool is_throttled(const std::string& site, std::chrono::steady_clock::time_point now) const {
    if (site.empty()) return false;
    std::lock_guard lk(throttle_mu);
    auto it = sites.find(site);
    return it != sites.end() && it->second.throttled_until > now;
  }

  void strike(const std::string& site) {
    if (site.empty()) return;
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lk(throttle_mu);
    SiteRecord& rec = sites[site];
    rec.strikes.push_back(now);
    while (!rec.strikes.empty() && now - rec.strikes.front() > options.throttle.window)
      rec.strikes.pop_front();
    if (static_cast<int>(rec.strikes.size()) >= std::max(1, options.throttle.strikes)) {
      rec.throttled_until = now + options.throttle.cooldown;
      rec.strikes.clear();
      spdlog::warn("render pool {}: site {} throttled for {} s: its code keeps failing",
                   options.name, site, options.throttle.cooldown.count());
    }
    // Keep the map from growing without bound: forget sites with nothing pending.
    if (sites.size() > 10000) {
      for (auto it = sites.begin(); it != sites.end();) {
        if (it->second.strikes.empty() && it->second.throttled_until <= now)
          it = sites.erase(it);
        else
          ++it;
      }
    }
  }

  // ---- leases

  std::optional<size_t> acquire() {
    std::unique_lock lk(mu);
    idle_cv.wait(lk, [&] { return stopping || !idle.empty(); });
    if (stopping) return std::nullopt;
    size_t i = idle.back();
    idle.pop_back();
    return i;
  }

  void release(size_t i) {
    {
      std::lock_guard lk(mu);
      idle.push_back(i);
    }
    idle_cv.notify_one();
  }
};

namespace {

bool counts_as_strike(std::string_view code) {
  return code == block_error::kTimeout || code == block_error::kOutOfMemory ||
         code == block_error::kWorkerCrashed;
}

std::string props_text(const BlockJob& b) {
  if (!b.props_json.empty()) return b.props_json;
  return b.props.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void encode_block(wire::Writer& w, const BlockJob& b, const std::string& props,
                  const std::string& skip) {
  w.str(b.component);
  w.str(props);
  w.str(skip);
}

bool decode_result(wire::Reader& r, BlockResult& b) {
  std::string_view code, html, message;
  if (!r.str(code) || !r.str(html) || !r.str(message)) return false;
  b.error_code = code;
  b.html = html;
  b.error_message = message;
  return true;
}

}  // namespace

RenderWorkerPool::RenderWorkerPool(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RenderWorkerPool::~RenderWorkerPool() {
  {
    std::lock_guard lk(impl_->mu);
    impl_->stopping = true;
  }
  impl_->idle_cv.notify_all();
}

Result<std::unique_ptr<RenderWorkerPool>> RenderWorkerPool::start(
    const RenderPoolOptions& options) {
  if (options.workers == 0)
    return fail(errc::kInvalidArgument, "a render pool needs at least one worker");
  if (options.time_limit.count() < 1 || options.time_limit > kMaxTimeLimit)
    return fail(errc::kInvalidArgument, "render time limit must be between 1 ms and 1000 ms, not " +
                                            std::to_string(options.time_limit.count()));
  if (options.heap_mb < 8)
    return fail(errc::kInvalidArgument, "render heap limit must be at least 8 MB");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  for (size_t i = 0; i < options.workers; ++i) impl->workers.emplace_back();
  for (size_t i = 0; i < impl->workers.size(); ++i) {
    VITRINE_TRY(impl->spawn(impl->workers[i]));
    impl->idle.push_back(i);
  }
  spdlog::info("render pool {}: {} workers ({} ms, {} MB each)", options.name, options.workers,
               options.time_limit.count(), options.heap_mb);
  return std::unique_ptr<RenderWorkerPool>(new RenderWorkerPool(std::move(impl)));
}

Result<RenderedPage> RenderWorkerPool::render_page(const PageJob& job) {
  Impl& m = *impl_;
  const size_t n = job.blocks.size();
  const int root_index = static_cast<int>(n);
  auto now = std::chrono::steady_clock::now();

  // Per block: props as JSON text once, and the code it fails with without running.
  std::vector<std::string> props(n);
  std::vector<std::string> skip(n), skip_message(n);
  std::string root_props, root_skip, root_skip_message;
  const bool throttled = m.is_throttled(job.site_id, now);
  for (size_t i = 0; i < n; ++i) {
    props[i] = props_text(job.blocks[i]);
    if (throttled && job.blocks[i].vibe) {
      skip[i] = block_error::kThrottled;
      skip_message[i] = "this site's code failed too often; it is paused for a while";
      m.counters.throttled_blocks++;
    }
  }
  if (job.root) {
    root_props = props_text(*job.root);
    if (throttled && job.root->vibe) {
      root_skip = block_error::kThrottled;
      root_skip_message = "this site's code failed too often; it is paused for a while";
    }
  }
  // Component hashes (computed when the caller gave none).
  std::map<std::string_view, std::string_view> hashes;
  std::deque<std::string> computed_hashes;
  for (const auto& [name, c] : job.components)
    hashes[name] = c.hash.empty()
                       ? std::string_view(computed_hashes.emplace_back(sha256_hex(c.source)))
                       : std::string_view(c.hash);

  if (n == 0 && !job.root) {
    m.counters.pages++;
    return RenderedPage{};
  }
  auto lease = m.acquire();
  if (!lease) return fail(errc::kUnavailable, "the render pool is stopping");
  struct Release {
    Impl& m;
    size_t i;
    ~Release() { m.release(i); }
  } release{m, *lease};
  Worker& w = m.workers[*lease];

  int blameless_deaths = 0;
  std::vector<std::string> resend;  // hashes the worker asked for
  bool resend_data = false;         // ... and whether it asked for the catalogue
  for (;;) {
    if (!w.alive()) VITRINE_TRY(m.spawn(w));
    const uint64_t id = m.next_request_id++;

    // The components that running blocks use, with sources only where the worker needs them.
    std::vector<std::string_view> used;
    auto use = [&](const std::string& name) {
      if (job.components.count(name) &&
          std::find(used.begin(), used.end(), std::string_view(name)) == used.end())
        used.push_back(job.components.find(name)->first);
    };
    for (size_t i = 0; i < n; ++i)
      if (skip[i].empty()) use(job.blocks[i].component);
    if (job.root && root_skip.empty()) use(job.root->component);

    wire::Writer req(wire::Kind::kRender);
    req.u64(id);
    req.u32(static_cast<uint32_t>(m.options.time_limit.count()));
    req.u32(static_cast<uint32_t>(m.options.output_limit_bytes));
    req.str(job.ctx_json);
    req.str(job.data_key);
    if (w.known_data.size() > kMaxKnownHashes) w.known_data.clear();
    const bool send_data =
        !job.data_key.empty() && (resend_data || !w.known_data.count(job.data_key));
    req.u8(send_data ? 1 : 0);
    if (send_data) {
      req.str(job.data_json);
      w.known_data.insert(job.data_key);
    }
    req.u32(static_cast<uint32_t>(used.size()));
    if (w.known_hashes.size() > kMaxKnownHashes) w.known_hashes.clear();
    for (std::string_view name : used) {
      const std::string_view hash = hashes[name];
      req.str(name);
      req.str(hash);
      bool send_source = !w.known_hashes.count(std::string(hash)) ||
                         std::find(resend.begin(), resend.end(), hash) != resend.end();
      req.u8(send_source ? 1 : 0);
      if (send_source) {
        req.str(job.components.find(std::string(name))->second.source);
        w.known_hashes.emplace(hash);
      }
    }
    req.u32(static_cast<uint32_t>(n));
    for (size_t i = 0; i < n; ++i) encode_block(req, job.blocks[i], props[i], skip[i]);
    req.u8(job.root ? 1 : 0);
    if (job.root) encode_block(req, *job.root, root_props, root_skip);

    Answer answer;
    if (wire::write_all(w.fd, std::move(req).finish()).ok())
      answer = m.await_answer(w, id, root_index);
    else
      answer = m.died(w, id, root_index);

    if (answer.kind == Answer::kNeedSources) {
      m.counters.resends++;
      wire::Reader r(wire::payload_of(answer.frame));
      uint8_t kind;
      uint64_t rid;
      uint32_t count = 0;
      r.u8(kind);
      r.u64(rid);
      r.u32(count);
      resend.clear();
      for (uint32_t i = 0; i < count && r.ok(); ++i) {
        std::string_view h;
        if (r.str(h)) resend.emplace_back(h);
      }
      uint8_t needs_data = 0;
      r.u8(needs_data);
      resend_data = needs_data != 0;
      if (!r.ok() || rid != id || (resend.empty() && !resend_data)) {
        m.stop_worker(w, /*kill=*/true);
        if (++blameless_deaths > kMaxBlamelessDeaths)
          return fail(errc::kInternal, "render worker protocol error");
      }
      continue;
    }

    if (answer.kind == Answer::kResult) {
      wire::Reader r(wire::payload_of(answer.frame));
      uint8_t kind = 0, retiring = 0, has_root = 0;
      uint64_t rid = 0;
      uint32_t count = 0;
      RenderedPage page;
      r.u8(kind);
      r.u64(rid);
      r.u8(retiring);
      r.u32(count);
      if (r.ok() && rid == id && count == n) {
        page.blocks.resize(n);
        for (size_t i = 0; i < n && r.ok(); ++i) decode_result(r, page.blocks[i]);
        if (r.u8(has_root) && has_root) {
          page.root.emplace();
          decode_result(r, *page.root);
        }
      }
      if (!r.ok() || rid != id || count != n || has_root != (job.root ? 1 : 0)) {
        m.stop_worker(w, /*kill=*/true);
        if (++blameless_deaths > kMaxBlamelessDeaths)
          return fail(errc::kInternal, "render worker protocol error");
        continue;
      }
      if (retiring != wire::kKeepServing) {
        m.stop_worker(w, /*kill=*/false);  // it exits after answering; respawned next time
        bool vibe = std::any_of(job.blocks.begin(), job.blocks.end(),
                                [](const BlockJob& b) { return b.vibe; });
        if (retiring == wire::kRetiringTampered) {
          spdlog::warn("render pool {}: a page of site {} tampered with RegExp.prototype",
                       m.options.name, job.site_id);
          if (vibe) m.strike(job.site_id);
        }
      }
      for (size_t i = 0; i < n; ++i) {
        BlockResult& b = page.blocks[i];
        if (!skip[i].empty()) b.error_message = skip_message[i];
        if (!b.ok()) {
          m.counters.block_errors++;
          if (skip[i].empty() && job.blocks[i].vibe && counts_as_strike(b.error_code))
            m.strike(job.site_id);
        }
      }
      if (page.root) {
        if (!root_skip.empty()) page.root->error_message = root_skip_message;
        if (!page.root->ok()) {
          m.counters.block_errors++;
          if (root_skip.empty() && job.root->vibe && counts_as_strike(page.root->error_code))
            m.strike(job.site_id);
        }
      }
      m.counters.pages++;
      m.counters.blocks += n;
      return page;
    }

    // The worker was killed or died: blame the block it was running and go again without it.
    int culprit = answer.culprit;
    if (culprit >= 0 && culprit < static_cast<int>(n) && skip[culprit].empty()) {
      skip[culprit] = answer.code;
      skip_message[culprit] = answer.message;
      if (job.blocks[culprit].vibe) m.strike(job.site_id);
    } else if (culprit == root_index && job.root && root_skip.empty()) {
      root_skip = answer.code;
      root_skip_message = answer.message;
      if (job.root->vibe) m.strike(job.site_id);
    } else if (++blameless_deaths > kMaxBlamelessDeaths) {
      // Nothing to blame (it died outside any block) and it keeps happening: give up on the
      // blocks that have not failed yet.
      for (size_t i = 0; i < n; ++i)
        if (skip[i].empty()) {
          skip[i] = block_error::kWorkerCrashed;
          skip_message[i] = answer.message;
        }
      if (job.root && root_skip.empty()) {
        root_skip = block_error::kWorkerCrashed;
        root_skip_message = answer.message;
      }
    }
    if (blameless_deaths > kMaxBlamelessDeaths + 1)
      return fail(errc::kUnavailable, "render workers keep dying: " + answer.message);
  }
}

bool RenderWorkerPool::throttled(const std::string& site_id) const {
  return impl_->is_throttled(site_id, std::chrono::steady_clock::now());
}

RenderPoolStats RenderWorkerPool::stats() const {
  const auto& c = impl_->counters;
  return {c.pages.load(),
          c.blocks.load(),
          c.block_errors.load(),
          c.workers_started.load(),
          c.workers_killed.load(),
          c.workers_crashed.load(),
          c.throttled_blocks.load(),
          c.resends.load()};
}

const RenderPoolOptions& RenderWorkerPool::options() const { return impl_->options; }

std::vector<int> RenderWorkerPool::worker_pids() const {
  std::lock_guard lk(impl_->mu);
  std::vector<int> pids;
  for (const auto& w : impl_->workers)
    if (w.pid > 0) pids.push_back(w.pid);
  return pids;
}

}  // namespace vitrine::sandbox
