// Micro benchmark of the render cache's hot path (not a test: no assertions, not built by CMake's
// *_test.cc glob). Build and run against a build folder's libraries:
//
//   g++ -std=c++20 -O2 -Isrc tests/cache/page_cache_bench.cc \
//     build/libvitrine_cache.a build/libvitrine_core.a -lcrypto -lfmt -lpthread -o /tmp/cache_bench
//   /tmp/cache_bench [seconds per round, default 1] [rounds, default 3]
//
// Prints hits per second with 1 and 2 threads for one hot page (every thread on one shard and one
// entry: the worst case for contention) and for 1,000 pages spread over the shards, with the key
// prebuilt (the cache alone) and built per request (as a handler would), plus the cost of the
// ETag computed once per render. Each case reports its best round: on a shared machine the best
// round is the one least disturbed by other processes.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "storefront/page_cache.h"

using namespace vitrine;
using namespace vitrine::storefront;
using SteadyClock = std::chrono::steady_clock;

namespace {

const std::string kSite = "0b7c6f7e-3f7a-4c1e-9a55-5a3d2c1b0e9f";  // a UUID, as site ids are

double run(PageCache& cache, int threads, int pages, bool build_key, double seconds) {
  std::vector<PageKey> keys;
  for (int i = 0; i < pages; ++i)
    keys.emplace_back(kSite, 42, "/products/" + std::to_string(i), "desktop|guest");
  const std::string body(30000, 'x');
  auto render = [&body]() -> Result<PageContent> { return PageContent{body}; };
  for (auto& k : keys) (void)cache.get_or_render(k, std::chrono::hours(1), render);

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> total{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      uint64_t n = 0;
      size_t i = static_cast<size_t>(t) * 7919;
      size_t bytes = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        for (int j = 0; j < 256; ++j) {
          const PageKey& k = keys[i++ % keys.size()];
          if (build_key) {
            PageKey fresh(k.site_id(), k.revision(), k.path(), k.variant());
            auto r = cache.get_or_render(fresh, std::chrono::hours(1), render);
            bytes += r->page->body->size();
          } else {
            auto r = cache.get_or_render(k, std::chrono::hours(1), render);
            bytes += r->page->body->size();
          }
        }
        n += 256;
      }
      if (bytes == 1) std::puts("");  // keeps the loop from being optimised away
      total += n;
    });
  }
  auto start = SteadyClock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();
  return static_cast<double>(total.load()) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  for (bool build_key : {false, true}) {
    for (int pages : {1, 1000}) {
      for (int threads : {1, 2}) {
        double rate = 0;
        for (int round = 0; round < rounds; ++round) {
          PageCacheOptions o;
          o.budget_bytes = 256ull << 20;
          o.metrics = nullptr;
          PageCache cache(o);
          rate = std::max(rate, run(cache, threads, pages, build_key, seconds));
        }
        std::printf("hits/s  threads=%d pages=%-4d key=%-9s %12.0f  (%.0f ns per hit per thread)\n",
                    threads, pages, build_key ? "per-call" : "prebuilt", rate,
                    1e9 * threads / rate);
      }
    }
  }

  for (size_t size : {size_t{30000}, size_t{200000}}) {
    const std::string body(size, 'y');
    const int reps = 2000;
    auto start = SteadyClock::now();
    size_t sink = 0;
    for (int i = 0; i < reps; ++i) sink += strong_etag(body).size();
    double us =
        std::chrono::duration<double, std::micro>(SteadyClock::now() - start).count() / reps;
    std::printf("etag    body=%zu bytes: %.1f us per page (%.0f MB/s)%s\n", size, us,
                static_cast<double>(size) / us, sink == 0 ? " " : "");
  }
  return 0;
}
