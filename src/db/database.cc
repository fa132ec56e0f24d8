#include "db/database.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/clock.h"
#include "db/postgres_database.h"
#include "db/script_session.h"
#include "db/sqlite_database.h"

namespace vitrine::db {
namespace {

const Value& cell(const QueryResult& r, size_t row, std::string_view col) {
  size_t c = r.column(col);
  if (row >= r.rows.size()) {
    throw std::out_of_range("QueryResult: row " + std::to_string(row) + " of " +
                            std::to_string(r.rows.size()));
  }
  return r.rows[row].at(c);
}

std::string scheme_of(std::string_view url) {
  size_t colon = url.find(':');
  return std::string(colon == std::string_view::npos ? url : url.substr(0, colon));
}

// Any number; every Vitrine process migrating the same PostgreSQL database uses this one.
constexpr int64_t kMigrationLockKey = 0x7669747269'6e65;  // "vitrine"

// Serialises migrations across processes. On SQLite the write transaction already does (its
// BEGIN IMMEDIATE takes the database's write lock). On PostgreSQL, transactions run
// SERIALIZABLE and would both create the same table; instead a transaction-scoped advisory lock
// makes the second process wait for the first to commit, and READ COMMITTED (set before the
// first statement takes a snapshot) lets it then see what the first one recorded.
Status lock_migrations(Database& db, Session& s) {
  if (db.dialect() != Dialect::kPostgres) return {};
  auto* script = dynamic_cast<internal::ScriptSession*>(&s);
  if (script == nullptr) return fail(errc::kInternal, "this backend cannot run scripts");
  return script->exec_script(
      "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SELECT "
      "pg_advisory_xact_lock(" +
      std::to_string(kMigrationLockKey) + ")");
}

}  // namespace

size_t QueryResult::column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  throw std::out_of_range("QueryResult: no column named '" + std::string(name) + "'");
}

std::string QueryResult::text(size_t row, std::string_view col) const {
  const Value& v = cell(*this, row, col);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, end);
  }
  return "";
}

int64_t QueryResult::integer(size_t row, std::string_view col) const {
  const Value& v = cell(*this, row, col);
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double QueryResult::real(size_t row, std::string_view col) const {
  const Value& v = cell(*this, row, col);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    double out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0.0;
}

bool QueryResult::is_null(size_t row, std::string_view col) const {
  return std::holds_alternative<std::monostate>(cell(*this, row, col));
}

std::optional<std::string> QueryResult::optional_text(size_t row, std::string_view col) const {
  if (is_null(row, col)) return std::nullopt;
  return text(row, col);
}

std::optional<int64_t> QueryResult::optional_integer(size_t row, std::string_view col) const {
  if (is_null(row, col)) return std::nullopt;
  return integer(row, col);
}

std::vector<std::string> QueryResult::strings(size_t row, std::string_view col) const {
  std::vector<std::string> out;
  const nlohmann::json parsed = nlohmann::json::parse(text(row, col), nullptr, false);
  if (parsed.is_array())
    for (const auto& v : parsed)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Result<std::unique_ptr<Database>> Database::open(const std::string& url) {
  std::string scheme = scheme_of(url);
  if (scheme == "sqlite") return internal::open_sqlite(std::string_view(url).substr(7));
  if (scheme == "postgresql" || scheme == "postgres") return internal::open_postgres(url);
  // Only the scheme is echoed: the rest of a database URL may hold a password.
  return fail(errc::kConfig, "unsupported database URL scheme '" + scheme +
                                 "': expected sqlite:///abs/path.db, sqlite://relative/path.db, "
                                 "sqlite::memory: or postgresql://user:pass@host:5432/db");
}

std::string migration_script(const Migration& m, Dialect dialect) {
  const bool sqlite = dialect == Dialect::kSqlite;
  constexpr std::string_view kAutoId = "{auto_id}";
  std::string script = m.sql;
  for (size_t at = script.find(kAutoId); at != std::string::npos; at = script.find(kAutoId, at)) {
    std::string_view key = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                  : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    script.replace(at, kAutoId.size(), key);
    at += key.size();
  }
  const std::string& own = sqlite ? m.sqlite_only : m.postgres_only;
  if (!own.empty()) script += (script.empty() ? "" : ";\n") + own;
  return script;
}

Status migrate(Database& db, std::span<const Migration> migrations) {
  for (const Migration& m : migrations) {
    if (m.module.empty() || m.version < 1) {
      return fail(errc::kInvalidArgument, "migration '" + m.module + "' v" +
                                              std::to_string(m.version) +
                                              ": needs a module name and a version from 1");
    }
  }
  VITRINE_TRY(db.transaction([&](Session& s) -> Status {
    VITRINE_TRY(lock_migrations(db, s));
    VITRINE_TRY(s.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT "
        "NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))"));
    return {};
  }));

  for (const Migration& m : migrations) {
    const std::string sql = migration_script(m, db.dialect());
    // The "already applied?" check runs inside the write transaction, so when two processes
    // start at once the second one waits for the first and then sees its record.
    Status st = db.transaction([&](Session& s) -> Status {
      VITRINE_TRY(lock_migrations(db, s));
      VITRINE_ASSIGN(QueryResult applied,
                     s.exec("SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?",
                            {m.module, int64_t{m.version}}));
      if (!applied.empty()) return {};
      auto* script = dynamic_cast<internal::ScriptSession*>(&s);
      if (script == nullptr) return fail(errc::kInternal, "this backend cannot run scripts");
      VITRINE_TRY(script->exec_script(sql));
      VITRINE_TRY(
          s.exec("INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)",
                 {m.module, int64_t{m.version}, now_iso8601()}));
      return {};
    });
    if (!st.ok()) {
      Error e = std::move(st.error());
      e.message = "migration " + m.module + " v" + std::to_string(m.version) + ": " + e.message;
      return e;
    }
  }
  return {};
}

}  // namespace vitrine::db
