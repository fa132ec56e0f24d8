#include "hosting/hostnames.h"

#include <gtest/gtest.h>

#include "hosting/plans.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::hosting {
namespace {

TEST(CustomHostname, IsLowerCasedWithoutTrailingDot) {
  auto h = normalize_custom_hostname("Shop.Example.COM.", "vitrine.test");
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ(*h, "shop.example.com");
  EXPECT_EQ(*normalize_custom_hostname("xn--bcher-kva.example", "vitrine.test"),
            "xn--bcher-kva.example");
  EXPECT_EQ(*normalize_custom_hostname("a-1.b2.example", "vitrine.test"), "a-1.b2.example");
}

TEST(CustomHostname, InvalidNamesSayWhatIsWrong) {
  struct Case {
    std::string hostname;
    std::string problem;  // part of the message
  };
  const std::vector<Case> cases = {
      {"", "must not be empty"},
      {".", "must not be empty"},
      {"https://shop.example.com", "without a scheme"},
      {"shop.example.com:8443", "must not contain a port"},
      {"shop.example.com/store", "must not contain a path"},
      {"localhost", "at least two labels"},
      {"shop..example.com", "empty label"},
      {".example.com", "empty label"},
      {"shop.example.com..", "empty label"},
      {"-shop.example.com", "label 1 '-shop' starts or ends with a hyphen"},
      {"shop-.example.com", "starts or ends with a hyphen"},
      {"my_shop.example.com", "label 1 'my_shop' contains '_'"},
      {"shop example.com", "contains ' '"},
      {"*.example.com", "wildcards are not supported"},
      {std::string(64, 'a') + ".example.com", "longer than 63 characters"},
      {std::string(250, 'a').replace(50, 1, ".").replace(120, 1, ".").replace(190, 1, ".") + ".com",
       "longer than 253 characters"},
      {"192.168.1.10", "IP addresses are not custom domains"},
      {"vitrine.test", "under the platform domain 'vitrine.test'"},
      {"shop.vitrine.test", "under the platform domain"},
      {"Shop.Vitrine.Test.", "under the platform domain"},
  };
  for (const Case& c : cases) {
    auto h = normalize_custom_hostname(c.hostname, "vitrine.test");
    ASSERT_THAT(h, StatusIs(errc::kInvalidArgument))
        << "'" << c.hostname << "' was accepted as " << *h;
    EXPECT_NE(h.error().message.find(c.problem), std::string::npos)
        << "'" << c.hostname << "': " << h.error().message;
    EXPECT_EQ(h.error().details.value("pointer", ""), "/hostname");
  }
}

TEST(CustomHostname, NamesMerelyEndingLikeTheBaseDomainAreFine) {
  EXPECT_THAT(normalize_custom_hostname("myvitrine.test", "vitrine.test"), IsOk());
}

TEST(RequestHost, IgnoresCasePortAndTrailingDot) {
  EXPECT_EQ(normalize_request_host("Shop.Vitrine.Test"), "shop.vitrine.test");
  EXPECT_EQ(normalize_request_host("shop.vitrine.test:8080"), "shop.vitrine.test");
  EXPECT_EQ(normalize_request_host("SHOP.example.com.:443"), "shop.example.com");
  EXPECT_EQ(normalize_request_host("shop.example.com."), "shop.example.com");
  EXPECT_EQ(normalize_request_host("[::1]:8080"), "[::1]");
  EXPECT_EQ(normalize_request_host(""), "");
}

TEST(Plans, EachTierHasItsInfrastructure) {
  auto basic = plan_for_tier("basic");
  auto pro = plan_for_tier("pro");
  auto enterprise = plan_for_tier("enterprise");
  ASSERT_THAT(basic, IsOk());
  ASSERT_THAT(pro, IsOk());
  ASSERT_THAT(enterprise, IsOk());
  EXPECT_EQ(basic->model, "pool");
  EXPECT_EQ(basic->max_custom_domains, 0);
  EXPECT_EQ(basic->worker_pool, "shared");
  EXPECT_EQ(pro->model, "bridge");
  EXPECT_EQ(pro->max_custom_domains, 3);
  EXPECT_EQ(enterprise->model, "silo");
  EXPECT_EQ(enterprise->max_custom_domains, kUnlimitedDomains);
  EXPECT_EQ(enterprise->worker_pool, "dedicated");
  // Higher tiers never get less.
  EXPECT_LT(basic->rate_limit_rps, pro->rate_limit_rps);
  EXPECT_LT(pro->rate_limit_rps, enterprise->rate_limit_rps);
  EXPECT_LT(basic->render_cache_bytes, pro->render_cache_bytes);
  EXPECT_LT(pro->render_cache_bytes, enterprise->render_cache_bytes);
  EXPECT_TRUE(enterprise->allows_domains(1000));
  EXPECT_FALSE(pro->allows_domains(4));

  auto unknown = plan_for_tier("gold");
  ASSERT_THAT(unknown, StatusIs(errc::kInvalidArgument));
  EXPECT_NE(unknown.error().message.find("'gold'"), std::string::npos);
}

}  // namespace
}  // namespace vitrine::hosting
