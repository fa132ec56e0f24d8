// Product variants: how a product input becomes its list of variants, and their SQL.
#include <cmath>
#include <map>
#include <set>

#include "catalog/catalog.h"
#include "catalog/input.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"

namespace vitrine::catalog::internal {
namespace {

using nlohmann::json;

std::string variant_title(const std::vector<std::string>& options) {
  if (options.empty()) return "Default";
  std::string t;
  for (const auto& o : options) t += (t.empty() ? "" : " / ") + o;
  return t;
}

Variant variant_from_row(const db::QueryResult& r, size_t i) {
  Variant v;
  v.id = r.text(i, "id");
  v.product_id = r.text(i, "product_id");
  v.title = r.text(i, "title");
  v.options = r.strings(i, "options");
  v.sku = r.optional_text(i, "sku");
  v.external_id = r.optional_text(i, "external_id");
  v.price_cents = r.integer(i, "price_cents");
  v.compare_at_cents = r.optional_integer(i, "compare_at_cents");
  v.inventory = r.integer(i, "inventory");
  v.weight_grams = r.integer(i, "weight_grams");
  v.position = r.integer(i, "position");
  return v;
}

}  // namespace

int64_t stock_of(const std::vector<Variant>& variants) {
  int64_t stock = 0;
  for (const auto& v : variants) stock += v.inventory;
  return std::min(stock, kMaxInventory * static_cast<int64_t>(kMaxVariants));
}

namespace {

template <typename Exec>
Status load_into(Exec& db, std::vector<Product*> products) {
  if (products.empty()) return {};
  std::string sql = "SELECT * FROM product_variants WHERE product_id IN (";
  std::vector<db::Value> params;
  std::map<std::string, Product*> by_id;
  for (Product* p : products) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(p->id);
    by_id[p->id] = p;
    p->variants.clear();
  }
  sql += ") ORDER BY product_id, position, id";
  VITRINE_ASSIGN(auto r, db.exec(sql, std::span<const db::Value>(params)));
  for (size_t i = 0; i < r.rows.size(); ++i)
    by_id[r.text(i, "product_id")]->variants.push_back(variant_from_row(r, i));
  for (Product* p : products) p->inventory = stock_of(p->variants);
  return {};
}

}  // namespace

std::vector<Variant> resolve_variants(const ProductInput& in, Product& p,
                                      const std::vector<Variant>& existing, Problems& problems) {
  std::vector<Variant> out;
  const size_t option_count = p.option_names.size();
  if (in.variants) {
    std::map<std::string, const Variant*> by_id;
    for (const auto& v : existing) by_id[v.id] = &v;
    std::set<std::vector<std::string>> combinations;
    std::set<std::string> seen_ids;
    for (size_t i = 0; i < in.variants->size(); ++i) {
      const VariantInput& vi = (*in.variants)[i];
      const std::string at = "/variants/" + std::to_string(i);
      Variant v;
      if (vi.id) {
        auto it = by_id.find(*vi.id);
        if (it == by_id.end() || !seen_ids.insert(*vi.id).second) {
          problems.add(at + "/id", it == by_id.end() ? "is not a variant of this product"
                                                     : "appears twice in the list");
          continue;
        }
        v = *it->second;
      } else {
        v.id = new_uuid();
        v.price_cents = in.price_cents.value_or(p.price_cents);
        v.compare_at_cents = in.compare_at_cents.value_or(std::nullopt);
        v.inventory = in.inventory.value_or(0);
      }
      v.product_id = p.id;
      v.options = vi.options;
      if (v.options.size() != option_count)
        problems.add(at + "/options", "must have " + std::to_string(option_count) +
                                          " value(s), one per option name in /option_names");
      else if (!combinations.insert(v.options).second)
        problems.add(at + "/options", "repeats the options of an earlier variant");
      if (vi.sku) v.sku = vi.sku->empty() ? std::nullopt : std::optional<std::string>(*vi.sku);
      if (vi.external_id)
        v.external_id = vi.external_id->empty() ? std::nullopt : std::optional(*vi.external_id);
      if (vi.price_cents) v.price_cents = *vi.price_cents;
      if (vi.compare_at_cents) v.compare_at_cents = *vi.compare_at_cents;
      if (vi.inventory) v.inventory = *vi.inventory;
      if (vi.weight_grams) v.weight_grams = *vi.weight_grams;
      v.title = variant_title(v.options);
      v.position = static_cast<int64_t>(out.size());
      out.push_back(std::move(v));
    }
    if (in.variants->empty()) problems.add("/variants", "must hold at least one variant");
  } else if (existing.empty()) {
    // A new product without variants: one, from the product's own fields.
    if (option_count > 0)
      problems.add("/variants", "is required when the product has option names");
    Variant v;
    v.id = new_uuid();
    v.product_id = p.id;
    v.title = "Default";
    v.price_cents = in.price_cents.value_or(0);
    v.compare_at_cents = in.compare_at_cents.value_or(std::nullopt);
    v.inventory = in.inventory.value_or(0);
    if (in.sku && !in.sku->empty()) v.sku = *in.sku;
    out.push_back(std::move(v));
  } else {
    out = existing;
    const bool sets_variant_fields =
        in.price_cents || in.compare_at_cents || in.inventory || in.sku;
    if (sets_variant_fields && existing.size() > 1) {
      for (const char* field : {"price_cents", "compare_at_cents", "inventory", "sku"})
        if ((std::string_view(field) == "price_cents" && in.price_cents) ||
            (std::string_view(field) == "compare_at_cents" && in.compare_at_cents) ||
            (std::string_view(field) == "inventory" && in.inventory) ||
            (std::string_view(field) == "sku" && in.sku))
          problems.add(std::string("/") + field, "this product has " +
                                                     std::to_string(existing.size()) +
                                                     " variants: set it on each of /variants");
    } else if (sets_variant_fields) {
      Variant& v = out.front();
      if (in.price_cents) v.price_cents = *in.price_cents;
      if (in.compare_at_cents) v.compare_at_cents = *in.compare_at_cents;
      if (in.inventory) v.inventory = *in.inventory;
      if (in.sku) v.sku = in.sku->empty() ? std::nullopt : std::optional<std::string>(*in.sku);
    }
    if (in.option_names && option_count != existing.front().options.size())
      problems.add("/variants", "is required when the number of option names changes");
  }
  // The product shows its cheapest variant's price and the stock of all of them.
  if (!out.empty()) {
    const Variant* cheapest = &out.front();
    for (const auto& v : out)
      if (v.price_cents < cheapest->price_cents) cheapest = &v;
    p.price_cents = cheapest->price_cents;
    p.compare_at_cents = cheapest->compare_at_cents;
    p.inventory = stock_of(out);
  }
  p.variants = out;
  return out;
}

Status save_variants(db::Session& s, const Product& p, const std::vector<Variant>& before) {
  std::set<std::string> kept;
  for (const auto& v : p.variants) kept.insert(v.id);
  std::set<std::string> existed;
  for (const auto& v : before) {
    existed.insert(v.id);
    if (!kept.count(v.id)) VITRINE_TRY(s.exec("DELETE FROM product_variants WHERE id = ?", {v.id}));
  }
  const std::string now = now_iso8601();
  // A SKU or external id may move between kept variants (two swap theirs): clear them first, so
  // the unique indexes never see a transient duplicate.
  for (const auto& v : p.variants)
    if (existed.count(v.id))
      VITRINE_TRY(s.exec("UPDATE product_variants SET sku = NULL, external_id = NULL WHERE id = ?",
                         {v.id}));
  for (size_t i = 0; i < p.variants.size(); ++i) {
    const Variant& v = p.variants[i];
    json options = v.options;
    Result<db::QueryResult> r =
        existed.count(v.id)
            ? s.exec(
                  "UPDATE product_variants SET title = ?, options = ?, sku = ?, external_id = ?, "
                  "price_cents = ?, compare_at_cents = ?, inventory = ?, weight_grams = ?, "
                  "position = ?, updated_at = ? WHERE id = ?",
                  {v.title, options.dump(), db::nullable(v.sku), db::nullable(v.external_id),
                   v.price_cents, db::nullable(v.compare_at_cents), v.inventory, v.weight_grams,
                   v.position, now, v.id})
            : s.exec(
                  "INSERT INTO product_variants (id, product_id, workspace_id, title, options, "
                  "sku, external_id, price_cents, compare_at_cents, inventory, weight_grams, "
                  "position, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {v.id, p.id, p.workspace_id, v.title, options.dump(), db::nullable(v.sku),
                   db::nullable(v.external_id), v.price_cents, db::nullable(v.compare_at_cents),
                   v.inventory, v.weight_grams, v.position, now, now});
    if (!r.ok()) {
      if (r.error().code != errc::kAlreadyExists) return r.error();
      // Both databases name the violated index's columns or its name.
      const bool external = r.error().message.find("external_id") != std::string::npos;
      const std::string pointer =
          "/variants/" + std::to_string(i) + (external ? "/external_id" : "/sku");
      const std::string value = (external ? v.external_id : v.sku).value_or("");
      return make_error(errc::kAlreadyExists,
                        pointer + ": " + (external ? "external id '" : "SKU '") + value +
                            "' is already used by another variant of this workspace",
                        {{"pointer", pointer}, {external ? "external_id" : "sku", value}});
    }
  }
  return {};
}

Result<std::map<std::string, std::vector<Variant>>> active_variants(
    db::Session& s, const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, s.exec("SELECT v.* FROM product_variants v JOIN products p ON "
                                "p.id = v.product_id WHERE p.workspace_id = ? AND "
                                "p.status = 'active' ORDER BY v.product_id, v.position, v.id",
                                {workspace_id}));
  std::map<std::string, std::vector<Variant>> out;
  for (size_t i = 0; i < r.rows.size(); ++i)
    out[r.text(i, "product_id")].push_back(variant_from_row(r, i));
  return out;
}

Status load_variants(db::Session& s, std::vector<Product*> products) {
  return load_into(s, std::move(products));
}
Status load_variants(db::Database& db, std::vector<Product*> products) {
  return load_into(db, std::move(products));
}

json variant_json(const Variant& v, const std::string& currency) {
  return {{"id", v.id},
          {"title", v.title},
          {"options", v.options},
          {"sku", v.sku ? json(*v.sku) : json(nullptr)},
          {"external_id", v.external_id ? json(*v.external_id) : json(nullptr)},
          {"price_cents", v.price_cents},
          {"price", major_units(v.price_cents, currency)},
          {"compare_at_cents", v.compare_at_cents ? json(*v.compare_at_cents) : json(nullptr)},
          {"compare_at_price",
           v.compare_at_cents ? json(major_units(*v.compare_at_cents, currency)) : json(nullptr)},
          {"inventory", v.inventory},
          {"available", v.inventory > 0},
          {"weight_grams", v.weight_grams},
          {"position", v.position}};
}

}  // namespace vitrine::catalog::internal
