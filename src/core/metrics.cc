#include "core/metrics.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace vitrine::metrics {
namespace {

bool is_name_char(char c, bool first, bool allow_colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (c == ':') return allow_colon;
  return !first && c >= '0' && c <= '9';
}

bool valid_name(std::string_view s, bool allow_colon) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (!is_name_char(s[i], i == 0, allow_colon)) return false;
  return true;
}

void check_names(std::string_view name, const Labels& labels) {
  if (!valid_name(name, true))
    throw std::logic_error("metric name '" + std::string(name) + "' is not a Prometheus name");
  for (const auto& [k, v] : labels)
    if (!valid_name(k, false) || k.starts_with("__"))
      throw std::logic_error("label name '" + k + "' of metric '" + std::string(name) +
                             "' is not a Prometheus label name");
}

const char* type_name(MetricType t) { return t == MetricType::kCounter ? "counter" : "gauge"; }

// HELP text escapes backslash and newline; label values also escape the double quote.
void append_escaped(std::string& out, std::string_view s, bool quote) {
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// Integers print without a fraction or exponent ("1048576", not "1.048576e+06").
void append_value(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else if (v == std::floor(v) && std::fabs(v) < 9.2e18) {
    out += std::to_string(static_cast<int64_t>(v));
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out += buf;
  }
}

// One family as rendered: owned and collected samples merged, labels in written order.
struct RenderFamily {
  MetricType type = MetricType::kCounter;
  std::string help;
  std::map<Labels, double> series;
};
using RenderFamilies = std::map<std::string, RenderFamily, std::less<>>;

class MergingWriter : public SampleWriter {
 public:
  explicit MergingWriter(RenderFamilies& out) : out_(out) {}
  void write(std::string_view name, MetricType type, std::string_view help, const Labels& labels,
             double value) override {
    // A collector's bad name would corrupt the whole exposition: skip the sample instead.
    if (!valid_name(name, true)) return;
    for (const auto& [k, v] : labels)
      if (!valid_name(k, false)) return;
    auto it = out_.find(name);
    if (it == out_.end()) {
      it = out_.emplace(std::string(name), RenderFamily{type, std::string(help), {}}).first;
    } else if (it->second.type != type) {
      return;
    }
    it->second.series[labels] += value;
  }

 private:
  RenderFamilies& out_;
};

}  // namespace

struct Registry::Family {
  MetricType type;
  std::string help;
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
};

CollectorHandle::CollectorHandle(CollectorHandle&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

CollectorHandle& CollectorHandle::operator=(CollectorHandle&& other) noexcept {
  if (this != &other) {
    reset();
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

CollectorHandle::~CollectorHandle() { reset(); }

void CollectorHandle::reset() {
  if (registry_) std::exchange(registry_, nullptr)->remove_collector(id_);
}

Registry::Registry() = default;
Registry::~Registry() = default;

Registry& Registry::global() {
  static Registry registry;
  return registry;
}

Registry::Family& Registry::family(std::string_view name, MetricType type, std::string_view help) {
  auto it = families_.find(name);
  if (it == families_.end())
    it = families_
             .emplace(std::string(name),
                      std::make_unique<Family>(Family{type, std::string(help), {}, {}}))
             .first;
  if (it->second->type != type)
    throw std::logic_error("metric '" + std::string(name) + "' is already registered as a " +
                           type_name(it->second->type));
  return *it->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  check_names(name, labels);
  std::lock_guard lock(mu_);
  auto& slot = family(name, MetricType::kCounter, help).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  check_names(name, labels);
  std::lock_guard lock(mu_);
  auto& slot = family(name, MetricType::kGauge, help).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

CollectorHandle Registry::add_collector(std::function<void(SampleWriter&)> collect) {
  std::lock_guard lock(mu_);
  uint64_t id = next_collector_id_++;
  collectors_.emplace(id, std::move(collect));
  return CollectorHandle(this, id);
}

void Registry::remove_collector(uint64_t id) {
  std::lock_guard lock(mu_);
  collectors_.erase(id);
}

std::string Registry::render() const {
  RenderFamilies merged;
  {
    std::lock_guard lock(mu_);
    for (const auto& [name, f] : families_) {
      RenderFamily& r = merged[name];
      r.type = f->type;
      r.help = f->help;
      for (const auto& [labels, c] : f->counters)
        r.series[labels] += static_cast<double>(c->value());
      for (const auto& [labels, g] : f->gauges) r.series[labels] += static_cast<double>(g->value());
    }
    MergingWriter writer(merged);
    for (const auto& [id, collect] : collectors_) collect(writer);
  }

  std::string out;
  out.reserve(merged.size() * 160);
  for (const auto& [name, f] : merged) {
    out += "# HELP ";
    out += name;
    out += ' ';
    append_escaped(out, f.help, false);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type_name(f.type);
    out += '\n';
    for (const auto& [labels, value] : f.series) {
      out += name;
      if (!labels.empty()) {
        out += '{';
        for (size_t i = 0; i < labels.size(); ++i) {
          if (i) out += ',';
          out += labels[i].first;
          out += "=\"";
          append_escaped(out, labels[i].second, true);
          out += '"';
        }
        out += '}';
      }
      out += ' ';
      append_value(out, value);
      out += '\n';
    }
  }
  return out;
}

}  // namespace vitrine::metrics
