#include "auth/tokens.h"

#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"

namespace vitrine::auth {
namespace {

constexpr std::string_view kPrefix = "vt_";

constexpr const char* kSchema = R"sql(
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('admin')),
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
)sql";

}  // namespace

std::vector<db::Migration> TokenService::migrations() {
  return {db::Migration{"auth", 1, kSchema, kSchema}};
}

Result<IssuedToken> TokenService::create_admin_token(const std::string& label) {
  IssuedToken t{new_uuid(), std::string(kPrefix) + random_hex(32)};
  VITRINE_TRY(
      db_.exec("INSERT INTO api_tokens (id, token_hash, kind, label, created_at) VALUES (?, ?, "
               "'admin', ?, ?)",
               {t.id, sha256_hex(t.token), label, now_iso8601()}));
  return t;
}

Result<Principal> TokenService::authenticate(std::string_view header) {
  constexpr std::string_view kBearer = "Bearer ";
  if (header.empty())
    return fail(errc::kUnauthorized, "missing Authorization header; send 'Bearer <token>'");
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer)
    return fail(errc::kUnauthorized, "Authorization header must be 'Bearer <token>'");
  std::string_view token = header.substr(kBearer.size());
  VITRINE_ASSIGN(auto r, db_.exec("SELECT id, kind, label FROM api_tokens WHERE token_hash = ? "
                                  "AND revoked_at IS NULL",
                                  {sha256_hex(token)}));
  if (r.empty()) return fail(errc::kUnauthorized, "invalid or revoked token");
  return Principal{r.text(0, "id"), r.text(0, "kind") == "admin", r.text(0, "label")};
}

Result<Principal> TokenService::require_admin(std::string_view header) {
  VITRINE_ASSIGN(Principal p, authenticate(header));
  if (!p.admin) return fail(errc::kForbidden, "this endpoint needs an admin token");
  return p;
}

}  // namespace vitrine::auth
