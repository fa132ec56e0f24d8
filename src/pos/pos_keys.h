// PosKeys: the API keys a shop gives its point-of-sale systems (seed 002 §4 SyncService). A key
// belongs to one workspace and carries scopes: pos:read (the change feed) and pos:write (batch
// writes). Only the key's SHA-256 is stored; the key itself is shown once, when it is made. A
// revoked key stops working at once. The module's SQL stays here.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace vitrine::pos {

inline constexpr const char* kScopeRead = "pos:read";
inline constexpr const char* kScopeWrite = "pos:write";
inline constexpr const char* kKeyPrefix = "vpos_";
inline constexpr size_t kMaxKeysPerWorkspace = 20;

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

class PosKeys {
 public:
  explicit PosKeys(db::Database& db) : db_(db) {}

  // Table pos_api_keys.
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

 private:
  db::Database& db_;
};

nlohmann::json to_json(const PosKey& k);

}  // namespace vitrine::pos
