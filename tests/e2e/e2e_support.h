// Shared set-up for end-to-end tests: a scratch data folder and themes folder, and helpers that
// run the real `vitrine` binary against them.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "testing/database.h"
#include "testing/http_client.h"
#include "testing/process.h"
#include "testing/temp_dir.h"
#include "themes/theme_fixture.h"

namespace vitrine::e2e {

class E2eTest : public ::testing::Test {
 protected:
  std::filesystem::path themes() const { return tmp.path() / "themes"; }
  std::filesystem::path data() const { return tmp.path() / "data"; }

  // This test's database: SQLite in the test folder, or a fresh PostgreSQL database in the
  // suite's PostgreSQL pass (tests/testing/database.h).
  const std::string& database_url() const { return database_url_; }

  // Flags that point the binary at this test's folders and database.
  std::vector<std::string> folder_flags() const {
    return {"--data-dir",     data().string(), "--themes-dir", themes().string(),
            "--database-url", database_url_,   "--log-level",  "warn"};
  }

  // Runs `vitrine <args...> <folder flags>` and returns what it printed and its exit code.
  RunResult vitrine(std::vector<std::string> args) const {
    std::vector<std::string> argv{vitrine_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto flags = folder_flags();
    argv.insert(argv.end(), flags.begin(), flags.end());
    return run_process(argv, {}, tmp.path().string());
  }

  // Starts `vitrine serve` on an ephemeral port.
  std::unique_ptr<ServerProcess> serve(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0"};
    auto flags = folder_flags();
    args.insert(args.end(), flags.begin(), flags.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ServerProcess>(args, std::vector<std::pair<std::string, std::string>>{},
                                           tmp.path().string());
  }

  std::string admin_token() const {
    auto r = vitrine({"token", "create", "--admin"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string t = r.out;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
    return t;
  }

  static nlohmann::json json_of(const HttpResult& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body;
    return j;
  }

  // Checks the one error format and returns the error object.
  static nlohmann::json expect_error(const HttpResult& r, long status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = json_of(r);
    EXPECT_TRUE(j.contains("error")) << r.body;
    if (!j.contains("error")) return {};
    const auto& e = j["error"];
    EXPECT_EQ(e.value("code", ""), code) << r.body;
    EXPECT_FALSE(e.value("message", "").empty());
    EXPECT_TRUE(e.contains("details"));
    EXPECT_FALSE(e.value("timestamp", "").empty());
    EXPECT_EQ(e.value("request_id", ""),
              r.headers.count("x-request-id") ? r.headers.at("x-request-id") : "?");
    return e;
  }

  // A JSON API call to `server`: `token` as the bearer (none when empty), `body` as the JSON
  // request body (none when null).
  static HttpResult api_call(const ServerProcess& server, const std::string& method,
                             const std::string& path, const std::string& token,
                             const nlohmann::json& body = nullptr) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    if (!body.is_null()) headers.push_back({"Content-Type", "application/json"});
    return http_request(method, server.url(path), headers, body.is_null() ? "" : body.dump());
  }

  // Polls `fn` until it returns true or `timeout` passes.
  template <typename F>
  static bool eventually(F fn, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (fn()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return fn();
  }

  TempDir tmp;

 private:
  std::string database_url_ = testing::test_database_url(tmp);
};

}  // namespace vitrine::e2e
