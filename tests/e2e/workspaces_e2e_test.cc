// Workspaces through the real binary: create, list, read, members, and the tenant boundary
// (another user's workspace answers 404 with the one error format).
#include <regex>

#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class WorkspacesE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    for (const char* email : {"olga@example.com", "pete@example.com", "quin@example.com"}) {
      std::vector<std::string> argv{vitrine_binary(), "user", "create",
                                    "--email",        email,  "--password-stdin"};
      auto flags = instance_flags();
      argv.insert(argv.end(), flags.begin(), flags.end());
      auto r = run_process(argv, {}, tmp.path().string(), std::string("pw-") + email + "\n");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    admin = admin_token();
    server = serve();
    ASSERT_TRUE(server->started());
    olga = login("olga@example.com");
    pete = login("pete@example.com");
  }
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }

  std::string url(const std::string& p) const { return server->url(p); }
  static std::pair<std::string, std::string> auth(const std::string& token) {
    return {"Authorization", "Bearer " + token};
  }
  HttpResult post(const std::string& path, const json& body, const std::string& token) {
    return http_request("POST", url(path), {auth(token), {"Content-Type", "application/json"}},
                        body.dump());
  }
  HttpResult get(const std::string& path, const std::string& token) {
    return http_get(url(path), {auth(token)});
  }
  std::string login(const std::string& email) {
    auto r = http_request("POST", url("/api/auth/login"), {{"Content-Type", "application/json"}},
                          json({{"email", email}, {"password", "pw-" + email}}).dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r).value("token", "");
  }
  json create(const std::string& token, const json& body) {
    auto r = post("/api/workspaces", body, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return json_of(r);
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin, olga, pete;
};

TEST_F(WorkspacesE2eTest, CreateListAndRead) {
  json w = create(olga, {{"name", "Olga's Bakery"}});
  EXPECT_TRUE(
      std::regex_match(w["slug"].get<std::string>(), std::regex("olgas-bakery-[a-z0-9]{4}")))
      << w;
  EXPECT_EQ(w["name"], "Olga's Bakery");
  EXPECT_EQ(w["type"], "store");
  EXPECT_EQ(w["status"], "active");
  EXPECT_EQ(w["tier"], "basic");
  EXPECT_EQ(w["member_count"], 1);
  // Hosting created the site before the answer: the storefront host is <slug>.<base_domain>.
  EXPECT_EQ(w["domain"], w["slug"].get<std::string>() + ".localhost") << w;
  for (const char* key : {"id", "created_at", "updated_at"})
    EXPECT_FALSE(w[key].get<std::string>().empty()) << key;

  json typed = create(olga, {{"name", "Olga Eats"}, {"type", "restaurant"}});
  EXPECT_EQ(typed["type"], "restaurant");

  auto list = json_of(get("/api/workspaces", olga));
  ASSERT_EQ(list["items"].size(), 2u);
  auto one = get("/api/workspaces/" + w["id"].get<std::string>(), olga);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(json_of(one), w);

  auto empty_name =
      expect_error(post("/api/workspaces", {{"name", ""}}, olga), 400, "invalid_argument");
  EXPECT_EQ(empty_name["details"]["pointer"], "/name");
  expect_error(post("/api/workspaces", {{"name", std::string(101, 'x')}}, olga), 400,
               "invalid_argument");
  expect_error(post("/api/workspaces", {{"name", "x"}, {"owner", "y"}}, olga), 400,
               "invalid_argument");
  expect_error(post("/api/workspaces", {{"name", "Anon"}}, ""), 401, "unauthorized");
  EXPECT_EQ(json_of(get("/api/workspaces", olga))["items"].size(), 2u) << "nothing else created";
}

TEST_F(WorkspacesE2eTest, OtherTenantsWorkspacesAreInvisible) {
  json w = create(olga, {{"name", "Secret Shop"}});
  std::string id = w["id"];

  auto refused = expect_error(get("/api/workspaces/" + id, pete), 404, "not_found");
  auto missing = expect_error(get("/api/workspaces/00000000-0000-4000-8000-000000000000", pete),
                              404, "not_found");
  EXPECT_EQ(refused["message"].get<std::string>().find("Secret"), std::string::npos)
      << "the answer reveals nothing about the workspace";
  EXPECT_TRUE(json_of(get("/api/workspaces", pete))["items"].empty());
  expect_error(post("/api/workspaces/" + id + "/members", {{"email", "pete@example.com"}}, pete),
               404, "not_found");
  expect_error(get("/api/workspaces/" + id + "/members", pete), 404, "not_found");

  // Admins see everything.
  json pete_w = create(pete, {{"name", "Pete's"}});
  auto all = json_of(get("/api/workspaces", admin));
  EXPECT_EQ(all["items"].size(), 2u);
  EXPECT_EQ(get("/api/workspaces/" + id, admin).status, 200);
  expect_error(post("/api/workspaces", {{"name", "Admin's"}}, admin), 403, "forbidden");

  // The owner invites Pete; then he sees it, but may not invite others.
  auto added = post("/api/workspaces/" + id + "/members", {{"email", "PETE@example.com"}}, olga);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(json_of(added)["role"], "member");
  auto seen = get("/api/workspaces/" + id, pete);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(json_of(seen)["member_count"], 2);
  EXPECT_EQ(json_of(get("/api/workspaces", pete))["items"].size(), 2u);
  expect_error(post("/api/workspaces/" + id + "/members", {{"email", "quin@example.com"}}, pete),
               403, "forbidden");
  expect_error(post("/api/workspaces/" + id + "/members", {{"email", "pete@example.com"}}, olga),
               409, "already_exists");
  expect_error(post("/api/workspaces/" + id + "/members", {{"email", "nobody@example.com"}}, olga),
               404, "not_found");
  EXPECT_EQ(
      post("/api/workspaces/" + id + "/members", {{"email", "quin@example.com"}}, admin).status,
      201);
  auto members = json_of(get("/api/workspaces/" + id + "/members", pete));
  ASSERT_EQ(members["items"].size(), 3u);
  EXPECT_EQ(members["items"][0]["email"], "olga@example.com");
  EXPECT_EQ(members["items"][0]["role"], "owner");
}

TEST_F(WorkspacesE2eTest, LogoutMakesTheTokenUnusable) {
  json w = create(olga, {{"name", "Short Lived"}});
  auto out = http_request("POST", url("/api/auth/logout"), {auth(olga)});
  ASSERT_EQ(out.status, 204) << out.body;
  expect_error(get("/api/workspaces", olga), 401, "unauthorized");
  expect_error(get("/api/workspaces/" + w["id"].get<std::string>(), olga), 401, "unauthorized");
  expect_error(post("/api/workspaces", {{"name", "After"}}, olga), 401, "unauthorized");
  std::string again = login("olga@example.com");
  EXPECT_EQ(json_of(get("/api/workspaces", again))["items"].size(), 1u);
}

TEST_F(WorkspacesE2eTest, TierChangeByAdminShowsOnTheWorkspace) {
  json w = create(olga, {{"name", "Growing"}});
  std::string id = w["id"];
  EXPECT_EQ(w["tier"], "basic");
  std::string olga_id = json_of(get("/api/auth/me", olga))["user"]["id"];
  auto changed = http_request("PATCH", url("/api/users/" + olga_id),
                              {auth(admin), {"Content-Type", "application/json"}},
                              json({{"tier", "pro"}}).dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json_of(changed)["tier"], "pro");
  EXPECT_EQ(json_of(get("/api/workspaces/" + id, olga))["tier"], "pro");
  EXPECT_EQ(json_of(get("/api/workspaces", olga))["items"][0]["tier"], "pro");
}

}  // namespace
}  // namespace vitrine::e2e
