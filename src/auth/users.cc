#include "auth/users.h"

#include "auth/passwords.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "events/event_bus.h"

namespace vitrine::auth {
namespace {

constexpr size_t kMaxEmailLength = 254;  // RFC 5321 path limit
constexpr size_t kMaxTokenLabelLength = 100;
constexpr const char* kUserColumns = "id, email, tier, created_at, updated_at";

User user_from(const db::QueryResult& r, size_t row) {
  return User{r.text(row, "id"), r.text(row, "email"), r.text(row, "tier"),
              r.text(row, "created_at"), r.text(row, "updated_at")};
}

Error bad_email(std::string message) {
  return make_error(errc::kInvalidArgument, "/email: " + message, {{"pointer", "/email"}});
}

Error bad_credentials() { return make_error(errc::kUnauthorized, "wrong email or password"); }

}  // namespace

bool is_valid_tier(std::string_view tier) {
  for (const char* t : kTiers)
    if (tier == t) return true;
  return false;
}

Result<std::string> normalize_email(std::string_view email) {
  size_t b = email.find_first_not_of(" \t\r\n");
  size_t e = email.find_last_not_of(" \t\r\n");
  if (b == std::string_view::npos) return bad_email("is required");
  std::string s = ascii_lower(email.substr(b, e - b + 1));
  if (s.size() > kMaxEmailLength)
    return bad_email("must be at most " + std::to_string(kMaxEmailLength) + " characters");
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"')
      return bad_email("'" + s + "' is not an email address (no spaces or special characters)");
  size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos)
    return bad_email("'" + s + "' is not an email address (expected name@domain)");
  std::string_view domain = std::string_view(s).substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos)
    return bad_email("'" + s + "' has no valid domain (expected name@example.com)");
  return s;
}

Result<User> UserService::create_user(std::string_view email, std::string_view password,
                                      std::string_view tier) {
  VITRINE_ASSIGN(std::string normalized, normalize_email(email));
  VITRINE_TRY(check_password_policy(password));
  if (!is_valid_tier(tier))
    return fail(errc::kInvalidArgument,
                "/tier: must be one of basic, pro, enterprise (got '" + std::string(tier) + "')",
                {{"pointer", "/tier"}});
  VITRINE_ASSIGN(std::string hash, hash_password(password));
  std::string now = now_iso8601();
  User u{new_uuid(), normalized, std::string(tier), now, now};
  auto inserted = db_.exec(
      "INSERT INTO users (id, email, password_hash, tier, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {u.id, u.email, hash, u.tier, u.created_at, u.updated_at});
  if (!inserted.ok()) {
    if (inserted.error().code == errc::kAlreadyExists)
      return fail(errc::kAlreadyExists, "a user with email '" + u.email + "' already exists",
                  {{"pointer", "/email"}, {"email", u.email}});
    return inserted.error();
  }
  return u;
}

Result<LoginSession> UserService::login(std::string_view email, std::string_view password) {
  if (password.size() > kMaxPasswordLength) return bad_credentials();
  auto normalized = normalize_email(email);
  std::optional<db::QueryResult> found;
  if (normalized.ok()) {
    VITRINE_ASSIGN(auto r, db_.exec("SELECT id, email, tier, created_at, updated_at, "
                                    "password_hash FROM users WHERE email = ?",
                                    {*normalized}));
    if (!r.empty()) found = std::move(r);
  }
  if (!found) {
    // Same argon2id work as for a real account, so timing does not reveal which emails exist.
    (void)verify_password(password, dummy_password_hash());
    return bad_credentials();
  }
  if (!verify_password(password, found->text(0, "password_hash"))) return bad_credentials();
  User user = user_from(*found, 0);
  VITRINE_ASSIGN(IssuedToken t, tokens_.create_user_token(user.id, TokenKind::kSession, "session",
                                                          options_.session_ttl));
  return LoginSession{t.token, t.id, t.expires_at, std::move(user)};
}

Status UserService::logout(std::string_view token) { return tokens_.revoke_session(token); }

Result<IssuedToken> UserService::create_personal_token(const std::string& user_id,
                                                       std::string_view label) {
  if (label.find_first_not_of(" \t") == std::string_view::npos)
    return fail(errc::kInvalidArgument, "/label: is required", {{"pointer", "/label"}});
  if (label.size() > kMaxTokenLabelLength)
    return fail(errc::kInvalidArgument,
                "/label: must be at most " + std::to_string(kMaxTokenLabelLength) + " characters",
                {{"pointer", "/label"}});
  VITRINE_TRY(get(user_id));
  return tokens_.create_user_token(user_id, TokenKind::kPersonal, std::string(label), std::nullopt);
}

Result<std::vector<TokenInfo>> UserService::list_personal_tokens(const std::string& user_id) {
  return tokens_.list_user_tokens(user_id, TokenKind::kPersonal);
}

Status UserService::revoke_personal_token(const std::string& user_id, std::string_view token_id) {
  return tokens_.revoke_user_token(user_id, TokenKind::kPersonal, token_id);
}

Result<User> UserService::get(std::string_view user_id) {
  VITRINE_ASSIGN(auto r,
                 db_.exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?",
                          {std::string(user_id)}));
  if (r.empty())
    return fail(errc::kNotFound, "user '" + std::string(user_id) + "' not found",
                {{"user_id", std::string(user_id)}});
  return user_from(r, 0);
}

Result<User> UserService::find_by_email(std::string_view email) {
  VITRINE_ASSIGN(std::string normalized, normalize_email(email));
  VITRINE_ASSIGN(auto r,
                 db_.exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?",
                          {normalized}));
  if (r.empty())
    return fail(errc::kNotFound, "no user with email '" + normalized + "'",
                {{"email", normalized}});
  return user_from(r, 0);
}

Result<User> UserService::set_tier(std::string_view user_id, std::string_view tier) {
  if (!is_valid_tier(tier))
    return fail(errc::kInvalidArgument,
                "/tier: must be one of basic, pro, enterprise (got '" + std::string(tier) + "')",
                {{"pointer", "/tier"}});
  std::optional<User> result;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    // Compare-and-set on the old tier: a concurrent change (possible on PostgreSQL) makes the
    // UPDATE match nothing, and we read again, so old_tier in the event is always the real one.
    for (int attempt = 0; attempt < 5; ++attempt) {
      VITRINE_ASSIGN(auto r,
                     s.exec(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?",
                            {std::string(user_id)}));
      if (r.empty())
        return fail(errc::kNotFound, "user '" + std::string(user_id) + "' not found",
                    {{"user_id", std::string(user_id)}});
      User u = user_from(r, 0);
      if (u.tier == tier) {
        result = std::move(u);
        return {};
      }
      std::string now = now_iso8601();
      VITRINE_ASSIGN(auto updated,
                     s.exec("UPDATE users SET tier = ?, updated_at = ? WHERE id = ? AND tier = ?",
                            {std::string(tier), now, u.id, u.tier}));
      if (updated.changes == 0) continue;
      VITRINE_TRY(events::EventBus::emit(
          s, "tier.changed",
          {{"user_id", u.id}, {"old_tier", u.tier}, {"new_tier", std::string(tier)}}));
      u.tier = tier;
      u.updated_at = now;
      result = std::move(u);
      return {};
    }
    return fail(errc::kConflict, "the user's tier kept changing concurrently; try again");
  }));
  return std::move(*result);
}

}  // namespace vitrine::auth
