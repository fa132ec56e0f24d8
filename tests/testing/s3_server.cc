#include "testing/s3_server.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "core/ids.h"
#include "testing/process.h"

namespace vitrine::testing {
namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "test_s3_endpoint: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

std::mutex g_mu;
std::string g_endpoint;     // guarded by g_mu
std::string g_started_dir;  // the server this process started, if any
pid_t g_owner_pid = 0;

void stop_started_server() {
  // A forked child inherits the name but must not stop its parent's server.
  if (getpid() != g_owner_pid || g_started_dir.empty()) return;
  (void)run_process({source_dir() + "/scripts/s3.sh", "stop", g_started_dir});
}

}  // namespace

std::string test_s3_endpoint() {
  std::lock_guard lock(g_mu);
  if (!g_endpoint.empty()) return g_endpoint;
  const char* given = std::getenv("VITRINE_TEST_S3_ENDPOINT");
  if (given && *given) {
    g_endpoint = given;
    return g_endpoint;
  }
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("vitrine-s3-" + std::to_string(getpid()) + "-" + random_hex(4)))
                        .string();
  RunResult started = run_process({source_dir() + "/scripts/s3.sh", "start", dir});
  if (started.exit_code != 0) {
    die("scripts/s3.sh start failed (set VITRINE_TEST_S3_ENDPOINT to use a running server): " +
        started.err);
  }
  std::string endpoint = started.out;
  while (!endpoint.empty() && (endpoint.back() == '\n' || endpoint.back() == '\r'))
    endpoint.pop_back();
  g_started_dir = dir;
  g_owner_pid = getpid();
  std::atexit(stop_started_server);
  g_endpoint = endpoint;
  return g_endpoint;
}

std::string test_s3_blob_url(std::string_view name) {
  return "s3://" + std::string(kTestS3Bucket) + "/" + std::string(name) + "-" + random_hex(6) +
         "?endpoint=" + test_s3_endpoint() + "&region=us-east-1";
}

std::vector<std::pair<std::string, std::string>> test_s3_credentials_env() {
  return {{"AWS_ACCESS_KEY_ID", kTestS3AccessKey}, {"AWS_SECRET_ACCESS_KEY", kTestS3SecretKey}};
}

}  // namespace vitrine::testing
