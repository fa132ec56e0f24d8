// Process metrics: named counters and gauges in one registry, rendered in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics.
//
// Two ways to publish a value:
//  - Owned metrics: counter()/gauge() register once (usually at construction of the component)
//    and return a reference that stays valid for the registry's lifetime; updating it is one
//    relaxed atomic operation, so it is safe on hot paths.
//  - Collectors: a component that already keeps its own numbers (such as a sharded cache, which
//    counts under locks it holds anyway) registers a callback that writes them at scrape time.
//    Samples with the same name and labels from several sources are summed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitrine::metrics {

// Label pairs in the order they are written: {{"class", "2xx"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge };

// A monotonically increasing count. Aligned to a cache line so that two hot counters never
// share one.
class alignas(64) Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (bytes held, entries, connections).
class alignas(64) Gauge {
 public:
  void set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(int64_t delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// What a collector writes its samples to. Only valid during the collector call.
class SampleWriter {
 public:
  virtual ~SampleWriter() = default;
  // Adds one sample of metric family `name` (type and help describe the family; the first
  // description seen wins).
  virtual void write(std::string_view name, MetricType type, std::string_view help,
                     const Labels& labels, double value) = 0;
};

class Registry;

// Keeps a collector registered; destroying (or resetting) the handle removes it. Movable.
class CollectorHandle {
 public:
  CollectorHandle() = default;
  CollectorHandle(Registry* registry, uint64_t id) : registry_(registry), id_(id) {}
  CollectorHandle(CollectorHandle&& other) noexcept;
  CollectorHandle& operator=(CollectorHandle&& other) noexcept;
  CollectorHandle(const CollectorHandle&) = delete;
  CollectorHandle& operator=(const CollectorHandle&) = delete;
  ~CollectorHandle();
  // Unregisters now. Afterwards the collector is never called again.
  void reset();

 private:
  Registry* registry_ = nullptr;
  uint64_t id_ = 0;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process-wide registry that GET /metrics renders.
  static Registry& global();

  // The counter `name`{labels}, created on first use; the same name and labels give the same
  // counter. Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and counters should end in "_total";
  // reusing a name with another type is a programming error (std::logic_error).
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});

  // The gauge `name`{labels}, created on first use; same rules as counter().
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});

  // Registers `collect`, called on every render() (under the registry's lock: it must not call
  // back into this registry). Keep the handle as long as the collector's data lives.
  [[nodiscard]] CollectorHandle add_collector(std::function<void(SampleWriter&)> collect);

  // Every metric as Prometheus text: per family "# HELP", "# TYPE" and `name{l="v"} value`
  // lines; families sorted by name, series by labels. Serve as text/plain; version=0.0.4.
  std::string render() const;

 private:
  friend class CollectorHandle;
  struct Family;
  Family& family(std::string_view name, MetricType type, std::string_view help);
  void remove_collector(uint64_t id);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
  std::map<uint64_t, std::function<void(SampleWriter&)>> collectors_;
  uint64_t next_collector_id_ = 1;
};

// Content-Type of the Prometheus text exposition format.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace vitrine::metrics
