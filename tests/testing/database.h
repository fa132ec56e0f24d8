// The database a test runs against. By default a SQLite file inside the test's TempDir; when
// VITRINE_TEST_POSTGRES_URL names a PostgreSQL server (scripts/test.sh sets it for the second
// pass of the suite), a fresh, empty database is created on that server for every call, so
// tests never see each other's rows; the process drops the databases it created when it exits.
#pragma once

#include <string>
#include <string_view>

#include "testing/temp_dir.h"

namespace vitrine::testing {

// A database URL for one test: "sqlite://<dir>/<name>.db", or a new PostgreSQL database.
// Aborts the test binary when the PostgreSQL server named by the environment is unreachable.
std::string test_database_url(const TempDir& dir, std::string_view name = "vitrine");

// True when the suite runs against PostgreSQL (VITRINE_TEST_POSTGRES_URL is set).
bool testing_postgres();

}  // namespace vitrine::testing
