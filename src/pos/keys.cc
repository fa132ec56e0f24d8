#include <algorithm>

#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/problems.h"
#include "pos/pos.h"

namespace vitrine::pos {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE pos_api_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX pos_api_keys_by_workspace ON pos_api_keys (workspace_id, created_at);
)sql";

// One row per batch: the Idempotency-Key, what the request was and what it was answered.
constexpr const char* kBatchSchema = R"sql(
CREATE TABLE pos_batches (
  workspace_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, idempotency_key)
);
)sql";

PosKey key_from_row(const db::QueryResult& r, size_t i) {
  PosKey k;
  k.id = r.text(i, "id");
  k.workspace_id = r.text(i, "workspace_id");
  k.name = r.text(i, "name");
  k.scopes = r.strings(i, "scopes");
  k.hint = r.text(i, "hint");
  k.created_at = r.text(i, "created_at");
  k.last_used_at = r.optional_text(i, "last_used_at");
  return k;
}

Error unauthorized() {
  return make_error(errc::kUnauthorized,
                    "a point-of-sale API key is required: Authorization: Bearer vpos_...");
}

}  // namespace

bool PosKey::has_scope(const std::string& scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::vector<db::Migration> PosService::migrations() {
  return {{"pos", 1, kSchema}, {"pos", 2, kBatchSchema}};
}

Result<NewPosKey> PosService::create(const std::string& workspace_id, const json& body) {
  Problems problems;
  for (const auto& [key, value] : body.items())
    if (key != "name" && key != "scopes")
      problems.add("/" + key, "is not a key field (name, scopes)");
  std::optional<std::string> name = read_string(body, "name", "must be a string", problems);
  if (!name && !problems.has("/name")) problems.add("/name", "is required");
  check_text(name, "/name", 100, problems);
  if (name && name->empty()) problems.add("/name", "must not be empty");
  std::optional<std::vector<std::string>> scopes = read_strings(body, "scopes", problems);
  if (!scopes && !problems.has("/scopes")) problems.add("/scopes", "is required");
  if (scopes) {
    if (scopes->empty()) problems.add("/scopes", "must name pos:read, pos:write or both");
    for (size_t i = 0; i < scopes->size(); ++i)
      if ((*scopes)[i] != kScopeRead && (*scopes)[i] != kScopeWrite)
        problems.add("/scopes/" + std::to_string(i), "must be pos:read or pos:write");
    std::sort(scopes->begin(), scopes->end());
    scopes->erase(std::unique(scopes->begin(), scopes->end()), scopes->end());
  }
  if (!problems.empty()) return problems.error("the key was not made");

  NewPosKey made;
  made.secret = std::string(kKeyPrefix) + random_hex(24);
  PosKey& k = made.key;
  k.id = new_uuid();
  k.workspace_id = workspace_id;
  k.name = *name;
  k.scopes = *scopes;
  k.hint = made.secret.substr(0, 9);
  k.created_at = now_iso8601();
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto live, s.exec("SELECT COUNT(*) AS n FROM pos_api_keys WHERE "
                                     "workspace_id = ? AND revoked_at IS NULL",
                                     {workspace_id}));
    if (live.integer(0, "n") >= static_cast<int64_t>(kMaxKeysPerWorkspace))
      return fail(errc::kConflict,
                  "a shop has at most " + std::to_string(kMaxKeysPerWorkspace) +
                      " point-of-sale keys; revoke one first",
                  {{"limit", kMaxKeysPerWorkspace}});
    VITRINE_TRY(
        s.exec("INSERT INTO pos_api_keys (id, workspace_id, name, key_hash, hint, scopes, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               {k.id, workspace_id, k.name, sha256_hex(made.secret), k.hint, json(k.scopes).dump(),
                k.created_at}));
    return {};
  }));
  return made;
}

Result<std::vector<PosKey>> PosService::list(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM pos_api_keys WHERE workspace_id = ? AND "
                                  "revoked_at IS NULL ORDER BY created_at DESC, id DESC",
                                  {workspace_id}));
  std::vector<PosKey> out;
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(key_from_row(r, i));
  return out;
}

Status PosService::revoke(const std::string& workspace_id, const std::string& id) {
  VITRINE_ASSIGN(auto r, db_.exec("UPDATE pos_api_keys SET revoked_at = ? WHERE id = ? AND "
                                  "workspace_id = ? AND revoked_at IS NULL",
                                  {now_iso8601(), id, workspace_id}));
  if (r.changes == 0)
    return fail(errc::kNotFound, "point-of-sale key '" + id + "' not found", {{"key_id", id}});
  return {};
}

Result<PosKey> PosService::authenticate(const std::string& secret) {
  if (!secret.starts_with(kKeyPrefix)) return unauthorized();
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM pos_api_keys WHERE key_hash = ? AND "
                                  "revoked_at IS NULL",
                                  {sha256_hex(secret)}));
  if (r.empty()) return unauthorized();
  PosKey k = key_from_row(r, 0);
  const std::string now = now_iso8601();
  if (!k.last_used_at || k.last_used_at->substr(0, 16) != now.substr(0, 16)) {
    VITRINE_TRY(db_.exec("UPDATE pos_api_keys SET last_used_at = ? WHERE id = ?", {now, k.id}));
    k.last_used_at = now;
  }
  return k;
}

json to_json(const PosKey& k) {
  return {{"id", k.id},
          {"workspace_id", k.workspace_id},
          {"name", k.name},
          {"scopes", k.scopes},
          {"hint", k.hint},
          {"created_at", k.created_at},
          {"last_used_at", k.last_used_at ? json(*k.last_used_at) : json(nullptr)}};
}

}  // namespace vitrine::pos
