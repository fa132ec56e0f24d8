// Internal to the github module: the SQL of its two tables and how their rows are read, shared
// by the links and worker code (github_integration.cc), the webhook (webhook.cc) and the
// deliveries' processing (processing.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "db/database.h"
#include "github/github_integration.h"

namespace vitrine::github::internal {

inline constexpr const char* kDeliveryColumns =
    "id, event, repo, slug, tag, version, state, reason, error, error_details, result, attempts, "
    "received_at, started_at, finished_at";

inline constexpr const char* kLinkBySlug =
    "SELECT slug, repo, linked_by_user, linked_by_admin, created_at, updated_at "
    "FROM github_links WHERE slug = ?";
inline constexpr const char* kLinkByRepo =
    "SELECT slug, repo, linked_by_user, linked_by_admin, created_at, updated_at "
    "FROM github_links WHERE repo_key = ?";

// Stored JSON text back to JSON; null when absent (or, defensively, unreadable).
nlohmann::json stored_json(const db::QueryResult& r, size_t i, std::string_view col);

// JSON to store: NULL for null, else its text.
db::Value json_value(const nlohmann::json& j);

// A row of github_links (the columns of kLinkBySlug) / github_deliveries (kDeliveryColumns).
RepositoryLink link_from_row(const db::QueryResult& r, size_t i);
Delivery delivery_from_row(const db::QueryResult& r, size_t i);

// The link `sql` (kLinkBySlug or kLinkByRepo) finds for `key`, if any.
Result<std::optional<RepositoryLink>> find_link(db::Session& s, std::string_view sql,
                                                const std::string& key);

// Runs `fn` in one transaction and hands back the value it produced.
template <typename T, typename F>
Result<T> in_transaction(db::Database& db, F fn) {
  std::optional<T> out;
  VITRINE_TRY(db.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(T v, fn(s));
    out = std::move(v);
    return {};
  }));
  return std::move(*out);
}

}  // namespace vitrine::github::internal
