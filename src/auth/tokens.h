// TokenService: API tokens sent as "Authorization: Bearer <token>". Tokens are 32 random bytes;
// only their SHA-256 is stored, so a database leak reveals no usable token. (High-entropy tokens
// need no slow password hash.) Users and session tokens arrive with the workspaces issue.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace vitrine::auth {

struct Principal {
  std::string token_id;
  bool admin = false;
  std::string label;
};

struct IssuedToken {
  std::string id;
  std::string token;  // shown once; never stored
};

class TokenService {
 public:
  explicit TokenService(db::Database& db) : db_(db) {}

  static std::vector<db::Migration> migrations();

  // Creates an admin token labelled `label`; returns the plaintext once.
  Result<IssuedToken> create_admin_token(const std::string& label);

  // The principal for an Authorization header value ("Bearer <token>"). unauthorized when the
  // header is missing, malformed, or names no live token.
  Result<Principal> authenticate(std::string_view authorization_header);

  // Like authenticate, and forbidden unless the token is an admin token.
  Result<Principal> require_admin(std::string_view authorization_header);

 private:
  db::Database& db_;
};

}  // namespace vitrine::auth
