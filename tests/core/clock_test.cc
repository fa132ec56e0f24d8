#include "core/clock.h"

#include <gtest/gtest.h>

namespace vitrine {
namespace {

std::string normalised(std::string_view text) {
  auto t = parse_iso8601(text);
  return t ? to_iso8601(*t) : "nullopt";
}

TEST(ParseIso8601, ReadsRfc3339WithZonesAndDatesAlone) {
  EXPECT_EQ(normalised("2026-12-24T09:00:00Z"), "2026-12-24T09:00:00.000Z");
  EXPECT_EQ(normalised("2026-12-24T09:00Z"), "2026-12-24T09:00:00.000Z");
  EXPECT_EQ(normalised("2026-12-24T09:00:00.25Z"), "2026-12-24T09:00:00.250Z");
  EXPECT_EQ(normalised("2026-12-24T09:00:00+01:30"), "2026-12-24T07:30:00.000Z");
  EXPECT_EQ(normalised("2026-12-24T00:30:00-02:00"), "2026-12-24T02:30:00.000Z");
  EXPECT_EQ(normalised("2026-12-24"), "2026-12-24T00:00:00.000Z");
  EXPECT_EQ(normalised(to_iso8601(std::chrono::system_clock::from_time_t(0))),
            "1970-01-01T00:00:00.000Z");
}

TEST(ParseIso8601, RefusesWhatIsNotOne) {
  for (const char* bad : {"", "tomorrow", "2026-13-01", "2026-02-30", "2026-12-24T25:00Z",
                          "2026-12-24T09:00", "2026-12-24T09:00:00", "2026-12-24T09:00:00.Z",
                          "2026-12-24T09:00Zjunk", "26-12-24", "2026-12-24T09:00+1"})
    EXPECT_EQ(normalised(bad), "nullopt") << bad;
}

}  // namespace
}  // namespace vitrine
