#include "auth/tokens.h"

#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"

namespace vitrine::auth {
namespace {

constexpr std::string_view kPrefix = "vt_";

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('admin')),
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
)sql";

// v2: users, and tokens that belong to them (sessions and personal tokens). Emails are stored
// lower-cased, so the plain UNIQUE constraint is case-insensitive in effect.
constexpr const char* kUsersTable = R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('basic', 'pro', 'enterprise')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
)sql";

// SQLite cannot alter a CHECK constraint: rebuild the table, keeping every admin token.
constexpr const char* kTokensV2Sqlite = R"sql(
CREATE TABLE api_tokens_v2 (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('admin', 'session', 'personal')),
  user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  CHECK ((kind = 'admin') = (user_id IS NULL))
);
INSERT INTO api_tokens_v2 (id, token_hash, kind, label, created_at, revoked_at)
  SELECT id, token_hash, kind, label, created_at, revoked_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_v2 RENAME TO api_tokens;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, kind);
)sql";

// PostgreSQL names an unnamed column CHECK "<table>_<column>_check".
constexpr const char* kTokensV2Postgres = R"sql(
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_kind_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_kind_check
  CHECK (kind IN ('admin', 'session', 'personal'));
ALTER TABLE api_tokens ADD COLUMN user_id TEXT REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_user_check
  CHECK ((kind = 'admin') = (user_id IS NULL));
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, kind);
)sql";

const char* kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::kAdmin:
      return "admin";
    case TokenKind::kSession:
      return "session";
    case TokenKind::kPersonal:
      return "personal";
  }
  return "admin";
}

std::string new_token() { return std::string(kPrefix) + random_hex(32); }

}  // namespace

std::vector<db::Migration> TokenService::migrations() {
  return {db::Migration{"auth", 1, kSchemaV1},
          db::Migration{"auth", 2, kUsersTable, kTokensV2Sqlite, kTokensV2Postgres}};
}

Result<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view kBearer = "Bearer ";
  if (header.empty())
    return fail(errc::kUnauthorized, "missing Authorization header; send 'Bearer <token>'");
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer)
    return fail(errc::kUnauthorized, "Authorization header must be 'Bearer <token>'");
  return header.substr(kBearer.size());
}

Result<IssuedToken> TokenService::create_admin_token(const std::string& label) {
  IssuedToken t{new_uuid(), new_token(), label, ""};
  VITRINE_TRY(
      db_.exec("INSERT INTO api_tokens (id, token_hash, kind, label, created_at) VALUES (?, ?, "
               "'admin', ?, ?)",
               {t.id, sha256_hex(t.token), label, to_iso8601(now())}));
  return t;
}

Result<IssuedToken> TokenService::create_user_token(const std::string& user_id, TokenKind kind,
                                                    const std::string& label,
                                                    std::optional<std::chrono::seconds> ttl) {
  if (kind == TokenKind::kAdmin || user_id.empty())
    return fail(errc::kInternal, "user tokens are session or personal tokens of a user");
  auto issued_at = now();
  IssuedToken t{new_uuid(), new_token(), label, ttl ? to_iso8601(issued_at + *ttl) : ""};
  db::Value expires = t.expires_at.empty() ? db::Value() : db::Value(t.expires_at);
  VITRINE_TRY(db_.exec(
      "INSERT INTO api_tokens (id, token_hash, kind, user_id, label, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {t.id, sha256_hex(t.token), kind_name(kind), user_id, label, to_iso8601(issued_at),
       expires}));
  return t;
}

Result<std::vector<TokenInfo>> TokenService::list_user_tokens(const std::string& user_id,
                                                              TokenKind kind) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT id, label, created_at, expires_at FROM api_tokens "
                                  "WHERE user_id = ? AND kind = ? AND revoked_at IS NULL AND "
                                  "(expires_at IS NULL OR expires_at > ?) "
                                  "ORDER BY created_at DESC, id",
                                  {user_id, kind_name(kind), to_iso8601(now())}));
  std::vector<TokenInfo> out;
  for (size_t i = 0; i < r.rows.size(); ++i)
    out.push_back(TokenInfo{r.text(i, "id"), r.text(i, "label"), r.text(i, "created_at"),
                            r.text(i, "expires_at")});
  return out;
}

Status TokenService::revoke_user_token(const std::string& user_id, TokenKind kind,
                                       std::string_view token_id) {
  VITRINE_ASSIGN(auto r,
                 db_.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND "
                          "user_id = ? AND kind = ? AND revoked_at IS NULL",
                          {to_iso8601(now()), std::string(token_id), user_id, kind_name(kind)}));
  if (r.changes == 0)
    return fail(errc::kNotFound, "token '" + std::string(token_id) + "' not found",
                {{"token_id", std::string(token_id)}});
  return {};
}

Status TokenService::revoke_session(std::string_view token) {
  return db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto r, s.exec("SELECT id, kind FROM api_tokens WHERE token_hash = ? AND "
                                  "revoked_at IS NULL",
                                  {sha256_hex(token)}));
    if (r.empty()) return fail(errc::kUnauthorized, "invalid or revoked token");
    if (r.text(0, "kind") != "session")
      return fail(errc::kInvalidArgument,
                  "this is not a session token; revoke personal tokens with "
                  "DELETE /api/auth/tokens/{id}",
                  {{"kind", r.text(0, "kind")}});
    VITRINE_TRY(s.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ?",
                       {to_iso8601(now()), r.text(0, "id")}));
    return {};
  });
}

Result<Principal> TokenService::authenticate(std::string_view header) {
  VITRINE_ASSIGN(std::string_view token, bearer_token(header));
  VITRINE_ASSIGN(auto r, db_.exec("SELECT id, kind, user_id, label, expires_at FROM api_tokens "
                                  "WHERE token_hash = ? AND revoked_at IS NULL",
                                  {sha256_hex(token)}));
  if (r.empty()) return fail(errc::kUnauthorized, "invalid or revoked token");
  // ISO 8601 timestamps of one format compare correctly as strings.
  if (!r.is_null(0, "expires_at") && r.text(0, "expires_at") <= to_iso8601(now()))
    return fail(errc::kUnauthorized, "token expired; log in again");
  const std::string kind = r.text(0, "kind");
  return Principal{r.text(0, "id"), r.text(0, "user_id"), kind == "admin",
                   kind == "session" ? std::string("session") : r.text(0, "label")};
}

Result<Principal> TokenService::require_admin(std::string_view header) {
  VITRINE_ASSIGN(Principal p, authenticate(header));
  if (!p.admin) return fail(errc::kForbidden, "this endpoint needs an admin token");
  return p;
}

}  // namespace vitrine::auth
