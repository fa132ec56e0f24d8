#include "db/sqlite_database.h"

#include <sched.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/active_transactions.h"
#include "db/connection_pool.h"
#include "db/script_session.h"

namespace vitrine::db::internal {
namespace {

constexpr int kBusyTimeoutMs = 10'000;
constexpr size_t kMaxPoolSize = 8;

// One connection per CPU this process may run on (at least 2, at most kMaxPoolSize). SQLite's
// work is CPU and page cache, never network, so more connections than CPUs only queue; and each
// connection keeps its own page cache, which a commit on another connection makes stale (its
// next read goes back to the WAL), so fewer connections keep their caches warm. At least 2: WAL
// lets a reader run beside a writer's open transaction, which one connection would serialize.
size_t pool_size_for_this_machine() {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  size_t n = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? static_cast<size_t>(CPU_COUNT(&cpus))
                                                           : std::thread::hardware_concurrency();
  return std::clamp<size_t>(n, 2, kMaxPoolSize);
}

// The WAL size (in pages) at which the checkpointer copies it back into the database file, and
// the size at which a committing connection does it itself because the checkpointer fell behind.
// 4000 rather than SQLite's 1000: a checkpoint writes each page once however often it changed,
// and a shop's hot pages (the last page of each index, the order counter) change in every
// checkout; measured on bench/checkout.sh, the checkpointer's share of the CPU went from 16 % to
// 13 %.
constexpr int kCheckpointPages = 4000;
constexpr int kInlineCheckpointPages = 10 * kCheckpointPages;
constexpr size_t kMaxCachedStatements = 256;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
struct SqliteFree {
  void operator()(char* p) const { sqlite3_free(p); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;
using SqliteMessage = std::unique_ptr<char, SqliteFree>;

// Maps SQLite's extended result code to one of our error codes; the message is SQLite's own.
Error sqlite_error(int extended_code, std::string_view message) {
  const char* code = errc::kDatabase;
  if ((extended_code & 0xff) == SQLITE_CONSTRAINT) {
    code =
        (extended_code == SQLITE_CONSTRAINT_UNIQUE || extended_code == SQLITE_CONSTRAINT_PRIMARYKEY)
            ? errc::kAlreadyExists
            : errc::kConflict;
  }
  return make_error(
      code, "sqlite: " + std::string(message),
      {{"sqlite_code", extended_code}, {"sqlite_error", sqlite3_errstr(extended_code)}});
}

Error connection_error(sqlite3* db) {
  return sqlite_error(sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

// True when `tail` (what follows the first statement) holds no further SQL.
bool only_separators(std::string_view tail) {
  return std::all_of(tail.begin(), tail.end(), [](char c) {
    return c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

// Resets a cached statement and clears its bindings when an exec ends, however it ends.
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementUse() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

// One SQLite connection with its prepared-statement cache. Used by one thread at a time.
class Connection {
 public:
  // Opens `filename`; after each commit, `wal_pages` (when given) hears the WAL's size.
  static Result<std::unique_ptr<Connection>> open(const std::string& filename,
                                                  std::function<void(int)>* wal_pages = nullptr) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(filename.c_str(), &raw, flags, nullptr);
    SqlitePtr db(raw);  // closed on every path below, even when opening failed
    if (rc != SQLITE_OK) {
      if (!db) return fail(errc::kDatabase, "sqlite: out of memory opening " + filename);
      return sqlite_error(sqlite3_extended_errcode(db.get()),
                          std::string(sqlite3_errmsg(db.get())) + " (" + filename + ")");
    }
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
    auto conn = std::make_unique<Connection>(std::move(db));
    // busy_timeout first, so the pragmas below wait for other processes instead of failing.
    // A 32 MiB page cache and 256 MiB of memory-mapped reads per connection: with SQLite's
    // 2 MB default a shop's catalogue of 10,000 products spent 40% of a POS batch in pread.
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
          "PRAGMA cache_size=-32768", "PRAGMA mmap_size=268435456"}) {
      Status st = conn->exec_script_with_retry(pragma);
      if (!st.ok()) {
        st.error().message += " (" + filename + ")";
        return st.error();
      }
    }
    // Replaces SQLite's own autocheckpoint, which would run inside the commit.
    if (wal_pages) sqlite3_wal_hook(conn->db_.get(), &Connection::on_commit, wal_pages);
    return conn;
  }

  explicit Connection(SqlitePtr db) : db_(std::move(db)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

  Result<QueryResult> exec(std::string_view sql, std::span<const Value> params) {
    VITRINE_ASSIGN(sqlite3_stmt * stmt, prepare(sql));
    QueryResult result;
    if (stmt == nullptr) return result;  // only whitespace or comments
    StatementUse use(stmt);

    int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<size_t>(expected) != params.size()) {
      return fail(errc::kDatabase, "sqlite: statement has " + std::to_string(expected) +
                                       " parameters but " + std::to_string(params.size()) +
                                       " values were given");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int rc = bind(stmt, static_cast<int>(i + 1), params[i]);
      if (rc != SQLITE_OK) return connection_error(db_.get());
    }

    sqlite3_int64 total_before = sqlite3_total_changes64(db_.get());
    int ncols = -1;
    while (true) {
      int rc = sqlite3_step(stmt);
      if (ncols < 0) {
        // Read after the first step: a cached statement is prepared again inside it when another
        // connection changed the schema, and `SELECT *` may then have more columns.
        ncols = sqlite3_column_count(stmt);
        result.columns.reserve(static_cast<size_t>(ncols));
        for (int c = 0; c < ncols; ++c) {
          const char* name = sqlite3_column_name(stmt, c);
          result.columns.emplace_back(name ? name : "");
        }
      }
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return connection_error(db_.get());
      std::vector<Value>& row = result.rows.emplace_back();
      row.reserve(static_cast<size_t>(ncols));
      for (int c = 0; c < ncols; ++c) row.push_back(column_value(stmt, c));
    }
    // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, so a SELECT or DDL
    // statement would report a stale number; only report it when this statement changed rows.
    if (sqlite3_total_changes64(db_.get()) != total_before) {
      result.changes = sqlite3_changes64(db_.get());
    }
    return result;
  }

  Status exec_script(std::string_view sql) {
    std::string text(sql);  // sqlite3_exec needs a NUL-terminated string
    char* raw_message = nullptr;
    int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &raw_message);
    SqliteMessage message(raw_message);
    if (rc == SQLITE_OK) return {};
    return sqlite_error(sqlite3_extended_errcode(db_.get()),
                        message ? message.get() : sqlite3_errmsg(db_.get()));
  }

  // Copies what it can of the WAL into the database file without waiting for readers or
  // writers. Returns false when SQLite refused (busy or an I/O error: the next call retries).
  bool checkpoint() {
    return sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                     nullptr) == SQLITE_OK;
  }

  // exec_script that also retries SQLITE_BUSY, for statements where SQLite may report busy
  // without consulting the busy handler (BEGIN, COMMIT, journal mode changes).
  Status exec_script_with_retry(std::string_view sql) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    while (true) {
      Status st = exec_script(sql);
      if (st.ok()) return st;
      const nlohmann::json& details = st.error().details;
      int code = details.is_object() ? details.value("sqlite_code", 0) : 0;
      bool busy = (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
      if (!busy || std::chrono::steady_clock::now() >= deadline) return st;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

 private:
  static int on_commit(void* wal_pages, sqlite3* db, const char* schema, int pages) {
    if (pages >= kInlineCheckpointPages) {
      (void)sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else {
      (*static_cast<std::function<void(int)>*>(wal_pages))(pages);
    }
    return SQLITE_OK;
  }

  // The cached statement for `sql`, prepared on first use; nullptr for an empty statement.
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second.get();

    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    StmtPtr stmt(raw);
    if (rc != SQLITE_OK) return connection_error(db_.get());
    if (!stmt) return static_cast<sqlite3_stmt*>(nullptr);
    size_t used = static_cast<size_t>(tail - sql.data());
    if (!only_separators(sql.substr(used))) {
      return fail(errc::kDatabase,
                  "sqlite: exec runs one statement at a time; more SQL follows the first one");
    }
    // Statements are reset after each use, so none is running when the cache is emptied.
    if (cache_.size() >= kMaxCachedStatements) cache_.clear();
    sqlite3_stmt* out = stmt.get();
    cache_.emplace(std::move(key), std::move(stmt));
    return out;
  }

  static int bind(sqlite3_stmt* stmt, int index, const Value& value) {
    // SQLITE_STATIC: the values outlive the statement's use, and bindings are cleared after it.
    return std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return sqlite3_bind_null(stmt, index);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            return sqlite3_bind_int64(stmt, index, v);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(stmt, index, v);
          } else {
            return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          }
        },
        value);
  }

  static Value column_value(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
      }
      case SQLITE_BLOB: {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
      }
      default:
        return std::monostate{};
    }
  }

  // Declared before the cache so the statements are finalized before the connection closes.
  SqlitePtr db_;
  std::unordered_map<std::string, StmtPtr> cache_;
};

class SqliteSession final : public Session, public ScriptSession {
 public:
  explicit SqliteSession(Connection& conn) : conn_(conn) {}
  Result<QueryResult> exec(std::string_view sql, std::span<const Value> params) override {
    return conn_.exec(sql, params);
  }
  Status exec_script(std::string_view sql) override { return conn_.exec_script(sql); }

 private:
  Connection& conn_;
};

class SqliteDatabase;

using ActiveTransaction = internal::ActiveTransaction<Connection>;
using ActiveScope = internal::ActiveScope<Connection>;
ActiveTransaction* find_active(const SqliteDatabase* db) {
  return internal::find_active<Connection>(db);
}

// Copies the WAL back into the database file on a thread and connection of its own once the WAL
// holds kCheckpointPages. Done inside a commit, as SQLite does by default, the checkpoint's two
// fsyncs would stall every writer queued behind the one that happened to cross the line.
class Checkpointer {
 public:
  explicit Checkpointer(std::string filename)
      : filename_(std::move(filename)), thread_([this] { run(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // What the pool's connections call after each commit with the WAL's size in pages.
  std::function<void(int)>* hook() { return &hook_; }

 private:
  void wake(int pages) {
    if (pages < kCheckpointPages || due_.exchange(true)) return;
    std::lock_guard lock(mu_);
    cv_.notify_one();
  }

  void run() {
    std::unique_ptr<Connection> conn;
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return stopping_ || due_; });
      if (stopping_) return;
      lock.unlock();
      due_ = false;
      // Opened at the first checkpoint (the file exists by then); when it cannot be opened, the
      // committing connections still checkpoint at kInlineCheckpointPages.
      if (!conn) {
        if (auto opened = Connection::open(filename_); opened.ok()) conn = std::move(*opened);
      }
      if (conn) (void)conn->checkpoint();
      lock.lock();
    }
  }

  const std::string filename_;
  std::function<void(int)> hook_ = [this](int pages) { wake(pages); };
  std::atomic<bool> due_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;  // last: it starts once everything it uses exists
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string filename, size_t max_connections)
      : filename_(std::move(filename)),
        checkpointer_(filename_ == ":memory:" ? nullptr
                                              : std::make_unique<Checkpointer>(filename_)),
        pool_(
            max_connections,
            [this] {
              return Connection::open(filename_, checkpointer_ ? checkpointer_->hook() : nullptr);
            },
            [](Connection& conn) {
              // A connection left inside a transaction (a failed ROLLBACK) would poison the
              // next user.
              if (conn.in_transaction()) (void)conn.exec_script("ROLLBACK");
              return !conn.in_transaction();
            }) {}

  // Opens the first connection now so a bad path or a corrupt file fails at open time.
  Status warm_up() { return pool_.warm_up(); }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status transaction(const std::function<Status(Session&)>& fn) override {
    if (ActiveTransaction* active = find_active(this)) return savepoint(*active, fn);

    VITRINE_ASSIGN(auto lease, pool_.acquire());
    // Connection first, then the writer lock: a writer never waits for a connection while
    // holding the lock, so a full pool cannot deadlock with it.
    std::unique_lock writer(writer_mu_);
    Connection& conn = lease.conn();
    VITRINE_TRY(conn.exec_script_with_retry("BEGIN IMMEDIATE"));
    ActiveScope scope(this, &conn);
    SqliteSession session(conn);
    Status result;
    try {
      result = fn(session);
    } catch (...) {
      rollback(conn);
      throw;
    }
    if (!result.ok()) {
      rollback(conn);
      return result;
    }
    if (!conn.in_transaction()) {
      return fail(errc::kDatabase, "sqlite: the transaction ended inside its callback");
    }
    Status committed = conn.exec_script_with_retry("COMMIT");
    if (!committed.ok()) rollback(conn);
    return committed;
  }

  Result<QueryResult> exec(std::string_view sql, std::span<const Value> params) override {
    if (ActiveTransaction* active = find_active(this)) return active->conn->exec(sql, params);
    VITRINE_ASSIGN(auto lease, pool_.acquire());
    return lease.conn().exec(sql, params);
  }

 private:
  static void rollback(Connection& conn) {
    // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) already rolled the transaction back.
    if (conn.in_transaction()) (void)conn.exec_script("ROLLBACK");
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
      if (conn.in_transaction()) {
        (void)conn.exec_script("ROLLBACK TO " + name);
        (void)conn.exec_script("RELEASE " + name);
      }
    };
    SqliteSession session(conn);
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
    return conn.exec_script("RELEASE " + name);
  }

  const std::string filename_;
  std::unique_ptr<Checkpointer> checkpointer_;  // outlives the pool's connections, which call it
  ConnectionPool<Connection> pool_;
  std::mutex writer_mu_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(std::string_view rest) {
  std::string filename;
  size_t pool_size = pool_size_for_this_machine();
  if (rest == ":memory:" || rest == "//:memory:") {
    // A private in-memory database lives as long as its one connection, which every caller
    // shares through the pool.
    filename = ":memory:";
    pool_size = 1;
  } else if (rest.starts_with("//")) {
    std::string_view path = rest.substr(2);
    if (path.empty() || path == "/") {
      return fail(errc::kConfig,
                  "sqlite URL has no file path: expected sqlite:///abs/path.db or "
                  "sqlite://relative/path.db");
    }
    std::filesystem::path p(path);
    if (p.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(p.parent_path(), ec);
      if (ec) {
        return fail(errc::kIo, "cannot create folder " + p.parent_path().string() +
                                   " for the sqlite database: " + ec.message());
      }
    }
    // "./" keeps a relative name such as "file:x.db" from being read as an SQLite URI.
    filename = p.is_absolute() ? p.string() : "./" + p.string();
  } else {
    return fail(errc::kConfig,
                "malformed sqlite URL: expected sqlite:///abs/path.db, "
                "sqlite://relative/path.db or sqlite::memory:");
  }
  auto db = std::make_unique<SqliteDatabase>(std::move(filename), pool_size);
  VITRINE_TRY(db->warm_up());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace vitrine::db::internal
