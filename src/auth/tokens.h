// TokenService: API tokens sent as "Authorization: Bearer <token>". Tokens are 32 random bytes;
// only their SHA-256 is stored, so a database leak reveals no usable token. (High-entropy tokens
// need no slow password hash.) Three kinds: admin tokens (operators, no user), session tokens
// (from a password login, expiring) and personal tokens (a user's long-lived API tokens).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace vitrine::auth {

// Who made a request. Admin tokens have admin = true and no user; session and personal tokens
// belong to a user.
struct Principal {
  std::string token_id;
  std::string user_id;  // empty for admin tokens
  bool admin = false;
  std::string label;
};

enum class TokenKind { kAdmin, kSession, kPersonal };

struct IssuedToken {
  std::string id;
  std::string token;  // shown once; never stored
  std::string label;
  std::string expires_at;  // ISO 8601; empty when the token does not expire
};

// A live token as its owner may see it: never the token itself.
struct TokenInfo {
  std::string id;
  std::string label;
  std::string created_at;
  std::string expires_at;  // empty when it does not expire
};

// The time source, replaceable so tests can move past an expiry without waiting.
using Clock = std::function<std::chrono::system_clock::time_point()>;

class TokenService {
 public:
  explicit TokenService(db::Database& db, Clock clock = std::chrono::system_clock::now)
      : db_(db), clock_(std::move(clock)) {}

  // Every table of the auth module, in order: api_tokens and users (UserService's table).
  static std::vector<db::Migration> migrations();

  // Creates an admin token labelled `label`; returns the plaintext once.
  Result<IssuedToken> create_admin_token(const std::string& label);

  // Creates a session or personal token for `user_id`, expiring after `ttl` when given.
  // Returns the plaintext once. Joins the caller's transaction when there is one.
  Result<IssuedToken> create_user_token(const std::string& user_id, TokenKind kind,
                                        const std::string& label,
                                        std::optional<std::chrono::seconds> ttl);

  // The live (unrevoked, unexpired) tokens of `kind` that belong to `user_id`, newest first.
  Result<std::vector<TokenInfo>> list_user_tokens(const std::string& user_id, TokenKind kind);

  // Revokes token `token_id` of `kind` owned by `user_id`. not_found when there is no such live
  // token for that user (another user's token id looks the same as an unknown one).
  Status revoke_user_token(const std::string& user_id, TokenKind kind, std::string_view token_id);

  // Revokes the session token whose plaintext is `token`. unauthorized when it names no live
  // token; invalid_argument when it is an admin or personal token (those are not sessions).
  Status revoke_session(std::string_view token);

  // The principal for an Authorization header value ("Bearer <token>"). unauthorized when the
  // header is missing or malformed, or names no live token (unknown, revoked or expired).
  Result<Principal> authenticate(std::string_view authorization_header);

  // Like authenticate, and forbidden unless the token is an admin token.
  Result<Principal> require_admin(std::string_view authorization_header);

  // The current time as the service sees it (the clock given at construction).
  std::chrono::system_clock::time_point now() const { return clock_(); }

 private:
  db::Database& db_;
  Clock clock_;
};

// The token from an Authorization header value ("Bearer <token>"); unauthorized otherwise.
Result<std::string_view> bearer_token(std::string_view authorization_header);

}  // namespace vitrine::auth
