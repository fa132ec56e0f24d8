// The CMS pages and blocks API through the real binary: pages written through /api/cms/{id}/pages
// are the shop's Puck pages (the storefront shows them), a draft customization's pages go live
// when one is published, bad input is named by pointer, and other tenants see nothing.
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class CmsPagesE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = demo();
    ASSERT_TRUE(server->started()) << server->output() << server->error_output();
    admin = admin_token();
    ws = workspace_id(*server, admin, "demo-shop");
    ASSERT_FALSE(ws.empty());
    base = "/api/cms/" + ws;
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0);
    }
  }
  HttpResult shop(const std::string& path) const {
    return http_get(server->url(path),
                    {{"Host", "demo-shop.localhost:" + std::to_string(server->port())}});
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin, ws, base;
};

TEST_F(CmsPagesE2eTest, PagesAndBlocksWrittenThroughTheApiAreWhatTheShopShows) {
  const json pages = json_of(api_call(*server, "GET", base + "/pages", admin));
  ASSERT_FALSE(pages["items"].empty()) << pages.dump();
  EXPECT_EQ(pages["items"][0]["id"], "/");
  EXPECT_EQ(pages["items"][0]["is_published"], true) << "the demo shop's live customization";

  auto created = api_call(
      *server, "POST", base + "/pages", admin,
      {{"path", "/lookbook"},
       {"title", "Lookbook — autumn"},
       {"meta_description", "Stoneware in the October light"},
       {"blocks",
        {{{"id", "intro"},
          {"type", "RichText"},
          {"config", {{"heading", "Autumn at the workshop"}, {"body", "Glazes and linen."}}}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json_of(created)["blocks"][0]["id"], "intro");
  auto page = shop("/lookbook");
  ASSERT_EQ(page.status, 200) << "an edit of the live customization shows at once";
  EXPECT_NE(page.body.find("Autumn at the workshop"), std::string::npos);
  EXPECT_NE(page.body.find("<title>Lookbook — autumn"), std::string::npos) << page.body;

  // The same page through the customization door: one model.
  const json live = json_of(api_call(*server, "GET", "/api/workspaces/" + ws + "/template", admin));
  EXPECT_EQ(live["pages"]["/lookbook"]["content"][0]["props"]["heading"], "Autumn at the workshop");

  // Blocks: replace them, edit one by id, remove it.
  auto put = api_call(*server, "PUT", base + "/pages/lookbook/blocks", admin,
                      {{"blocks",
                        {{{"id", "intro"}, {"type", "RichText"}, {"config", {{"heading", "One"}}}},
                         {{"id", "grid"},
                          {"type", "ProductGrid"},
                          {"config", {{"title", "Autumn picks"}, {"limit", 4}}}}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json_of(put)["items"].size(), 2u);
  auto patched = api_call(*server, "PATCH", base + "/blocks/grid", admin,
                          {{"config", {{"title", "Picked for October"}, {"limit", 4}}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_of(patched)["page"], "/lookbook");
  EXPECT_NE(shop("/lookbook").body.find("Picked for October"), std::string::npos);
  EXPECT_EQ(api_call(*server, "DELETE", base + "/blocks/grid", admin).status, 204);
  EXPECT_EQ(shop("/lookbook").body.find("Picked for October"), std::string::npos);
  const json blocks = json_of(api_call(*server, "GET", base + "/pages/%2Flookbook/blocks", admin));
  ASSERT_EQ(blocks["items"].size(), 1u) << blocks.dump();

  EXPECT_EQ(api_call(*server, "DELETE", base + "/pages/lookbook", admin).status, 204);
  EXPECT_EQ(shop("/lookbook").status, 404);
  expect_error(api_call(*server, "DELETE", base + "/pages/%2F", admin), 409, "conflict");
}

TEST_F(CmsPagesE2eTest, ADraftCustomizationsPagesGoLiveWhenOneIsPublished) {
  auto used =
      api_call(*server, "POST", "/api/themes/kendustorenew/use", admin, {{"workspace_id", ws}});
  ASSERT_EQ(used.status, 201) << used.body;
  const std::string draft = json_of(used)["id"];
  const std::string q = "?customization_id=" + draft;
  auto created = api_call(
      *server, "POST", base + "/pages" + q, admin,
      {{"path", "/opening"},
       {"title", "We are open"},
       {"blocks", {{{"type", "RichText"}, {"config", {{"heading", "Doors open at 9"}}}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json_of(created)["is_published"], false);
  EXPECT_EQ(shop("/opening").status, 404) << "a draft's page is not on the shop";

  auto published = api_call(*server, "POST", base + "/pages/opening/publish" + q, admin);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(json_of(published)["is_published"], true);
  auto page = shop("/opening");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Doors open at 9"), std::string::npos);
  // The default customization is now the live one: the draft.
  EXPECT_EQ(json_of(api_call(*server, "GET", base + "/pages", admin))["customization_id"], draft);
}

TEST_F(CmsPagesE2eTest, BadInputIsNamedAndOtherTenantsSeeNothing) {
  auto bad = api_call(*server, "POST", base + "/pages", admin,
                      {{"path", "/x"},
                       {"blocks",
                        {{{"type", "ProductGrid"}, {"config", {{"limit", "many"}}}},
                         {{"type", "VibeCode"}, {"config", {{"code", "function render( {"}}}}}}});
  auto e = expect_error(bad, 422, "validation_failed");
  std::set<std::string> pointers;
  for (const auto& p : e["details"]["problems"]) pointers.insert(p.value("pointer", ""));
  EXPECT_TRUE(pointers.contains("/blocks/0/config/limit")) << bad.body;
  EXPECT_TRUE(pointers.contains("/blocks/1/config/code")) << bad.body;
  EXPECT_EQ(shop("/x").status, 404) << "nothing saved";
  expect_error(api_call(*server, "POST", base + "/pages", admin, {{"path", "/y"}, {"colour", 1}}),
               400, "invalid_argument");
  auto not_json = http_request(
      "POST", server->url(base + "/pages"),
      {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}}, "{\"path\": ");
  expect_error(not_json, 400, "invalid_json");
  expect_error(api_call(*server, "GET", base + "/pages/nowhere", admin), 404, "not_found");
  expect_error(api_call(*server, "GET", base + "/blocks/ghost", admin), 404, "not_found");
  expect_error(api_call(*server, "GET", base + "/pages?customization_id=nope", admin), 404,
               "not_found");

  const std::string other = user_token(*server, admin, "other@example.com");
  expect_error(api_call(*server, "GET", base + "/pages", other), 404, "not_found");
  expect_error(api_call(*server, "POST", base + "/pages", other, {{"path", "/hijack"}}), 404,
               "not_found");
  expect_error(
      api_call(*server, "PUT", base + "/pages/%2F/blocks", other, {{"blocks", json::array()}}), 404,
      "not_found");
  expect_error(api_call(*server, "DELETE", base + "/pages/%2F", other), 404, "not_found");
  EXPECT_EQ(shop("/hijack").status, 404);
  EXPECT_EQ(shop("/").status, 200);
}

}  // namespace
}  // namespace vitrine::e2e
