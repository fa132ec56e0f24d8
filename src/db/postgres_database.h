// Private to src/db: the PostgreSQL backend of Database (libpq).
//
// - Connections come from a pool (8 by default, `?pool_size=N` in the URL; the first one is
//   opened by open() so a wrong URL fails at start-up, the others when needed). A connection that
//   broke is dropped and replaced on the next call.
// - Statements are prepared once per connection per SQL text and run with PQexecPrepared. `?`
//   placeholders outside quotes and comments become $1..$n. Parameters are sent as text: int64 as
//   int8, double as float8, strings and NULL with no type so the server infers it from the column
//   (`WHERE col = ?` works on TEXT and INTEGER columns alike). When the server cannot infer a type
//   (`SELECT ? IS NULL`, `? || ?`), the statement is prepared again with explicit types, and that
//   choice is remembered for the SQL text.
// - Column values are typed by the column's type: integers and oid as int64, float4/float8/numeric
//   as double, bool as int64 0/1, NULL as std::monostate, everything else as text.
// - transaction() runs BEGIN ISOLATION LEVEL SERIALIZABLE, so concurrent transactions behave as if
//   they ran one after the other, as on SQLite. A transaction that fails with a serialization
//   failure (40001) or a deadlock (40P01) is rolled back and run again, callback included, after
//   a short random backoff that grows with each attempt, for up to 10 s (SQLite writers wait as
//   long for the lock). A retry runs while this Database's other transactions wait to start, so
//   it cannot lose to the same process again; races with other processes are left to the backoff.
//   23505 is already_exists, other 23xxx conflict, everything else database_error with the
//   server's message (never its DETAIL line, which quotes values).
// - Unlike SQLite, a failed statement aborts the PostgreSQL transaction around it: a callback that
//   wants to go on after an expected error runs that statement in a nested transaction() (a
//   savepoint). Committing a transaction whose statement failed returns that failure.
// - Calls to the same Database from inside a transaction callback on the same thread join the
//   running transaction (a nested transaction becomes a SAVEPOINT), as in the SQLite backend.
#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace vitrine::db::internal {

// Opens a PostgreSQL database from a libpq URI ("postgresql://user:pass@host:5432/db?..."; the
// scheme may also be "postgres"). Errors name the host and database, never the password.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url);

}  // namespace vitrine::db::internal
