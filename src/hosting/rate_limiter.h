// SiteRateLimiter: one token bucket per site, in memory. The hosting plan sets each site's rate;
// the storefront endpoints ask before doing any work, so one busy shop cannot starve the others
// in the shared pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace vitrine::hosting {

class SiteRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes one token from `site_id`'s bucket, which refills at `rate_per_second` and holds up to
  // twice that. Returns 0 when admitted, else the seconds until a token is back (at least 1).
  // A rate of 0 or less means unlimited. Thread-safe.
  int64_t acquire(const std::string& site_id, int64_t rate_per_second,
                  Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point refilled;
  };

  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace vitrine::hosting
