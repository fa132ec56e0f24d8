// PosService: point-of-sale sync (seed 002 §4 SyncService), after Square's and Shopify's APIs.
// A shop gives each POS system an API key (keys.cc) that belongs to one workspace and carries
// scopes: pos:read (the change feed, changes/change_feed.h) and pos:write (batch writes). Only
// the key's SHA-256 is stored; the key itself is shown once, when it is made; a revoked key
// stops working at once. Batches (batches.cc) upsert products by the POS's own ids, once per
// Idempotency-Key: a retried batch gets the first answer and writes nothing again. The module's
// SQL stays here.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::pos {

inline constexpr const char* kScopeRead = "pos:read";
inline constexpr const char* kScopeWrite = "pos:write";
inline constexpr const char* kKeyPrefix = "vpos_";
inline constexpr size_t kMaxKeysPerWorkspace = 20;
inline constexpr size_t kMaxBatchRecords = 250;
inline constexpr size_t kMaxAdjustments = 1000;
inline constexpr size_t kMaxLocationLength = 100;
inline constexpr size_t kMaxIdempotencyKeyLength = 200;

struct PosKey {
  std::string id, workspace_id, name;
  std::vector<std::string> scopes;
  std::string hint;  // the key's first characters, to tell keys apart in a list
  std::string created_at;
  std::optional<std::string> last_used_at;

  bool has_scope(const std::string& scope) const;
};

// A key just made, with its secret (never stored, never shown again).
struct NewPosKey {
  PosKey key;
  std::string secret;
};

class PosService {
 public:
  PosService(db::Database& db, catalog::CatalogService& catalog) : db_(db), catalog_(catalog) {}

  // Tables pos_api_keys and pos_batches.
  static std::vector<db::Migration> migrations();

  // Makes a key for the workspace. validation_failed (by pointer) for an empty or overlong
  // name (≤ 100 characters) or scopes that are empty or not pos:read / pos:write; conflict
  // above kMaxKeysPerWorkspace live keys.
  Result<NewPosKey> create(const std::string& workspace_id, const nlohmann::json& body);
  // The workspace's live keys, newest first.
  Result<std::vector<PosKey>> list(const std::string& workspace_id);
  // Revokes a key of the workspace; not_found for other workspaces' keys.
  Status revoke(const std::string& workspace_id, const std::string& id);
  // The live key whose secret this is; unauthorized otherwise. Records its use (at most once a
  // minute, so a busy terminal does not write on every request).
  Result<PosKey> authenticate(const std::string& secret);

  // Upserts the products of `body` {"products": [{external_id, version?, ...product fields,
  // variants?: [{external_id?, ...}]}]} (1..kMaxBatchRecords) by their external ids
  // (CatalogService::upsert_external) and answers {results: [{index, external_id, status
  // (created | updated | conflict | invalid), id, version, problems?}]}; problems point into
  // the body ("/products/3/price_cents"). The first answer for `idempotency_key` is stored with
  // the writes; the same key and body again answer it with `replayed` true, the same key with
  // another body is a conflict. invalid_argument for a missing or overlong key or a body that
  // is not a batch.
  Result<nlohmann::json> upsert_products(const std::string& workspace_id,
                                         const std::string& idempotency_key,
                                         const nlohmann::json& body);

  // Applies the stock changes of `body` {"adjustments": [{variant_external_id, location?
  // ("online" by default), set | adjust}]} (1..kMaxAdjustments) in order
  // (CatalogService::adjust_stock), once per `idempotency_key` as upsert_products, and answers
  // {results: [{index, status (applied | invalid), variant_id, level, available, problems?}]}.
  Result<nlohmann::json> adjust_inventory(const std::string& workspace_id,
                                          const std::string& idempotency_key,
                                          const nlohmann::json& body);

 private:
  // Stores a batch's answer in the batch's own transaction.
  using SaveAnswer = std::function<Status(db::Session&, const nlohmann::json& answer)>;
  // Runs `write` once per (workspace, key): a stored answer for the same body is returned with
  // `replayed` true; the same key with another body is a conflict. `write` must call the
  // SaveAnswer it gets inside its transaction.
  Result<nlohmann::json> once(
      const std::string& workspace_id, const std::string& key, const nlohmann::json& body,
      const std::function<Result<nlohmann::json>(const SaveAnswer&)>& write);

  db::Database& db_;
  catalog::CatalogService& catalog_;
};

nlohmann::json to_json(const PosKey& k);

}  // namespace vitrine::pos
