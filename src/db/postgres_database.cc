#include "db/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/url.h"
#include "db/active_transactions.h"
#include "db/connection_pool.h"
#include "db/postgres_wire.h"
#include "db/script_session.h"

namespace vitrine::db::internal {
namespace {

constexpr size_t kDefaultPoolSize = 8;
constexpr size_t kMaxPoolSize = 1000;
constexpr size_t kMaxCachedStatements = 512;
// A transaction that keeps losing serialization races (a row every process writes at once) is run
// again for up to this long, like SQLite writers wait up to their busy timeout for the lock.
constexpr auto kRetryFor = std::chrono::seconds(10);
constexpr int kMinAttempts = 3;  // even when one slow attempt used up kRetryFor

// True when a failed attempt started at `first_start` may be followed by attempt `attempt + 1`.
bool may_retry(int attempt, std::chrono::steady_clock::time_point first_start) {
  return attempt < kMinAttempts || std::chrono::steady_clock::now() - first_start < kRetryFor;
}

// Sleeps a random while, longer after each failed attempt, so racing transactions spread out.
void backoff(int attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  int ceiling_ms = std::min(100, 1 << std::min(attempt, 7));
  std::uniform_int_distribution<int> pick(0, ceiling_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(rng)));
}

// One libpq connection with its prepared statements. Used by one thread at a time.
class Connection {
 public:
  Connection(ConnPtr conn, TypeChoices& types) : conn_(std::move(conn)), types_(types) {
    // Notices ("table exists, skipping") would otherwise go to stderr.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool broken() const { return PQstatus(conn_.get()) != CONNECTION_OK; }
  bool in_transaction() const { return PQtransactionStatus(conn_.get()) != PQTRANS_IDLE; }
  bool transaction_failed() const { return PQtransactionStatus(conn_.get()) == PQTRANS_INERROR; }

  // Set when a statement of the running transaction failed in a way that running the whole
  // transaction again can fix (serialization failure, deadlock, stale statement).
  bool retry_requested() const { return retry_requested_; }

  Result<QueryResult> exec(std::string_view sql, std::span<const Value> params) {
    if (transaction_failed()) {
      // The server would answer "current transaction is aborted"; name the actual cause.
      std::string cause = last_failure_ ? last_failure_->message : "a statement failed";
      return fail(errc::kDatabase, "postgresql: an earlier statement of this transaction failed (" +
                                       cause + "); nothing runs until it is rolled back");
    }
    const auto first_start = std::chrono::steady_clock::now();
    for (int attempt = 1;; ++attempt) {
      bool again = false;
      auto result = exec_once(sql, params, again);
      if (result.ok() || !again) return result;
      if (in_transaction()) {
        // The transaction is aborted; the caller's transaction() runs it again.
        retry_requested_ = true;
        return result;
      }
      if (!may_retry(attempt, first_start)) return result;
      if (retryable_sqlstate(sqlstate_of(result.error()))) backoff(attempt);
    }
  }

  // Runs `sql` (possibly several statements) with the simple query protocol.
  Status exec_script(std::string_view sql) {
    std::string text(sql);
    PgResult res(PQexec(conn_.get(), text.c_str()));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return {};
    return note_failure(pg_error(res.get(), conn_.get()));
  }

  Status begin() {
    retry_requested_ = false;
    last_failure_.reset();
    return exec_script("BEGIN ISOLATION LEVEL SERIALIZABLE");
  }

  Status commit() {
    if (transaction_failed()) {
      // PostgreSQL would answer COMMIT with ROLLBACK; say which statement spoiled it.
      Error e = last_failure_ ? *last_failure_
                              : make_error(errc::kDatabase, "postgresql: transaction aborted");
      e.message += " (an earlier statement of this transaction failed, so it was rolled back)";
      return e;
    }
    PgResult res(PQexec(conn_.get(), "COMMIT"));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
      return note_failure(pg_error(res.get(), conn_.get()));
    if (std::string_view(PQcmdStatus(res.get())) != "COMMIT")
      return fail(errc::kDatabase, "postgresql: the transaction was rolled back at COMMIT");
    return {};
  }

  void rollback() {
    if (!broken() && in_transaction()) (void)exec_script("ROLLBACK");
  }

  // Frees server-side statements whose plans went stale; only possible outside a transaction.
  void tidy() {
    if (stale_.empty() || broken() || in_transaction()) return;
    for (const std::string& name : stale_) (void)exec_script("DEALLOCATE " + name);
    stale_.clear();
  }

 private:
  struct Prepared {
    std::string name;
    int placeholders;
  };

  Error note_failure(Error e) {
    if (retryable_sqlstate(sqlstate_of(e))) retry_requested_ = true;
    last_failure_ = e;
    return e;
  }

  // One try; sets `again` when a retry (with other parameter types or a fresh plan) can fix it.
  Result<QueryResult> exec_once(std::string_view sql, std::span<const Value> params, bool& again) {
    std::string choice_key(sql);
    choice_key += '\0';
    for (const Value& v : params) choice_key += kind_letter(v);
    TypeStrategy strategy = types_.get(choice_key);

    std::vector<Oid> oids;
    oids.reserve(params.size());
    for (const Value& v : params) oids.push_back(param_oid(v, strategy));
    std::string cache_key(sql);
    cache_key += '\0';
    cache_key.append(reinterpret_cast<const char*>(oids.data()), oids.size() * sizeof(Oid));

    auto it = cache_.find(cache_key);
    if (it == cache_.end()) {
      auto [numbered, count] = number_placeholders(sql);
      if (static_cast<size_t>(count) != params.size()) return count_mismatch(count, params.size());
      if (cache_.size() >= kMaxCachedStatements) forget_statements();
      std::string name = "vitrine_" + std::to_string(++statement_counter_);
      PgResult res(PQprepare(conn_.get(), name.c_str(), numbered.c_str(),
                             static_cast<int>(oids.size()), oids.data()));
      if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
        Error e = note_failure(pg_error(res.get(), conn_.get()));
        if (type_resolution_sqlstate(sqlstate_of(e)) && types_.advance(choice_key, strategy))
          again = true;
        return e;
      }
      it = cache_.emplace(std::move(cache_key), Prepared{std::move(name), count}).first;
    }
    const Prepared& prepared = it->second;
    if (static_cast<size_t>(prepared.placeholders) != params.size())
      return count_mismatch(prepared.placeholders, params.size());

    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          return fail(errc::kDatabase, "postgresql: parameter " + std::to_string(i + 1) +
                                           " holds a NUL byte, which PostgreSQL text cannot store");
        }
        values[i] = s->c_str();
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        texts[i] = std::to_string(*n);
        values[i] = texts[i].c_str();
      } else if (const auto* d = std::get_if<double>(&v)) {
        texts[i] = double_text(*d);
        values[i] = texts[i].c_str();
      }
    }
    PgResult res(PQexecPrepared(conn_.get(), prepared.name.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, 0));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = note_failure(pg_error(res.get(), conn_.get()));
      std::string state = sqlstate_of(e);
      if (state == "0A000" && e.message.find("cached plan") != std::string::npos) {
        // The table changed shape since the statement was prepared (another process migrated):
        // prepare it again.
        stale_.push_back(prepared.name);
        cache_.erase(it);
        again = true;
      } else if (retryable_sqlstate(state)) {
        again = true;
      }
      return e;
    }
    return to_query_result(res.get());
  }

  static Error count_mismatch(int expected, size_t given) {
    return make_error(errc::kDatabase, "postgresql: statement has " + std::to_string(expected) +
                                           " parameters but " + std::to_string(given) +
                                           " values were given");
  }

  void forget_statements() {
    for (auto& [key, p] : cache_) stale_.push_back(p.name);
    cache_.clear();
    tidy();
  }

  static QueryResult to_query_result(const PGresult* res) {
    QueryResult result;
    int ncols = PQnfields(res);
    int nrows = PQntuples(res);
    result.columns.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) result.columns.emplace_back(PQfname(res, c));
    result.rows.reserve(static_cast<size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value>& row = result.rows.emplace_back();
      row.reserve(static_cast<size_t>(ncols));
      for (int c = 0; c < ncols; ++c) row.push_back(column_value(res, r, c));
    }
    // PQcmdTuples also counts the rows a SELECT returned; only writes count as changes.
    std::string_view tag = PQcmdStatus(const_cast<PGresult*>(res));
    if (tag.starts_with("INSERT") || tag.starts_with("UPDATE") || tag.starts_with("DELETE") ||
        tag.starts_with("MERGE")) {
      std::string_view n = PQcmdTuples(const_cast<PGresult*>(res));
      std::from_chars(n.data(), n.data() + n.size(), result.changes);
    }
    return result;
  }

  ConnPtr conn_;
  TypeChoices& types_;
  std::unordered_map<std::string, Prepared> cache_;
  std::vector<std::string> stale_;
  uint64_t statement_counter_ = 0;
  bool retry_requested_ = false;
  std::optional<Error> last_failure_;
};

class PostgresSession final : public Session, public ScriptSession {
 public:
  explicit PostgresSession(Connection& conn) : conn_(conn) {}
  Result<QueryResult> exec(std::string_view sql, std::span<const Value> params) override {
    return conn_.exec(sql, params);
  }
  Status exec_script(std::string_view sql) override { return conn_.exec_script(sql); }

 private:
  Connection& conn_;
};

// Transactions of one Database pass this gate. A transaction runs again after losing a
// serialization race with the others; it then passes alone, so it cannot lose to the same
// process's transactions again (a hot row written by many threads would otherwise make the
// unlucky one fail after its last attempt). Transactions of other processes are still resolved
// by the retries.
class RetryGate {
 public:
  void enter(bool alone) {
    std::unique_lock lock(mu_);
    if (alone) {
      ++waiting_alone_;
      cv_.wait(lock, [&] { return running_ == 0 && !alone_; });
      --waiting_alone_;
      alone_ = true;
    } else {
      // Waiting while a retry waits too keeps a stream of new transactions from starving it.
      cv_.wait(lock, [&] { return !alone_ && waiting_alone_ == 0; });
    }
    ++running_;
  }
  void leave(bool alone) {
    std::lock_guard lock(mu_);
    --running_;
    if (alone) alone_ = false;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;
  int waiting_alone_ = 0;
  bool alone_ = false;
};

class PostgresDatabase;

using ActiveTransaction = internal::ActiveTransaction<Connection>;
using ActiveScope = internal::ActiveScope<Connection>;
ActiveTransaction* find_active(const PostgresDatabase* db) {
  return internal::find_active<Connection>(db);
}

// The pieces of a URL that must not reach a message: the password, raw and percent-decoded.
std::vector<std::string> secrets_of(const std::string& url) {
  std::vector<std::string> out;
  if (auto parts = parse_url(url); parts.ok() && parts->has_password) {
    out.push_back(parts->encoded_password);
    out.push_back(parts->password);
  }
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (err) PQfreemem(err);
  if (opts) {
    for (PQconninfoOption* o = opts; o->keyword; ++o)
      if (std::string_view(o->keyword) == "password" && o->val && *o->val) out.push_back(o->val);
    PQconninfoFree(opts);
  }
  std::erase_if(out, [](const std::string& s) { return s.empty(); });
  return out;
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& s : secrets) {
    for (size_t pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos + 3))
      text.replace(pos, s.size(), "***");
  }
  return text;
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string conninfo, std::vector<std::string> secrets, size_t max_connections)
      : conninfo_(std::move(conninfo)),
        secrets_(std::move(secrets)),
        pool_(
            max_connections, [this] { return connect(); },
            [](Connection& conn) {
              conn.rollback();  // never hand on a connection inside a transaction
              conn.tidy();
              return !conn.broken() && !conn.in_transaction();
            }) {}

  // Opens the first connection now so a wrong URL or an unreachable server fails at open time.
  Status warm_up() { return pool_.warm_up(); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Status transaction(const std::function<Status(Session&)>& fn) override {
    if (ActiveTransaction* active = find_active(this)) return savepoint(*active, fn);
    const auto first_start = std::chrono::steady_clock::now();
    for (int attempt = 1;; ++attempt) {
      if (attempt > 1) backoff(attempt - 1);
      // The gate first and the connection second: nobody waits at the gate holding a connection.
      const bool alone = attempt > 1;
      gate_.enter(alone);
      struct GateExit {
        RetryGate& gate;
        bool alone;
        ~GateExit() { gate.leave(alone); }
      } gate_exit{gate_, alone};
      VITRINE_ASSIGN(auto lease, pool_.acquire());
      Connection& conn = lease.conn();
      Status begun = conn.begin();
      if (!begun.ok()) {
        // An idle connection the server dropped (restart, idle timeout): nothing ran yet, so
        // another connection can start over.
        if (conn.broken() && may_retry(attempt, first_start)) continue;
        return begun;
      }
      Status result;
      {
        ActiveScope scope(this, &conn);
        PostgresSession session(conn);
        try {
          result = fn(session);
        } catch (...) {
          conn.rollback();
          throw;
        }
      }
      if (result.ok()) result = conn.commit();
      if (result.ok()) return result;
      conn.rollback();
      if (!conn.retry_requested() || !may_retry(attempt, first_start)) return result;
    }
  }

  Result<QueryResult> exec(std::string_view sql, std::span<const Value> params) override {
    if (ActiveTransaction* active = find_active(this)) return active->conn->exec(sql, params);
    VITRINE_ASSIGN(auto lease, pool_.acquire());
    return lease.conn().exec(sql, params);
  }

 private:
  Result<std::unique_ptr<Connection>> connect() {
    const char* keys[] = {"dbname", "client_encoding", "fallback_application_name", nullptr};
    const char* values[] = {conninfo_.c_str(), "UTF8", "vitrine", nullptr};
    ConnPtr conn(PQconnectdbParams(keys, values, /*expand_dbname=*/1));
    if (!conn) return fail(errc::kDatabase, "postgresql: out of memory while connecting");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      auto text = [](const char* s) { return std::string(s && *s ? s : "?"); };
      std::string where = "database '" + text(PQdb(conn.get())) + "' on " +
                          text(PQhost(conn.get())) + ":" + text(PQport(conn.get())) + " as user '" +
                          text(PQuser(conn.get())) + "'";
      std::string why = trim_message(PQerrorMessage(conn.get()));
      return fail(errc::kDatabase,
                  redact("postgresql: cannot connect to " + where + ": " + why, secrets_));
    }
    return std::make_unique<Connection>(std::move(conn), types_);
  }

  static Status savepoint(ActiveTransaction& active, const std::function<Status(Session&)>& fn) {
    Connection& conn = *active.conn;
    std::string name = "vitrine_sp_" + std::to_string(++active.depth);
    struct DepthGuard {
      int& depth;
      ~DepthGuard() { --depth; }
    } depth_guard{active.depth};
    VITRINE_TRY(conn.exec_script("SAVEPOINT " + name));
    auto undo = [&] {
      if (!conn.broken() && conn.in_transaction()) {
        (void)conn.exec_script("ROLLBACK TO SAVEPOINT " + name);
        (void)conn.exec_script("RELEASE SAVEPOINT " + name);
      }
    };
    PostgresSession session(conn);
    Status result;
    try {
      result = fn(session);
    } catch (...) {
      undo();
      throw;
    }
    if (!result.ok()) {
      undo();
      return result;
    }
    return conn.exec_script("RELEASE SAVEPOINT " + name);
  }

  const std::string conninfo_;
  const std::vector<std::string> secrets_;
  TypeChoices types_;
  RetryGate gate_;
  // Last: its connections go before the TypeChoices they point at.
  ConnectionPool<Connection> pool_;
};

// Removes pool_size=N from the URL's query (libpq refuses parameters it does not know).
Result<std::pair<std::string, size_t>> split_pool_size(const std::string& url) {
  auto parts = parse_url(url);
  if (!parts.ok()) return std::pair{url, kDefaultPoolSize};  // libpq says what is wrong with it
  size_t pool_size = kDefaultPoolSize;
  for (const auto& [name, n] : parts->params) {
    if (name != "pool_size") continue;
    size_t v = 0;
    auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
    if (ec != std::errc() || end != n.data() + n.size() || v < 1 || v > kMaxPoolSize) {
      return fail(errc::kConfig, "database URL: pool_size must be a whole number from 1 to " +
                                     std::to_string(kMaxPoolSize));
    }
    pool_size = v;
  }
  return std::pair{remove_query_param(url, "pool_size"), pool_size};
}

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url) {
  VITRINE_ASSIGN(auto split, split_pool_size(url));
  auto [conninfo, pool_size] = std::move(split);
  std::vector<std::string> secrets = secrets_of(url);
  auto db = std::make_unique<PostgresDatabase>(std::move(conninfo), std::move(secrets), pool_size);
  VITRINE_TRY(db->warm_up());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace vitrine::db::internal
