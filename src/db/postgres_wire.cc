#include "db/postgres_wire.h"

#include <charconv>

namespace vitrine::db::internal {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;
constexpr Oid kUnknownOid = 0;  // "infer it": the server picks the type from the context

std::string field(const PGresult* res, int code) {
  const char* v = res ? PQresultErrorField(res, code) : nullptr;
  return v ? v : "";
}

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string trim_message(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

bool retryable_sqlstate(const std::string& state) {
  return state == "40001" || state == "40P01";  // serialization failure, deadlock
}

// The server could not pick a type for a parameter sent without one, or rejected the one sent.
bool type_resolution_sqlstate(const std::string& state) {
  return state == "42P18" || state == "42725" || state == "42883" || state == "42804";
}

// An error from a statement. The message is the server's primary message, which names
// constraints and columns but no values (those are in its DETAIL line, left out on purpose).
Error pg_error(const PGresult* res, PGconn* conn) {
  std::string state = field(res, PG_DIAG_SQLSTATE);
  std::string message = field(res, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = trim_message(PQerrorMessage(conn));
  if (message.empty()) message = "unknown error";
  const char* code = errc::kDatabase;
  if (state == "23505") {
    code = errc::kAlreadyExists;
  } else if (state.starts_with("23")) {
    code = errc::kConflict;
  }
  nlohmann::json details = nlohmann::json::object();
  if (!state.empty()) details["sqlstate"] = state;
  for (auto [key, diag] :
       {std::pair{"constraint", PG_DIAG_CONSTRAINT_NAME}, std::pair{"table", PG_DIAG_TABLE_NAME},
        std::pair{"column", PG_DIAG_COLUMN_NAME}}) {
    std::string v = field(res, diag);
    if (!v.empty()) details[key] = v;
  }
  return make_error(code, "postgresql: " + message, std::move(details));
}

std::string sqlstate_of(const Error& e) {
  return e.details.is_object() ? e.details.value("sqlstate", "") : "";
}

// `sql` with every `?` outside string literals, quoted identifiers, dollar-quoted strings and
// comments replaced by $1..$n, and n.
std::pair<std::string, int> number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int count = 0;
  size_t i = 0;
  const size_t n = sql.size();
  auto copy_to = [&](size_t end) {
    end = std::min(end, n);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    char c = sql[i];
    char next = i + 1 < n ? sql[i + 1] : '\0';
    if (c == '\'' || c == '"') {
      // E'...' strings also escape with backslashes.
      bool backslashes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                         (i < 2 || !is_ident_char(sql[i - 2]));
      size_t j = i + 1;
      while (j < n) {
        if (backslashes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;  // doubled quote inside the literal
          } else {
            break;
          }
        } else {
          ++j;
        }
      }
      copy_to(j + 1);
    } else if (c == '-' && next == '-') {
      size_t end = sql.find('\n', i);
      copy_to(end == std::string_view::npos ? n : end + 1);
    } else if (c == '/' && next == '*') {
      int depth = 0;  // block comments nest in PostgreSQL
      size_t j = i;
      while (j < n) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '$' && (i == 0 || !is_ident_char(sql[i - 1]))) {
      // $tag$ ... $tag$ (tag may be empty); "$1" is a parameter, not a quote.
      size_t j = i + 1;
      while (j < n && is_ident_char(sql[j]) && sql[j] != '$') ++j;
      bool tag_ok = j < n && sql[j] == '$' && !(next >= '0' && next <= '9');
      if (!tag_ok) {
        copy_to(i + 1);
        continue;
      }
      std::string_view tag = sql.substr(i, j - i + 1);
      size_t close = sql.find(tag, j + 1);
      copy_to(close == std::string_view::npos ? n : close + tag.size());
    } else if (c == '?') {
      out += "$" + std::to_string(++count);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return {std::move(out), count};
}

Oid param_oid(const Value& v, TypeStrategy strategy) {
  if (strategy == TypeStrategy::kInferEverything) return kUnknownOid;
  if (std::holds_alternative<int64_t>(v)) return kInt8Oid;
  if (std::holds_alternative<double>(v)) return kFloat8Oid;
  return strategy == TypeStrategy::kTextUnknowns ? kTextOid : kUnknownOid;
}

char kind_letter(const Value& v) {
  switch (v.index()) {
    case 0:
      return 'n';
    case 1:
      return 'i';
    case 2:
      return 'd';
    default:
      return 's';
  }
}

std::string double_text(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}

Value column_value(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* p = PQgetvalue(res, row, col);
  size_t len = static_cast<size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t v = 0;
      std::from_chars(p, p + len, v);
      return v;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double v = 0;
      // from_chars rejects a leading '+' and reads "Infinity"/"NaN" like the server writes them.
      std::from_chars(p, p + len, v);
      return v;
    }
    case kBoolOid:
      return int64_t{len > 0 && p[0] == 't'};
    default:
      return std::string(p, len);
  }
}

}  // namespace vitrine::db::internal
