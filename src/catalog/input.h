// Internal to the catalog module: how it reads a product or collection sent as JSON (the API's
// request bodies; every problem at once, each with the JSON Pointer of its field) and as a row.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "core/error.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::catalog::internal {

// Problems of one request body, reported all at once as validation_failed.
class Problems {
 public:
  void add(std::string pointer, std::string message) {
    list_.push_back({{"pointer", std::move(pointer)}, {"message", std::move(message)}});
  }
  bool empty() const { return list_.empty(); }
  Error error(const std::string& what) const {
    std::string message = "invalid " + what + ": ";
    for (size_t i = 0; i < list_.size(); ++i) {
      if (i) message += "; ";
      message +=
          list_[i]["pointer"].get<std::string>() + ": " + list_[i]["message"].get<std::string>();
    }
    return make_error(errc::kValidationFailed, message, {{"problems", list_}});
  }

 private:
  nlohmann::json list_ = nlohmann::json::array();
};

// A validated create or patch of a product: members present are set.
struct ProductChange {
  std::optional<std::string> slug, title, description, currency, status;
  std::optional<int64_t> price_cents, inventory, position;
  std::optional<std::optional<int64_t>> compare_at_cents;
  std::optional<std::optional<std::string>> image_url;
};

// A product create (`creating`: title and price_cents required) or patch, validated against the
// limits in catalog.h. validation_failed with details.problems [{pointer, message}].
Result<ProductChange> parse_product(const nlohmann::json& body, bool creating);

// A validated create or patch of a collection: members present are set.
struct CollectionChange {
  std::optional<std::string> slug, title, description;
  std::optional<int64_t> position;
  std::optional<std::optional<std::string>> image_url;
};

// A collection create (title required) or patch; errors as for parse_product.
Result<CollectionChange> parse_collection(const nlohmann::json& body, bool creating);

// A row of `SELECT * FROM products` / `collections` (collections without their members).
Product product_from_row(const db::QueryResult& r, size_t i);
Collection collection_from_row(const db::QueryResult& r, size_t i);

}  // namespace vitrine::catalog::internal
