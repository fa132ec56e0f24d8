// UserService: accounts (email + argon2id password + subscription tier), password logins that
// issue session tokens, and users' personal API tokens. Changing a tier emits "tier.changed"
// through the event outbox in the same transaction, so hosting reacts exactly when it commits.
// The users table belongs to the auth module; TokenService::migrations() creates it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/tokens.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::auth {

inline constexpr const char* kTiers[] = {"basic", "pro", "enterprise"};

// True for "basic", "pro" and "enterprise".
bool is_valid_tier(std::string_view tier);

// `email` trimmed and lower-cased when it looks like an address (local@domain.tld, at most 254
// characters, no spaces or control characters); invalid_argument naming "/email" otherwise.
Result<std::string> normalize_email(std::string_view email);

struct User {
  std::string id;
  std::string email;  // lower-cased
  std::string tier;   // basic | pro | enterprise
  std::string created_at;
  std::string updated_at;
};

// What a successful login returns: the bearer token (shown once) and the account.
struct LoginSession {
  std::string token;
  std::string token_id;
  std::string expires_at;
  User user;
};

struct UserOptions {
  std::chrono::seconds session_ttl = std::chrono::hours(24 * 30);
};

class UserService {
 public:
  UserService(db::Database& db, TokenService& tokens, UserOptions options = {})
      : db_(db), tokens_(tokens), options_(options) {}

  // Creates an account. invalid_argument for a malformed email, a password shorter than 8
  // characters or an unknown tier; already_exists when the email is taken (in any case).
  Result<User> create_user(std::string_view email, std::string_view password,
                           std::string_view tier = "basic");

  // Checks the password and opens a session that expires after options.session_ttl. An
  // unknown email and a wrong password give the same unauthorized error after the same work.
  Result<LoginSession> login(std::string_view email, std::string_view password);

  // Ends the session whose token is `token` (the plaintext, without "Bearer "). unauthorized
  // when it names no live token; invalid_argument for admin or personal tokens.
  Status logout(std::string_view token);

  // A new long-lived API token for `user_id` labelled `label` (required, at most 100
  // characters). The plaintext is returned once.
  Result<IssuedToken> create_personal_token(const std::string& user_id, std::string_view label);

  // The user's live personal tokens, newest first (without the tokens themselves).
  Result<std::vector<TokenInfo>> list_personal_tokens(const std::string& user_id);

  // Revokes one of the user's personal tokens. not_found when it is not theirs or not live.
  Status revoke_personal_token(const std::string& user_id, std::string_view token_id);

  // The user with id `user_id`; not_found otherwise.
  Result<User> get(std::string_view user_id);

  // The user with this email (any case); not_found otherwise.
  Result<User> find_by_email(std::string_view email);

  // Sets the user's tier. Only when it really changes, updates the user and emits
  // tier.changed {user_id, old_tier, new_tier} in the same transaction (joining the caller's
  // transaction when there is one). Returns the user as stored afterwards.
  Result<User> set_tier(std::string_view user_id, std::string_view tier);

 private:
  db::Database& db_;
  TokenService& tokens_;
  UserOptions options_;
};

}  // namespace vitrine::auth
