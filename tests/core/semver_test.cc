#include "core/semver.h"

#include <gtest/gtest.h>

namespace vitrine {
namespace {

std::vector<Version> versions(std::initializer_list<const char*> specs) {
  std::vector<Version> out;
  for (const char* s : specs) out.push_back(*parse_version(s));
  return out;
}

std::string best(const char* range, std::initializer_list<const char*> specs) {
  auto r = VersionRange::parse(range);
  if (!r) return "unparsable";
  auto vs = versions(specs);
  auto b = r->best_match(vs);
  return b ? b->str() : "none";
}

TEST(Semver, ParsesAndPrintsVersions) {
  EXPECT_EQ(parse_version("1.2.3")->str(), "1.2.3");
  EXPECT_EQ(parse_version("1.2.3-rc.1+build.5")->str(), "1.2.3-rc.1+build.5");
  for (const char* bad : {"1.2", "v1.2.3", "01.2.3", "1.2.3-", "1.2.3-01", "1..3", "", "a.b.c"})
    EXPECT_FALSE(parse_version(bad)) << bad;
}

TEST(Semver, OrdersByPrecedence) {
  // The example chain from semver.org §11.
  auto v = versions({"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                     "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"});
  for (size_t i = 1; i < v.size(); ++i) EXPECT_LT(v[i - 1], v[i]) << v[i].str();
  EXPECT_EQ(*parse_version("1.0.0+a"), *parse_version("1.0.0+b"));
  EXPECT_LT(*parse_version("1.9.0"), *parse_version("1.10.0"));
}

TEST(Semver, ResolvesTheAliasesTheCdnAccepts) {
  auto all = {"1.0.0", "1.1.0", "1.2.0", "1.2.5", "2.0.0", "2.1.0-beta.1"};
  EXPECT_EQ(best("latest", all), "2.0.0");
  EXPECT_EQ(best("1", all), "1.2.5");
  EXPECT_EQ(best("1.2", all), "1.2.5");
  EXPECT_EQ(best("1.1", all), "1.1.0");
  EXPECT_EQ(best("^1.1", all), "1.2.5");
  EXPECT_EQ(best("~1.1", all), "1.1.0");
  EXPECT_EQ(best("~1.2.1", all), "1.2.5");
  EXPECT_EQ(best("1.x", all), "1.2.5");
  EXPECT_EQ(best("*", all), "2.0.0");
  EXPECT_EQ(best(">=1.1.0 <1.2.0", all), "1.1.0");
  EXPECT_EQ(best("3", all), "none");
  EXPECT_EQ(best("^2.1.0-beta.1", all), "2.1.0-beta.1");
  EXPECT_EQ(best("nonsense", all), "unparsable");
}

TEST(Semver, CaretOnZeroMajorStaysWithinMinor) {
  auto all = {"0.1.0", "0.1.4", "0.2.0"};
  EXPECT_EQ(best("^0.1", all), "0.1.4");
  EXPECT_EQ(best("^0.1.2", all), "0.1.4");
}

TEST(Semver, LatestFallsBackToPrereleasesOnlyWhenNothingElseExists) {
  EXPECT_EQ(best("latest", {"1.0.0-beta.1", "1.0.0-beta.2"}), "1.0.0-beta.2");
  EXPECT_EQ(best("latest", {"1.0.0", "2.0.0-rc.1"}), "1.0.0");
  EXPECT_EQ(best("1", {"1.0.0-beta.1"}), "none");
}

}  // namespace
}  // namespace vitrine
