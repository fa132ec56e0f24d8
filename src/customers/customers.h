// CustomerService: a shop's customer accounts, separate from platform users: the same email can
// be a customer of many shops, each with its own password. Passwords are argon2id
// (auth/passwords.h); sessions are random tokens (the storefront keeps them in the HttpOnly
// vitrine_customer cookie) stored as SHA-256; a password reset token is signed (HMAC-SHA256 with
// a secret kept in the database), expires after kResetTokenLifetime and works once (it signs
// the password hash it replaces). A customer of shop A does not exist in shop B.
// The module's SQL lives in customers.cc.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "db/database.h"

namespace vitrine::customers {

inline constexpr auto kSessionLifetime = std::chrono::hours(24 * 30);
inline constexpr auto kResetTokenLifetime = std::chrono::hours(1);
inline constexpr size_t kMaxNameLength = 120;

struct Customer {
  std::string id, workspace_id;
  std::string email;  // lower case
  std::string name;
  bool accepts_marketing = false;
  bool has_password = false;  // false for newsletter sign-ups that never registered
  std::string created_at;
};

class CustomerService {
 public:
  explicit CustomerService(db::Database& db) : db_(db) {}

  // Tables customers, customer_sessions and customer_secrets.
  static std::vector<db::Migration> migrations();

  // Registers a customer of the workspace. validation_failed (pointers /email, /password,
  // /name) for a bad email, a password outside 8..1024 bytes or a name over 120 characters;
  // already_exists (pointer /email) when that email has an account here. A newsletter sign-up
  // with that email becomes the account.
  Result<Customer> register_customer(const std::string& workspace_id, const std::string& email,
                                     const std::string& password, const std::string& name,
                                     bool accepts_marketing);

  // Signs `email` up for the shop's news (accepts_marketing), creating a customer without a
  // password when there is none. validation_failed for a bad email.
  Result<Customer> subscribe(const std::string& workspace_id, const std::string& email);

  struct Session {
    Customer customer;
    std::string token;  // shown once: the cookie value
  };
  // A new session for the right password. unauthorized ("email or password is wrong") for a wrong
  // password, an unknown email or an account without a password, after the same work.
  Result<Session> login(const std::string& workspace_id, const std::string& email,
                        const std::string& password);

  // The customer of a live session; unauthorized for an unknown, expired or ended one.
  Result<Customer> authenticate(const std::string& workspace_id, const std::string& token);

  // Ends the session (unknown tokens are fine).
  Status logout(const std::string& workspace_id, const std::string& token);

  // A reset token for the account of `email`, valid for an hour; "" when there is no such
  // account (answer the shopper the same either way).
  Result<std::string> password_reset_token(const std::string& workspace_id,
                                           const std::string& email);

  // Sets a new password with a reset token and ends every session of the customer.
  // invalid_argument (pointer /token) for a forged, expired or used token; validation_failed
  // (pointer /password) for a bad password.
  Result<Customer> reset_password(const std::string& workspace_id, const std::string& token,
                                  const std::string& password);

 private:
  Result<std::string> secret();
  db::Database& db_;
};

// Whether `email` looks like an address: one '@' with text before it and a dot after it, no
// spaces or angle brackets, at most 254 bytes.
bool plausible_email(const std::string& email);

// Words for a shopper for the codes the account forms redirect back with: errors (?error=
// unauthorized, already_exists, validation_failed, invalid_argument, rate_limited) and notices
// (?message= registered, subscribed, reset_sent, password_changed, signed_out).
std::string account_message(const std::string& code);

// The customer as the account template (ctx.user) shows it: {id, email, name,
// accepts_marketing}.
nlohmann::json to_json(const Customer& c);

}  // namespace vitrine::customers
