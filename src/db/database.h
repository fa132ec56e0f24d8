// Database: the one interface every module uses for SQL. Backends: SQLite (sqlite://path, the
// default) and PostgreSQL (postgresql://..., libpq). Statements use `?` placeholders in both;
// the PostgreSQL backend rewrites them. Dialect-specific SQL (DDL, full-text search) is chosen by
// the owning module through dialect().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace vitrine::db {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a column value. NULL is std::monostate.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

// The rows a statement returned, with column names, plus the number of rows it changed.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  int64_t changes = 0;

  bool empty() const { return rows.empty(); }
  // Index of a column by name; programmer error (throws) if absent.
  size_t column(std::string_view name) const;
  // Typed access; NULL reads as "" / 0 / 0.0. Integers and doubles convert into each other.
  std::string text(size_t row, std::string_view col) const;
  int64_t integer(size_t row, std::string_view col) const;
  double real(size_t row, std::string_view col) const;
  bool is_null(size_t row, std::string_view col) const;
  // As text() / integer(), with NULL as nullopt.
  std::optional<std::string> optional_text(size_t row, std::string_view col) const;
  std::optional<int64_t> optional_integer(size_t row, std::string_view col) const;
  // A column holding a JSON array of strings (tags, option names) as a vector; other elements
  // are skipped, and NULL or text that is not such an array reads as empty.
  std::vector<std::string> strings(size_t row, std::string_view col) const;
};

// A parameter for a nullable column: NULL when `v` is empty.
template <typename T>
Value nullable(const std::optional<T>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

// One connection, valid for the duration of a transaction callback.
class Session {
 public:
  virtual ~Session() = default;
  // Runs one statement with `?` parameters. Constraint violations return code already_exists
  // (unique) or conflict (other constraints); everything else database_error.
  virtual Result<QueryResult> exec(std::string_view sql, std::span<const Value> params = {}) = 0;
  Result<QueryResult> exec(std::string_view sql, std::initializer_list<Value> params) {
    return exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
};

class Database {
 public:
  virtual ~Database() = default;

  // Opens the database named by `url` ("sqlite:///abs/path.db", "sqlite://rel/path.db",
  // "sqlite::memory:", "postgresql://user:pass@host:5432/db?pool_size=8"). Creates the SQLite file
  // and its folder when missing; connects to PostgreSQL once, so a bad URL fails here.
  static Result<std::unique_ptr<Database>> open(const std::string& url);

  virtual Dialect dialect() const = 0;

  // Runs `fn` in one serializable transaction on one connection: commits when it returns ok,
  // rolls back when it fails or throws. Readers are never blocked. SQLite runs one writer at a
  // time; PostgreSQL runs them concurrently and, when one loses a serialization race or a
  // deadlock, rolls it back and calls `fn` again, so `fn` must do nothing but database work (or
  // work that is safe to repeat). On PostgreSQL a failed statement aborts the transaction; to
  // carry on after an expected error, run that statement in a nested transaction().
  // Calls to this Database from inside `fn` on the same thread join the running transaction
  // (a nested transaction() becomes a savepoint).
  virtual Status transaction(const std::function<Status(Session&)>& fn) = 0;

  // Runs one statement on a pooled connection in autocommit mode.
  virtual Result<QueryResult> exec(std::string_view sql, std::span<const Value> params = {}) = 0;
  Result<QueryResult> exec(std::string_view sql, std::initializer_list<Value> params) {
    return exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
};

// One schema change of one module, written once for both backends. Versions count up from 1 per
// module; applied versions are recorded in schema_migrations and never run twice. Each migration
// runs in its own transaction: `sql`, then the part for the database's dialect.
// Portable SQL: TEXT, BIGINT (64-bit on both; INTEGER is 32-bit on PostgreSQL, so only for flags
// and small numbers), DOUBLE PRECISION, and "{auto_id}" for an auto-increment primary key
// (INTEGER PRIMARY KEY AUTOINCREMENT / BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY).
struct Migration {
  std::string module;
  int version;
  std::string sql;                 // may hold several statements separated by ';'
  std::string sqlite_only = {};    // what has no common form: FTS5 tables, table rebuilds
  std::string postgres_only = {};  // tsvector columns, ALTER TABLE ... CONSTRAINT
};

// The script `m` runs on `dialect`: `sql` with "{auto_id}" replaced, then the dialect's part.
std::string migration_script(const Migration& m, Dialect dialect);

// Applies every migration not yet recorded, in (module, version) order of the list given.
Status migrate(Database& db, std::span<const Migration> migrations);

}  // namespace vitrine::db
