// What a shop charges: shipping methods, tax rates (exclusive and inclusive), discount codes,
// and the rounding of each step, against a real database.
#include "pricing/pricing.h"

#include <gtest/gtest.h>

#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::pricing {
namespace {

using nlohmann::json;

class PricingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    auto m = PricingService::migrations();
    ASSERT_THAT(db::migrate(*db_, m), IsOk());
    pricing_ = std::make_unique<PricingService>(*db_);
  }
  void settings(const json& body) {
    auto s = checkout_settings_from_json(body);
    ASSERT_THAT(s, IsOk());
    ASSERT_THAT(pricing_->save_settings(shop_, *s), IsOk());
  }
  void code(const json& body) {
    auto d = discount_from_json(body);
    ASSERT_THAT(d, IsOk());
    ASSERT_THAT(pricing_->create_discount(shop_, *d), IsOk());
  }
  Quote quote(int64_t subtotal, const std::string& method, const std::string& country,
              std::optional<std::string> discount = std::nullopt, const std::string& region = "") {
    auto q = pricing_->quote(shop_, subtotal, method, country, region, discount);
    EXPECT_THAT(q, IsOk());
    return q.ok() ? *q : Quote{};
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<PricingService> pricing_;
  const std::string shop_ = "shop-a";
};

TEST_F(PricingTest, WithoutSettingsDeliveryAndPickupAreFreeAndThereIsNoTax) {
  Quote q = quote(5600, "", "PT");
  EXPECT_EQ(q.shipping_method, "standard");
  EXPECT_EQ(q.total_cents, 5600);
  EXPECT_TRUE(quote(5600, "pickup", "").pickup);
  EXPECT_THAT(pricing_->quote(shop_, 100, "drone", "PT", "", std::nullopt),
              StatusIs(errc::kValidationFailed));
}

TEST_F(PricingTest, ShippingAndTaxFollowTheShopsSettings) {
  settings({{"shipping_methods",
             {{{"id", "post"},
               {"name", "Post"},
               {"type", "free_over"},
               {"price_cents", 495},
               {"free_over_cents", 7500},
               {"countries", {"pt", "ES"}}},
              {{"id", "express"}, {"name", "Express"}, {"type", "flat"}, {"price_cents", 1200}},
              {{"id", "pickup"}, {"name", "Studio"}, {"type", "pickup"}}}},
            {"tax_rates",
             {{{"country", "PT"}, {"rate_basis_points", 2300}, {"name", "IVA"}},
              {{"country", "PT"},
               {"region", "Madeira"},
               {"rate_basis_points", 2200},
               {"name", "IVA"}}}}});
  Quote under = quote(5000, "post", "PT");
  EXPECT_EQ(under.shipping_cents, 495);
  EXPECT_EQ(under.tax_cents, 1150) << "23 % of 50.00; shipping is not taxed";
  EXPECT_EQ(under.total_cents, 5000 + 495 + 1150);
  EXPECT_EQ(quote(7500, "post", "ES").shipping_cents, 0) << "free from 75.00";
  EXPECT_EQ(quote(1001, "express", "PT", std::nullopt, "Madeira").tax_cents, 220)
      << "the region's 22 %: 220.22 rounds to 220";
  EXPECT_EQ(quote(1003, "express", "PT").tax_cents, 231) << "230.69 rounds half up to 231";
  auto abroad = pricing_->quote(shop_, 5000, "post", "US", "", std::nullopt);
  ASSERT_THAT(abroad, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(abroad.error().details["problems"][0]["pointer"], "/shipping_method");
  EXPECT_EQ(quote(5000, "express", "US").tax_cents, 0) << "no rate for the US";

  // Prices that include tax: the tax is the part of the price that is tax; the total stays.
  settings({{"prices_include_tax", true},
            {"tax_rates", {{{"country", "PT"}, {"rate_basis_points", 2300}}}}});
  Quote inc = quote(12300, "", "PT");
  EXPECT_TRUE(inc.taxes_included);
  EXPECT_EQ(inc.tax_cents, 2300);
  EXPECT_EQ(inc.total_cents, 12300);

  auto bad = checkout_settings_from_json(
      {{"shipping_methods", {{{"id", "Bad Id"}, {"type", "teleport"}, {"price_cents", -1}}}},
       {"tax_rates", {{{"country", "Portugal"}, {"rate_basis_points", 20000}}}},
       {"colour", "red"}});
  ASSERT_THAT(bad, StatusIs(errc::kValidationFailed));
  std::vector<std::string> pointers;
  for (const auto& p : bad.error().details["problems"]) pointers.push_back(p["pointer"]);
  EXPECT_EQ(pointers, (std::vector<std::string>{
                          "/colour", "/shipping_methods/0/id", "/shipping_methods/0/name",
                          "/shipping_methods/0/type", "/shipping_methods/0/price_cents",
                          "/tax_rates/0/country", "/tax_rates/0/rate_basis_points"}));
}

TEST_F(PricingTest, DiscountCodesTakeOffWhatTheySayWhileTheyAreValid) {
  code({{"code", "welcome10"}, {"type", "percentage"}, {"value", 10}});
  code({{"code", "FIVE"}, {"type", "fixed"}, {"value", 500}});
  code({{"code", "SHIPFREE"}, {"type", "free_shipping"}});
  code({{"code", "LATER"},
        {"type", "fixed"},
        {"value", 100},
        {"starts_at", "2999-01-01T00:00:00Z"}});
  code({{"code", "OVER"}, {"type", "fixed"}, {"value", 100}, {"ends_at", "2000-01-01T00:00:00Z"}});
  code({{"code", "ONCE"}, {"type", "fixed"}, {"value", 100}, {"usage_limit", 1}});
  settings({{"shipping_methods",
             {{{"id", "post"}, {"name", "Post"}, {"type", "flat"}, {"price_cents", 495}}}}});

  Quote ten = quote(2995, "post", "PT", "Welcome10");
  EXPECT_EQ(ten.discount_code, "WELCOME10") << "codes are case-insensitive";
  EXPECT_EQ(ten.discount_cents, 300) << "10 % of 29.95 = 2.995 rounds to 3.00";
  EXPECT_EQ(ten.total_cents, 2995 - 300 + 495);
  EXPECT_EQ(quote(300, "post", "PT", "FIVE").discount_cents, 300) << "never below zero";
  EXPECT_EQ(quote(2995, "post", "PT", "SHIPFREE").shipping_cents, 0);
  for (const char* refused : {"LATER", "OVER", "NOPE"}) {
    auto r = pricing_->quote(shop_, 1000, "post", "PT", "", std::string(refused));
    ASSERT_THAT(r, StatusIs(errc::kValidationFailed)) << refused;
    EXPECT_EQ(r.error().details["problems"][0]["pointer"], "/discount_code");
  }
  ASSERT_THAT(db_->transaction([&](db::Session& s) { return pricing_->redeem(s, shop_, "once"); }),
              IsOk());
  EXPECT_THAT(db_->transaction([&](db::Session& s) { return pricing_->redeem(s, shop_, "ONCE"); }),
              StatusIs(errc::kValidationFailed))
      << "a code limited to one use is used once";
  EXPECT_THAT(pricing_->usable_discount(shop_, "ONCE"), StatusIs(errc::kValidationFailed));
  EXPECT_THAT(pricing_->usable_discount("shop-b", "FIVE"), StatusIs(errc::kValidationFailed))
      << "codes are per shop";
  auto dup = discount_from_json({{"code", "five"}, {"type", "fixed"}, {"value", 1}});
  ASSERT_THAT(dup, IsOk());
  EXPECT_THAT(pricing_->create_discount(shop_, *dup), StatusIs(errc::kAlreadyExists));
  EXPECT_THAT(discount_from_json({{"code", "x y"}, {"type", "percentage"}, {"value", 150}}),
              StatusIs(errc::kValidationFailed));
}

}  // namespace
}  // namespace vitrine::pricing
