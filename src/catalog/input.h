// Internal to the catalog module: the checks every ProductInput / CollectionInput goes through
// (whoever built it: product_input_from_json or a C++ caller), and how a row is read.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/error.h"
#include "core/problems.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::catalog::internal {

using vitrine::Problems;

// Normalises `in` (trims texts; an empty image_url clears it) and records every value outside
// the limits of catalog.h, with the JSON Pointer of its field. `creating`: title and (products)
// price_cents are required, unless a problem at their pointer is already recorded.
void check_product(ProductInput& in, bool creating, Problems& problems);
void check_collection(CollectionInput& in, bool creating, Problems& problems);

// The variants product `p` has after `in` (p is the product as it will be saved; `existing` its
// variants before the change, empty when creating), with ids for new ones, and p's price_cents,
// compare_at_cents and inventory set from them. Problems name the pointer (/variants/2/id: not
// a variant of this product; /variants/1/options: a duplicate combination; /price_cents on a
// product with several variants ...).
std::vector<Variant> resolve_variants(const ProductInput& in, Product& p,
                                      const std::vector<Variant>& existing, Problems& problems);

// Writes p.variants over `before` (the product's variants in the database): deletes the
// missing, updates the kept, inserts the new. already_exists (pointer /variants/N/sku) when a
// SKU is taken by another variant of the workspace.
Status save_variants(db::Session& s, const Product& p, const std::vector<Variant>& before);

// The variants of the workspace's active products by product id, in position order.
Result<std::map<std::string, std::vector<Variant>>> active_variants(
    db::Session& s, const std::string& workspace_id);

// A product's stock: the sum of its variants' (products keep no stock of their own).
int64_t stock_of(const std::vector<Variant>& variants);

// Fills the variants of `products` (all of one workspace), in position order, and their stock.
Status load_variants(db::Session& s, std::vector<Product*> products);
Status load_variants(db::Database& db, std::vector<Product*> products);

// The JSON of a variant, for the API (minor units) and, with the currency, major units too.
nlohmann::json variant_json(const Variant& v, const std::string& currency);

// A row of `SELECT * FROM products` / `collections` (collections without their members).
Product product_from_row(const db::QueryResult& r, size_t i);
Collection collection_from_row(const db::QueryResult& r, size_t i);

}  // namespace vitrine::catalog::internal
