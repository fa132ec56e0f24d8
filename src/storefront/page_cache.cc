#include "storefront/page_cache.h"

#include <condition_variable>
#include <deque>
#include <future>
#include <list>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/hash.h"

namespace vitrine::storefront {
namespace {

// Bookkeeping per entry besides the bytes we can see: list nodes, index slots, the page and its
// control blocks. An estimate; it keeps thousands of tiny pages from looking free.
constexpr uint64_t kEntryOverhead = 256;

size_t mix(size_t h, size_t v) { return h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2)); }

struct KeyPtrHash {
  size_t operator()(const PageKey* k) const { return k->hash(); }
};
struct KeyPtrEqual {
  bool operator()(const PageKey* a, const PageKey* b) const { return *a == *b; }
};
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

uint64_t charge_of(const PageKey& key, const CachedPage& page) {
  return page.body->size() + page.content_type.size() + page.etag.size() + key.site_id().size() +
         key.path().size() + key.variant().size() + kEntryOverhead;
}

}  // namespace

PageKey::PageKey(std::string site_id, int64_t revision, std::string path, std::string variant)
    : site_id_(std::move(site_id)),
      revision_(revision),
      path_(std::move(path)),
      variant_(std::move(variant)) {
  std::hash<std::string_view> h;
  size_t x = h(site_id_);
  x = mix(x, std::hash<int64_t>{}(revision_));
  x = mix(x, h(path_));
  hash_ = mix(x, h(variant_));
}

std::string strong_etag(std::string_view body) {
  // SHA-256 runs at memory speed with the CPU's SHA extensions; 128 bits make collisions between
  // two versions of one page practically impossible.
  return "\"" + sha256_hex(body).substr(0, 32) + "\"";
}

PagePtr make_page(PageContent content, Clock::time_point created, Clock::duration ttl) {
  auto page = std::make_shared<CachedPage>();
  page->etag = strong_etag(content.body);
  page->body = std::make_shared<const std::string>(std::move(content.body));
  page->content_type = std::move(content.content_type);
  page->created = created;
  page->ttl = ttl;
  return page;
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kHit:
      return "hit";
    case Outcome::kMiss:
      return "miss";
    case Outcome::kCoalesced:
      return "coalesced";
    case Outcome::kStale:
      return "stale";
    case Outcome::kUncached:
      return "uncached";
  }
  return "unknown";
}

// Pages of one site within one shard, most recently used first: a site over its cap evicts from
// the back of these lists.
struct PageCache::SiteList {
  std::list<Entry*> lru;
  uint64_t bytes = 0;
};

struct PageCache::Entry {
  explicit Entry(const PageKey& k) : key(k) {}
  PageKey key;
  PagePtr page;
  uint64_t charge = 0;
  Clock::time_point last_used;
  Clock::time_point retry_after = Clock::time_point::min();  // set by a failed refresh
  SiteList* site = nullptr;
  std::list<Entry*>::iterator site_pos;
};

// One render in progress for a key; every caller that finds it waits for its result.
struct PageCache::Flight {
  explicit Flight(const PageKey& k) : key(k) {}
  PageKey key;
  std::promise<Result<PagePtr>> promise;
  std::shared_future<Result<PagePtr>> result = promise.get_future().share();
};

struct alignas(64) PageCache::Shard {
  // Hits of recently bumped pages take it shared; everything that changes the shard, exclusive.
  std::shared_mutex mu;
  std::atomic<uint64_t> hits{0};  // next to the lock: a hit dirties one cache line, not two
  std::list<Entry> lru;           // front = most recently used
  // Keyed by a pointer to the entry's (or flight's) own key: no second copy of the strings.
  std::unordered_map<const PageKey*, std::list<Entry>::iterator, KeyPtrHash, KeyPtrEqual> index;
  std::unordered_map<const PageKey*, std::shared_ptr<Flight>, KeyPtrHash, KeyPtrEqual> flights;
  std::unordered_map<std::string, SiteList, StringHash, std::equal_to<>> sites;
  uint64_t capacity = 0;
  uint64_t bytes = 0;
  uint64_t misses = 0, coalesced = 0, stale = 0, evictions = 0;

  // Moves `it` to the front of both LRU orders.
  void touch(std::list<Entry>::iterator it, Clock::time_point now) {
    if (it != lru.begin()) lru.splice(lru.begin(), lru, it);
    Entry& e = *it;
    if (e.site_pos != e.site->lru.begin())
      e.site->lru.splice(e.site->lru.begin(), e.site->lru, e.site_pos);
    e.last_used = now;
  }

  // Removes an entry from every structure of the shard.
  void remove(std::list<Entry>::iterator it) {
    Entry& e = *it;
    e.site->lru.erase(e.site_pos);
    e.site->bytes -= e.charge;
    if (e.site->lru.empty()) sites.erase(sites.find(std::string_view(e.key.site_id())));
    bytes -= e.charge;
    index.erase(&e.key);
    lru.erase(it);
  }

  // Stores `page` under `key` (replacing an older page) at the front, then evicts from the back
  // until the shard fits its capacity.
  void insert(const PageKey& key, PagePtr page, uint64_t charge, Clock::time_point now) {
    if (auto found = index.find(&key); found != index.end()) remove(found->second);
    lru.emplace_front(key);
    auto it = lru.begin();
    Entry& e = *it;
    e.page = std::move(page);
    e.charge = charge;
    e.last_used = now;
    auto site = sites.find(std::string_view(key.site_id()));
    if (site == sites.end()) site = sites.emplace(key.site_id(), SiteList{}).first;
    e.site = &site->second;
    e.site->lru.push_front(&e);
    e.site_pos = e.site->lru.begin();
    e.site->bytes += charge;
    index.emplace(&e.key, it);
    bytes += charge;
    while (bytes > capacity && std::prev(lru.end()) != it) {
      remove(std::prev(lru.end()));
      ++evictions;
    }
  }
};

// The default executor: a few threads started on first use. Tasks still queued at destruction
// are destroyed unrun (which fails their refreshes cleanly).
class PageCache::RefreshPool {
 public:
  explicit RefreshPool(int threads) : size_(threads < 1 ? 1 : threads) {}
  ~RefreshPool() {
    std::deque<std::function<void()>> dropped;
    {
      std::lock_guard lock(mu_);
      stop_ = true;
      dropped.swap(queue_);
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void post(std::function<void()> task) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(task));
      if (threads_.size() < static_cast<size_t>(size_)) threads_.emplace_back([this] { run(); });
    }
    cv_.notify_one();
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      auto task = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      task();
      task = nullptr;  // destroy captures outside the lock
      lock.lock();
    }
  }

  const int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  bool stop_ = false;
};

PageCache::PageCache(PageCacheOptions options) : options_(std::move(options)) {
  int shards = options_.shards < 1 ? 1 : options_.shards;
  while ((1 << shard_bits_) < shards) ++shard_bits_;
  const int count = 1 << shard_bits_;
  shards_ = std::make_unique<Shard[]>(count);
  // LevelDB's split: every shard gets an equal slice, rounded up.
  const uint64_t per_shard = (options_.budget_bytes + count - 1) / count;
  for (int i = 0; i < count; ++i) shards_[i].capacity = per_shard;
  if (enabled() && !options_.refresh_executor)
    pool_ = std::make_unique<RefreshPool>(options_.refresh_threads);

  if (options_.metrics) {
    metrics_handle_ = options_.metrics->add_collector([this](metrics::SampleWriter& w) {
      const PageCacheStats s = stats();
      using metrics::MetricType;
      auto counter = [&](const char* name, const char* help, uint64_t v) {
        w.write(name, MetricType::kCounter, help, {}, static_cast<double>(v));
      };
      counter("vitrine_render_cache_hits_total", "Rendered pages served fresh from the cache.",
              s.hits);
      counter("vitrine_render_cache_misses_total",
              "Page renders started because no cached page existed (uncached renders included).",
              s.misses);
      counter("vitrine_render_cache_coalesced_waits_total",
              "Requests that waited for another request's render of the same page.",
              s.coalesced_waits);
      counter("vitrine_render_cache_stale_served_total",
              "Cached pages served past their TTL while a refresh ran.", s.stale_served);
      counter("vitrine_render_cache_evictions_total",
              "Cached pages dropped to fit the memory budget or a site's cap.", s.evictions);
      w.write("vitrine_render_cache_bytes", MetricType::kGauge,
              "Bytes held by the render cache (bodies plus per-entry overhead).", {},
              static_cast<double>(s.bytes));
      w.write("vitrine_render_cache_entries", MetricType::kGauge,
              "Rendered pages held by the render cache.", {}, static_cast<double>(s.entries));
    });
  }
}

PageCache::~PageCache() {
  metrics_handle_.reset();
  // Joins the refresh threads while the shards still exist (a running refresh stores into them).
  pool_.reset();
}

PageCache::Shard& PageCache::shard_for(const PageKey& key) const {
  if (shard_bits_ == 0) return shards_[0];
  // Fibonacci hashing: the top bits of the product mix every bit of the hash.
  const uint64_t h = static_cast<uint64_t>(key.hash()) * 0x9e3779b97f4a7c15ull;
  return shards_[h >> (64 - shard_bits_)];
}

template <typename Render>
Result<PagePtr> PageCache::render_page(const Render& render, Clock::duration ttl) {
  // A throwing render must not leave waiters hanging: it becomes an error for all of them.
  try {
    Result<PageContent> content = render();
    if (!content.ok()) return std::move(content.error());
    return make_page(std::move(*content), now(), ttl);
  } catch (const std::exception& e) {
    return fail(errc::kInternal, std::string("page render threw: ") + e.what());
  } catch (...) {
    return fail(errc::kInternal, "page render threw a non-standard exception");
  }
}

Result<PagePtr> PageCache::wait_for(const Flight& flight) {
  try {
    return flight.result.get();
  } catch (const std::future_error&) {
    return fail(errc::kUnavailable, "the render this request waited for was abandoned");
  }
}

Result<Lookup> PageCache::get_or_render_ref(const PageKey& key, Clock::duration ttl,
                                            uint64_t site_budget, detail::RenderRef render,
                                            bool may_render) {
  if (!enabled()) {
    uncached_renders_.fetch_add(1, std::memory_order_relaxed);
    VITRINE_ASSIGN(PagePtr page, render_page(render, ttl));
    return Lookup{std::move(page), Outcome::kUncached};
  }

  const Clock::time_point t = now();
  Shard& s = shard_for(key);
  {
    // The hot path: a fresh page whose LRU position is recent enough needs no change to the
    // shard, so concurrent hits share the lock instead of queueing on it.
    std::shared_lock read(s.mu);
    if (auto found = s.index.find(&key); found != s.index.end()) {
      const Entry& e = *found->second;
      if (e.page->fresh_at(t) && t - e.last_used < options_.lru_bump_interval) {
        s.hits.fetch_add(1, std::memory_order_relaxed);
        return Lookup{e.page, Outcome::kHit};
      }
    }
  }
  std::shared_ptr<Flight> flight;
  {
    std::unique_lock lock(s.mu);
    if (auto found = s.index.find(&key); found != s.index.end()) {
      s.touch(found->second, t);
      Entry& e = *found->second;
      if (e.page->fresh_at(t)) {
        s.hits.fetch_add(1, std::memory_order_relaxed);
        return Lookup{e.page, Outcome::kHit};
      }
      ++s.stale;
      PagePtr stale = e.page;
      if (t < e.retry_after || s.flights.contains(&key))
        return Lookup{std::move(stale), Outcome::kStale};
      flight = std::make_shared<Flight>(key);
      s.flights.emplace(&flight->key, flight);
      lock.unlock();
      start_refresh(std::move(flight), ttl, site_budget, render.copy());
      return Lookup{std::move(stale), Outcome::kStale};
    }
    if (!may_render) return Lookup{nullptr, Outcome::kMiss};
    if (auto running = s.flights.find(&key); running != s.flights.end()) {
      ++s.coalesced;
      flight = running->second;
      lock.unlock();
      VITRINE_ASSIGN(PagePtr page, wait_for(*flight));
      return Lookup{std::move(page), Outcome::kCoalesced};
    }
    ++s.misses;
    flight = std::make_shared<Flight>(key);
    s.flights.emplace(&flight->key, flight);
  }
  Result<PagePtr> result = render_page(render, ttl);
  finish(*flight, result, site_budget);
  if (!result.ok()) return std::move(result.error());
  return Lookup{std::move(*result), Outcome::kMiss};
}

void PageCache::start_refresh(std::shared_ptr<Flight> flight, Clock::duration ttl,
                              uint64_t site_budget, RenderFn render) {
  // Owned by the task; if an executor destroys the task without running it, the destructor still
  // ends the flight so that the key can be refreshed again and no waiter hangs.
  struct RefreshJob {
    RefreshJob(PageCache* c, std::shared_ptr<Flight> f, Clock::duration t, uint64_t b, RenderFn r)
        : cache(c), flight(std::move(f)), ttl(t), site_budget(b), render(std::move(r)) {}
    RefreshJob(const RefreshJob&) = delete;
    RefreshJob& operator=(const RefreshJob&) = delete;
    ~RefreshJob() {
      if (!done)
        cache->finish(*flight, make_error(errc::kUnavailable, "page refresh dropped before it ran"),
                      site_budget);
    }
    void run() {
      done = true;
      cache->finish(*flight, cache->render_page(render, ttl), site_budget);
    }

    PageCache* cache;
    std::shared_ptr<Flight> flight;
    Clock::duration ttl;
    uint64_t site_budget;
    RenderFn render;
    bool done = false;
  };
  auto job =
      std::make_shared<RefreshJob>(this, std::move(flight), ttl, site_budget, std::move(render));
  std::function<void()> task = [job] { job->run(); };
  if (options_.refresh_executor) {
    options_.refresh_executor(std::move(task));
  } else {
    pool_->post(std::move(task));
  }
}

void PageCache::finish(Flight& flight, Result<PagePtr> result, uint64_t site_budget) {
  Shard& s = shard_for(flight.key);
  if (result.ok()) {
    const uint64_t charge = charge_of(flight.key, **result);
    const bool fits = charge <= s.capacity && (site_budget == 0 || charge <= site_budget);
    if (fits && site_budget > 0) make_room_for_site(flight.key, charge, site_budget);
    std::lock_guard lock(s.mu);
    if (fits) {
      s.insert(flight.key, *result, charge, now());
    } else if (auto old = s.index.find(&flight.key); old != s.index.end()) {
      s.remove(old->second);  // a refresh too big to keep: the old page is outdated either way
    }
    s.flights.erase(&flight.key);
  } else {
    std::lock_guard lock(s.mu);
    // A failed refresh keeps serving the stale page, and retries after the back-off.
    if (auto old = s.index.find(&flight.key); old != s.index.end())
      old->second->retry_after = now() + options_.refresh_backoff;
    s.flights.erase(&flight.key);
  }
  flight.promise.set_value(std::move(result));
}

void PageCache::make_room_for_site(const PageKey& key, uint64_t charge, uint64_t site_budget) {
  const std::string_view site = key.site_id();
  const int count = 1 << shard_bits_;
  // The site's pages are spread over shards: find its total and its least recently used page
  // (each shard's site list is ordered; compare their backs), evict it, repeat. Shards are locked
  // one at a time, so under concurrent inserts the cap holds approximately.
  for (;;) {
    uint64_t total = 0;
    Shard* victim_shard = nullptr;
    Clock::time_point oldest = Clock::time_point::max();
    for (int i = 0; i < count; ++i) {
      Shard& s = shards_[i];
      std::shared_lock lock(s.mu);
      auto found = s.sites.find(site);
      if (found == s.sites.end()) continue;
      total += found->second.bytes;
      for (auto it = found->second.lru.rbegin(); it != found->second.lru.rend(); ++it) {
        // The page this insert replaces frees its bytes anyway: neither count nor evict it.
        if ((*it)->key == key) {
          total -= (*it)->charge;
          continue;
        }
        if ((*it)->last_used < oldest) {
          oldest = (*it)->last_used;
          victim_shard = &s;
        }
        break;
      }
    }
    if (total + charge <= site_budget || !victim_shard) return;
    std::lock_guard lock(victim_shard->mu);
    auto found = victim_shard->sites.find(site);
    if (found == victim_shard->sites.end()) continue;
    for (auto it = found->second.lru.rbegin(); it != found->second.lru.rend(); ++it) {
      if ((*it)->key == key) continue;
      victim_shard->remove(victim_shard->index.at(&(*it)->key));
      ++victim_shard->evictions;
      break;
    }
  }
}

void PageCache::erase_site(std::string_view site_id) {
  const int count = 1 << shard_bits_;
  for (int i = 0; i < count; ++i) {
    Shard& s = shards_[i];
    std::lock_guard lock(s.mu);
    auto found = s.sites.find(site_id);
    if (found == s.sites.end()) continue;
    // remove() erases the site list with its last page: stop before touching it again.
    for (size_t n = found->second.lru.size(); n > 0; --n) {
      Entry* e = found->second.lru.back();
      s.remove(s.index.at(&e->key));
    }
  }
}

PageCacheStats PageCache::stats() const {
  PageCacheStats out;
  const int count = 1 << shard_bits_;
  for (int i = 0; i < count; ++i) {
    Shard& s = shards_[i];
    std::shared_lock lock(s.mu);
    out.hits += s.hits.load(std::memory_order_relaxed);
    out.misses += s.misses;
    out.coalesced_waits += s.coalesced;
    out.stale_served += s.stale;
    out.evictions += s.evictions;
    out.bytes += s.bytes;
    out.entries += s.lru.size();
  }
  out.misses += uncached_renders_.load(std::memory_order_relaxed);
  return out;
}

uint64_t PageCache::site_bytes(std::string_view site_id) const {
  uint64_t total = 0;
  const int count = 1 << shard_bits_;
  for (int i = 0; i < count; ++i) {
    Shard& s = shards_[i];
    std::shared_lock lock(s.mu);
    if (auto found = s.sites.find(site_id); found != s.sites.end()) total += found->second.bytes;
  }
  return total;
}

}  // namespace vitrine::storefront
