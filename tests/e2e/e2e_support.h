// Shared set-up for end-to-end tests: a scratch data folder, themes folder, database and blob
// store, and helpers that run the real `vitrine` binary against them.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "testing/blob.h"
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

  // This test's blob store: a folder in the test folder, or a fresh prefix in the test S3 bucket
  // in the suite's S3 pass (tests/testing/blob.h).
  const std::string& blob_url() const { return blob_url_; }

  // Flags that point the binary at this test's folders and database, but not its blob store
  // (for tests that pass their own --blob-url; the binary refuses the flag twice).
  std::vector<std::string> folder_flags() const {
    return {"--data-dir",     data().string(), "--themes-dir", themes().string(),
            "--database-url", database_url_,   "--log-level",  "warn"};
  }

  // folder_flags() and --blob-url blob_url(): everything the binary needs to run as this test's
  // instance. vitrine() and serve() pass these.
  std::vector<std::string> instance_flags() const {
    auto flags = folder_flags();
    flags.insert(flags.end(), {"--blob-url", blob_url_});
    return flags;
  }

  // Runs `vitrine <args...> <instance flags>` and returns what it printed and its exit code.
  RunResult vitrine(std::vector<std::string> args) const {
    std::vector<std::string> argv{vitrine_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto flags = instance_flags();
    argv.insert(argv.end(), flags.begin(), flags.end());
    return run_process(argv, {}, tmp.path().string());
  }

  // Starts `vitrine serve` on an ephemeral port.
  // `env` adds environment variables (secrets are configured there, not in flags).
  std::unique_ptr<ServerProcess> serve(
      std::vector<std::string> extra = {},
      std::vector<std::pair<std::string, std::string>> env = {}) const {
    std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0"};
    auto flags = instance_flags();
    args.insert(args.end(), flags.begin(), flags.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ServerProcess>(args, std::move(env), tmp.path().string());
  }

  // Copies the sample themes of the source tree into this test's themes folder and starts
  // `vitrine demo` on an ephemeral port (it publishes the demo shops).
  std::unique_ptr<ServerProcess> demo(std::vector<std::string> extra = {}) const {
    std::filesystem::copy(std::filesystem::path(source_dir()) / "themes", themes(),
                          std::filesystem::copy_options::recursive);
    std::vector<std::string> args{"demo", "--listen", "127.0.0.1:0"};
    for (const auto& f : instance_flags()) args.push_back(f);
    for (auto& f : extra) args.push_back(std::move(f));
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

  // The id of the workspace `slug` (a demo shop: demo-shop, da-lucia, field-notes) as `admin`
  // lists it; a test failure and "" when there is none.
  static std::string workspace_id(const ServerProcess& server, const std::string& admin,
                                  const std::string& slug) {
    const nlohmann::json list = json_of(api_call(server, "GET", "/api/workspaces", admin));
    for (const auto& w : list["items"])
      if (w.value("slug", "") == slug) return w.value("id", "");
    ADD_FAILURE() << "no " << slug << " workspace: " << list.dump();
    return "";
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

  // Creates a user through the admin API and logs them in; returns their session token.
  static std::string user_token(const ServerProcess& server, const std::string& admin,
                                const std::string& email) {
    const nlohmann::json creds = {{"email", email}, {"password", "correct horse battery"}};
    auto created = api_call(server, "POST", "/api/users", admin, creds);
    EXPECT_EQ(created.status, 201) << created.body;
    auto login = api_call(server, "POST", "/api/auth/login", "", creds);
    EXPECT_EQ(login.status, 200) << login.body;
    return json_of(login).value("token", "");
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
  // Locally data/blobs, where the binary puts blobs by default.
  std::string blob_url_ = testing::test_blob_url(tmp, "data/blobs");
};

}  // namespace vitrine::e2e
