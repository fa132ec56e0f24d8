// Visibility rules: device classes from real User-Agent strings, the rule's decisions (including
// the edges of its date range) and the problems a malformed rule reports.
#include "customize/visibility.h"

#include <gtest/gtest.h>

#include <set>

namespace vitrine::customize {
namespace {

using nlohmann::json;
using std::chrono::system_clock;

system_clock::time_point at(const char* iso) {
  auto t = parse_iso8601_instant(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(system_clock::time_point{});
}

Visibility parse_ok(const json& value) {
  std::vector<PuckProblem> problems;
  Visibility rule = parse_visibility(value, "/v", problems);
  EXPECT_TRUE(problems.empty()) << problems.front().pointer << ": " << problems.front().message;
  return rule;
}

std::set<std::string> problem_pointers(const json& value) {
  std::vector<PuckProblem> problems;
  parse_visibility(value, "/content/0/props/visibility", problems);
  std::set<std::string> out;
  for (const auto& p : problems) {
    EXPECT_FALSE(p.message.empty()) << p.pointer;
    out.insert(p.pointer);
  }
  return out;
}

TEST(DeviceFromUserAgentTest, ClassifiesRealBrowsers) {
  struct Case {
    const char* what;
    const char* user_agent;
    Device expected;
  };
  const Case cases[] = {
      {"iPhone Safari",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
       "Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
       Device::kMobile},
      {"Android Chrome phone",
       "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/124.0.6367.82 Mobile Safari/537.36",
       Device::kMobile},
      {"Firefox on an Android phone",
       "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", Device::kMobile},
      {"Windows Phone",
       "Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; Touch; rv:11.0; "
       "IEMobile/11.0; NOKIA; Lumia 635) like iPhone OS 7_0_3 Mac OS X AppleWebKit/537 (KHTML, "
       "like Gecko) Mobile Safari/537",
       Device::kMobile},
      {"Googlebot smartphone",
       "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, "
       "like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
       "+http://www.google.com/bot.html)",
       Device::kMobile},
      {"Android tablet Chrome",
       "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/124.0.0.0 Safari/537.36",
       Device::kTablet},
      {"Firefox on an Android tablet",
       "Mozilla/5.0 (Android 13; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0", Device::kTablet},
      {"iPad Safari",
       "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/16.6 Mobile/15E148 Safari/604.1",
       Device::kTablet},
      {"Kindle Fire Silk",
       "Mozilla/5.0 (Linux; U; Android 4.0.3; en-us; KFTT Build/IML74K) AppleWebKit/535.19 "
       "(KHTML, like Gecko) Silk/3.4 Mobile Safari/535.19 Silk-Accelerated=true",
       Device::kTablet},
      {"Windows Chrome",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/124.0.0.0 Safari/537.36",
       Device::kDesktop},
      {"Windows 7 laptop announcing Tablet PC",
       "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; Media Center PC "
       "6.0; Tablet PC 2.0)",
       Device::kDesktop},
      {"macOS Safari",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.4 Safari/605.1.15",
       Device::kDesktop},
      {"Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
       Device::kDesktop},
      {"curl", "curl/8.5.0", Device::kDesktop},
      {"empty", "", Device::kDesktop},
  };
  for (const auto& c : cases) {
    EXPECT_STREQ(device_name(device_from_user_agent(c.user_agent)), device_name(c.expected))
        << c.what;
  }
}

TEST(VisibilityTest, DefaultRuleShowsEveryBlockToEveryone) {
  Visibility rule = parse_ok(nullptr);
  EXPECT_FALSE(rule.restricts_device());
  EXPECT_FALSE(rule.restricts_user());
  EXPECT_FALSE(rule.has_dates());
  for (Device d : {Device::kDesktop, Device::kTablet, Device::kMobile})
    for (UserType u : {UserType::kGuest, UserType::kCustomer})
      EXPECT_TRUE(rule.visible(d, u, system_clock::now()));
  EXPECT_FALSE(parse_ok(json::object()).restricts_device());
}

TEST(VisibilityTest, DevicesAndUserTypesCombine) {
  Visibility rule = parse_ok({{"devices", {"mobile", "tablet"}}, {"userTypes", {"customer"}}});
  EXPECT_TRUE(rule.restricts_device());
  EXPECT_TRUE(rule.restricts_user());
  EXPECT_FALSE(rule.has_dates());
  auto now = system_clock::now();
  EXPECT_TRUE(rule.visible(Device::kMobile, UserType::kCustomer, now));
  EXPECT_TRUE(rule.visible(Device::kTablet, UserType::kCustomer, now));
  EXPECT_FALSE(rule.visible(Device::kDesktop, UserType::kCustomer, now));
  EXPECT_FALSE(rule.visible(Device::kMobile, UserType::kGuest, now));

  Visibility guests = parse_ok({{"userTypes", {"guest"}}});
  EXPECT_FALSE(guests.restricts_device());
  EXPECT_TRUE(guests.visible(Device::kDesktop, UserType::kGuest, now));
  EXPECT_FALSE(guests.visible(Device::kDesktop, UserType::kCustomer, now));
}

TEST(VisibilityTest, EmptyListsHideTheBlockFromEveryone) {
  Visibility rule = parse_ok({{"devices", json::array()}});
  EXPECT_TRUE(rule.restricts_device());
  for (Device d : {Device::kDesktop, Device::kTablet, Device::kMobile})
    EXPECT_FALSE(rule.visible(d, UserType::kGuest, system_clock::now()));
  EXPECT_FALSE(parse_ok({{"userTypes", json::array()}})
                   .visible(Device::kDesktop, UserType::kCustomer, system_clock::now()));
}

TEST(VisibilityTest, DateRangeStartsInclusiveAndEndsExclusive) {
  Visibility rule =
      parse_ok({{"dateRange", {{"start", "2025-12-24"}, {"end", "2025-12-26T00:00:00+01:00"}}}});
  EXPECT_TRUE(rule.has_dates());
  auto shown = [&](const char* when) {
    return rule.visible(Device::kDesktop, UserType::kGuest, at(when));
  };
  EXPECT_FALSE(shown("2025-12-23T23:59:59.999Z"));
  EXPECT_TRUE(shown("2025-12-24T00:00:00Z"));  // a bare date is midnight UTC
  EXPECT_TRUE(shown("2025-12-25T22:59:59Z"));
  EXPECT_FALSE(shown("2025-12-25T23:00:00Z"));  // the end, +01:00 honoured, is excluded
  EXPECT_FALSE(shown("2026-01-01"));
}

TEST(VisibilityTest, OpenEndedRangesAndAnEmptyRange) {
  Visibility from = parse_ok({{"dateRange", {{"start", "2030-01-01T09:30+02:00"}}}});
  EXPECT_FALSE(from.visible(Device::kMobile, UserType::kGuest, at("2030-01-01T07:29:59Z")));
  EXPECT_TRUE(from.visible(Device::kMobile, UserType::kGuest, at("2030-01-01T07:30:00Z")));
  EXPECT_TRUE(from.visible(Device::kMobile, UserType::kGuest, at("2099-01-01")));

  Visibility until = parse_ok({{"dateRange", {{"end", "2020-06-01T12:00:00.500-04:00"}}}});
  EXPECT_TRUE(until.visible(Device::kMobile, UserType::kGuest, at("2020-06-01T16:00:00.499Z")));
  EXPECT_FALSE(until.visible(Device::kMobile, UserType::kGuest, at("2020-06-01T16:00:00.500Z")));

  // start == end is allowed and shows the block never.
  Visibility never =
      parse_ok({{"dateRange", {{"start", "2025-01-01T00:00Z"}, {"end", "2025-01-01"}}}});
  EXPECT_FALSE(never.visible(Device::kDesktop, UserType::kGuest, at("2025-01-01")));
}

TEST(VisibilityTest, Iso8601InstantsAreStrict) {
  EXPECT_EQ(at("2024-02-29T12:00:00Z"), at("2024-02-29T13:00:00+01:00"));
  EXPECT_EQ(at("2024-02-29T12:00Z"), at("2024-02-29T12:00:00.000Z"));
  for (const char* bad :
       {"", "2025", "2025-02-30", "2023-02-29", "2025-13-01", "2025-1-02", "24/12/2025",
        "2025-12-24T18:00", "2025-12-24T18:00:00", "2025-12-24T24:00Z", "2025-12-24T18:60Z",
        "2025-12-24T18:00:00+0100", "2025-12-24T18:00:00.Z", "2025-12-24 18:00Z", "2025-12-24Tx",
        "2025-12-24T18:00ZZ", "tomorrow"})
    EXPECT_FALSE(parse_iso8601_instant(bad).has_value()) << bad;
}

TEST(VisibilityTest, EveryProblemIsReportedWithItsPointer) {
  const std::string v = "/content/0/props/visibility";
  EXPECT_EQ(problem_pointers({{"devices", {"phone", "mobile", 3}},
                              {"userTypes", "guest"},
                              {"dateRange", {{"start", "tomorrow"}, {"end", 5}, {"tz", "CET"}}},
                              {"when", 1}}),
            (std::set<std::string>{v + "/devices/0", v + "/devices/2", v + "/userTypes",
                                   v + "/dateRange/start", v + "/dateRange/end",
                                   v + "/dateRange/tz", v + "/when"}));
  EXPECT_EQ(problem_pointers({{"userTypes", {"admin"}}}),
            (std::set<std::string>{v + "/userTypes/0"}));
  EXPECT_EQ(problem_pointers({{"dateRange", {{"start", "2025-02-01"}, {"end", "2025-01-01"}}}}),
            (std::set<std::string>{v + "/dateRange/end"}));
  EXPECT_EQ(problem_pointers({{"dateRange", "2025"}}), (std::set<std::string>{v + "/dateRange"}));
  EXPECT_EQ(problem_pointers(json::array({"mobile"})), (std::set<std::string>{v}));
  EXPECT_EQ(problem_pointers("mobile"), (std::set<std::string>{v}));
}

TEST(VisibilityTest, AFaultyRuleParsesAsTheDefault) {
  std::vector<PuckProblem> problems;
  Visibility rule =
      parse_visibility({{"devices", {"mobile"}}, {"userTypes", {"robot"}}}, "/v", problems);
  EXPECT_EQ(problems.size(), 1u);
  EXPECT_FALSE(rule.restricts_device());
  EXPECT_TRUE(rule.visible(Device::kDesktop, UserType::kGuest, system_clock::now()));
}

TEST(VisibilityTest, NamesMatchTheRuleVocabulary) {
  EXPECT_STREQ(device_name(Device::kDesktop), "desktop");
  EXPECT_STREQ(device_name(Device::kTablet), "tablet");
  EXPECT_STREQ(device_name(Device::kMobile), "mobile");
  EXPECT_STREQ(user_type_name(UserType::kGuest), "guest");
  EXPECT_STREQ(user_type_name(UserType::kCustomer), "customer");
}

}  // namespace
}  // namespace vitrine::customize
