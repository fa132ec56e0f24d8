#include "storefront/page_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "http/message.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::storefront {
namespace {

using std::chrono::seconds;

// Time that moves only when the test says so.
struct ManualClock {
  Clock::time_point t = Clock::time_point() + std::chrono::hours(1);
  std::function<Clock::time_point()> fn() {
    return [this] { return t; };
  }
};

// Background refreshes queued for the test to run when it chooses.
struct ManualExecutor {
  std::vector<std::function<void()>> tasks;
  Executor fn() {
    return [this](std::function<void()> task) { tasks.push_back(std::move(task)); };
  }
  void run_all() {
    auto pending = std::move(tasks);
    tasks.clear();
    for (auto& t : pending) t();
  }
};

// A render that counts its calls and answers the current `body`.
struct CountingRender {
  std::atomic<int> calls{0};
  std::string body = "v1";
  Result<PageContent> operator()() {
    ++calls;
    return PageContent{body, "text/html; charset=utf-8"};
  }
};

PageCacheOptions test_options(ManualClock& clock, ManualExecutor& exec, uint64_t budget = 1 << 20,
                              int shards = 4) {
  PageCacheOptions o;
  o.budget_bytes = budget;
  o.shards = shards;
  o.now = clock.fn();
  o.refresh_executor = exec.fn();
  o.metrics = nullptr;
  return o;
}

std::string body_of(const Result<Lookup>& r) { return r.ok() ? *r->page->body : "<error>"; }

// Spins (yielding) until `done` holds; gives up after a generous wall-clock bound so that a bug
// fails the test instead of hanging it. Not a timing assertion.
template <typename F>
bool wait_until(F done) {
  auto give_up = std::chrono::steady_clock::now() + seconds(30);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(PageCacheTest, SecondRequestIsAHitWithTheSameBytes) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  PageKey key("site-1", 1, "/", "desktop|guest");

  auto first = cache.get_or_render(key, seconds(60), std::ref(render));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->outcome, Outcome::kMiss);
  auto second = cache.get_or_render(key, seconds(60), std::ref(render));
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->outcome, Outcome::kHit);
  EXPECT_EQ(render.calls, 1);
  // The very same immutable page object: sent without a copy.
  EXPECT_EQ(first->page.get(), second->page.get());
  EXPECT_EQ(*second->page->body, "v1");
  EXPECT_EQ(second->page->content_type, "text/html; charset=utf-8");

  auto st = cache.stats();
  EXPECT_EQ(st.hits, 1u);
  EXPECT_EQ(st.misses, 1u);
  EXPECT_EQ(st.entries, 1u);
  EXPECT_GT(st.bytes, 2u);
}

TEST(PageCacheTest, PeekNeverRendersButServesWhatTheCacheHolds) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  PageKey key("site-1", 1, "/", "");
  // The I/O thread asks first: nothing cached, nothing rendered.
  EXPECT_FALSE(cache.peek(key, seconds(60), std::ref(render)).has_value());
  EXPECT_EQ(render.calls.load(), 0);
  ASSERT_THAT(cache.get_or_render(key, seconds(60), std::ref(render)), IsOk());
  auto hit = cache.peek(key, seconds(60), std::ref(render));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->outcome, Outcome::kHit);
  EXPECT_EQ(*hit->page->body, "v1");
  // Past its TTL the stale page is still served and one refresh is queued, not run inline.
  clock.t += seconds(61);
  render.body = "v2";
  auto stale = cache.peek(key, seconds(60), std::ref(render));
  ASSERT_TRUE(stale.has_value());
  EXPECT_EQ(stale->outcome, Outcome::kStale);
  EXPECT_EQ(*stale->page->body, "v1");
  EXPECT_EQ(render.calls.load(), 1);
  exec.run_all();
  EXPECT_EQ(*cache.peek(key, seconds(60), std::ref(render))->page->body, "v2");
}

TEST(PageCacheTest, KeysDifferByEveryComponent) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  ASSERT_THAT(cache.get_or_render(PageKey("s", 1, "/", "a"), seconds(60), std::ref(render)),
              IsOk());
  ASSERT_THAT(cache.get_or_render(PageKey("t", 1, "/", "a"), seconds(60), std::ref(render)),
              IsOk());
  ASSERT_THAT(cache.get_or_render(PageKey("s", 2, "/", "a"), seconds(60), std::ref(render)),
              IsOk());
  ASSERT_THAT(cache.get_or_render(PageKey("s", 1, "/about", "a"), seconds(60), std::ref(render)),
              IsOk());
  ASSERT_THAT(cache.get_or_render(PageKey("s", 1, "/", "b"), seconds(60), std::ref(render)),
              IsOk());
  EXPECT_EQ(render.calls, 5);
  EXPECT_EQ(cache.stats().entries, 5u);
  EXPECT_EQ(PageKey("s", 1, "/", "a"), PageKey("s", 1, "/", "a"));
  EXPECT_EQ(PageKey("s", 1, "/", "a").hash(), PageKey("s", 1, "/", "a").hash());
}

TEST(PageCacheTest, PublishingANewRevisionRendersFreshWithoutAPurge) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  render.body = "<h1>Old sale</h1>";
  ASSERT_EQ(body_of(cache.get_or_render(PageKey("shop", 7, "/"), seconds(3600), std::ref(render))),
            "<h1>Old sale</h1>");

  // The shop publishes: its revision becomes 8 and the next request renders the new content.
  render.body = "<h1>New collection</h1>";
  auto after = cache.get_or_render(PageKey("shop", 8, "/"), seconds(3600), std::ref(render));
  EXPECT_EQ(body_of(after), "<h1>New collection</h1>");
  EXPECT_EQ(after->outcome, Outcome::kMiss);
  EXPECT_EQ(render.calls, 2);
  // The old revision is still held until LRU pushes it out, but nobody asks for it any more.
  auto old = cache.get_or_render(PageKey("shop", 7, "/"), seconds(3600), std::ref(render));
  EXPECT_EQ(old->outcome, Outcome::kHit);
  EXPECT_EQ(body_of(old), "<h1>Old sale</h1>");
}

TEST(PageCacheTest, ConcurrentMissesRenderOnceAndShareTheResult) {
  constexpr int kThreads = 8;
  PageCacheOptions o;
  o.metrics = nullptr;
  PageCache cache(o);
  PageKey key("site-1", 3, "/products");
  std::atomic<int> renders{0};
  std::latch start(kThreads);

  // The render holds until every other caller is waiting on it, which forces the overlap.
  auto render = [&]() -> Result<PageContent> {
    ++renders;
    EXPECT_TRUE(wait_until([&] { return cache.stats().coalesced_waits == kThreads - 1; }));
    return PageContent{"<p>catalogue</p>"};
  };

  std::vector<Result<Lookup>> results(kThreads, Result<Lookup>(Lookup{}));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = cache.get_or_render(key, seconds(60), std::ref(render));
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(renders, 1);
  int misses = 0, coalesced = 0;
  for (auto& r : results) {
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(*r->page->body, "<p>catalogue</p>");
    EXPECT_EQ(r->page.get(), results[0]->page.get());
    misses += r->outcome == Outcome::kMiss;
    coalesced += r->outcome == Outcome::kCoalesced;
  }
  EXPECT_EQ(misses, 1);
  EXPECT_EQ(coalesced, kThreads - 1);
  auto st = cache.stats();
  EXPECT_EQ(st.misses, 1u);
  EXPECT_EQ(st.coalesced_waits, uint64_t{kThreads - 1});
  EXPECT_EQ(st.entries, 1u);
}

TEST(PageCacheTest, FailedRenderReachesEveryWaiterAndIsNotCached) {
  constexpr int kThreads = 4;
  PageCacheOptions o;
  o.metrics = nullptr;
  PageCache cache(o);
  PageKey key("site-1", 1, "/broken");
  std::atomic<int> renders{0};
  std::latch start(kThreads);
  auto failing = [&]() -> Result<PageContent> {
    ++renders;
    EXPECT_TRUE(wait_until([&] { return cache.stats().coalesced_waits == kThreads - 1; }));
    return fail(errc::kUnavailable, "render workers are restarting");
  };

  std::vector<Result<Lookup>> results(kThreads, Result<Lookup>(Lookup{}));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = cache.get_or_render(key, seconds(60), failing);
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(renders, 1);
  for (auto& r : results) {
    ASSERT_THAT(r, StatusIs(errc::kUnavailable));
    EXPECT_EQ(r.error().message, "render workers are restarting");
  }
  EXPECT_EQ(cache.stats().entries, 0u);

  // Not cached: the next request renders again, and succeeds.
  auto next =
      cache.get_or_render(key, seconds(60), [] { return Result<PageContent>(PageContent{"ok"}); });
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next->outcome, Outcome::kMiss);
  EXPECT_EQ(*next->page->body, "ok");
}

TEST(PageCacheTest, ThrowingRenderBecomesAnInternalError) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  auto r = cache.get_or_render(PageKey("s", 1, "/"), seconds(60),
                               []() -> Result<PageContent> { throw std::runtime_error("boom"); });
  ASSERT_THAT(r, StatusIs(errc::kInternal));
  EXPECT_NE(r.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(PageCacheTest, ExpiredEntryIsServedStaleWhileOneRefreshRuns) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  PageKey key("site-1", 1, "/");
  ASSERT_EQ(body_of(cache.get_or_render(key, seconds(30), std::ref(render))), "v1");

  clock.t += seconds(31);
  render.body = "v2";
  for (int i = 0; i < 3; ++i) {
    auto r = cache.get_or_render(key, seconds(30), std::ref(render));
    EXPECT_EQ(r->outcome, Outcome::kStale);
    EXPECT_EQ(body_of(r), "v1");  // nobody waits for the refresh
  }
  EXPECT_EQ(exec.tasks.size(), 1u);  // exactly one refresh for three stale requests
  EXPECT_EQ(render.calls, 1);

  exec.run_all();
  EXPECT_EQ(render.calls, 2);
  auto fresh = cache.get_or_render(key, seconds(30), std::ref(render));
  EXPECT_EQ(fresh->outcome, Outcome::kHit);
  EXPECT_EQ(body_of(fresh), "v2");
  auto st = cache.stats();
  EXPECT_EQ(st.stale_served, 3u);
  EXPECT_EQ(st.entries, 1u);
}

TEST(PageCacheTest, FailedRefreshKeepsTheStalePageAndRetriesAfterTheBackoff) {
  ManualClock clock;
  ManualExecutor exec;
  auto opts = test_options(clock, exec);
  opts.refresh_backoff = seconds(5);
  PageCache cache(opts);
  PageKey key("site-1", 1, "/");
  bool broken = false;
  int calls = 0;
  auto render = [&]() -> Result<PageContent> {
    ++calls;
    if (broken) return fail(errc::kTimeout, "render timed out");
    return PageContent{"v" + std::to_string(calls)};
  };
  ASSERT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v1");

  clock.t += seconds(11);
  broken = true;
  EXPECT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v1");
  ASSERT_EQ(exec.tasks.size(), 1u);
  exec.run_all();  // fails
  EXPECT_EQ(calls, 2);

  // Still the stale page, and no new refresh before the back-off has passed.
  auto during = cache.get_or_render(key, seconds(10), std::ref(render));
  EXPECT_EQ(during->outcome, Outcome::kStale);
  EXPECT_EQ(body_of(during), "v1");
  EXPECT_TRUE(exec.tasks.empty());

  clock.t += seconds(5);
  broken = false;
  EXPECT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v1");
  ASSERT_EQ(exec.tasks.size(), 1u);  // the next request after the back-off retries
  exec.run_all();
  EXPECT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v3");
}

TEST(PageCacheTest, DroppedRefreshDoesNotWedgeTheKey) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  PageKey key("site-1", 1, "/");
  ASSERT_THAT(cache.get_or_render(key, seconds(10), std::ref(render)), IsOk());
  clock.t += seconds(11);
  ASSERT_THAT(cache.get_or_render(key, seconds(10), std::ref(render)), IsOk());
  ASSERT_EQ(exec.tasks.size(), 1u);
  exec.tasks.clear();  // the executor drops the task (shutting down, queue full, ...)

  clock.t += seconds(2);  // past the default back-off
  render.body = "v2";
  EXPECT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v1");
  ASSERT_EQ(exec.tasks.size(), 1u);  // a new refresh could start
  exec.run_all();
  EXPECT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v2");
}

TEST(PageCacheTest, DefaultExecutorRefreshesOnABackgroundThread) {
  ManualClock clock;
  PageCacheOptions o;
  o.now = clock.fn();
  o.metrics = nullptr;
  PageCache cache(o);
  std::atomic<int> calls{0};
  std::atomic<std::thread::id> refreshed_on{};
  auto render = [&]() -> Result<PageContent> {
    int n = ++calls;
    if (n > 1) refreshed_on = std::this_thread::get_id();
    return PageContent{"v" + std::to_string(n)};
  };
  PageKey key("site-1", 1, "/");
  ASSERT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v1");
  clock.t += seconds(11);
  EXPECT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v1");
  // The stale answer came back at once; the refresh lands in the background.
  ASSERT_TRUE(wait_until([&] {
    auto r = cache.get_or_render(key, seconds(10), std::ref(render));
    return r.ok() && r->outcome == Outcome::kHit;
  }));
  EXPECT_EQ(body_of(cache.get_or_render(key, seconds(10), std::ref(render))), "v2");
  EXPECT_EQ(calls, 2);
  EXPECT_NE(refreshed_on.load(), std::this_thread::get_id());
}

TEST(PageCacheTest, LeastRecentlyUsedPageIsEvictedFirst) {
  ManualClock clock;
  ManualExecutor exec;
  // One shard so that the budget is one LRU list; each page's charge measured from the cache.
  PageCache probe(test_options(clock, exec, 1 << 20, 1));
  auto page = [](std::string b) { return [b]() -> Result<PageContent> { return PageContent{b}; }; };
  const std::string body(1000, 'x');
  ASSERT_THAT(probe.get_or_render(PageKey("s", 1, "/a"), seconds(60), page(body)), IsOk());
  const uint64_t charge = probe.stats().bytes;

  PageCache cache(test_options(clock, exec, 3 * charge, 1));
  int renders = 0;
  auto counted = [&]() -> Result<PageContent> {
    ++renders;
    return PageContent{body};
  };
  for (const char* p : {"/a", "/b", "/c"}) {
    ASSERT_THAT(cache.get_or_render(PageKey("s", 1, p), seconds(60), counted), IsOk());
    clock.t += seconds(1);
  }
  EXPECT_EQ(cache.stats().entries, 3u);
  // Reading /a makes /b the least recently used.
  EXPECT_EQ(cache.get_or_render(PageKey("s", 1, "/a"), seconds(60), counted)->outcome,
            Outcome::kHit);
  ASSERT_THAT(cache.get_or_render(PageKey("s", 1, "/d"), seconds(60), counted), IsOk());

  auto st = cache.stats();
  EXPECT_EQ(st.evictions, 1u);
  EXPECT_EQ(st.entries, 3u);
  EXPECT_LE(st.bytes, 3 * charge);
  EXPECT_EQ(cache.get_or_render(PageKey("s", 1, "/a"), seconds(60), counted)->outcome,
            Outcome::kHit);
  EXPECT_EQ(cache.get_or_render(PageKey("s", 1, "/c"), seconds(60), counted)->outcome,
            Outcome::kHit);
  EXPECT_EQ(renders, 4);
  EXPECT_EQ(cache.get_or_render(PageKey("s", 1, "/b"), seconds(60), counted)->outcome,
            Outcome::kMiss);  // /b was the one evicted
}

TEST(PageCacheTest, ShardedCacheStaysWithinItsBudget) {
  ManualClock clock;
  ManualExecutor exec;
  const uint64_t budget = 64 << 10;
  PageCache cache(test_options(clock, exec, budget, 8));
  const std::string body(2000, 'y');
  for (int i = 0; i < 200; ++i) {
    auto r = cache.get_or_render(PageKey("s", 1, "/p/" + std::to_string(i)), seconds(60),
                                 [&]() -> Result<PageContent> { return PageContent{body}; });
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(*r->page->body, body);  // every caller gets its page, cached or not
  }
  auto st = cache.stats();
  EXPECT_LE(st.bytes, budget + 8);  // per-shard slices round up
  EXPECT_GT(st.evictions, 0u);
  EXPECT_EQ(st.entries + st.evictions, 200u);
}

TEST(PageCacheTest, PageLargerThanTheBudgetIsServedButNotKept) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec, 4096, 1));
  CountingRender render;
  render.body = std::string(10000, 'z');
  auto r = cache.get_or_render(PageKey("s", 1, "/huge"), seconds(60), std::ref(render));
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->page->body->size(), 10000u);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.get_or_render(PageKey("s", 1, "/huge"), seconds(60), std::ref(render))->outcome,
            Outcome::kMiss);
}

TEST(PageCacheTest, SiteOverItsCapEvictsItsOwnOldestPagesOnly) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec, 16 << 20, 16));
  const std::string body(5000, 'q');
  auto render = [&]() -> Result<PageContent> { return PageContent{body}; };
  // Another site's pages, uncapped.
  for (const char* p : {"/a", "/b", "/c"})
    ASSERT_THAT(cache.get_or_render(PageKey("other", 1, p), seconds(60), std::ref(render)), IsOk());
  const uint64_t other_bytes = cache.site_bytes("other");
  const uint64_t charge = other_bytes / 3;  // same body, same key sizes: the same charge
  ASSERT_EQ(cache.site_bytes("basic"), 0u);

  const uint64_t cap = 2 * charge;  // room for two pages of this site
  for (const char* p : {"/a", "/b"}) {
    ASSERT_THAT(cache.get_or_render(PageKey("basic", 1, p), seconds(60), std::ref(render), cap),
                IsOk());
    clock.t += seconds(1);
  }
  EXPECT_EQ(cache.site_bytes("basic"), 2 * charge);
  ASSERT_EQ(
      cache.get_or_render(PageKey("basic", 1, "/a"), seconds(60), std::ref(render), cap)->outcome,
      Outcome::kHit);  // /b becomes this site's oldest
  clock.t += seconds(1);
  ASSERT_THAT(cache.get_or_render(PageKey("basic", 1, "/c"), seconds(60), std::ref(render), cap),
              IsOk());

  EXPECT_LE(cache.site_bytes("basic"), cap);
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_EQ(
      cache.get_or_render(PageKey("basic", 1, "/a"), seconds(60), std::ref(render), cap)->outcome,
      Outcome::kHit);
  EXPECT_EQ(
      cache.get_or_render(PageKey("basic", 1, "/c"), seconds(60), std::ref(render), cap)->outcome,
      Outcome::kHit);
  EXPECT_EQ(cache.site_bytes("other"), other_bytes);  // the neighbour kept everything
  for (const char* p : {"/a", "/b", "/c"})
    EXPECT_EQ(cache.get_or_render(PageKey("other", 1, p), seconds(60), std::ref(render))->outcome,
              Outcome::kHit);
  EXPECT_EQ(
      cache.get_or_render(PageKey("basic", 1, "/b"), seconds(60), std::ref(render), cap)->outcome,
      Outcome::kMiss);
}

TEST(PageCacheTest, ConcurrentMixedTrafficAlwaysAnswersTheRightPage) {
  // Hits, misses, stale refreshes on the background thread, budget and site-cap evictions and
  // erase_site all at once (run under ThreadSanitizer too): every answer is its key's page.
  PageCacheOptions o;
  o.budget_bytes = 48 << 10;
  o.shards = 4;
  o.metrics = nullptr;
  PageCache cache(o);
  constexpr int kThreads = 4, kOps = 3000;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kOps; ++i) {
        const int n = (i * 7 + t * 13) % 64;
        const std::string site = "site-" + std::to_string(n % 4);
        const std::string path = "/p/" + std::to_string(n);
        const std::string expected = site + path + std::string(500 + 40 * n, '.');
        // Even pages expire at once, so they are served stale and refreshed continuously.
        const auto ttl = n % 2 == 0 ? Clock::duration::zero() : std::chrono::hours(1);
        const uint64_t cap = n % 4 == 1 ? 8 << 10 : 0;
        auto r = cache.get_or_render(
            PageKey(site, 1, path), ttl,
            [expected]() -> Result<PageContent> { return PageContent{expected}; }, cap);
        if (!r.ok() || *r->page->body != expected) ++wrong;
        if (t == 0 && i % 500 == 0) cache.erase_site("site-3");
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, 0);
  auto st = cache.stats();
  EXPECT_LE(st.bytes, o.budget_bytes);
  // Concurrent inserts of one site each check its cap before storing: at most one page per
  // thread beyond it.
  EXPECT_LE(cache.site_bytes("site-1"), uint64_t{8 << 10} + kThreads * 4096);
  EXPECT_GT(st.hits + st.stale_served, 0u);
}

TEST(PageCacheTest, EraseSiteDropsOnlyThatSite) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  for (const char* p : {"/", "/about", "/contact"}) {
    ASSERT_THAT(cache.get_or_render(PageKey("a", 1, p), seconds(60), std::ref(render)), IsOk());
    ASSERT_THAT(cache.get_or_render(PageKey("b", 1, p), seconds(60), std::ref(render)), IsOk());
  }
  cache.erase_site("a");
  EXPECT_EQ(cache.site_bytes("a"), 0u);
  EXPECT_EQ(cache.stats().entries, 3u);
  EXPECT_EQ(cache.stats().evictions, 0u);  // explicit invalidation is not an eviction
  EXPECT_EQ(cache.get_or_render(PageKey("a", 1, "/about"), seconds(60), std::ref(render))->outcome,
            Outcome::kMiss);
  EXPECT_EQ(cache.get_or_render(PageKey("b", 1, "/about"), seconds(60), std::ref(render))->outcome,
            Outcome::kHit);
}

TEST(PageCacheTest, DisabledCacheRendersEveryTime) {
  PageCacheOptions o;
  o.budget_bytes = 0;
  o.metrics = nullptr;
  PageCache cache(o);
  EXPECT_FALSE(cache.enabled());
  CountingRender render;
  PageKey key("s", 1, "/");
  for (int i = 0; i < 3; ++i) {
    auto r = cache.get_or_render(key, seconds(60), std::ref(render));
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->outcome, Outcome::kUncached);
    EXPECT_EQ(r->page->etag, strong_etag("v1"));  // responses still carry an ETag
  }
  EXPECT_EQ(render.calls, 3);
  auto st = cache.stats();
  EXPECT_EQ(st.misses, 3u);
  EXPECT_EQ(st.entries, 0u);
  EXPECT_EQ(st.bytes, 0u);
}

TEST(PageCacheTest, PagesCarryAStrongEtagOfTheirBytes) {
  ManualClock clock;
  ManualExecutor exec;
  PageCache cache(test_options(clock, exec));
  CountingRender render;
  render.body = "<p>same bytes</p>";
  auto a = cache.get_or_render(PageKey("s", 1, "/"), seconds(60), std::ref(render));
  auto b = cache.get_or_render(PageKey("s", 2, "/"), seconds(60), std::ref(render));
  render.body = "<p>other bytes</p>";
  auto c = cache.get_or_render(PageKey("s", 3, "/"), seconds(60), std::ref(render));
  const std::string& tag = a->page->etag;
  ASSERT_EQ(tag.size(), 34u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(tag, b->page->etag);  // same bytes, same validator, across revisions
  EXPECT_NE(tag, c->page->etag);
  // A browser revalidating with the tag it got gets a match (304), with another one it does not.
  EXPECT_TRUE(http::etag_matches(tag, a->page->etag));
  EXPECT_FALSE(http::etag_matches(tag, c->page->etag));
  EXPECT_EQ(outcome_name(a->outcome), std::string("miss"));
}

}  // namespace
}  // namespace vitrine::storefront
