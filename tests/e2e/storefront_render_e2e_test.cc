// The storefront through the real binary: `vitrine demo` publishes the Kendu shop on
// demo-shop.localhost, a shop's own code that never ends or eats memory renders as a
// placeholder while the server stays up, and the render cache shows in /metrics.
#include <filesystem>

#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

HttpResult get_on(const ServerProcess& server, const std::string& host, const std::string& path,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
  headers.push_back({"Host", host + ":" + std::to_string(server.port())});
  return http_get(server.url(path), headers);
}

class StorefrontRenderE2eTest : public E2eTest {
 protected:
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }
  std::unique_ptr<ServerProcess> server;
};

TEST_F(StorefrontRenderE2eTest, DemoPublishesTheKenduShopOnItsSubdomain) {
  fs::copy(fs::path(source_dir()) / "themes", themes(), fs::copy_options::recursive);
  std::vector<std::string> args{"demo", "--listen", "127.0.0.1:0"};
  for (const auto& f : instance_flags()) args.push_back(f);
  server = std::make_unique<ServerProcess>(args, std::vector<std::pair<std::string, std::string>>{},
                                           tmp.path().string());
  ASSERT_TRUE(server->started()) << server->output() << server->error_output();
  EXPECT_NE(server->output().find("http://demo-shop.localhost:" + std::to_string(server->port())),
            std::string::npos)
      << "the banner names the shop's address";

  auto home = get_on(*server, "demo-shop.localhost", "/");
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_NE(home.body.find("/cdn/themes/kendustorenew/1.2.0/build/theme.css"), std::string::npos);
  EXPECT_NE(home.body.find("class=\"kd-card\""), std::string::npos) << "real products";
  EXPECT_EQ(home.body.find("data-vitrine-block-error"), std::string::npos);
  EXPECT_EQ(home.headers.at("x-cache"), "miss");
  EXPECT_EQ(get_on(*server, "demo-shop.localhost", "/").headers.at("x-cache"), "hit");

  auto about = get_on(*server, "demo-shop.localhost", "/about");
  ASSERT_EQ(about.status, 200);
  EXPECT_NE(about.body.find("About Kendu"), std::string::npos);

  // The stylesheet the page links is served on the shop's own host.
  auto css =
      get_on(*server, "demo-shop.localhost", "/cdn/themes/kendustorenew/1.2.0/build/theme.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(get_on(*server, "no-such-shop.localhost", "/").status, 404);
  EXPECT_EQ(http_get(server->url("/healthz")).status, 200) << "the platform host is the API";

  auto metrics = http_get(server->url("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("vitrine_render_cache_hits_total 1"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("vitrine_render_cache_misses_total 2"), std::string::npos);

  // A second start finds the shop and leaves it as it is (the canonical URL names the new port).
  const std::string old_port = ":" + std::to_string(server->port()) + "/";
  EXPECT_EQ(server->stop(), 0);
  server = std::make_unique<ServerProcess>(args, std::vector<std::pair<std::string, std::string>>{},
                                           tmp.path().string());
  ASSERT_TRUE(server->started()) << server->error_output();
  EXPECT_EQ(server->output().find("password"), std::string::npos) << "no second owner";
  std::string expected = home.body;
  const std::string new_port = ":" + std::to_string(server->port()) + "/";
  for (size_t p = expected.find(old_port); p != std::string::npos;
       p = expected.find(old_port, p + new_port.size()))
    expected.replace(p, old_port.size(), new_port);
  EXPECT_TRUE(get_on(*server, "demo-shop.localhost", "/").body == expected) << "same page";
}

TEST_F(StorefrontRenderE2eTest, RunawayShopCodeNeverTakesTheServerDown) {
  testing::write_theme(themes(), "shop", "1.0.0");
  ASSERT_EQ(vitrine({"sync", "--all"}).exit_code, 0);
  auto user = run_process(
      {vitrine_binary(), "user", "create", "--email", "ana@example.com", "--password-stdin",
       "--database-url", database_url(), "--data-dir", data().string(), "--blob-url", blob_url()},
      {}, tmp.path().string(), "a long password\n");
  ASSERT_EQ(user.exit_code, 0) << user.err;
  server = serve();
  ASSERT_TRUE(server->started());
  auto call = [&](const std::string& method, const std::string& path, const std::string& token,
                  const json& body) { return api_call(*server, method, path, token, body); };
  auto login =
      http_request("POST", server->url("/api/auth/login"), {{"Content-Type", "application/json"}},
                   json{{"email", "ana@example.com"}, {"password", "a long password"}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string token = json_of(login)["token"];
  auto ws = call("POST", "/api/workspaces", token, {{"name", "Ana Shop"}});
  ASSERT_EQ(ws.status, 201) << ws.body;
  const std::string ws_id = json_of(ws)["id"];
  const std::string host = json_of(ws)["slug"].get<std::string>() + ".localhost";
  auto used = call("POST", "/api/themes/shop/use", token, {{"workspace_id", ws_id}});
  ASSERT_EQ(used.status, 201) << used.body;
  const std::string cid = json_of(used)["id"];

  auto vibe = [](const std::string& id, const std::string& code) {
    return json{{"type", "VibeCode"}, {"props", {{"id", id}, {"code", code}}}};
  };
  json page = {{"content",
                {{{"type", "Hero"}, {"props", {{"id", "hero"}, {"title", "Open for business"}}}},
                 vibe("spin", "function render() { while (true) {} }"),
                 vibe("ok", "function render(p, ctx) { return '<p>' + ctx.site.name + '</p>'; }")}},
               {"root", {{"props", json::object()}}}};
  auto saved = call("POST", "/api/workspaces/" + ws_id + "/template/update", token,
                    {{"customization_id", cid}, {"puck_data", page}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  ASSERT_EQ(call("POST", "/api/customizations/" + cid + "/publish", token, json::object()).status,
            200);

  auto shop = get_on(*server, host, "/");
  ASSERT_EQ(shop.status, 200) << shop.body;
  EXPECT_NE(shop.body.find("Open for business"), std::string::npos);
  EXPECT_NE(shop.body.find("<p>Ana Shop</p>"), std::string::npos);
  EXPECT_NE(shop.body.find("data-vitrine-block-error=\"timeout\""), std::string::npos);
  EXPECT_TRUE(server->running());
  EXPECT_EQ(http_get(server->url("/healthz")).status, 200);

  // Publishing a fix shows on the next request.
  page["content"].erase(1);
  saved = call("POST", "/api/workspaces/" + ws_id + "/template/update", token,
               {{"customization_id", cid}, {"puck_data", page}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto fixed = get_on(*server, host, "/");
  EXPECT_EQ(fixed.body.find("data-vitrine-block-error"), std::string::npos);
  EXPECT_NE(fixed.body.find("<p>Ana Shop</p>"), std::string::npos);

  // An operator suspends the site: its host answers 503 until it is restored; the shop owner
  // cannot do it.
  expect_error(call("PATCH", "/api/workspaces/" + ws_id + "/site", token, {{"status", "active"}}),
               403, "forbidden");
  const std::string admin = admin_token();
  auto suspended =
      call("PATCH", "/api/workspaces/" + ws_id + "/site", admin, {{"status", "suspended"}});
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  EXPECT_EQ(json_of(suspended)["status"], "suspended");
  EXPECT_EQ(get_on(*server, host, "/").status, 503);
  expect_error(call("PATCH", "/api/workspaces/" + ws_id + "/site", admin, {{"status", "gone"}}),
               400, "invalid_argument");
  ASSERT_EQ(
      call("PATCH", "/api/workspaces/" + ws_id + "/site", admin, {{"status", "active"}}).status,
      200);
  EXPECT_EQ(get_on(*server, host, "/").status, 200);
}

}  // namespace
}  // namespace vitrine::e2e
