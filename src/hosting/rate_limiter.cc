#include "hosting/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace vitrine::hosting {

int64_t SiteRateLimiter::acquire(const std::string& site_id, int64_t rate_per_second,
                                 Clock::time_point now) {
  if (rate_per_second <= 0) return 0;
  const double rate = static_cast<double>(rate_per_second);
  const double capacity = 2 * rate;
  std::lock_guard lock(mu_);
  // Buckets of idle sites are full again after a few seconds: drop them now and then so the map
  // holds only recently active sites.
  if (now - last_sweep_ > std::chrono::seconds(60)) {
    std::erase_if(buckets_, [&](const auto& kv) {
      return now - kv.second.refilled > std::chrono::seconds(60);
    });
    last_sweep_ = now;
  }
  auto [it, inserted] = buckets_.try_emplace(site_id, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!inserted) {
    double elapsed = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(capacity, b.tokens + std::max(0.0, elapsed) * rate);
    b.refilled = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / rate)));
}

}  // namespace vitrine::hosting
