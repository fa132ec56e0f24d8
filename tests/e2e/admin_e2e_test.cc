// /admin and what its editor reads, against the real binary.
#include <regex>

#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class AdminE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = demo();
    ASSERT_TRUE(server->started()) << server->output() << server->error_output();
    admin = admin_token();
  }
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }
  std::unique_ptr<ServerProcess> server;
  std::string admin;
};

TEST_F(AdminE2eTest, TheAdminAppIsServedWithItsAssetsCachedForeverAndItsPagesRevalidated) {
  auto index = http_request("GET", server->url("/admin/shops/anything/editor/x"), {}, "");
  if (index.status == 503) {
    // Built without Node.js: the page says how to get the app instead of a bare 404.
    EXPECT_NE(index.body.find("scripts/build.sh"), std::string::npos) << index.body;
    GTEST_SKIP() << "this binary was built without the admin app";
  }
  ASSERT_EQ(index.status, 200) << index.body;
  EXPECT_EQ(index.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(index.headers["cache-control"], "no-cache, private") << "a new build is picked up";
  std::smatch script;
  ASSERT_TRUE(
      std::regex_search(index.body, script, std::regex("/admin/(assets/index-[^\"]+\\.js)")))
      << index.body;

  auto asset = http_request("GET", server->url("/admin/" + script[1].str()),
                            {{"Accept-Encoding", "gzip, deflate, br"}}, "");
  ASSERT_EQ(asset.status, 200);
  EXPECT_EQ(asset.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(asset.headers["content-encoding"], "br");
  EXPECT_EQ(asset.headers["content-type"], "text/javascript; charset=utf-8");
  auto plain = http_request("GET", server->url("/admin/" + script[1].str()), {}, "");
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_GT(plain.body.size(), asset.body.size() * 2) << "compressed at least by half";

  // A stale hashed name is a 404 in the error format, not the app's page.
  expect_error(http_request("GET", server->url("/admin/assets/index-0000.js"), {}, ""), 404,
               "not_found");
}

TEST_F(AdminE2eTest, TheEditorsHelpersAreTheSandboxsOwnWithoutTheLockdown) {
  auto r = http_request("GET", server->url("/admin/runtime.js"), {}, "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_NE(r.body.find("function formatPrice(amount, currency)"), std::string::npos);
  EXPECT_NE(r.body.find("export const { makeCtx, withChildren, freezeData }"), std::string::npos);
}

TEST_F(AdminE2eTest, TheEditorReadsAPagesStorefrontContextOfItsOwnShopOnly) {
  const std::string ws = workspace_id(*server, admin, "field-notes");
  const std::string base = "/api/workspaces/" + ws + "/storefront-data";
  const json page = json_of(api_call(*server, "GET", base + "?path=%2F", admin));
  EXPECT_EQ(page["site"]["domain"], "field-notes.localhost");
  EXPECT_EQ(page["site"]["url"], "http://field-notes.localhost:" + std::to_string(server->port()));
  ASSERT_TRUE(page["resource"]["posts"].is_array());
  EXPECT_FALSE(page["resource"]["posts"].empty()) << "the journal's home lists the latest posts";
  EXPECT_TRUE(page["data"]["products"].is_array());
  EXPECT_EQ(page["resource"]["blog"]["url"], "/blog");

  expect_error(api_call(*server, "GET", base + "?path=about", admin), 400, "invalid_argument");
  const std::string other = user_token(*server, admin, "other@example.com");
  expect_error(api_call(*server, "GET", base, other), 404, "not_found");
  expect_error(api_call(*server, "GET", base, ""), 401, "unauthorized");
}

}  // namespace
}  // namespace vitrine::e2e
