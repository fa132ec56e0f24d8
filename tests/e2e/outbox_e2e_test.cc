// The transactional outbox survives crashes: the real binary is made to die (a failpoint, exit
// code 70, no clean-up) after the transaction that emitted an event committed but before hosting
// handled it, or while the handler's transaction was still open. The next start delivers the
// event exactly once: the site exists, its plan follows the tier, nothing is duplicated.
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class OutboxE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    admin = admin_token();
    ASSERT_FALSE(admin.empty());
  }

  // `vitrine serve` with VITRINE_FAILPOINTS set to `failpoints` (empty: none).
  std::unique_ptr<ServerProcess> start(const std::string& failpoints) {
    std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0"};
    auto flags = instance_flags();
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<std::pair<std::string, std::string>> env;
    if (!failpoints.empty()) env.emplace_back("VITRINE_FAILPOINTS", failpoints);
    auto s = std::make_unique<ServerProcess>(args, env, tmp.path().string());
    EXPECT_TRUE(s->started());
    return s;
  }

  static std::pair<std::string, std::string> bearer(const std::string& token) {
    return {"Authorization", "Bearer " + token};
  }

  HttpResult call(ServerProcess& s, const std::string& method, const std::string& path,
                  const std::string& token, const json& body = nullptr) {
    return http_request(method, s.url(path), {bearer(token), {"Content-Type", "application/json"}},
                        body.is_null() ? "" : body.dump());
  }

  // Creates a user through the admin API and logs in; returns {user id, session token}.
  std::pair<std::string, std::string> user(ServerProcess& s, const std::string& email,
                                           const std::string& tier) {
    auto created = call(s, "POST", "/api/users", admin,
                        {{"email", email}, {"password", "correct horse"}, {"tier", tier}});
    EXPECT_EQ(created.status, 201) << created.body;
    auto login =
        http_request("POST", s.url("/api/auth/login"), {{"Content-Type", "application/json"}},
                     json({{"email", email}, {"password", "correct horse"}}).dump());
    EXPECT_EQ(login.status, 200) << login.body;
    return {json_of(created).value("id", ""), json_of(login).value("token", "")};
  }

  // Polls the workspace's site until `pred` holds for it (the background dispatcher delivers
  // leftovers right after start-up, concurrently with the first requests).
  template <typename Pred>
  json wait_for_site(ServerProcess& s, const std::string& token, const std::string& ws, Pred pred) {
    json site;
    for (int i = 0; i < 200; ++i) {
      auto r = call(s, "GET", "/api/workspaces/" + ws + "/site", token);
      if (r.status == 200) {
        site = json_of(r);
        if (pred(site)) return site;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "site of workspace " << ws << " never reached the expected state: " << site;
    return site;
  }

  std::string admin;
};

TEST_F(OutboxE2eTest, CrashAfterCommitBeforeHandlingLosesNoWorkspaceCreatedEvent) {
  std::string ws_slug;
  {
    auto server = start("events.after_commit");
    auto [uid, token] = user(*server, "ada@example.com", "basic");
    auto r = call(*server, "POST", "/api/workspaces", token, {{"name", "Ada Goods"}});
    EXPECT_EQ(r.status, 0) << "the process died before answering: " << r.body;
    EXPECT_EQ(server->wait(10'000), 70) << "the failpoint ended the process";
  }
  auto server = start("");
  auto login =
      http_request("POST", server->url("/api/auth/login"), {{"Content-Type", "application/json"}},
                   json({{"email", "ada@example.com"}, {"password", "correct horse"}}).dump());
  ASSERT_EQ(login.status, 200) << login.body;
  std::string token = json_of(login)["token"];
  // The workspace committed with its event; the site is created by the next start.
  auto list = json_of(call(*server, "GET", "/api/workspaces", token));
  ASSERT_EQ(list["items"].size(), 1u) << list;
  json ws = list["items"][0];
  json site = wait_for_site(*server, token, ws["id"], [](const json&) { return true; });
  EXPECT_EQ(site["subdomain"], ws["slug"]);
  EXPECT_EQ(site["status"], "active");
  EXPECT_EQ(site["environment"]["model"], "pool");
  auto again =
      json_of(call(*server, "GET", "/api/workspaces/" + ws["id"].get<std::string>(), token));
  EXPECT_EQ(again["domain"], ws["slug"].get<std::string>() + ".localhost");
  EXPECT_EQ(server->stop(), 0);
}

TEST_F(OutboxE2eTest, CrashInsideTheHandlerTransactionAppliesTheEventExactlyOnce) {
  std::string token;
  std::string ws_id;
  {
    // Workspace first, on a healthy server.
    auto server = start("");
    auto [uid, t] = user(*server, "bob@example.com", "basic");
    token = t;
    auto r = call(*server, "POST", "/api/workspaces", token, {{"name", "Bob Bikes"}});
    ASSERT_EQ(r.status, 201) << r.body;
    ws_id = json_of(r)["id"];
    // Then a tier change whose hosting handler dies before its transaction commits.
    server->stop();
    server = start("events.before_delivery_commit");
    auto up = call(*server, "PATCH", "/api/users/" + uid, admin, {{"tier", "enterprise"}});
    EXPECT_EQ(up.status, 0) << up.body;
    EXPECT_EQ(server->wait(10'000), 70);
  }
  auto server = start("");
  json site = wait_for_site(*server, token, ws_id,
                            [](const json& s) { return s["environment"]["tier"] == "enterprise"; });
  EXPECT_EQ(site["environment"]["model"], "silo");
  EXPECT_EQ(site["environment"]["worker_pool"], "dedicated");
  EXPECT_EQ(site["environment"]["max_custom_domains"], -1);
  // The user's tier change itself had committed before the crash.
  auto me = json_of(call(*server, "GET", "/api/auth/me", token));
  EXPECT_EQ(me["user"]["tier"], "enterprise") << me;
  EXPECT_EQ(server->stop(), 0);
}

}  // namespace
}  // namespace vitrine::e2e
