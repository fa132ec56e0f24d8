// Users and access through the real binary: `vitrine user ...`, password login, sessions,
// personal tokens and the admin-only /api/users endpoints.
#include <regex>

#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class AuthTest : public E2eTest {
 protected:
  // `vitrine user create` with the password piped to stdin.
  RunResult create_user(const std::string& email, const std::string& password,
                        std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv{vitrine_binary(), "user", "create",
                                  "--email",        email,  "--password-stdin"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto flags = instance_flags();
    argv.insert(argv.end(), flags.begin(), flags.end());
    return run_process(argv, {}, tmp.path().string(), password + "\n");
  }

  void start() {
    server = serve();
    ASSERT_TRUE(server->started());
  }
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }
  std::string url(const std::string& p) const { return server->url(p); }
  static std::pair<std::string, std::string> auth(const std::string& token) {
    return {"Authorization", "Bearer " + token};
  }
  HttpResult post(const std::string& path, const json& body, const std::string& token = "") {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"}};
    if (!token.empty()) h.push_back(auth(token));
    return http_request("POST", url(path), h, body.dump());
  }
  HttpResult get(const std::string& path, const std::string& token) {
    return http_get(url(path), {auth(token)});
  }
  std::string login(const std::string& email, const std::string& password) {
    auto r = post("/api/auth/login", {{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r).value("token", "");
  }

  std::unique_ptr<ServerProcess> server;
};

TEST_F(AuthTest, CliCreatesUsersAndChangesTiers) {
  auto r = create_user("Ann@Example.com", "correct horse", {"--tier", "pro"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string id = r.out.substr(0, r.out.find('\n'));
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-"
                                              "[0-9a-f]{12}")))
      << r.out;

  auto taken = create_user("ann@example.com", "another password");
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.err.find("already exists"), std::string::npos) << taken.err;

  auto no_stdin = vitrine({"user", "create", "--email", "bo@example.com"});
  EXPECT_EQ(no_stdin.exit_code, 2);
  EXPECT_NE(no_stdin.err.find("--password-stdin"), std::string::npos) << no_stdin.err;
  EXPECT_EQ(create_user("bo@example.com", "short").exit_code, 2);
  EXPECT_EQ(create_user("bo@example.com", "long enough", {"--tier", "gold"}).exit_code, 2);
  EXPECT_EQ(create_user("not-an-email", "long enough").exit_code, 2);
  EXPECT_EQ(vitrine({"user", "create"}).exit_code, 2);

  auto set = vitrine({"user", "set-tier", "--email", "ANN@example.com", "--tier", "enterprise"});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  EXPECT_NE(set.out.find("pro -> enterprise"), std::string::npos) << set.out;
  auto unknown = vitrine({"user", "set-tier", "--email", "zed@example.com", "--tier", "pro"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("zed@example.com"), std::string::npos) << unknown.err;

  start();
  auto session =
      post("/api/auth/login", {{"email", "ann@example.com"}, {"password", "correct horse"}});
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(json_of(session)["user"]["tier"], "enterprise");
  EXPECT_EQ(json_of(session)["user"]["id"], id);
}

TEST_F(AuthTest, LoginSessionAndLogout) {
  ASSERT_EQ(create_user("cy@example.com", "cy-password").exit_code, 0);
  start();
  auto r = post("/api/auth/login", {{"email", "CY@example.com"}, {"password", "cy-password"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json body = json_of(r);
  std::string token = body["token"];
  EXPECT_FALSE(token.empty());
  EXPECT_FALSE(body["expires_at"].get<std::string>().empty());
  EXPECT_EQ(body["user"]["email"], "cy@example.com");
  EXPECT_EQ(body["user"]["tier"], "basic");
  EXPECT_FALSE(body["user"].contains("password_hash"));
  EXPECT_EQ(r.body.find("argon2"), std::string::npos) << "no hash ever leaves the server";

  auto wrong = expect_error(
      post("/api/auth/login", {{"email", "cy@example.com"}, {"password", "wrong-password"}}), 401,
      "unauthorized");
  auto unknown = expect_error(
      post("/api/auth/login", {{"email", "nobody@example.com"}, {"password", "wrong-password"}}),
      401, "unauthorized");
  EXPECT_EQ(wrong["message"], unknown["message"]) << "no hint about which emails exist";
  auto missing =
      expect_error(post("/api/auth/login", {{"email", "cy@example.com"}}), 400, "invalid_argument");
  EXPECT_EQ(missing["details"]["pointer"], "/password");

  auto me = get("/api/auth/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json_of(me)["user"]["email"], "cy@example.com");
  EXPECT_EQ(json_of(me)["admin"], false);

  auto second = login("cy@example.com", "cy-password");
  auto out = http_request("POST", url("/api/auth/logout"), {auth(token)});
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_TRUE(out.body.empty());
  expect_error(get("/api/auth/me", token), 401, "unauthorized");
  expect_error(http_request("POST", url("/api/auth/logout"), {auth(token)}), 401, "unauthorized");
  EXPECT_EQ(get("/api/auth/me", second).status, 200) << "other sessions stay open";
  expect_error(get("/api/auth/me", "vt_madeup"), 401, "unauthorized");
  expect_error(http_get(url("/api/auth/me")), 401, "unauthorized");
}

TEST_F(AuthTest, PersonalTokensAreShownOnceAndCanBeRevoked) {
  ASSERT_EQ(create_user("di@example.com", "di-password").exit_code, 0);
  start();
  std::string session = login("di@example.com", "di-password");
  auto created = post("/api/auth/tokens", {{"label", "deploy bot"}}, session);
  ASSERT_EQ(created.status, 201) << created.body;
  json t = json_of(created);
  EXPECT_EQ(t["label"], "deploy bot");
  std::string token = t["token"];
  std::string id = t["id"];

  auto me = get("/api/auth/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json_of(me)["user"]["email"], "di@example.com");

  auto listed = json_of(get("/api/auth/tokens", session));
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["id"], id);
  EXPECT_EQ(listed["items"][0]["label"], "deploy bot");
  EXPECT_FALSE(listed["items"][0].contains("token")) << "shown once, at creation";
  expect_error(post("/api/auth/tokens", json::object(), session), 400, "invalid_argument");

  auto del = http_request("DELETE", url("/api/auth/tokens/" + id), {auth(session)});
  EXPECT_EQ(del.status, 204) << del.body;
  expect_error(get("/api/auth/me", token), 401, "unauthorized");
  EXPECT_TRUE(json_of(get("/api/auth/tokens", session))["items"].empty());
  expect_error(http_request("DELETE", url("/api/auth/tokens/" + id), {auth(session)}), 404,
               "not_found");
}

TEST_F(AuthTest, AdminsManageUsers) {
  std::string admin = admin_token();
  start();
  auto created =
      post("/api/users", {{"email", "Eve@Example.com"}, {"password", "eve-password"}}, admin);
  ASSERT_EQ(created.status, 201) << created.body;
  json eve = json_of(created);
  EXPECT_EQ(eve["email"], "eve@example.com");
  EXPECT_EQ(eve["tier"], "basic");
  EXPECT_FALSE(eve.contains("password_hash"));
  std::string id = eve["id"];

  expect_error(
      post("/api/users", {{"email", "eve@example.com"}, {"password", "other-pass"}}, admin), 409,
      "already_exists");
  auto weak =
      expect_error(post("/api/users", {{"email", "fay@example.com"}, {"password", "short"}}, admin),
                   400, "invalid_argument");
  EXPECT_EQ(weak["details"]["pointer"], "/password");

  std::string eve_session = login("eve@example.com", "eve-password");
  expect_error(
      post("/api/users", {{"email", "x@example.com"}, {"password", "x-password"}}, eve_session),
      403, "forbidden");
  expect_error(post("/api/users", {{"email", "x@example.com"}, {"password", "x-password"}}), 401,
               "unauthorized");

  auto patch = [&](const json& body, const std::string& token) {
    return http_request("PATCH", url("/api/users/" + id),
                        {auth(token), {"Content-Type", "application/json"}}, body.dump());
  };
  auto changed = patch({{"tier", "enterprise"}}, admin);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json_of(changed)["tier"], "enterprise");
  expect_error(patch({{"tier", "gold"}}, admin), 400, "invalid_argument");
  expect_error(patch({{"tier", "pro"}}, eve_session), 403, "forbidden");
  auto fetched = get("/api/users/" + id, admin);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(json_of(fetched)["tier"], "enterprise");
  EXPECT_EQ(json_of(get("/api/auth/me", eve_session))["user"]["tier"], "enterprise");
  expect_error(get("/api/users/00000000-0000-4000-8000-000000000000", admin), 404, "not_found");
}

}  // namespace
}  // namespace vitrine::e2e
