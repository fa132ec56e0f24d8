#include "testing/database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

namespace vitrine::testing {
namespace {

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "test_database_url: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

const char* server_url() { return std::getenv("VITRINE_TEST_POSTGRES_URL"); }

ConnPtr connect_to_server() {
  ConnPtr conn(PQconnectdb(server_url()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    die(std::string("cannot connect to VITRINE_TEST_POSTGRES_URL: ") +
        (conn ? PQerrorMessage(conn.get()) : "out of memory"));
  }
  return conn;
}

bool run(PGconn* conn, const std::string& sql, std::string* error = nullptr) {
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok && error) *error = PQerrorMessage(conn);
  PQclear(res);
  return ok;
}

// Databases this process created; dropped when it exits, so a long run does not fill the disk.
std::mutex g_mu;
std::vector<std::string> g_created;
pid_t g_owner_pid = 0;

void drop_created_databases() {
  // A forked child inherits the list but must not drop its parent's databases.
  if (getpid() != g_owner_pid) return;
  std::lock_guard lock(g_mu);
  if (g_created.empty()) return;
  ConnPtr conn(PQconnectdb(server_url()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) return;
  // FORCE also ends connections a test left open (an e2e server that was killed, say).
  for (const std::string& name : g_created)
    (void)run(conn.get(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  g_created.clear();
}

std::string random_name() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string name = "vt_";
  uint64_t bits = rng();
  for (int i = 0; i < 16; ++i, bits >>= 4) name += hex[bits & 0xf];
  return name;
}

// `url` with its database (the path) replaced by `db`, keeping its query parameters.
std::string with_database(const std::string& url, const std::string& db) {
  size_t scheme_end = url.find("://");
  size_t authority = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  size_t path = url.find_first_of("/?", authority);
  if (path == std::string::npos) return url + "/" + db;
  size_t query = url.find('?', path);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, path) + "/" + db + tail;
}

}  // namespace

bool testing_postgres() {
  const char* url = server_url();
  return url != nullptr && *url != '\0';
}

std::string test_database_url(const TempDir& dir, std::string_view name) {
  if (!testing_postgres()) {
    return "sqlite://" + (dir.path() / (std::string(name) + ".db")).string();
  }
  ConnPtr conn = connect_to_server();
  std::string db = random_name();
  std::string error;
  // FILE_COPY (PostgreSQL 15) is several times faster than the default for a small database;
  // older servers only know the plain form.
  if (!run(conn.get(), "CREATE DATABASE " + db + " STRATEGY FILE_COPY", &error) &&
      !run(conn.get(), "CREATE DATABASE " + db, &error)) {
    die("CREATE DATABASE failed: " + error);
  }
  {
    std::lock_guard lock(g_mu);
    if (g_owner_pid != getpid()) {
      g_owner_pid = getpid();
      g_created.clear();
      std::atexit(drop_created_databases);
    }
    g_created.push_back(db);
  }
  return with_database(server_url(), db);
}

}  // namespace vitrine::testing
