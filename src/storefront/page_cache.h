// PageCache: rendered storefront pages kept in memory (docs/architecture.md "The request
// path", step 3).
//
// Pages are cached under (site, content revision, path, variant). A publish, rollback or upgrade
// bumps the site's revision, so the next request asks for a new key and renders fresh; entries of
// old revisions are never asked for again and age out of the LRU. No purge is needed.
//
// get_or_render() answers:
//  - hit: the cached page, for a shared shard lock and a shared_ptr copy (no allocation);
//  - miss: single flight — concurrent misses for one key run the render once and every waiter
//    gets its result, an error included (errors are never cached);
//  - past its TTL: stale-while-revalidate — the stale page is served to everyone while exactly
//    one refresh runs in the background; a failed refresh keeps the stale page, and the next
//    request after `refresh_backoff` tries again.
// Memory: a byte budget split evenly over shards chosen by key hash (as LevelDB's
// ShardedLRUCache), each shard with its own lock and LRU list, so threads serving different
// pages rarely meet on a lock; hits on one hot page share the lock (see lru_bump_interval). An
// optional per-site cap (the hosting plan's render_cache_bytes) evicts that site's own least
// recently used pages first.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/metrics.h"
#include "core/result.h"

namespace vitrine::storefront {

using Clock = std::chrono::steady_clock;

// Identifies one rendered page. The hash is computed once, at construction.
class PageKey {
 public:
  // `variant` names whatever else changes the HTML (device class, guest/customer, ...); keep it
  // short and canonical ("desktop|guest") so equal requests share an entry.
  PageKey(std::string site_id, int64_t revision, std::string path, std::string variant = {});

  const std::string& site_id() const { return site_id_; }
  int64_t revision() const { return revision_; }
  const std::string& path() const { return path_; }
  const std::string& variant() const { return variant_; }
  size_t hash() const { return hash_; }

  friend bool operator==(const PageKey& a, const PageKey& b) {
    return a.hash_ == b.hash_ && a.revision_ == b.revision_ && a.site_id_ == b.site_id_ &&
           a.path_ == b.path_ && a.variant_ == b.variant_;
  }

 private:
  std::string site_id_;
  int64_t revision_;
  std::string path_;
  std::string variant_;
  size_t hash_;
};

// What a render produces.
struct PageContent {
  std::string body;
  std::string content_type = "text/html; charset=utf-8";
};

// Renders one page. Errors are delivered to every caller waiting for the render, never cached.
using RenderFn = std::function<Result<PageContent>()>;

// A cached page: immutable once built, shared by every response that sends it.
struct CachedPage {
  // The bytes, shareable without a copy: http::Body{page->body, 0, page->body->size()}.
  std::shared_ptr<const std::string> body;
  std::string content_type;
  std::string etag;           // strong, quoted: "\"<first 128 bits of SHA-256 as hex>\""
  Clock::time_point created;  // when the render finished (cache clock)
  Clock::duration ttl;        // fresh until created + ttl; stale (still servable) afterwards

  bool fresh_at(Clock::time_point now) const { return now - created < ttl; }
};
using PagePtr = std::shared_ptr<const CachedPage>;

// The strong ETag of `body`: the first 16 bytes of its SHA-256 in hex, quoted.
std::string strong_etag(std::string_view body);

// Builds the immutable page for `content` (computes its ETag once).
PagePtr make_page(PageContent content, Clock::time_point created, Clock::duration ttl);

// How get_or_render() answered.
enum class Outcome {
  kHit,        // fresh entry
  kMiss,       // this caller rendered
  kCoalesced,  // waited for another caller's render of the same key
  kStale,      // past its TTL; served while a refresh runs (or after one failed)
  kUncached,   // the cache is disabled: rendered, not stored
};

// "hit", "miss", "coalesced", "stale", "uncached": for logs and an X-Cache header.
const char* outcome_name(Outcome outcome);

struct Lookup {
  PagePtr page;
  Outcome outcome = Outcome::kHit;
};

// Cumulative counters since construction, and what the cache holds now.
struct PageCacheStats {
  uint64_t hits = 0;             // fresh entries served
  uint64_t misses = 0;           // renders started by a caller (uncached renders included)
  uint64_t coalesced_waits = 0;  // callers that waited for another caller's render
  uint64_t stale_served = 0;     // entries served past their TTL
  uint64_t evictions = 0;        // entries dropped for the byte budget or a site's cap
  uint64_t bytes = 0;            // bytes held (bodies plus a per-entry overhead estimate)
  uint64_t entries = 0;          // pages held
};

// Runs a background refresh; the task must be run or destroyed (destroying it unrun fails the
// refresh cleanly).
using Executor = std::function<void(std::function<void()> task)>;

struct PageCacheOptions {
  // Total byte budget. 0 disables caching: every call renders (kUncached).
  uint64_t budget_bytes = 64ull << 20;
  // Number of independently locked shards (rounded up to a power of two).
  int shards = 16;
  // A hit moves its page to the front of the LRU at most once per interval (memcached's
  // ITEM_UPDATE_INTERVAL), so most hits only share a lock; eviction order is exact to this
  // granularity.
  Clock::duration lru_bump_interval = std::chrono::milliseconds(100);
  // After a failed background refresh, how long the stale page is served before the next try.
  Clock::duration refresh_backoff = std::chrono::seconds(1);
  // The time source (tests move time by hand). Empty: Clock::now.
  std::function<Clock::time_point()> now;
  // Where background refreshes run. Empty: `refresh_threads` threads owned by the cache. A
  // custom executor must run or drop every task before the cache is destroyed.
  Executor refresh_executor;
  int refresh_threads = 1;
  // Registry the vitrine_render_cache_* metrics are published to; null publishes none.
  metrics::Registry* metrics = &metrics::Registry::global();
};

namespace detail {
// A non-owning reference to the caller's render callable: calling it costs no allocation; copy()
// makes the owning RenderFn a background refresh keeps.
class RenderRef {
 public:
  // F must be copyable: a background refresh keeps a copy (wrap a non-copyable one in std::ref).
  template <typename F>
  requires std::is_copy_constructible_v<F>
  explicit RenderRef(F& f)
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o) -> Result<PageContent> { return (*static_cast<F*>(o))(); }),
        copy_([](void* o) -> RenderFn { return RenderFn(*static_cast<F*>(o)); }) {}
  Result<PageContent> operator()() const { return call_(object_); }
  RenderFn copy() const { return copy_(object_); }

 private:
  void* object_;
  Result<PageContent> (*call_)(void*);
  RenderFn (*copy_)(void*);
};
}  // namespace detail

class PageCache {
 public:
  explicit PageCache(PageCacheOptions options = {});
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // The page for `key`: cached, stale while refreshing, or rendered now by calling `render`
  // (a callable returning Result<PageContent>) once for all concurrent callers. New pages live
  // `ttl`. `site_budget_bytes` > 0 caps the bytes this key's site may hold; its oldest pages are
  // evicted first. `render` is copied and run later on another thread when it starts a
  // background refresh, so it must own what it captures (or capture what outlives the cache).
  // Errors are render's own, or internal_error when it threw.
  template <typename F>
  Result<Lookup> get_or_render(const PageKey& key, Clock::duration ttl, F&& render,
                               uint64_t site_budget_bytes = 0) {
    return get_or_render_ref(key, ttl, site_budget_bytes, detail::RenderRef(render), true);
  }

  // The page for `key` if the cache holds it, without ever rendering on the calling thread: a
  // fresh page (kHit) or a stale one (kStale, starting the background refresh through `render`
  // as get_or_render does). nullopt on a miss, while the key's first render is running, or when
  // the cache is disabled: the caller then moves to a thread that may block and calls
  // get_or_render. Cheap enough for an HTTP I/O thread.
  template <typename F>
  std::optional<Lookup> peek(const PageKey& key, Clock::duration ttl, F&& render,
                             uint64_t site_budget_bytes = 0) {
    if (!enabled()) return std::nullopt;
    auto found = get_or_render_ref(key, ttl, site_budget_bytes, detail::RenderRef(render),
                                   /*may_render=*/false);
    if (!found.ok() || !found->page) return std::nullopt;
    return std::move(*found);
  }

  // Drops every page of `site_id` (explicit invalidation; revisions usually make it needless).
  // Renders already running for the site still store their pages when they finish.
  void erase_site(std::string_view site_id);

  // Counters and current size, summed over shards.
  PageCacheStats stats() const;

  // Bytes currently held for `site_id` (what its cap is checked against).
  uint64_t site_bytes(std::string_view site_id) const;

  // False when the budget is 0: every call renders.
  bool enabled() const { return options_.budget_bytes > 0; }

 private:
  struct Entry;
  struct SiteList;
  struct Flight;
  struct Shard;
  class RefreshPool;

  // With may_render false, a miss or a running first render answers a Lookup without a page.
  Result<Lookup> get_or_render_ref(const PageKey& key, Clock::duration ttl,
                                   uint64_t site_budget_bytes, detail::RenderRef render,
                                   bool may_render);
  Clock::time_point now() const { return options_.now ? options_.now() : Clock::now(); }
  Shard& shard_for(const PageKey& key) const;
  template <typename Render>
  Result<PagePtr> render_page(const Render& render, Clock::duration ttl);
  Result<PagePtr> wait_for(const Flight& flight);
  void start_refresh(std::shared_ptr<Flight> flight, Clock::duration ttl, uint64_t site_budget,
                     RenderFn render);
  void finish(Flight& flight, Result<PagePtr> result, uint64_t site_budget);
  void make_room_for_site(const PageKey& key, uint64_t charge, uint64_t site_budget);
  void evict(Shard& shard, Entry& entry);

  PageCacheOptions options_;
  int shard_bits_ = 0;
  std::unique_ptr<Shard[]> shards_;
  std::unique_ptr<RefreshPool> pool_;
  std::atomic<uint64_t> uncached_renders_{0};
  metrics::CollectorHandle metrics_handle_;
};

}  // namespace vitrine::storefront
