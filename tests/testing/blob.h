// The blob store a test runs against, a suite dimension like the database
// (tests/testing/database.h). By default a folder inside the test's TempDir; when
// VITRINE_TEST_BLOB_BACKEND=s3 (scripts/test.sh sets it for the suite's PostgreSQL pass), a fresh
// prefix in the bucket of the test S3 server (tests/testing/s3_server.h: VITRINE_TEST_S3_ENDPOINT,
// or a server this process starts), so tests never see each other's objects.
#pragma once

#include <string>
#include <string_view>

#include "testing/temp_dir.h"

namespace vitrine::testing {

// A blob URL for one test: "file://<dir>/<name>", or "s3://vitrine-test/<name>-<random>?..." in
// the S3 pass, where it also puts the test server's credentials (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY) into this process's environment, so in-process stores and every child
// process (`vitrine ...`) can open it. Call it before starting threads that read the environment.
// Aborts the test binary when VITRINE_TEST_BLOB_BACKEND names an unknown backend.
std::string test_blob_url(const TempDir& dir, std::string_view name = "blobs");

// True when the suite runs against S3 (VITRINE_TEST_BLOB_BACKEND=s3).
bool testing_s3_blobs();

}  // namespace vitrine::testing
