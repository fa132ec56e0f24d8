// Render throughput, disabled by default (bench/render.sh runs it):
//   test_render --gtest_also_run_disabled_tests --gtest_filter='RenderBench.*'
// Pages are the kendustorenew 1.1.0 home page (10 blocks) with the sample catalogue, rendered
// without any cache. "Per core" divides by the CPU time spent, in the calling process and in
// the workers, so that it does not depend on how many cores the machine has.
// Environment: RENDER_BENCH_SECONDS (default 5), RENDER_BENCH_WORKERS (default 2),
// RENDER_BENCH_THREADS (default = workers).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "sandbox/js_sandbox.h"
#include "sandbox/worker_pool.h"
#include "testing/matchers.h"
#include "theme_pages.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::sandbox {
namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

double self_cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// utime + stime of a process, from /proc/<pid>/stat.
double process_cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);
    if (i == 15) break;
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

TEST(RenderBench, DISABLED_InProcessSandbox) {
  auto sandbox = JsSandbox::create();
  ASSERT_THAT(sandbox, IsOk());
  PageJob job = fixtures::kendu_home_page();
  for (int i = 0; i < 200; ++i) ASSERT_THAT((*sandbox)->render_page(job), IsOk());  // warm up
  const double seconds = env_int("RENDER_BENCH_SECONDS", 5);
  double cpu0 = self_cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  size_t pages = 0;
  while (std::chrono::steady_clock::now() - t0 < std::chrono::duration<double>(seconds)) {
    auto page = (*sandbox)->render_page(job);
    ASSERT_THAT(page, IsOk());
    ++pages;
  }
  double cpu = self_cpu_seconds() - cpu0;
  std::printf(
      "in-process sandbox: %zu pages in %.2f CPU s: %.0f pages/s per core, %.0f blocks/s "
      "per core\n",
      pages, cpu, pages / cpu, pages * job.blocks.size() / cpu);
}

struct PoolRun {
  size_t pages = 0;
  double wall = 0, server_cpu = 0, worker_cpu = 0, p50 = 0, p99 = 0;
  double cpu() const { return server_cpu + worker_cpu; }
};

PoolRun run_pool(RenderWorkerPool& pool, const PageJob& job, int threads, double seconds) {
  std::vector<int> pids = pool.worker_pids();
  PoolRun run;
  double cpu0 = self_cpu_seconds();
  double workers0 = 0;
  for (int pid : pids) workers0 += process_cpu_seconds(pid);
  std::atomic<size_t> pages{0}, failures{0};
  std::vector<std::vector<double>> latencies(threads);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      while (std::chrono::steady_clock::now() - t0 < std::chrono::duration<double>(seconds)) {
        auto s = std::chrono::steady_clock::now();
        auto page = pool.render_page(job);
        latencies[t].push_back(
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - s)
                .count());
        if (!page.ok() || !page->blocks[0].ok()) failures++;
        pages++;
      }
    });
  }
  for (auto& c : clients) c.join();
  run.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.server_cpu = self_cpu_seconds() - cpu0;
  run.worker_cpu = -workers0;
  for (int pid : pids) run.worker_cpu += process_cpu_seconds(pid);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  run.pages = pages.load();
  run.p50 = percentile(all, 0.5);
  run.p99 = percentile(all, 0.99);
  EXPECT_EQ(failures.load(), 0u);
  EXPECT_EQ(pool.worker_pids(), pids) << "no worker was replaced";
  return run;
}

void print_run(const char* label, const PoolRun& r, size_t blocks_per_page) {
  std::printf(
      "%s: %zu pages in %.2f s wall (%.0f pages/s), CPU %.2f s (server %.2f, workers "
      "%.2f): %.0f pages/s per core, %.0f blocks/s per core, p50 %.0f us, p99 %.0f us\n",
      label, r.pages, r.wall, r.pages / r.wall, r.cpu(), r.server_cpu, r.worker_cpu,
      r.pages / r.cpu(), r.pages * blocks_per_page / r.cpu(), r.p50, r.p99);
}

TEST(RenderBench, DISABLED_WorkerPool) {
  RenderPoolOptions o;
  o.name = "bench";
  o.workers = static_cast<size_t>(env_int("RENDER_BENCH_WORKERS", 2));
  o.worker_binary = vitrine_binary();
  auto pool = RenderWorkerPool::start(o);
  ASSERT_THAT(pool, IsOk());
  PageJob job = fixtures::kendu_home_page();
  PageJob serialised = job;
  for (auto& b : serialised.blocks) b.props_json = b.props.dump();
  for (int i = 0; i < 500; ++i) ASSERT_THAT((*pool)->render_page(job), IsOk());  // warm up

  const int threads = env_int("RENDER_BENCH_THREADS", static_cast<int>(o.workers));
  const double seconds = env_int("RENDER_BENCH_SECONDS", 5);
  std::printf("worker pool: %zu workers, %d client threads, %zu blocks per page\n", o.workers,
              threads, job.blocks.size());
  PoolRun pre = run_pool(**pool, serialised, threads, seconds);
  print_run("  props pre-serialised", pre, job.blocks.size());
  PoolRun run = run_pool(**pool, job, threads, seconds);
  print_run("  props as JSON objects", run, job.blocks.size());
  std::printf("pages/s per core: %.0f (p99 %.0f us)\n", run.pages / run.cpu(), run.p99);
}

}  // namespace
}  // namespace vitrine::sandbox
