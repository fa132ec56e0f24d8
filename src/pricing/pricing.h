// PricingService: what a shop charges on top of (or off) a cart's subtotal: its shipping
// methods, its tax rates and its discount codes, and the quote that turns a cart into totals.
// All money is integer minor units of the shop's currency. Rounding (each step once, half away
// from zero, in minor units): a percentage discount of the subtotal; tax on the discounted
// subtotal (shipping is not taxed) — added on top when prices exclude tax, or the part of the
// price that is tax when prices include it (then the total does not grow).
// The module's SQL lives in pricing.cc.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace vitrine::pricing {

inline constexpr size_t kMaxShippingMethods = 20;
inline constexpr size_t kMaxTaxRates = 200;
inline constexpr int64_t kMaxRateBasisPoints = 10'000;  // 100 %

struct ShippingMethod {
  std::string id;                          // [a-z0-9-], what a cart's shipping_method names
  std::string name;                        // what the shopper reads
  std::string type;                        // flat | free_over | pickup
  int64_t price_cents = 0;                 // flat and free_over
  std::optional<int64_t> free_over_cents;  // free_over: free from this discounted subtotal
  std::vector<std::string> countries;      // ISO alpha-2; empty: everywhere (not pickup)
};

struct TaxRate {
  std::string country;  // ISO alpha-2
  std::string region;   // "" for the whole country; a region's rate wins over the country's
  int64_t rate_basis_points = 0;  // 2300 = 23 %
  std::string name;               // "IVA"
};

struct CheckoutSettings {
  std::vector<ShippingMethod> shipping_methods;  // a shop that set none offers the defaults
  std::vector<TaxRate> tax_rates;
  bool prices_include_tax = false;
};

struct Discount {
  std::string id, code;  // codes are matched case-insensitively, stored upper case
  std::string type;      // percentage | fixed | free_shipping
  int64_t value = 0;     // percentage: 1..100; fixed: minor units; free_shipping: 0
  std::optional<int64_t> usage_limit;
  int64_t used = 0;
  std::optional<std::string> starts_at, ends_at;  // ISO-8601 UTC; [starts_at, ends_at)
  std::string created_at;
};

// What a cart costs.
struct Quote {
  int64_t subtotal_cents = 0, discount_cents = 0, shipping_cents = 0, tax_cents = 0,
          total_cents = 0;
  bool taxes_included = false;
  std::string tax_name;
  std::optional<std::string> discount_code;
  std::string shipping_method;
  bool pickup = false;  // the method is a pickup: no delivery address needed
};

// Reads the settings body ({shipping_methods, tax_rates, prices_include_tax}); validation_failed
// names every problem by pointer.
Result<CheckoutSettings> checkout_settings_from_json(const nlohmann::json& body);
// Reads a discount body ({code, type, value, usage_limit?, starts_at?, ends_at?}).
Result<Discount> discount_from_json(const nlohmann::json& body);

class PricingService {
 public:
  explicit PricingService(db::Database& db) : db_(db) {}

  // Tables checkout_settings and discount_codes.
  static std::vector<db::Migration> migrations();

  // The shop's settings; the defaults (standard delivery and pickup, both free; no tax) until
  // it saves its own.
  Result<CheckoutSettings> settings(const std::string& workspace_id);
  // Replaces the shop's settings (validated by checkout_settings_from_json).
  Status save_settings(const std::string& workspace_id, const CheckoutSettings& settings);

  // Creates a discount code; already_exists (pointer /code) when the shop has it.
  Result<Discount> create_discount(const std::string& workspace_id, Discount discount);
  Result<std::vector<Discount>> discounts(const std::string& workspace_id);
  Status delete_discount(const std::string& workspace_id, const std::string& code);

  // The discount `code` as usable now; validation_failed (pointer /discount_code) naming why
  // not: unknown, not started, ended, used up.
  Result<Discount> usable_discount(const std::string& workspace_id, const std::string& code);

  // The totals of a cart with this subtotal, shipping method, destination and code. A method
  // the shop does not offer (or not to that country) is validation_failed (pointer
  // /shipping_method); an unusable code as usable_discount.
  Result<Quote> quote(const std::string& workspace_id, int64_t subtotal_cents,
                      const std::string& shipping_method, const std::string& country,
                      const std::string& region, const std::optional<std::string>& code);
  // The same with the shop's settings already read (a caller that shows its methods as well).
  Result<Quote> quote(const CheckoutSettings& settings, const std::string& workspace_id,
                      int64_t subtotal_cents, const std::string& shipping_method,
                      const std::string& country, const std::string& region,
                      const std::optional<std::string>& code);

  // Counts one use of `code` inside the caller's transaction (checkout): validation_failed when
  // it was used up meanwhile, so a limited code is never used more often than allowed.
  Status redeem(db::Session& s, const std::string& workspace_id, const std::string& code);

 private:
  db::Database& db_;
};

nlohmann::json to_json(const CheckoutSettings& s);
nlohmann::json to_json(const Discount& d);
nlohmann::json to_json(const Quote& q);

}  // namespace vitrine::pricing
