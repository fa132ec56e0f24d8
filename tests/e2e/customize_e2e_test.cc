// The real `vitrine serve`: a user creates a workspace, uses a theme, edits and publishes it, the
// storefront's public Puck data follows, rollback restores the previous customization, and
// another tenant sees none of it.
#include <set>

#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;
using testing::write_theme;

class CustomizeE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    write_theme(themes(), "shop", "1.0.0", {{"name", "Kendu Shop"}});
    auto r = vitrine({"sync", "--all"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    server = serve();
    ASSERT_TRUE(server->started());
    admin = admin_token();
  }
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }

  std::string url(const std::string& p) const { return server->url(p); }

  HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                  const json& body = nullptr) {
    return api_call(*server, method, path, token, body);
  }

  // Creates a user through the admin API and logs in; returns the session token.
  std::string user_token(const std::string& email) {
    return E2eTest::user_token(*server, admin, email);
  }

  json create_workspace(const std::string& token, const std::string& name) {
    auto r = call("POST", "/api/workspaces", token, {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return json_of(r);
  }

  HttpResult public_puck_data(const std::string& host, const std::string& query = "") {
    return http_get(url("/api/public/puck-data" + query), {{"X-Store-Hostname", host}});
  }

  static json hero_page(const std::string& title) {
    return {{"content", {{{"type", "Hero"}, {"props", {{"id", "hero-1"}, {"title", title}}}}}},
            {"root", {{"props", json::object()}}},
            {"zones", json::object()}};
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin;
};

TEST_F(CustomizeE2eTest, UseEditPublishServeRollBack) {
  std::string alice = user_token("alice@example.com");
  json ws = create_workspace(alice, "Alice Shop");
  std::string ws_id = ws["id"];
  std::string host = ws["slug"].get<std::string>() + ".localhost";

  // Use the theme: a draft pinned to the latest version, not yet served.
  auto used = call("POST", "/api/themes/shop/use", alice, {{"workspace_id", ws_id}});
  ASSERT_EQ(used.status, 201) << used.body;
  json first = json_of(used);
  EXPECT_EQ(first["version"], "1.0.0");
  EXPECT_EQ(first["status"], "draft");
  EXPECT_EQ(first["is_active"], false);
  EXPECT_EQ(first["theme"]["slug"], "shop");
  EXPECT_EQ(first["source"], "platform");
  EXPECT_EQ(first["puck_data"]["content"], json::array());
  std::string first_id = first["id"];

  auto none =
      expect_error(call("GET", "/api/workspaces/" + ws_id + "/template", alice), 404, "not_found");
  EXPECT_EQ(none.value("message", ""), "workspace has no published template");
  expect_error(public_puck_data(host), 404, "not_found");

  // A bad edit names every problem and saves nothing.
  json bad = hero_page("Hello");
  bad["content"].push_back({{"type", "Carousel"}, {"props", {{"id", "c1"}}}});
  bad["content"].push_back({{"type", "Hero"}, {"props", {{"id", "hero-1"}, {"title", 42}}}});
  auto refused = call("POST", "/api/workspaces/" + ws_id + "/template/update", alice,
                      {{"customization_id", first_id}, {"puck_data", bad}});
  auto e = expect_error(refused, 422, "validation_failed");
  std::set<std::string> pointers;
  for (const auto& p : e["details"]["problems"]) pointers.insert(p["pointer"]);
  EXPECT_EQ(pointers,
            (std::set<std::string>{"/puck_data/content/1/type", "/puck_data/content/2/props/id",
                                   "/puck_data/content/2/props/title"}));

  auto saved = call("POST", "/api/workspaces/" + ws_id + "/template/update", alice,
                    {{"customization_id", first_id},
                     {"puck_data", hero_page("Hello from Alice")},
                     {"pages", {{"/about", hero_page("About us")}}},
                     {"custom_css", ".hero { color: teal }"}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json_of(saved)["custom_css"], ".hero { color: teal }");

  // Publish: the workspace template and the storefront's public data follow.
  auto published = call("POST", "/api/customizations/" + first_id + "/publish", alice);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(json_of(published)["is_active"], true);
  auto live = call("GET", "/api/workspaces/" + ws_id + "/template", alice);
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(json_of(live)["id"], first_id);
  EXPECT_TRUE(json_of(live)["update_available"].is_null());

  auto page = public_puck_data(host);
  ASSERT_EQ(page.status, 200) << page.body;
  json pj = json_of(page);
  EXPECT_EQ(pj["data"]["content"][0]["props"]["title"], "Hello from Alice");
  EXPECT_EQ(pj["version"], "1.0.0");
  EXPECT_EQ(pj["theme"]["slug"], "shop");
  int64_t revision = pj["revision"];
  auto about = public_puck_data(host, "?path=/about");
  ASSERT_EQ(about.status, 200) << about.body;
  EXPECT_EQ(json_of(about)["data"]["content"][0]["props"]["title"], "About us");
  expect_error(public_puck_data("nobody.localhost"), 404, "not_found");

  // A second customization goes live, then rollback brings the first one back.
  auto second = json_of(call("POST", "/api/themes/shop/use", alice, {{"workspace_id", ws_id}}));
  std::string second_id = second["id"];
  ASSERT_EQ(call("POST", "/api/workspaces/" + ws_id + "/template/update", alice,
                 {{"customization_id", second_id}, {"puck_data", hero_page("Second look")}})
                .status,
            200);
  ASSERT_EQ(call("POST", "/api/customizations/" + second_id + "/publish", alice).status, 200);
  json now_live = json_of(public_puck_data(host));
  EXPECT_EQ(now_live["data"]["content"][0]["props"]["title"], "Second look");
  EXPECT_GT(now_live["revision"].get<int64_t>(), revision);

  auto list = json_of(call("GET", "/api/workspaces/" + ws_id + "/customizations", alice));
  ASSERT_EQ(list["items"].size(), 2u);
  int active = 0;
  for (const auto& c : list["items"]) active += c["is_active"].get<bool>() ? 1 : 0;
  EXPECT_EQ(active, 1);

  auto rolled = call("POST", "/api/workspaces/" + ws_id + "/rollback", alice);
  ASSERT_EQ(rolled.status, 200) << rolled.body;
  EXPECT_EQ(json_of(rolled)["id"], first_id);
  EXPECT_EQ(json_of(public_puck_data(host))["data"]["content"][0]["props"]["title"],
            "Hello from Alice");
  expect_error(call("POST", "/api/workspaces/" + ws_id + "/rollback", alice), 409, "conflict");

  // A new theme version is offered, never applied by itself.
  write_theme(themes(), "shop", "1.1.0", {{"name", "Kendu Shop"}});
  auto synced = vitrine({"sync", "shop"});
  ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
  auto offered = json_of(call("GET", "/api/workspaces/" + ws_id + "/template", alice));
  EXPECT_EQ(offered["version"], "1.0.0");
  EXPECT_EQ(offered["update_available"]["version"], "1.1.0");
  auto upgraded =
      call("POST", "/api/customizations/" + first_id + "/upgrade", alice, {{"version", "1.1.0"}});
  ASSERT_EQ(upgraded.status, 200) << upgraded.body;
  EXPECT_EQ(json_of(upgraded)["version"], "1.1.0");
  EXPECT_EQ(json_of(upgraded)["warnings"], json::array());
  EXPECT_EQ(json_of(public_puck_data(host))["version"], "1.1.0");

  // Unpublish takes the storefront offline.
  ASSERT_EQ(call("POST", "/api/customizations/" + first_id + "/unpublish", alice).status, 200);
  expect_error(public_puck_data(host), 404, "not_found");
}

// The basic plan allows 20 storefront requests per second (bursts of 40) per site: a client
// hammering one shop gets 429 with Retry-After, and another shop on the same server is unaffected.
TEST_F(CustomizeE2eTest, PublicEndpointEnforcesThePlansRateLimitPerSite) {
  std::string alice = user_token("alice@example.com");
  std::string hosts[2];
  for (int i = 0; i < 2; ++i) {
    json ws = create_workspace(alice, "Shop " + std::to_string(i));
    hosts[i] = ws["slug"].get<std::string>() + ".localhost";
    auto c = json_of(call("POST", "/api/themes/shop/use", alice, {{"workspace_id", ws["id"]}}));
    ASSERT_EQ(call("POST", "/api/customizations/" + c["id"].get<std::string>() + "/publish", alice)
                  .status,
              200);
  }
  int ok = 0;
  HttpResult limited;
  for (int i = 0; i < 300 && limited.status != 429; ++i) {
    auto r = public_puck_data(hosts[0]);
    if (r.status == 200)
      ++ok;
    else
      limited = r;
  }
  EXPECT_GE(ok, 40) << "a full bucket admits a burst of twice the rate";
  auto e = expect_error(limited, 429, "rate_limited");
  EXPECT_EQ(e["details"]["limit_rps"], 20);
  EXPECT_TRUE(limited.headers.count("retry-after")) << limited.body;
  EXPECT_EQ(public_puck_data(hosts[1]).status, 200) << "the other shop has its own budget";
}

TEST_F(CustomizeE2eTest, OtherTenantsGetNotFound) {
  std::string alice = user_token("alice@example.com");
  std::string bob = user_token("bob@example.com");
  json ws = create_workspace(alice, "Alice Shop");
  std::string ws_id = ws["id"];
  auto c = json_of(call("POST", "/api/themes/shop/use", alice, {{"workspace_id", ws_id}}));
  std::string id = c["id"];
  ASSERT_EQ(call("POST", "/api/customizations/" + id + "/publish", alice).status, 200);

  expect_error(call("GET", "/api/customizations/" + id, bob), 404, "not_found");
  expect_error(call("POST", "/api/customizations/" + id + "/unpublish", bob), 404, "not_found");
  expect_error(call("POST", "/api/customizations/" + id + "/duplicate", bob), 404, "not_found");
  expect_error(call("POST", "/api/customizations/" + id + "/promote", bob,
                    {{"name", "Stolen"}, {"description", "Not mine"}}),
               404, "not_found");
  expect_error(call("GET", "/api/workspaces/" + ws_id + "/template", bob), 404, "not_found");
  expect_error(call("GET", "/api/workspaces/" + ws_id + "/customizations", bob), 404, "not_found");
  expect_error(call("POST", "/api/workspaces/" + ws_id + "/template/update", bob,
                    {{"customization_id", id}, {"custom_css", "body{display:none}"}}),
               404, "not_found");
  expect_error(call("POST", "/api/themes/shop/use", bob, {{"workspace_id", ws_id}}), 404,
               "not_found");
  expect_error(call("POST", "/api/workspaces/" + ws_id + "/rollback", bob), 404, "not_found");
  expect_error(call("GET", "/api/customizations/" + id, ""), 401, "unauthorized");

  // Bob's own workspace cannot take Alice's customization either.
  json bob_ws = create_workspace(bob, "Bob Shop");
  expect_error(
      call("POST", "/api/workspaces/" + bob_ws["id"].get<std::string>() + "/template/update", bob,
           {{"customization_id", id}, {"custom_css", "x"}}),
      404, "not_found");

  // Still live and unchanged for Alice, and still her only customization.
  EXPECT_EQ(
      json_of(call("GET", "/api/workspaces/" + ws_id + "/customizations", alice))["items"].size(),
      1u);
  auto mine = json_of(call("GET", "/api/customizations/" + id, alice));
  EXPECT_EQ(mine["is_active"], true);
  EXPECT_EQ(mine["custom_css"], "");

  // Her own copy of it is a draft beside it; the live one stays live.
  auto copy = call("POST", "/api/customizations/" + id + "/duplicate", alice);
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_NE(json_of(copy)["id"], id);
  EXPECT_EQ(json_of(copy)["status"], "draft");
  EXPECT_EQ(json_of(copy)["is_active"], false);
  EXPECT_EQ(json_of(call("GET", "/api/workspaces/" + ws_id + "/template", alice))["id"], id);
}

TEST_F(CustomizeE2eTest, PromotedTemplateServesTheOwnersOtherWorkspaces) {
  std::string alice = user_token("alice@example.com");
  std::string bob = user_token("bob@example.com");
  std::string first_ws = create_workspace(alice, "First Shop")["id"];
  std::string second_ws = create_workspace(alice, "Second Shop")["id"];
  std::string bob_ws = create_workspace(bob, "Bob Shop")["id"];
  std::string id =
      json_of(call("POST", "/api/themes/shop/use", alice, {{"workspace_id", first_ws}}))["id"];
  ASSERT_EQ(call("POST", "/api/workspaces/" + first_ws + "/template/update", alice,
                 {{"customization_id", id}, {"puck_data", hero_page("House style")}})
                .status,
            200);

  auto promoted = call("POST", "/api/customizations/" + id + "/promote", alice,
                       {{"name", "House style"}, {"description", "Our look for every shop"}});
  ASSERT_EQ(promoted.status, 201) << promoted.body;
  json t = json_of(promoted);
  EXPECT_EQ(t["source"], "user");
  auto mine = json_of(call("GET", "/api/templates/mine", alice));
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["id"], t["id"]);
  EXPECT_TRUE(json_of(call("GET", "/api/templates/mine", bob))["items"].empty());

  std::string template_id = t["id"];
  auto copy =
      call("POST", "/api/themes/" + template_id + "/use", alice, {{"workspace_id", second_ws}});
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_EQ(json_of(copy)["source"], "user");
  EXPECT_EQ(json_of(copy)["puck_data"]["content"][0]["props"]["title"], "House style");

  expect_error(call("POST", "/api/themes/" + template_id + "/use", bob, {{"workspace_id", bob_ws}}),
               404, "not_found");
}

}  // namespace
}  // namespace vitrine::e2e
