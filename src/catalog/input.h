// Internal to the catalog module: the checks every ProductInput / CollectionInput goes through
// (whoever built it: product_input_from_json or a C++ caller), and how a row is read.
#pragma once

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

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
  // Whether a problem was recorded at `pointer`.
  bool has(std::string_view pointer) const {
    return std::any_of(list_.begin(), list_.end(),
                       [&](const nlohmann::json& p) { return p["pointer"] == pointer; });
  }
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

// Normalises `in` (trims texts; an empty image_url clears it) and records every value outside
// the limits of catalog.h, with the JSON Pointer of its field. `creating`: title and (products)
// price_cents are required, unless a problem at their pointer is already recorded.
void check_product(ProductInput& in, bool creating, Problems& problems);
void check_collection(CollectionInput& in, bool creating, Problems& problems);

// A row of `SELECT * FROM products` / `collections` (collections without their members).
Product product_from_row(const db::QueryResult& r, size_t i);
Collection collection_from_row(const db::QueryResult& r, size_t i);

}  // namespace vitrine::catalog::internal
