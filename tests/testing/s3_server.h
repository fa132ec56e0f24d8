// The S3-compatible server tests run against. When VITRINE_TEST_S3_ENDPOINT names one
// (http://127.0.0.1:PORT of a server started by `scripts/s3.sh start`), tests use it; otherwise
// the first call starts a private one with scripts/s3.sh and the process stops it when it exits,
// so the S3 tests never silently skip. The server holds the bucket `vitrine-test` and accepts
// the credentials S3RVER / S3RVER.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vitrine::testing {

inline constexpr const char* kTestS3Bucket = "vitrine-test";
inline constexpr const char* kTestS3AccessKey = "S3RVER";
inline constexpr const char* kTestS3SecretKey = "S3RVER";

// The endpoint ("http://127.0.0.1:PORT"). Aborts the test binary when no server can be started.
std::string test_s3_endpoint();

// A blob URL for one test: s3://vitrine-test/<name>-<random>?endpoint=...&region=us-east-1, so
// tests never see each other's objects.
std::string test_s3_blob_url(std::string_view name = "t");

// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for the test server, to pass to child processes.
std::vector<std::pair<std::string, std::string>> test_s3_credentials_env();

}  // namespace vitrine::testing
