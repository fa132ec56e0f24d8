// The media library through the real binary: an image uploaded to /api/cms/{id}/media is served
// from /cdn/media/... with immutable caching, a page's VibeCode block gets its srcset from ctx,
// the file cannot be deleted while that live page shows it, hostile uploads are refused with
// their reason, and other tenants see nothing.
#include "e2e_support.h"
#include "testing/images.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class MediaE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = demo();
    ASSERT_TRUE(server->started()) << server->output() << server->error_output();
    admin = admin_token();
    ws = workspace_id(*server, admin, "demo-shop");
    ASSERT_FALSE(ws.empty());
    base = "/api/cms/" + ws + "/media";
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0);
    }
  }
  HttpResult upload(const std::string& bytes, const std::string& type,
                    const std::string& query = "", const std::string& token = "") const {
    return http_request(
        "POST", server->url(base + query),
        {{"Authorization", "Bearer " + (token.empty() ? admin : token)}, {"Content-Type", type}},
        bytes);
  }
  HttpResult shop(const std::string& path) const {
    return http_get(server->url(path),
                    {{"Host", "demo-shop.localhost:" + std::to_string(server->port())}});
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin, ws, base;
};

TEST_F(MediaE2eTest, AnUploadIsServedImmutableAndAPageUsesItsSrcset) {
  const std::string jpeg = testing::make_image("jpeg", 1600, 1000);
  auto created = upload(jpeg, "image/jpeg", "?file_name=kiln.jpg&alt=The%20kiln%20at%20dawn");
  ASSERT_EQ(created.status, 201) << created.body;
  const json f = json_of(created);
  EXPECT_EQ(f["file_name"], "kiln.jpg");
  EXPECT_EQ(f["alt"], "The kiln at dawn");
  EXPECT_EQ(f["width"], 1600);
  const std::string url = f["url"];
  EXPECT_TRUE(url.ends_with("/1600x1000.jpg")) << url;

  auto original = http_get(server->url(url));
  ASSERT_EQ(original.status, 200);
  EXPECT_EQ(original.body, jpeg);
  EXPECT_EQ(original.headers["content-type"], "image/jpeg");
  EXPECT_EQ(original.headers["cache-control"], "public, max-age=31536000, immutable");
  auto variant = http_get(server->url(f["variants"][1]["url"].get<std::string>()));
  ASSERT_EQ(variant.status, 200);
  EXPECT_EQ(variant.headers["content-type"], "image/webp");
  auto revalidated = http_get(server->url(url), {{"If-None-Match", original.headers["etag"]}});
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_EQ(upload(jpeg, "image/jpeg").status, 200) << "the same bytes again: the same file";

  // A live page shows it through ctx.srcset and ctx.mediaUrl.
  const std::string code =
      "function render(props, ctx) { return `<img class=\"kiln\" src=\"${ctx.mediaUrl(props.src, "
      "600)}\" srcset=\"${ctx.srcset(props.src)}\">`; }";
  auto page = api_call(*server, "POST", "/api/cms/" + ws + "/pages", admin,
                       {{"path", "/gallery"},
                        {"title", "Gallery"},
                        {"blocks",
                         {{{"id", "kiln"},
                           {"type", "VibeCode"},
                           {"config", {{"code", code}, {"props", {{"src", url}}}}}}}}});
  ASSERT_EQ(page.status, 201) << page.body;
  auto shown = shop("/gallery");
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("srcset=\"" + f["srcset"].get<std::string>() + "\""), std::string::npos)
      << f["srcset"] << "\n"
      << shown.body.substr(shown.body.find("kiln"), 600);
  EXPECT_NE(shown.body.find(f["variants"][1]["url"].get<std::string>()), std::string::npos)
      << "mediaUrl picks w640 for 600 pixels";

  // In use: not deleted, and the error says where.
  const std::string file = base + "/" + f["id"].get<std::string>();
  auto refused = api_call(*server, "DELETE", file, admin);
  auto e = expect_error(refused, 409, "conflict");
  EXPECT_EQ(e["details"]["references"][0]["kind"], "page");
  EXPECT_EQ(e["details"]["references"][0]["id"], "/gallery");
  EXPECT_EQ(http_get(server->url(url)).status, 200);

  ASSERT_EQ(api_call(*server, "DELETE", "/api/cms/" + ws + "/blocks/kiln", admin).status, 204);
  EXPECT_EQ(api_call(*server, "DELETE", file, admin).status, 204);
  EXPECT_EQ(http_get(server->url(url)).status, 404);
  const json list = json_of(api_call(*server, "GET", base, admin));
  EXPECT_EQ(list["total"], 0);
  EXPECT_EQ(list["usage"]["used_bytes"], 0);
  EXPECT_EQ(list["usage"]["quota_bytes"], int64_t{10} << 30) << "the demo shop's pro plan";
}

TEST_F(MediaE2eTest, HostileUploadsAreRefusedAndOtherTenantsSeeNothing) {
  expect_error(upload("<svg onload=\"alert(1)\"></svg>", "image/svg+xml"), 415,
               "unsupported_media_type");
  auto mislabelled = upload(testing::make_image("png", 32, 32), "image/jpeg");
  auto e = expect_error(mislabelled, 400, "invalid_argument");
  EXPECT_NE(e["message"].get<std::string>().find("its bytes are image/png"), std::string::npos);
  auto bomb = upload(testing::png_claiming(40000, 40000), "image/png");
  expect_error(bomb, 400, "invalid_argument");
  auto huge = upload(std::string((20u << 20) + 1, '\xFF'), "image/jpeg");
  expect_error(huge, 413, "payload_too_large");
  EXPECT_EQ(json_of(api_call(*server, "GET", base, admin))["total"], 0) << "nothing stored";

  auto mine = upload(testing::make_image("webp", 64, 64), "image/webp");
  ASSERT_EQ(mine.status, 201) << mine.body;
  const std::string file = base + "/" + json_of(mine)["id"].get<std::string>();
  const std::string other = user_token(*server, admin, "other@example.com");
  expect_error(api_call(*server, "GET", base, other), 404, "not_found");
  expect_error(api_call(*server, "GET", file, other), 404, "not_found");
  expect_error(api_call(*server, "PATCH", file, other, {{"alt", "mine now"}}), 404, "not_found");
  expect_error(api_call(*server, "DELETE", file, other), 404, "not_found");
  expect_error(upload(testing::make_image("png", 8, 8), "image/png", "", other), 404, "not_found");
  EXPECT_EQ(json_of(api_call(*server, "GET", file, admin))["alt"], "");
  expect_error(api_call(*server, "GET", base + "?page=0", admin), 400, "invalid_argument");
  expect_error(api_call(*server, "PATCH", file, admin, {{"alt", 5}}), 400, "invalid_argument");
}

}  // namespace
}  // namespace vitrine::e2e
