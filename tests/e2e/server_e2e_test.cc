// The real `vitrine serve`: catalogue API, sync API, theme CDN and shutdown, over HTTP.
#include "e2e_support.h"
#include "themes/compress.h"

namespace vitrine::e2e {
namespace {

using testing::write_text;
using testing::write_theme;

class ServerTest : public E2eTest {
 protected:
  void SetUp() override {
    write_theme(themes(), "shop", "1.0.0",
                {{"name", "Kendu Shop"}, {"tags", {"fashion", "modern"}}});
    write_theme(themes(), "shop", "1.1.0",
                {{"name", "Kendu Shop"}, {"tags", {"fashion", "modern"}}});
    write_theme(themes(), "shop", "2.0.0-beta.1");
    write_theme(themes(), "bistro", "1.0.0",
                {{"name", "Bistro"},
                 {"template_type", "restaurant"},
                 {"price_tier", "paid"},
                 {"price_amount", 29},
                 {"description", "Menus and reservations"}});
    auto r = vitrine({"sync", "--all"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    server = serve();
    ASSERT_TRUE(server->started());
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0) << "SIGTERM ends the server cleanly";
    }
  }
  std::string url(const std::string& p) const { return server->url(p); }

  std::unique_ptr<ServerProcess> server;
};

TEST_F(ServerTest, HealthAndRequestIds) {
  auto r = http_get(url("/healthz"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json_of(r)["status"], "ok");
  EXPECT_FALSE(r.headers["x-request-id"].empty());
  auto echoed = http_get(url("/healthz"), {{"X-Request-Id", "trace-42"}});
  EXPECT_EQ(echoed.headers["x-request-id"], "trace-42");
  auto missing = http_get(url("/nothing/here"));
  expect_error(missing, 404, "not_found");
}

TEST_F(ServerTest, CatalogueListsFiltersPaginatesAndSearches) {
  auto all = json_of(http_get(url("/api/themes")));
  EXPECT_EQ(all["total"], 2);
  EXPECT_EQ(all["items"][0]["slug"], "bistro");
  EXPECT_EQ(all["items"][1]["latest_version"], "1.1.0") << "pre-releases are not latest";
  EXPECT_EQ(json_of(http_get(url("/api/themes/")))["total"], 2) << "trailing slash accepted";

  auto restaurants = json_of(http_get(url("/api/themes?template_type=restaurant")));
  ASSERT_EQ(restaurants["total"], 1);
  EXPECT_EQ(restaurants["items"][0]["price_amount"], 29);
  EXPECT_EQ(json_of(http_get(url("/api/themes?tag=fashion")))["items"][0]["slug"], "shop");
  EXPECT_EQ(json_of(http_get(url("/api/themes?price_tier=paid")))["total"], 1);
  auto paged = json_of(http_get(url("/api/themes?page=2&page_size=1&sort=name")));
  EXPECT_EQ(paged["items"][0]["slug"], "shop");
  EXPECT_EQ(paged["total_pages"], 2);
  EXPECT_EQ(json_of(http_get(url("/api/themes?sort=-name")))["items"][0]["slug"], "shop");

  auto bad = expect_error(http_get(url("/api/themes?price_tier=cheap")), 400, "invalid_argument");
  EXPECT_EQ(bad["details"]["parameter"], "price_tier");
  expect_error(http_get(url("/api/themes?page=0")), 400, "invalid_argument");
  expect_error(http_get(url("/api/themes?page_size=1000")), 400, "invalid_argument");

  auto found = json_of(http_get(url("/api/themes/search?q=reserv")));
  ASSERT_EQ(found["total"], 1);
  EXPECT_EQ(found["items"][0]["slug"], "bistro");
  EXPECT_EQ(json_of(http_get(url("/api/themes/search/?q=kendu&template_type=ecommerce")))["total"],
            1);
  EXPECT_EQ(json_of(http_get(url("/api/themes/search?q=kendu&template_type=blog")))["total"], 0);
  expect_error(http_get(url("/api/themes/search")), 400, "invalid_argument");
}

TEST_F(ServerTest, ThemeDetailHasEveryVersion) {
  auto d = json_of(http_get(url("/api/themes/shop")));
  EXPECT_EQ(d["slug"], "shop");
  ASSERT_EQ(d["versions"].size(), 3u);
  EXPECT_EQ(d["versions"][0]["version"], "2.0.0-beta.1");
  const auto& v110 = d["versions"][1];
  EXPECT_EQ(v110["version"], "1.1.0");
  EXPECT_EQ(v110["changelog"], "Release 1.1.0");
  EXPECT_EQ(v110["content_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(v110["cdn_base_url"], url("/cdn/themes/shop/1.1.0/"));
  EXPECT_EQ(v110["stylesheets"][0], url("/cdn/themes/shop/1.1.0/build/theme.css"));
  EXPECT_TRUE(v110["is_latest"].get<bool>());
  EXPECT_TRUE(d["puck_config"]["components"].contains("Hero"));
  auto by_id = json_of(http_get(url("/api/themes/" + d["id"].get<std::string>())));
  EXPECT_EQ(by_id["slug"], "shop");
  expect_error(http_get(url("/api/themes/unknown-theme")), 404, "not_found");
}

TEST_F(ServerTest, CdnServesImmutableAssetsWithValidatorsRangesAndEncodings) {
  const std::string path = "/cdn/themes/shop/1.1.0/build/theme.css";
  const std::string css = testing::sample_css("shop 1.1.0");
  auto r = http_get(url(path));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, css);
  EXPECT_EQ(r.headers["content-type"], "text/css; charset=utf-8");
  EXPECT_EQ(r.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(r.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(r.headers["accept-ranges"], "bytes");
  const std::string etag = r.headers["etag"];
  ASSERT_EQ(etag.front(), '"') << "strong ETag";

  auto not_modified = http_get(url(path), {{"If-None-Match", etag}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(not_modified.headers["etag"], etag);

  auto head = http_request("HEAD", url(path));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], std::to_string(css.size()));
  EXPECT_TRUE(head.body.empty());

  auto part = http_get(url(path), {{"Range", "bytes=3-12"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, css.substr(3, 10));
  EXPECT_EQ(part.headers["content-range"], "bytes 3-12/" + std::to_string(css.size()));
  auto tail = http_get(url(path), {{"Range", "bytes=-5"}});
  EXPECT_EQ(tail.body, css.substr(css.size() - 5));
  auto outside = http_get(url(path), {{"Range", "bytes=999999-"}});
  EXPECT_EQ(outside.status, 416);
  EXPECT_EQ(outside.headers["content-range"], "bytes */" + std::to_string(css.size()));

  auto br = http_get(url(path), {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.headers["content-encoding"], "br");
  EXPECT_EQ(*themes::brotli_decompress(br.body), css);
  EXPECT_NE(br.headers["etag"], etag);
  auto gz = http_get(url(path), {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_EQ(*themes::gzip_decompress(gz.body), css);
  auto no_br = http_get(url(path), {{"Accept-Encoding", "br;q=0, gzip"}});
  EXPECT_EQ(no_br.headers["content-encoding"], "gzip");

  auto png = http_get(url("/cdn/themes/shop/1.1.0/build/logo.png"), {{"Accept-Encoding", "br"}});
  EXPECT_EQ(png.headers["content-type"], "image/png");
  EXPECT_EQ(png.headers.count("content-encoding"), 0u);
}

TEST_F(ServerTest, CdnAliasesRedirectToExactVersions) {
  struct Case {
    std::string spec, exact;
  };
  for (const auto& c : {Case{"latest", "1.1.0"}, Case{"1", "1.1.0"}, Case{"1.0", "1.0.0"},
                        Case{"%5E1.0", "1.1.0"}, Case{"~1.0", "1.0.0"}, Case{"2.0.0-beta.1", ""}}) {
    auto r = http_get(url("/cdn/themes/shop/" + c.spec + "/build/theme.css"));
    if (c.exact.empty()) {
      EXPECT_EQ(r.status, 200) << c.spec;
      continue;
    }
    EXPECT_EQ(r.status, 302) << c.spec;
    EXPECT_EQ(r.headers["location"], "/cdn/themes/shop/" + c.exact + "/build/theme.css") << c.spec;
    EXPECT_EQ(r.headers["cache-control"], "public, max-age=60") << c.spec;
  }
  expect_error(http_get(url("/cdn/themes/shop/3/build/theme.css")), 404, "not_found");
  expect_error(http_get(url("/cdn/themes/shop/1.0.1/build/theme.css")), 404, "not_found");
  expect_error(http_get(url("/cdn/themes/nope/1.0.0/build/theme.css")), 404, "not_found");
  expect_error(http_get(url("/cdn/themes/shop/1.0.0/build/nope.css")), 404, "not_found");
}

TEST_F(ServerTest, TraversalNeverReachesOutsideTheVersion) {
  write_text(data() / "secret.txt", "TOP-SECRET");
  for (const std::string target :
       {"/cdn/themes/shop/1.0.0/../../../../secret.txt",
        "/cdn/themes/shop/1.0.0/%2e%2e/%2e%2e/secret.txt",
        "/cdn/themes/shop/1.0.0/build/%2E%2E%2F%2E%2E%2Ftheme-metadata.json",
        "/cdn/themes/shop/1.0.0/build%5c..%5c..%5csecret.txt",
        "/cdn/themes/shop/1.0.0/build/theme.css%00.png", "/cdn/themes/shop/1.0.0//etc/passwd",
        "/cdn/themes/shop/1.0.0/build/./theme.css"}) {
    std::string raw = raw_tcp_exchange(
        server->port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        5000);
    EXPECT_EQ(raw.find("HTTP/1.1 200"), std::string::npos) << target << "\n" << raw;
    EXPECT_EQ(raw.find("TOP-SECRET"), std::string::npos) << target;
    EXPECT_EQ(raw.find("root:"), std::string::npos) << target;
    EXPECT_NE(raw.find("\"error\""), std::string::npos) << target << "\n" << raw;
  }
}

TEST_F(ServerTest, SyncApiNeedsAnAdminTokenAndValidJson) {
  auto none = http_request("POST", url("/api/themes/sync"), {}, "{}");
  expect_error(none, 401, "unauthorized");
  auto wrong =
      http_request("POST", url("/api/themes/sync"), {{"Authorization", "Bearer vt_nope"}}, "{}");
  expect_error(wrong, 401, "unauthorized");
  expect_error(http_get(url("/api/themes/sync/status")), 401, "unauthorized");

  const std::vector<std::pair<std::string, std::string>> auth{
      {"Authorization", "Bearer " + admin_token()}, {"Content-Type", "application/json"}};
  auto malformed = http_request("POST", url("/api/themes/sync"), auth, "{\"slug\": }");
  auto e = expect_error(malformed, 400, "invalid_json");
  EXPECT_EQ(e["details"]["line"], 1);
  EXPECT_EQ(e["details"]["column"], 10);
  expect_error(http_request("POST", url("/api/themes/sync"), auth, "{\"slug\": 5}"), 400,
               "invalid_argument");
  expect_error(http_request("POST", url("/api/themes/sync"), auth, "{\"theme\": \"x\"}"), 400,
               "invalid_argument");
  expect_error(http_request("POST", url("/api/themes/sync"), auth, "{\"slug\": \"nope\"}"), 404,
               "not_found");

  write_theme(themes(), "shop", "1.2.0");
  auto synced = http_request("POST", url("/api/themes/sync/"), auth, "{\"slug\": \"shop\"}");
  ASSERT_EQ(synced.status, 200) << synced.body;
  auto report = json_of(synced);
  EXPECT_TRUE(report["ok"].get<bool>());
  EXPECT_EQ(report["counts"]["registered"], 1);
  EXPECT_EQ(http_get(url("/cdn/themes/shop/1.2.0/build/theme.css")).status, 200)
      << "served right after the sync answers";
  EXPECT_EQ(http_get(url("/cdn/themes/shop/latest/build/theme.css")).headers["location"],
            "/cdn/themes/shop/1.2.0/build/theme.css");

  auto all = http_request("POST", url("/api/themes/sync"), auth, "");
  EXPECT_EQ(json_of(all)["changed"], false);
  auto status = json_of(http_get(url("/api/themes/sync/status"), auth));
  EXPECT_EQ(status["results"].size(), 5u);
}

TEST_F(ServerTest, VersionsSyncedByAnotherProcessAppearWithoutRestart) {
  write_theme(themes(), "bistro", "1.1.0", {{"template_type", "restaurant"}});
  ASSERT_EQ(vitrine({"sync", "bistro"}).exit_code, 0);
  EXPECT_TRUE(eventually(
      [&] { return http_get(url("/cdn/themes/bistro/1.1.0/build/theme.css")).status == 200; }));
  EXPECT_TRUE(eventually([&] {
    return http_get(url("/cdn/themes/bistro/latest/build/theme.css")).headers["location"] ==
           "/cdn/themes/bistro/1.1.0/build/theme.css";
  }));
}

TEST_F(E2eTest, DemoSyncsTheSampleThemesAndServesThem) {
  std::filesystem::copy(std::filesystem::path(source_dir()) / "themes", themes(),
                        std::filesystem::copy_options::recursive);
  std::filesystem::remove(themes() / "sync-manifest.json");
  ServerProcess demo(
      {"demo", "--listen", "127.0.0.1:0", "--data-dir", data().string(), "--themes-dir",
       themes().string(), "--database-url", database_url(), "--blob-url", blob_url()},
      {}, tmp.path().string());
  ASSERT_TRUE(demo.started()) << demo.output();
  EXPECT_TRUE(demo.wait_for_output("Stop with Ctrl-C", 5000));
  EXPECT_NE(demo.output().find("/api/themes"), std::string::npos) << "prints URLs to try";
  EXPECT_EQ(demo.output().find("invalid"), std::string::npos) << demo.output();
  auto list = json_of(http_get(demo.url("/api/themes?page_size=100")));
  EXPECT_GE(list["total"].get<int>(), 4);
  auto kendu = json_of(http_get(demo.url("/api/themes/kendustorenew")));
  EXPECT_EQ(kendu["latest_version"], "1.2.0");
  EXPECT_EQ(kendu["versions"].size(), 3u);
  for (const char* slug : {"kendustorenew", "restaurant-classic", "journal"}) {
    auto d = json_of(http_get(demo.url(std::string("/api/themes/") + slug)));
    EXPECT_GE(d["puck_config"]["components"].size(), 5u) << slug;
    auto css = http_get(d["versions"][0]["stylesheets"][0].get<std::string>());
    EXPECT_EQ(css.status, 200) << slug;
    EXPECT_GT(css.body.size(), 2000u) << slug << ": real CSS";
  }
  EXPECT_EQ(demo.stop(), 0);
}

}  // namespace
}  // namespace vitrine::e2e
