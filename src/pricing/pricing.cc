#include "pricing/pricing.h"

#include <algorithm>

#include "core/clock.h"
#include "core/ids.h"
#include "core/problems.h"
#include "core/text.h"

namespace vitrine::pricing {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE checkout_settings (
  workspace_id TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE discount_codes (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  code TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('percentage', 'fixed', 'free_shipping')),
  value BIGINT NOT NULL,
  usage_limit BIGINT,
  used BIGINT NOT NULL DEFAULT 0,
  starts_at TEXT,
  ends_at TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX discount_codes_code ON discount_codes(workspace_id, code);
)sql";

// x * num / den rounded half away from zero (x, num, den ≥ 0).
int64_t scaled(int64_t x, int64_t num, int64_t den) {
  const __int128 p = static_cast<__int128>(x) * num;
  return static_cast<int64_t>((p + den / 2) / den);
}

bool method_id_ok(const std::string& id) {
  return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool country_ok(const std::string& c) {
  return c.size() == 2 && std::isupper(static_cast<unsigned char>(c[0])) &&
         std::isupper(static_cast<unsigned char>(c[1]));
}

// The string member `key` of `j`, "" when absent or not a string (the check then names it).
std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

CheckoutSettings defaults() {
  CheckoutSettings s;
  s.shipping_methods = {{"standard", "Standard delivery", "flat", 0, std::nullopt, {}},
                        {"pickup", "Pick up in person", "pickup", 0, std::nullopt, {}}};
  return s;
}

Discount discount_from_row(const db::QueryResult& r, size_t i) {
  Discount d;
  d.id = r.text(i, "id");
  d.code = r.text(i, "code");
  d.type = r.text(i, "type");
  d.value = r.integer(i, "value");
  d.usage_limit = r.optional_integer(i, "usage_limit");
  d.used = r.integer(i, "used");
  d.starts_at = r.optional_text(i, "starts_at");
  d.ends_at = r.optional_text(i, "ends_at");
  d.created_at = r.text(i, "created_at");
  return d;
}

}  // namespace

Result<CheckoutSettings> checkout_settings_from_json(const json& body) {
  json problems = json::array();
  auto add = [&](const std::string& p, const std::string& m) {
    problems.push_back({{"pointer", p}, {"message", m}});
  };
  CheckoutSettings s;
  if (!body.is_object()) add("", "must be an object");
  const json methods = body.is_object() ? body.value("shipping_methods", json::array()) : json();
  const json rates = body.is_object() ? body.value("tax_rates", json::array()) : json();
  if (body.is_object()) {
    for (const auto& [k, v] : body.items())
      if (k != "shipping_methods" && k != "tax_rates" && k != "prices_include_tax")
        add("/" + k, "unknown field");
    const json inc = body.value("prices_include_tax", json(false));
    if (!inc.is_boolean())
      add("/prices_include_tax", "must be true or false");
    else
      s.prices_include_tax = inc.get<bool>();
  }
  if (!methods.is_array() || methods.size() > kMaxShippingMethods)
    add("/shipping_methods", "must be an array of at most 20 methods");
  for (size_t i = 0; methods.is_array() && i < methods.size(); ++i) {
    const json& m = methods[i];
    const std::string at = "/shipping_methods/" + std::to_string(i);
    if (!m.is_object()) {
      add(at, "must be an object");
      continue;
    }
    ShippingMethod sm;
    sm.id = text_of(m, "id");
    sm.name = text_of(m, "name");
    sm.type = text_of(m, "type");
    if (!method_id_ok(sm.id)) add(at + "/id", "must be 1-32 of a-z, 0-9 and '-'");
    for (const auto& other : s.shipping_methods)
      if (other.id == sm.id) add(at + "/id", "repeats an earlier method");
    if (sm.name.empty() || sm.name.size() > 100) add(at + "/name", "must be 1-100 bytes");
    if (sm.type != "flat" && sm.type != "free_over" && sm.type != "pickup")
      add(at + "/type", "must be flat, free_over or pickup");
    const json price = m.value("price_cents", json(0));
    if (!price.is_number_integer() || price.get<int64_t>() < 0)
      add(at + "/price_cents", "must be an integer ≥ 0 (minor units)");
    else
      sm.price_cents = sm.type == "pickup" ? 0 : price.get<int64_t>();
    if (sm.type == "free_over") {
      const json over = m.value("free_over_cents", json());
      if (!over.is_number_integer() || over.get<int64_t>() < 0)
        add(at + "/free_over_cents", "is required for free_over: an integer ≥ 0 (minor units)");
      else
        sm.free_over_cents = over.get<int64_t>();
    }
    const json countries = m.value("countries", json::array());
    if (!countries.is_array()) add(at + "/countries", "must be an array of ISO alpha-2 codes");
    for (size_t k = 0; countries.is_array() && k < countries.size(); ++k) {
      std::string c = countries[k].is_string() ? ascii_upper(countries[k].get<std::string>()) : "";
      if (!country_ok(c))
        add(at + "/countries/" + std::to_string(k), "must be like PT");
      else
        sm.countries.push_back(c);
    }
    s.shipping_methods.push_back(std::move(sm));
  }
  if (!rates.is_array() || rates.size() > kMaxTaxRates)
    add("/tax_rates", "must be an array of at most 200 rates");
  for (size_t i = 0; rates.is_array() && i < rates.size(); ++i) {
    const json& r = rates[i];
    const std::string at = "/tax_rates/" + std::to_string(i);
    if (!r.is_object()) {
      add(at, "must be an object");
      continue;
    }
    TaxRate t;
    t.country = ascii_upper(text_of(r, "country"));
    t.region = text_of(r, "region");
    t.name = r.value("name", json("Tax")).is_string() ? r.value("name", "Tax") : "Tax";
    if (!country_ok(t.country)) add(at + "/country", "must be an ISO alpha-2 code like PT");
    const json bp = r.value("rate_basis_points", json());
    if (!bp.is_number_integer() || bp.get<int64_t>() < 0 || bp.get<int64_t>() > kMaxRateBasisPoints)
      add(at + "/rate_basis_points", "must be an integer from 0 to 10000 (2300 = 23 %)");
    else
      t.rate_basis_points = bp.get<int64_t>();
    s.tax_rates.push_back(std::move(t));
  }
  if (!problems.empty()) return validation_failed("invalid checkout settings", problems);
  return s;
}

Result<Discount> discount_from_json(const json& body) {
  json problems = json::array();
  auto add = [&](const std::string& p, const std::string& m) {
    problems.push_back({{"pointer", p}, {"message", m}});
  };
  Discount d;
  if (!body.is_object()) return validation_failed_at("", "a discount must be a JSON object");
  for (const auto& [k, v] : body.items())
    if (k != "code" && k != "type" && k != "value" && k != "usage_limit" && k != "starts_at" &&
        k != "ends_at")
      add("/" + k, "unknown field");
  d.code = ascii_upper(text_of(body, "code"));
  if (d.code.empty() || d.code.size() > 64 ||
      !std::all_of(d.code.begin(), d.code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      }))
    add("/code", "must be 1-64 letters, digits, '-' or '_'");
  d.type = text_of(body, "type");
  if (d.type != "percentage" && d.type != "fixed" && d.type != "free_shipping")
    add("/type", "must be percentage, fixed or free_shipping");
  const json value = body.value("value", json(0));
  if (!value.is_number_integer()) {
    add("/value", "must be an integer");
  } else {
    d.value = value.get<int64_t>();
    if (d.type == "percentage" && (d.value < 1 || d.value > 100))
      add("/value", "must be a percentage from 1 to 100");
    if (d.type == "fixed" && d.value < 1) add("/value", "must be ≥ 1 (minor units off)");
    if (d.type == "free_shipping") d.value = 0;
  }
  if (auto it = body.find("usage_limit"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1)
      add("/usage_limit", "must be ≥ 1");
    else
      d.usage_limit = it->get<int64_t>();
  }
  for (const char* key : {"starts_at", "ends_at"}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_string() || it->get<std::string>().size() < 10)
      add(std::string("/") + key, "must be an ISO-8601 UTC time like 2027-01-01T00:00:00Z");
    else
      (std::string_view(key) == "starts_at" ? d.starts_at : d.ends_at) = it->get<std::string>();
  }
  if (!problems.empty()) return validation_failed("invalid discount", problems);
  return d;
}

std::vector<db::Migration> PricingService::migrations() { return {{"pricing", 1, kSchema}}; }

Result<CheckoutSettings> PricingService::settings(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT settings FROM checkout_settings WHERE workspace_id = ?",
                                  {workspace_id}));
  if (r.empty()) return defaults();
  auto parsed = json::parse(r.text(0, "settings"), nullptr, false);
  auto s = checkout_settings_from_json(parsed);
  if (!s.ok()) return defaults();
  if (s->shipping_methods.empty()) s->shipping_methods = defaults().shipping_methods;
  return s;
}

Status PricingService::save_settings(const std::string& workspace_id,
                                     const CheckoutSettings& settings) {
  const std::string now = now_iso8601();
  VITRINE_TRY(
      db_.exec("INSERT INTO checkout_settings (workspace_id, settings, updated_at) "
               "VALUES (?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET "
               "settings = excluded.settings, updated_at = excluded.updated_at",
               {workspace_id, to_json(settings).dump(), now}));
  return {};
}

Result<Discount> PricingService::create_discount(const std::string& workspace_id, Discount d) {
  d.id = new_uuid();
  d.created_at = now_iso8601();
  auto r = db_.exec(
      "INSERT INTO discount_codes (id, workspace_id, code, type, value, usage_limit, used, "
      "starts_at, ends_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
      {d.id, workspace_id, d.code, d.type, d.value, db::nullable(d.usage_limit),
       db::nullable(d.starts_at), db::nullable(d.ends_at), d.created_at});
  if (!r.ok()) {
    if (r.error().code == errc::kAlreadyExists)
      return fail(errc::kAlreadyExists, "/code: this shop has the code " + d.code + " already",
                  {{"pointer", "/code"}});
    return r.error();
  }
  return d;
}

Result<std::vector<Discount>> PricingService::discounts(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM discount_codes WHERE workspace_id = ? "
                                  "ORDER BY created_at, code",
                                  {workspace_id}));
  std::vector<Discount> out;
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(discount_from_row(r, i));
  return out;
}

Status PricingService::delete_discount(const std::string& workspace_id, const std::string& code) {
  VITRINE_ASSIGN(auto r, db_.exec("DELETE FROM discount_codes WHERE workspace_id = ? AND code = ?",
                                  {workspace_id, ascii_upper(code)}));
  if (r.changes == 0) return fail(errc::kNotFound, "no discount code " + ascii_upper(code));
  return {};
}

Result<Discount> PricingService::usable_discount(const std::string& workspace_id,
                                                 const std::string& code) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM discount_codes WHERE workspace_id = ? AND "
                                  "code = ?",
                                  {workspace_id, ascii_upper(code)}));
  if (r.empty())
    return validation_failed_at("/discount_code",
                                "there is no code " + ascii_upper(code) + " here");
  Discount d = discount_from_row(r, 0);
  const std::string now = now_iso8601();
  if (d.starts_at && now < *d.starts_at)
    return validation_failed_at("/discount_code", d.code + " can be used from " + *d.starts_at);
  if (d.ends_at && now >= *d.ends_at)
    return validation_failed_at("/discount_code", d.code + " has ended");
  if (d.usage_limit && d.used >= *d.usage_limit)
    return validation_failed_at("/discount_code", d.code + " has been used up");
  return d;
}

Result<Quote> PricingService::quote(const std::string& workspace_id, int64_t subtotal,
                                    const std::string& method_id, const std::string& country,
                                    const std::string& region,
                                    const std::optional<std::string>& code) {
  VITRINE_ASSIGN(CheckoutSettings s, settings(workspace_id));
  return quote(s, workspace_id, subtotal, method_id, country, region, code);
}

Result<Quote> PricingService::quote(const CheckoutSettings& s, const std::string& workspace_id,
                                    int64_t subtotal, const std::string& method_id,
                                    const std::string& country, const std::string& region,
                                    const std::optional<std::string>& code) {
  Quote q;
  q.subtotal_cents = subtotal;
  std::optional<Discount> discount;
  if (code && !code->empty()) {
    VITRINE_ASSIGN(discount, usable_discount(workspace_id, *code));
    q.discount_code = discount->code;
    if (discount->type == "percentage")
      q.discount_cents = scaled(subtotal, discount->value, 100);
    else if (discount->type == "fixed")
      q.discount_cents = std::min(discount->value, subtotal);
  }
  const int64_t goods = subtotal - q.discount_cents;
  const ShippingMethod* method = nullptr;
  for (const auto& m : s.shipping_methods)
    if (m.id == (method_id.empty() ? s.shipping_methods.front().id : method_id)) method = &m;
  if (!method)
    return validation_failed_at("/shipping_method", "this shop has no method '" + method_id + "'");
  if (!method->countries.empty() && !country.empty() &&
      std::find(method->countries.begin(), method->countries.end(), country) ==
          method->countries.end())
    return validation_failed_at("/shipping_method",
                                method->name + " does not deliver to " + country);
  q.shipping_method = method->id;
  q.pickup = method->type == "pickup";
  q.shipping_cents = method->price_cents;
  if (method->type == "free_over" && method->free_over_cents && goods >= *method->free_over_cents)
    q.shipping_cents = 0;
  if (discount && discount->type == "free_shipping") q.shipping_cents = 0;
  // The region's rate, else the country's.
  const TaxRate* rate = nullptr;
  for (const auto& t : s.tax_rates)
    if (t.country == country && (t.region.empty() || t.region == region) &&
        (!rate || (rate->region.empty() && !t.region.empty())))
      rate = &t;
  q.taxes_included = s.prices_include_tax;
  if (rate) {
    q.tax_name = rate->name;
    q.tax_cents = s.prices_include_tax
                      ? goods - scaled(goods, 10'000, 10'000 + rate->rate_basis_points)
                      : scaled(goods, rate->rate_basis_points, 10'000);
  }
  q.total_cents = goods + q.shipping_cents + (s.prices_include_tax ? 0 : q.tax_cents);
  return q;
}

Status PricingService::redeem(db::Session& s, const std::string& workspace_id,
                              const std::string& code) {
  VITRINE_ASSIGN(auto r, s.exec("UPDATE discount_codes SET used = used + 1 WHERE "
                                "workspace_id = ? AND code = ? AND (usage_limit IS NULL OR "
                                "used < usage_limit)",
                                {workspace_id, ascii_upper(code)}));
  if (r.changes == 0)
    return validation_failed_at("/discount_code", ascii_upper(code) + " has been used up");
  return {};
}

json to_json(const CheckoutSettings& s) {
  json methods = json::array();
  for (const auto& m : s.shipping_methods) {
    json j = {{"id", m.id},
              {"name", m.name},
              {"type", m.type},
              {"price_cents", m.price_cents},
              {"countries", m.countries}};
    if (m.free_over_cents) j["free_over_cents"] = *m.free_over_cents;
    methods.push_back(std::move(j));
  }
  json rates = json::array();
  for (const auto& t : s.tax_rates)
    rates.push_back({{"country", t.country},
                     {"region", t.region},
                     {"rate_basis_points", t.rate_basis_points},
                     {"name", t.name}});
  return {{"shipping_methods", methods},
          {"tax_rates", rates},
          {"prices_include_tax", s.prices_include_tax}};
}

json to_json(const Discount& d) {
  return {{"id", d.id},
          {"code", d.code},
          {"type", d.type},
          {"value", d.value},
          {"usage_limit", d.usage_limit ? json(*d.usage_limit) : json(nullptr)},
          {"used", d.used},
          {"starts_at", d.starts_at ? json(*d.starts_at) : json(nullptr)},
          {"ends_at", d.ends_at ? json(*d.ends_at) : json(nullptr)},
          {"created_at", d.created_at}};
}

json to_json(const Quote& q) {
  return {{"subtotal_cents", q.subtotal_cents},
          {"discount_cents", q.discount_cents},
          {"shipping_cents", q.shipping_cents},
          {"tax_cents", q.tax_cents},
          {"total_cents", q.total_cents},
          {"taxes_included", q.taxes_included},
          {"tax_name", q.tax_name},
          {"shipping_method", q.shipping_method},
          {"discount_code", q.discount_code ? json(*q.discount_code) : json(nullptr)}};
}

}  // namespace vitrine::pricing
