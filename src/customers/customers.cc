#include "customers/customers.h"

#include <algorithm>

#include "auth/passwords.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/problems.h"
#include "core/text.h"

namespace vitrine::customers {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  password_hash TEXT,
  accepts_marketing INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX customers_email ON customers(workspace_id, email);
CREATE TABLE customer_sessions (
  token_hash TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX customer_sessions_by_customer ON customer_sessions(customer_id);
CREATE TABLE customer_secrets (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  secret TEXT NOT NULL
);
)sql";

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

Customer from_row(const db::QueryResult& r, size_t i) {
  Customer c;
  c.id = r.text(i, "id");
  c.workspace_id = r.text(i, "workspace_id");
  c.email = r.text(i, "email");
  c.name = r.text(i, "name");
  c.accepts_marketing = r.integer(i, "accepts_marketing") != 0;
  c.has_password = !r.is_null(i, "password_hash");
  c.created_at = r.text(i, "created_at");
  return c;
}

Error wrong_login() { return make_error(errc::kUnauthorized, "email or password is wrong"); }

Error bad_reset_token() {
  return make_error(errc::kInvalidArgument,
                    "/token: this reset link is invalid, expired or already used; ask for a new "
                    "one",
                    {{"pointer", "/token"}});
}

std::string signature(const std::string& secret, const std::string& workspace_id,
                      const std::string& customer_id, int64_t expires,
                      const std::string& password_hash) {
  return hmac_sha256_hex(secret, workspace_id + "|" + customer_id + "|" + std::to_string(expires) +
                                     "|" + password_hash);
}

}  // namespace

bool plausible_email(const std::string& e) {
  const auto at = e.find('@');
  return e.size() <= 254 && at != std::string::npos && at > 0 &&
         e.find('@', at + 1) == std::string::npos && e.find('.', at) != std::string::npos &&
         e.back() != '.' && e.find_first_of(" <>\"\t\r\n") == std::string::npos;
}

std::vector<db::Migration> CustomerService::migrations() { return {{"customers", 1, kSchema}}; }

Result<std::string> CustomerService::secret() {
  VITRINE_TRY(
      db_.exec("INSERT INTO customer_secrets (id, secret) VALUES (1, ?) "
               "ON CONFLICT (id) DO NOTHING",
               {random_alnum(48)}));
  VITRINE_ASSIGN(auto r, db_.exec("SELECT secret FROM customer_secrets WHERE id = 1"));
  return r.text(0, "secret");
}

Result<Customer> CustomerService::register_customer(const std::string& workspace_id,
                                                    const std::string& raw_email,
                                                    const std::string& password,
                                                    const std::string& raw_name,
                                                    bool accepts_marketing) {
  const std::string email = lower(trim_space(raw_email));
  const std::string name = trim_space(raw_name);
  json problems = json::array();
  if (!plausible_email(email))
    problems.push_back({{"pointer", "/email"}, {"message", "must be an email address"}});
  if (Status p = auth::check_password_policy(password); !p.ok())
    problems.push_back({{"pointer", "/password"}, {"message", "must have 8 to 1024 bytes"}});
  if (name.size() > kMaxNameLength * 4)
    problems.push_back({{"pointer", "/name"}, {"message", "must be at most 120 characters"}});
  if (!problems.empty()) return validation_failed("invalid account details", problems);
  VITRINE_ASSIGN(std::string hash, auth::hash_password(password));
  Customer c;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto existing,
                   s.exec("SELECT * FROM customers WHERE workspace_id = ? AND email = ?",
                          {workspace_id, email}));
    const std::string now = now_iso8601();
    if (!existing.empty()) {
      c = from_row(existing, 0);
      if (c.has_password)
        return fail(errc::kAlreadyExists,
                    "/email: there is already an account with this email; sign in or reset the "
                    "password",
                    {{"pointer", "/email"}});
      VITRINE_TRY(
          s.exec("UPDATE customers SET password_hash = ?, name = ?, "
                 "accepts_marketing = ?, updated_at = ? WHERE id = ?",
                 {hash, name, int64_t{accepts_marketing || c.accepts_marketing}, now, c.id}));
      c.name = name;
      c.accepts_marketing = accepts_marketing || c.accepts_marketing;
      c.has_password = true;
      return {};
    }
    c.id = new_uuid();
    c.workspace_id = workspace_id;
    c.email = email;
    c.name = name;
    c.accepts_marketing = accepts_marketing;
    c.has_password = true;
    c.created_at = now;
    VITRINE_TRY(s.exec(
        "INSERT INTO customers (id, workspace_id, email, name, password_hash, accepts_marketing, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {c.id, workspace_id, email, name, hash, int64_t{accepts_marketing}, now, now}));
    return {};
  }));
  return c;
}

Result<Customer> CustomerService::subscribe(const std::string& workspace_id,
                                            const std::string& raw_email) {
  const std::string email = lower(trim_space(raw_email));
  if (!plausible_email(email))
    return validation_failed(
        "invalid account details",
        json::array({{{"pointer", "/email"}, {"message", "must be an email address"}}}));
  Customer c;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    const std::string now = now_iso8601();
    VITRINE_TRY(s.exec(
        "INSERT INTO customers (id, workspace_id, email, accepts_marketing, created_at, "
        "updated_at) VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (workspace_id, email) DO UPDATE SET "
        "accepts_marketing = 1, updated_at = excluded.updated_at",
        {new_uuid(), workspace_id, email, now, now}));
    VITRINE_ASSIGN(auto r, s.exec("SELECT * FROM customers WHERE workspace_id = ? AND email = ?",
                                  {workspace_id, email}));
    c = from_row(r, 0);
    return {};
  }));
  return c;
}

Result<CustomerService::Session> CustomerService::login(const std::string& workspace_id,
                                                        const std::string& raw_email,
                                                        const std::string& password) {
  const std::string email = lower(trim_space(raw_email));
  if (password.size() > auth::kMaxPasswordLength) return wrong_login();
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM customers WHERE workspace_id = ? AND email = ?",
                                  {workspace_id, email}));
  const bool known = !r.empty() && !r.is_null(0, "password_hash");
  // Unknown emails cost a verification too, so timing does not tell which emails have accounts.
  const bool ok = auth::verify_password(
      password, known ? r.text(0, "password_hash") : auth::dummy_password_hash());
  if (!known || !ok) return wrong_login();
  Session session;
  session.customer = from_row(r, 0);
  session.token = random_alnum(32);
  VITRINE_TRY(db_.exec(
      "INSERT INTO customer_sessions (token_hash, customer_id, workspace_id, expires_at, "
      "created_at) VALUES (?, ?, ?, ?, ?)",
      {sha256_hex(session.token), session.customer.id, workspace_id,
       unix_now() + std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime).count(),
       now_iso8601()}));
  return session;
}

Result<Customer> CustomerService::authenticate(const std::string& workspace_id,
                                               const std::string& token) {
  if (token.empty() || token.size() > 128) return make_error(errc::kUnauthorized, "not signed in");
  VITRINE_ASSIGN(auto r, db_.exec("SELECT c.* FROM customer_sessions s JOIN customers c ON "
                                  "c.id = s.customer_id WHERE s.token_hash = ? AND "
                                  "s.workspace_id = ? AND s.expires_at > ?",
                                  {sha256_hex(token), workspace_id, unix_now()}));
  if (r.empty()) return make_error(errc::kUnauthorized, "not signed in (the session ended)");
  return from_row(r, 0);
}

Status CustomerService::logout(const std::string& workspace_id, const std::string& token) {
  VITRINE_TRY(db_.exec("DELETE FROM customer_sessions WHERE token_hash = ? AND workspace_id = ?",
                       {sha256_hex(token), workspace_id}));
  return {};
}

Result<std::string> CustomerService::password_reset_token(const std::string& workspace_id,
                                                          const std::string& raw_email) {
  const std::string email = lower(trim_space(raw_email));
  VITRINE_ASSIGN(auto r, db_.exec("SELECT id, password_hash FROM customers WHERE "
                                  "workspace_id = ? AND email = ? AND password_hash IS NOT NULL",
                                  {workspace_id, email}));
  if (r.empty()) return std::string();
  VITRINE_ASSIGN(std::string key, secret());
  const int64_t expires =
      unix_now() + std::chrono::duration_cast<std::chrono::seconds>(kResetTokenLifetime).count();
  const std::string id = r.text(0, "id");
  return id + "." + std::to_string(expires) + "." +
         signature(key, workspace_id, id, expires, r.text(0, "password_hash"));
}

Result<Customer> CustomerService::reset_password(const std::string& workspace_id,
                                                 const std::string& token,
                                                 const std::string& password) {
  const size_t a = token.find('.');
  const size_t b = a == std::string::npos ? a : token.find('.', a + 1);
  if (b == std::string::npos || token.size() > 256) return bad_reset_token();
  const std::string id = token.substr(0, a);
  int64_t expires = 0;
  try {
    expires = std::stoll(token.substr(a + 1, b - a - 1));
  } catch (...) {
    return bad_reset_token();
  }
  if (expires < unix_now()) return bad_reset_token();
  if (Status p = auth::check_password_policy(password); !p.ok())
    return validation_failed(
        "invalid account details",
        json::array({{{"pointer", "/password"}, {"message", "must have 8 to 1024 bytes"}}}));
  VITRINE_ASSIGN(std::string key, secret());
  VITRINE_ASSIGN(std::string hash, auth::hash_password(password));
  Customer c;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto r, s.exec("SELECT * FROM customers WHERE id = ? AND workspace_id = ? AND "
                                  "password_hash IS NOT NULL",
                                  {id, workspace_id}));
    if (r.empty()) return bad_reset_token();
    const std::string expected =
        signature(key, workspace_id, id, expires, r.text(0, "password_hash"));
    if (!constant_time_equal(expected, token.substr(b + 1))) return bad_reset_token();
    c = from_row(r, 0);
    VITRINE_TRY(s.exec("UPDATE customers SET password_hash = ?, updated_at = ? WHERE id = ?",
                       {hash, now_iso8601(), id}));
    VITRINE_TRY(s.exec("DELETE FROM customer_sessions WHERE customer_id = ?", {id}));
    return {};
  }));
  return c;
}

std::string account_message(const std::string& code) {
  if (code == errc::kUnauthorized) return "Email or password is wrong.";
  if (code == errc::kAlreadyExists)
    return "There is already an account with this email. Sign in, or reset the password.";
  if (code == errc::kValidationFailed)
    return "Check the email address; passwords need at least 8 characters.";
  if (code == errc::kInvalidArgument)
    return "This reset link is invalid, expired or already used. Ask for a new one.";
  if (code == errc::kRateLimited) return "Too many attempts. Wait a minute and try again.";
  if (code == "registered") return "Welcome! Your account is ready.";
  if (code == "subscribed") return "Thank you: you will hear from us when there is news.";
  if (code == "reset_sent")
    return "If an account uses that email, a link to choose a new password is on its way.";
  if (code == "password_changed") return "Your password is changed. Sign in with it.";
  if (code == "signed_out") return "You are signed out.";
  return "Something went wrong. Please try again.";
}

json to_json(const Customer& c) {
  return {{"id", c.id},
          {"email", c.email},
          {"name", c.name},
          {"accepts_marketing", c.accepts_marketing}};
}

}  // namespace vitrine::customers
