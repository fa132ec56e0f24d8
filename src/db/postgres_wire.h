// Internal to the PostgreSQL backend: the libpq level below a connection (handles, errors,
// placeholder numbering, parameter types and column values), used by postgres_database.cc.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "db/database.h"

namespace vitrine::db::internal {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* res) const { PQclear(res); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;
using PgResult = std::unique_ptr<PGresult, ResultClearer>;

// libpq's message without its trailing newline.
std::string trim_message(std::string s);

// SQLSTATEs a whole transaction may be run again for: serialization failure, deadlock.
bool retryable_sqlstate(const std::string& state);

// The server could not pick a type for a parameter sent without one, or rejected the one sent.
bool type_resolution_sqlstate(const std::string& state);

// An error from a statement. The message is the server's primary message, which names
// constraints and columns but no values (those are in its DETAIL line, left out on purpose).
Error pg_error(const PGresult* res, PGconn* conn);

// The SQLSTATE pg_error recorded in `e`, or "".
std::string sqlstate_of(const Error& e);

// `sql` with every `?` outside string literals, quoted identifiers, dollar-quoted strings and
// comments replaced by $1..$n, and n.
std::pair<std::string, int> number_placeholders(std::string_view sql);

// How parameters are typed when a statement is prepared. kNatural first; the others only for
// statements where the server could not resolve a type (remembered per SQL text).
enum class TypeStrategy : uint8_t {
  kNatural,         // int8, float8; strings and NULL inferred
  kTextUnknowns,    // int8, float8; strings and NULL as text
  kInferEverything  // nothing typed: the server infers every parameter from its context
};
constexpr int kStrategyCount = 3;

// The type OID `v` is sent with under `strategy` (0: the server infers it).
Oid param_oid(const Value& v, TypeStrategy strategy);

// One letter per Value kind ('n'ull, 'i'nteger, 'd'ouble, 's'tring): part of a prepared
// statement's cache key, since its parameter types depend on them.
char kind_letter(const Value& v);

// `d` as the shortest text that reads back to the same double.
std::string double_text(double d);

// The value of one cell, by its column's type: integers, floating point and booleans become
// int64/double (booleans 0/1), everything else text; NULL becomes monostate.
Value column_value(const PGresult* res, int row, int col);

// Which parameter types work for which statement, shared by every connection of a Database.
class TypeChoices {
 public:
  TypeStrategy get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = choices_.find(key);
    return it == choices_.end() ? TypeStrategy::kNatural : it->second;
  }
  // Moves `key` past `failed`; false when every strategy has been tried.
  bool advance(const std::string& key, TypeStrategy failed) {
    int next = static_cast<int>(failed) + 1;
    if (next >= kStrategyCount) return false;
    std::lock_guard lock(mu_);
    TypeStrategy& current = choices_[key];
    current = std::max(current, static_cast<TypeStrategy>(next));
    return true;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, TypeStrategy> choices_;
};

}  // namespace vitrine::db::internal
