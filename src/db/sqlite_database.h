// Private to src/db: the SQLite backend of Database.
//
// - Every connection runs with journal_mode=WAL, synchronous=NORMAL, foreign_keys=ON and
//   busy_timeout=10000, so readers never block writers and writers wait for each other instead
//   of failing with SQLITE_BUSY (also across processes sharing the file).
// - Connections come from a small pool (one per CPU the process may run on, at least 2 and at
//   most 8, opened lazily) and go back to it when the call that borrowed them ends. An in-memory
//   database uses exactly one connection.
// - A thread of its own, on a connection of its own, copies the WAL back into the database file
//   once the WAL holds 4000 pages, so no request waits for a checkpoint's fsyncs; a committing
//   connection only does it itself past 40000 pages (the checkpointer fell behind).
// - transaction() runs BEGIN IMMEDIATE, so the write lock is taken up front and a transaction
//   never fails half-way on a lock upgrade. Within one process, writers also queue on a mutex,
//   so contention is resolved in order rather than by SQLite's sleep-and-retry.
// - While a thread runs a transaction callback, Database::exec and Database::transaction called
//   from that same thread on the same Database join the running transaction (a nested
//   transaction becomes a SAVEPOINT) instead of waiting for a second connection, which would
//   deadlock. Calls from other threads wait for the transaction as usual.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "db/database.h"

namespace vitrine::db::internal {

// Opens the SQLite database named by the part of the URL after "sqlite:" ("///abs/path.db",
// "//rel/path.db" or ":memory:"). Creates the file and its parent folders when missing.
Result<std::unique_ptr<Database>> open_sqlite(std::string_view rest);

}  // namespace vitrine::db::internal
