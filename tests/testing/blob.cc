#include "testing/blob.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "testing/s3_server.h"

namespace vitrine::testing {
namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "test_blob_url: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

// Sets the credentials once per process. setenv is not safe against concurrent getenv, so it
// only writes when a value differs (scripts/test.sh exports the same values already).
void export_credentials() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& [name, value] : test_s3_credentials_env()) {
      const char* current = std::getenv(name.c_str());
      if (current == nullptr || value != current) setenv(name.c_str(), value.c_str(), 1);
    }
  });
}

}  // namespace

bool testing_s3_blobs() {
  const char* backend = std::getenv("VITRINE_TEST_BLOB_BACKEND");
  if (backend == nullptr || *backend == '\0' || std::strcmp(backend, "local") == 0) return false;
  if (std::strcmp(backend, "s3") == 0) return true;
  // A typo must not quietly run the suite on the local folder again.
  die(std::string("VITRINE_TEST_BLOB_BACKEND must be \"local\" or \"s3\", not \"") + backend +
      "\"");
}

std::string test_blob_url(const TempDir& dir, std::string_view name) {
  if (!testing_s3_blobs()) return "file://" + (dir.path() / std::string(name)).string();
  export_credentials();
  return test_s3_blob_url(name);
}

}  // namespace vitrine::testing
