// The blog through the real binary: `vitrine demo` publishes the journal theme's demo blog
// (field-notes), whose posts are written, scheduled and read back through /api/cms/{id}/posts
// and shown on the shop's /blog, post, tag, feed and sitemap pages.
#include "core/clock.h"
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class BlogE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = demo();
    ASSERT_TRUE(server->started()) << server->output() << server->error_output();
    admin = admin_token();
    ws = workspace_id(*server, admin, "field-notes");
    ASSERT_FALSE(ws.empty());
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0);
    }
  }
  HttpResult page(const std::string& path) const {
    return http_get(server->url(path),
                    {{"Host", "field-notes.localhost:" + std::to_string(server->port())}});
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin, ws;
};

TEST_F(BlogE2eTest, TheDemoBlogShowsItsPostsTagsFeedAndSitemap) {
  auto home = page("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("What a year of walking to work"), std::string::npos)
      << "the home page's post list shows the shop's posts";
  auto blog = page("/blog");
  ASSERT_EQ(blog.status, 200);
  EXPECT_NE(blog.body.find("href=\"/blog/lisbon-reading-cafes\""), std::string::npos) << blog.body;
  auto post = page("/blog/a-year-of-walking");
  ASSERT_EQ(post.status, 200);
  EXPECT_NE(post.body.find("<strong>noticing</strong>"), std::string::npos) << "Markdown rendered";
  EXPECT_NE(post.body.find("href=\"/blog/tag/essays\""), std::string::npos);
  EXPECT_NE(post.body.find("<meta property=\"og:type\" content=\"article\">"), std::string::npos);
  EXPECT_NE(post.body.find("\"@type\":\"BlogPosting\""), std::string::npos) << "JSON-LD";
  EXPECT_NE(post.body.find("\"author\":{\"@type\":\"Person\",\"name\":\"Clara Mendes\"}"),
            std::string::npos);
  auto travel = page("/blog/tag/travel");
  ASSERT_EQ(travel.status, 200);
  EXPECT_NE(travel.body.find("porto-tile-workshops"), std::string::npos);
  EXPECT_EQ(travel.body.find("boring-tools"), std::string::npos) << "only that tag's posts";
  EXPECT_EQ(page("/blog/no-such-post").status, 404);
  EXPECT_EQ(page("/blog/tag/no-such-tag").status, 404);
  auto feed = page("/blog/feed.xml");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.headers["content-type"], "application/atom+xml; charset=utf-8");
  EXPECT_NE(feed.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), std::string::npos);
  EXPECT_NE(feed.body.find("/blog/danish-desk</id>"), std::string::npos) << feed.body;
  // The shop's product pages describe their offers; pages showing a visitor are not indexed.
  const std::string kendu = "demo-shop.localhost:" + std::to_string(server->port());
  auto product = http_get(server->url("/products/speckled-stoneware-mug"), {{"Host", kendu}});
  ASSERT_EQ(product.status, 200);
  EXPECT_NE(product.body.find("\"@type\":\"Product\""), std::string::npos);
  EXPECT_NE(product.body.find("\"priceCurrency\":\"USD\""), std::string::npos);
  EXPECT_NE(product.body.find("<meta property=\"og:type\" content=\"product\">"),
            std::string::npos);
  auto cart = http_get(server->url("/cart"), {{"Host", kendu}});
  EXPECT_NE(cart.body.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
  EXPECT_EQ(product.body.find("noindex"), std::string::npos);
  auto sitemap = page("/sitemap.xml");
  EXPECT_NE(sitemap.body.find("/blog/commonplace-book</loc>"), std::string::npos) << sitemap.body;
}

TEST_F(BlogE2eTest, AnAuthorWritesPublishesAndSchedulesPostsThatOnlyTheirShopSees) {
  const std::string base = "/api/cms/" + ws + "/posts";
  auto created =
      api_call(*server, "POST", base, admin,
               {{"title", "Notes from the night train"},
                {"content", "Slept *badly*, woke in **Vienna**.\n\n<script>x()</script>"},
                {"tags", {"Travel"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const json p = json_of(created);
  EXPECT_EQ(p["slug"], "notes-from-the-night-train");
  EXPECT_EQ(p["status"], "draft");
  EXPECT_EQ(page("/blog/notes-from-the-night-train").status, 404) << "a draft is not on the shop";

  auto published = api_call(*server, "PATCH", base + "/" + p["id"].get<std::string>(), admin,
                            {{"status", "published"}});
  ASSERT_EQ(published.status, 200) << published.body;
  auto shown = page("/blog/notes-from-the-night-train");
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("<strong>Vienna</strong>"), std::string::npos);
  EXPECT_EQ(shown.body.find("<script>x()"), std::string::npos);

  // Scheduled two seconds ahead: it appears by itself.
  const std::string at = to_iso8601(std::chrono::system_clock::now() + std::chrono::seconds(2));
  auto scheduled =
      api_call(*server, "POST", base, admin,
               {{"title", "Arriving soon"}, {"status", "scheduled"}, {"published_at", at}});
  ASSERT_EQ(scheduled.status, 201) << scheduled.body;
  EXPECT_EQ(page("/blog/arriving-soon").status, 404);
  EXPECT_TRUE(eventually([&] { return page("/blog/arriving-soon").status == 200; }))
      << "the scheduled post never appeared";

  // Bad input: named by pointer, nothing stored.
  auto bad = api_call(*server, "POST", base, admin,
                      {{"title", "X"}, {"status", "scheduled"}, {"published_at", "soon"}});
  auto e = expect_error(bad, 422, "validation_failed");
  EXPECT_EQ(e["details"]["problems"][0]["pointer"], "/published_at") << bad.body;
  auto not_json = http_request(
      "POST", server->url(base),
      {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}}, "{\"title\": ");
  expect_error(not_json, 400, "invalid_json");
  auto list = json_of(api_call(*server, "GET", base + "?status=published&tag=travel", admin));
  EXPECT_EQ(list["total"], 3) << "the two demo travel posts and the new one";

  // Another user, with a shop of their own, cannot see or write this shop's posts.
  const std::string other = user_token(*server, admin, "other@example.com");
  expect_error(api_call(*server, "GET", base, other), 404, "not_found");
  expect_error(api_call(*server, "POST", base, other, {{"title", "Hijack"}}), 404, "not_found");
  expect_error(api_call(*server, "DELETE", base + "/notes-from-the-night-train", other), 404,
               "not_found");
  EXPECT_EQ(page("/blog/notes-from-the-night-train").status, 200);
}

}  // namespace
}  // namespace vitrine::e2e
