#include "hosting/rate_limiter.h"

#include <gtest/gtest.h>

namespace vitrine::hosting {
namespace {

using std::chrono::milliseconds;

TEST(SiteRateLimiterTest, AdmitsABurstOfTwiceTheRateThenAsksToWait) {
  SiteRateLimiter limiter;
  auto t0 = SiteRateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(limiter.acquire("shop", 10, t0), 0) << i;
  EXPECT_EQ(limiter.acquire("shop", 10, t0), 1) << "bucket empty: retry in a second";
}

TEST(SiteRateLimiterTest, RefillsAtTheRate) {
  SiteRateLimiter limiter;
  auto t0 = SiteRateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(limiter.acquire("shop", 10, t0), 0);
  // 10 per second: after 300 ms three requests fit again, not four.
  auto later = t0 + milliseconds(300);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.acquire("shop", 10, later), 0) << i;
  EXPECT_GT(limiter.acquire("shop", 10, later), 0);
  // Never more than the burst, however long the site was idle.
  auto much_later = t0 + std::chrono::hours(2);
  int admitted = 0;
  while (limiter.acquire("shop", 10, much_later) == 0) ++admitted;
  EXPECT_EQ(admitted, 20);
}

TEST(SiteRateLimiterTest, SitesHaveSeparateBudgetsAndZeroMeansUnlimited) {
  SiteRateLimiter limiter;
  auto t0 = SiteRateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 2; ++i) ASSERT_EQ(limiter.acquire("busy", 1, t0), 0);
  EXPECT_GT(limiter.acquire("busy", 1, t0), 0);
  EXPECT_EQ(limiter.acquire("quiet", 1, t0), 0) << "another site is not affected";
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(limiter.acquire("unlimited", 0, t0), 0);
}

}  // namespace
}  // namespace vitrine::hosting
