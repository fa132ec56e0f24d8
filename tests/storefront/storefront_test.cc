// The storefront on the whole application: real database, blob store, sample themes and V8
// render workers (`vitrine render-worker`). Requests are handed to Storefront::handle the way
// the HTTP server does: first as on the I/O thread, then on the worker pool when it asks.
#include "storefront/storefront.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "cli/demo_catalog.h"
#include "core/text.h"
#include "testing/blob.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/process.h"
#include "testing/temp_dir.h"
#include "themes/scaffold.h"
#include "themes/theme_fixture.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::storefront {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kIphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1))
    ++n;
  return n;
}

struct Answer {
  int status = 0;
  std::string body;
  http::Headers headers;
  bool routed = false;  // the storefront declined: the platform's router would handle it
  std::string header(std::string_view name) const {
    return std::string(headers.get(name).value_or(""));
  }
};

class StorefrontTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(fs::path(source_dir()) / "themes", tmp.path() / "themes", fs::copy_options::recursive);
    fs::remove(tmp.path() / "themes" / "sync-manifest.json");
    // kendustorenew 1.1.0 arrives later, in the upgrade test; 1.2.0 in the template tests.
    fs::rename(tmp.path() / "themes/kendustorenew/v1.1.0", tmp.path() / "kendu-1.1.0");
    fs::rename(tmp.path() / "themes/kendustorenew/v1.2.0", tmp.path() / "kendu-1.2.0");
    auto config = load_config("", {{"data_dir", (tmp.path() / "data").string()},
                                   {"themes_dir", (tmp.path() / "themes").string()},
                                   {"database_url", testing::test_database_url(tmp)},
                                   {"blob_url", testing::test_blob_url(tmp)}});
    ASSERT_THAT(config, IsOk());
    auto opened = App::open(*config);
    ASSERT_THAT(opened, IsOk());
    app = std::move(*opened);
    auto synced = app->sync().sync(std::nullopt);
    ASSERT_TRUE(synced.ok() && synced->ok());

    StorefrontOptions options = storefront_options(app->config(), "http://127.0.0.1:8080");
    options.shared_pool.worker_binary = vitrine_binary();
    options.shared_pool.workers = 2;
    // The largest limit allowed: the allocation test must reach the heap limit before the
    // time limit (at the default 50 ms a runaway allocation loop is stopped as a timeout).
    options.shared_pool.time_limit = std::chrono::milliseconds(1000);
    options.metrics = nullptr;
    auto started = Storefront::start(StorefrontServices{.hosting = app->hosting(),
                                                        .customizations = app->customizations(),
                                                        .registry = app->registry(),
                                                        .blobs = app->blobs(),
                                                        .catalog = app->catalog(),
                                                        .workspaces = app->workspaces(),
                                                        .carts = app->carts(),
                                                        .orders = app->orders(),
                                                        .customers = app->customers(),
                                                        .posts = app->posts()},
                                     options);
    ASSERT_THAT(started, IsOk());
    storefront = std::move(*started);

    auto u = app->users().create_user("owner@example.com", "long enough", "pro");
    ASSERT_THAT(u, IsOk());
    owner = u->id;
    workspace = make_shop("Kendu", "kendu");
  }

  // A provisioned workspace with the given slug (so its host is "<slug>.localhost").
  std::string make_shop(const std::string& name, const std::string& slug) {
    auto w = app->workspaces().create_with_slug(owner, name, slug);
    EXPECT_THAT(w, IsOk());
    EXPECT_THAT(app->events().dispatch_pending(), IsOk());
    return w.ok() ? w->id : "";
  }

  // Clones `theme` into the workspace, optionally replaces its pages, and publishes it.
  std::string publish(const std::string& ws, const std::string& theme,
                      std::optional<json> pages = std::nullopt,
                      std::optional<std::string> version = std::nullopt) {
    auto c = app->customizations().use(ws, owner, theme, version);
    EXPECT_THAT(c, IsOk());
    if (!c.ok()) return "";
    if (pages) {
      customize::CustomizationUpdate change;
      change.pages = *pages;
      auto saved = app->customizations().update(ws, c->id, change);
      EXPECT_THAT(saved, IsOk()) << saved.error().message << " " << saved.error().details.dump();
    }
    auto p = app->customizations().publish(c->id);
    EXPECT_THAT(p, IsOk());
    return c->id;
  }

  // One request through the storefront, as the HTTP server runs it.
  Answer get(const std::string& host, const std::string& path,
             std::vector<std::pair<std::string, std::string>> headers = {},
             const std::string& method = "GET") {
    http::Request req;
    req.method = method;
    req.path = path;
    req.target = path;
    req.headers.set("host", host);
    for (auto& [k, v] : headers) req.headers.set(k, v);
    Answer a;
    auto r = storefront->handle(req);
    if (r && r->wants_worker) {
      req.on_worker = true;
      r = storefront->handle(req);
      EXPECT_FALSE(r && r->wants_worker) << "asked for the worker twice";
    }
    if (!r) {
      a.routed = true;
      return a;
    }
    a.status = r->status;
    a.body = std::string(r->body.view());
    a.headers = r->headers;
    return a;
  }

  // A page with one block of `type` and the given props (default props merged under them).
  static json page_with(json blocks, json root_props = json::object()) {
    return {{"content", std::move(blocks)}, {"root", {{"props", std::move(root_props)}}}};
  }
  static json block(const std::string& type, json props = json::object()) {
    return {{"type", type}, {"props", std::move(props)}};
  }
  static json vibe(const std::string& id, const std::string& code) {
    return block("VibeCode", {{"id", id}, {"code", code}});
  }

  TempDir tmp;
  std::unique_ptr<App> app;
  std::unique_ptr<Storefront> storefront;
  std::string owner, workspace;
};

TEST_F(StorefrontTest, PublishedShopServesItsThemePagesWithProducts) {
  ASSERT_THAT(cli::seed_demo_catalog(app->database(), app->catalog(), workspace), IsOk());
  publish(workspace, "kendustorenew");  // the theme's default pages: "/" and "/about"
  auto home = get("kendu.localhost:8080", "/");
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_TRUE(home.body.starts_with("<!doctype html>"));
  EXPECT_NE(home.body.find("<title>Kendu — everyday objects, made to last</title>"),
            std::string::npos);
  EXPECT_NE(home.body.find("<link rel=\"canonical\" href=\"http://kendu.localhost:8080/\">"),
            std::string::npos);
  // Exact-version asset links, never a moving alias.
  EXPECT_NE(home.body.find("href=\"/cdn/themes/kendustorenew/1.0.0/build/theme.css\""),
            std::string::npos);
  EXPECT_EQ(home.body.find("/latest/"), std::string::npos);
  EXPECT_NE(home.body.find(":root{--color-accent:#f0765b;"), std::string::npos);
  EXPECT_GE(count(home.body, "class=\"kd-card\""), 1u) << "the product grid shows products";
  EXPECT_NE(home.body.find("$28.00"), std::string::npos) << "formatted catalogue prices";
  EXPECT_EQ(home.body.find("data-vitrine-block-error"), std::string::npos);
  EXPECT_EQ(home.header("x-cache"), "miss");
  EXPECT_EQ(get("KENDU.localhost.", "/").header("x-cache"), "hit") << "host normalised";

  auto about = get("kendu.localhost", "/about/");
  ASSERT_EQ(about.status, 200);
  EXPECT_NE(about.body.find("<title>About us — Kendu</title>"), std::string::npos);
  EXPECT_NE(about.body.find("About Kendu"), std::string::npos);
}

TEST_F(StorefrontTest, EverySampleThemeRendersEveryComponentWithDefaultProps) {
  auto themes = app->registry().list({.page_size = 100});
  ASSERT_THAT(themes, IsOk());
  ASSERT_GE(themes->items.size(), 4u);
  for (const auto& theme : themes->items) {
    auto detail = app->registry().get(theme.slug);
    ASSERT_THAT(detail, IsOk());
    json blocks = json::array();
    for (const auto& [name, _] : detail->puck_config["components"].items())
      blocks.push_back(block(name));
    const std::string ws = make_shop(theme.name, "shop-" + theme.slug);
    publish(ws, theme.slug, json{{"/", page_with(blocks)}});
    auto page = get("shop-" + theme.slug + ".localhost", "/");
    ASSERT_EQ(page.status, 200) << theme.slug;
    EXPECT_EQ(page.body.find("data-vitrine-block-error"), std::string::npos)
        << theme.slug << ": " << page.body.substr(0, 4000);
    EXPECT_NE(page.body.find("/cdn/themes/" + theme.slug + "/" + theme.latest_version + "/"),
              std::string::npos)
        << theme.slug;
  }
}

TEST_F(StorefrontTest, HostilePropsAreEscaped) {
  const std::string attack = "<script>alert('x')</script>";
  publish(workspace, "kendustorenew",
          json{{"/", page_with(json::array({block("Hero", {{"title", attack}})}),
                               {{"title", attack}, {"description", "\"><script>1</script>"}})}});
  auto page = get("kendu.localhost", "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos) << page.body.substr(0, 3000);
  EXPECT_NE(page.body.find("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>"),
            std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert"), std::string::npos) << "hero title escaped";
  EXPECT_EQ(page.body.find("\"><script>1"), std::string::npos);
}

TEST_F(StorefrontTest, CustomCssAndJsCannotCloseTheirElements) {
  auto c = app->customizations().use(workspace, owner, "kendustorenew");
  ASSERT_THAT(c, IsOk());
  customize::CustomizationUpdate change;
  change.custom_css = "body{color:red}</style><script>alert(1)</script>";
  change.custom_js = "console.log('</script><b>x</b>')";
  change.settings = json{{"variables", {{"--color-primary", "#ff0000"}, {"--evil", "red}body{x"}}}};
  ASSERT_THAT(app->customizations().update(workspace, c->id, change), IsOk());
  ASSERT_THAT(app->customizations().publish(c->id), IsOk());
  auto page = get("kendu.localhost", "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("body{color:red}<\\/style><script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("console.log('<\\/script><b>x</b>')"), std::string::npos);
  EXPECT_NE(page.body.find("--color-primary:#ff0000;"), std::string::npos) << "override wins";
  EXPECT_EQ(page.body.find("--evil"), std::string::npos) << "unsafe value skipped";
}

TEST_F(StorefrontTest, FailingVibeCodeRendersPlaceholdersAndThePageStillRenders) {
  json blocks = json::array({
      block("Hero", {{"id", "hero"}, {"title", "Still here"}}),
      vibe("loop", "function render(props, ctx) { for (;;) {} }"),
      vibe("hog", "function render() { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }"),
      vibe("eval", "function render() { return eval('1 + 1'); }"),
      vibe("fn", "function render() { return Function('return 1')(); }"),
      vibe("throws", "function render() { throw new Error('broken'); }"),
      vibe("good",
           "function render(props, ctx) { return '<p id=\"vibe-ok\">' + "
           "ctx.escapeHtml(ctx.site.name) + '</p>'; }"),
  });
  publish(workspace, "kendustorenew", json{{"/", page_with(blocks)}});
  auto page = get("kendu.localhost", "/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Still here"), std::string::npos);
  EXPECT_NE(page.body.find("<p id=\"vibe-ok\">Kendu</p>"), std::string::npos);
  EXPECT_NE(page.body.find("data-vitrine-block-error=\"timeout\""), std::string::npos);
  EXPECT_NE(page.body.find("data-vitrine-block-error=\"out_of_memory\""), std::string::npos);
  EXPECT_EQ(count(page.body, "data-vitrine-block-error=\"exception\""), 3u)
      << "eval, Function and throw";
  EXPECT_NE(page.body.find("<!-- vitrine: "), std::string::npos) << "the comment names the error";
  // The workers that died were replaced: another shop still renders.
  const std::string other = make_shop("Other", "other");
  publish(other, "journal");
  EXPECT_EQ(get("other.localhost", "/").status, 200);
}

TEST_F(StorefrontTest, PublishRollbackUpgradeAndEditsShowOnTheNextRequest) {
  auto hero = [](const std::string& title) {
    return json{{"/", page_with(json::array({block("Hero", {{"id", "h"}, {"title", title}})}))}};
  };
  const std::string first = publish(workspace, "kendustorenew", hero("First design"));
  EXPECT_NE(get("kendu.localhost", "/").body.find("First design"), std::string::npos);
  EXPECT_EQ(get("kendu.localhost", "/").header("x-cache"), "hit");

  publish(workspace, "kendustorenew", hero("Second design"));
  auto second = get("kendu.localhost", "/");
  EXPECT_NE(second.body.find("Second design"), std::string::npos);
  EXPECT_EQ(second.header("x-cache"), "miss") << "a publish changes the cache key";

  ASSERT_THAT(app->customizations().rollback(workspace), IsOk());
  EXPECT_NE(get("kendu.localhost", "/").body.find("First design"), std::string::npos);

  customize::CustomizationUpdate change;
  change.pages = hero("Edited live");
  ASSERT_THAT(app->customizations().update(workspace, first, change), IsOk());
  EXPECT_NE(get("kendu.localhost", "/").body.find("Edited live"), std::string::npos);

  // 1.1.0 arrives; the shop stays on 1.0.0 until it upgrades.
  fs::rename(tmp.path() / "kendu-1.1.0", tmp.path() / "themes/kendustorenew/v1.1.0");
  ASSERT_THAT(app->sync().sync(std::string("kendustorenew")), IsOk());
  EXPECT_NE(get("kendu.localhost", "/").body.find("/cdn/themes/kendustorenew/1.0.0/"),
            std::string::npos);
  ASSERT_THAT(app->customizations().upgrade(first, "1.1.0"), IsOk());
  auto upgraded = get("kendu.localhost", "/");
  EXPECT_NE(upgraded.body.find("/cdn/themes/kendustorenew/1.1.0/build/theme.css"),
            std::string::npos);
  EXPECT_NE(upgraded.body.find("Edited live"), std::string::npos) << "data kept";

  ASSERT_THAT(app->customizations().unpublish(first), IsOk());
  EXPECT_EQ(get("kendu.localhost", "/").status, 404);
}

TEST_F(StorefrontTest, CatalogueChangesShowOnTheNextRequest) {
  publish(workspace, "kendustorenew",
          json{{"/", page_with(json::array({block("ProductGrid", json{{"id", "grid"}})}))}});
  EXPECT_EQ(get("kendu.localhost", "/").body.find("Walnut Serving Board"), std::string::npos);
  catalog::ProductInput board;
  board.title = "Walnut Serving Board";
  board.price_cents = 5400;
  auto p = app->catalog().create_product(workspace, board);
  ASSERT_THAT(p, IsOk());
  auto page = get("kendu.localhost", "/");
  EXPECT_NE(page.body.find("Walnut Serving Board"), std::string::npos);
  EXPECT_NE(page.body.find("$54.00"), std::string::npos);
}

TEST_F(StorefrontTest, ResourceTemplatesRenderTheCatalogueAndShopsOverrideThem) {
  fs::rename(tmp.path() / "kendu-1.2.0", tmp.path() / "themes/kendustorenew/v1.2.0");
  ASSERT_THAT(app->sync().sync(std::string("kendustorenew")), IsOk());
  ASSERT_THAT(cli::seed_demo_catalog(app->database(), app->catalog(), workspace), IsOk());
  const std::string id = publish(workspace, "kendustorenew", std::nullopt, "1.2.0");

  auto mug = get("kendu.localhost", "/products/speckled-stoneware-mug");
  ASSERT_EQ(mug.status, 200) << mug.body;
  EXPECT_NE(mug.body.find("kd-product__title\">Speckled Stoneware Mug<"), std::string::npos);
  EXPECT_EQ(mug.header("x-cache"), "miss");
  EXPECT_EQ(get("kendu.localhost", "/products/speckled-stoneware-mug").header("x-cache"), "hit");

  // The shop's own product template replaces the theme's; its blocks get the product in ctx.
  customize::CustomizationUpdate change;
  change.templates =
      json{{"product",
            page_with(json::array({vibe("v",
                                        "function render(p, ctx) { return '<p id=\"r\">' + "
                                        "ctx.escapeHtml(ctx.product.title) + '|' + "
                                        "ctx.page.template + '|' + ctx.page.path + '</p>'; }")}))}};
  ASSERT_THAT(app->customizations().update(workspace, id, change), IsOk());
  EXPECT_NE(get("kendu.localhost", "/products/ribbed-bud-vase")
                .body.find("<p id=\"r\">Ribbed Bud Vase|product|/products/ribbed-bud-vase</p>"),
            std::string::npos);
  // A catalogue edit shows at once: the cache key names the catalogue revision.
  catalog::ProductInput rename;
  rename.title = "Ribbed Sage Vase";
  ASSERT_THAT(app->catalog().update_product(workspace, "ribbed-bud-vase", rename), IsOk());
  EXPECT_NE(get("kendu.localhost", "/products/ribbed-bud-vase").body.find("Ribbed Sage Vase|"),
            std::string::npos);
  change.templates = json{{"product", nullptr}};  // back to the theme's
  ASSERT_THAT(app->customizations().update(workspace, id, change), IsOk());
  EXPECT_NE(get("kendu.localhost", "/products/ribbed-bud-vase").body.find("kd-product__title"),
            std::string::npos);

  // Visitor pages render for every request and are never stored in a shared cache.
  const auto pages_before = storefront->pool_stats().pages;
  for (int i = 0; i < 2; ++i) {
    auto cart = get("kendu.localhost", "/cart");
    EXPECT_EQ(cart.status, 200);
    EXPECT_EQ(cart.header("cache-control"), "no-store");
    EXPECT_EQ(cart.header("x-cache"), "");
  }
  EXPECT_EQ(storefront->pool_stats().pages, pages_before + 2);

  // Every missing path shares one rendering of the 404 template, which never shows the path.
  auto first = get("kendu.localhost", "/no-such-page");
  EXPECT_EQ(first.status, 404);
  EXPECT_NE(first.body.find("We could not find that page"), std::string::npos);
  auto second = get("kendu.localhost", "/products/nothing-here");
  EXPECT_EQ(second.status, 404);
  EXPECT_EQ(second.header("x-cache"), "hit");
  EXPECT_EQ(second.body.find("nothing-here"), std::string::npos);
  EXPECT_EQ(
      get("kendu.localhost", "/no-such-page", {{"if-none-match", first.header("etag")}}).status,
      404)
      << "a 404 is never turned into a 304";

  // The sitemap lists the product and collection pages.
  auto sitemap = get("kendu.localhost", "/sitemap.xml");
  EXPECT_NE(sitemap.body.find("/products/speckled-stoneware-mug</loc>"), std::string::npos);
  EXPECT_NE(sitemap.body.find("/collections/ceramics</loc>"), std::string::npos);
  EXPECT_EQ(sitemap.body.find("/cart</loc>"), std::string::npos);
}

TEST_F(StorefrontTest, CustomerBlocksNeedALiveSessionNotJustACookie) {
  publish(workspace, "kendustorenew",
          json{{"/", page_with(json::array(
                         {block("Hero", json{{"id", "all"}, {"title", "For everyone"}}),
                          block("Hero", json{{"id", "members"},
                                             {"title", "Members only"},
                                             {"visibility", {{"userTypes", {"customer"}}}}})}))}});
  ASSERT_THAT(app->customers().register_customer(workspace, "ana@example.com", "correct horse",
                                                 "Ana", false),
              IsOk());
  auto session = app->customers().login(workspace, "ana@example.com", "correct horse");
  ASSERT_THAT(session, IsOk());
  auto guest = get("kendu.localhost", "/");
  EXPECT_EQ(guest.body.find("Members only"), std::string::npos);
  auto forged = get("kendu.localhost", "/", {{"cookie", "vitrine_customer=made-up"}});
  EXPECT_EQ(forged.body.find("Members only"), std::string::npos)
      << "a cookie without a live session is a guest";
  auto member = get("kendu.localhost", "/", {{"cookie", "vitrine_customer=" + session->token}});
  EXPECT_NE(member.body.find("Members only"), std::string::npos);
  EXPECT_EQ(member.header("vary"), "Cookie");
  ASSERT_THAT(app->customers().logout(workspace, session->token), IsOk());
  EXPECT_EQ(get("kendu.localhost", "/", {{"cookie", "vitrine_customer=" + session->token}})
                .body.find("Members only"),
            std::string::npos)
      << "signed out";
}

TEST_F(StorefrontTest, ConcurrentFirstRequestsRenderOnce) {
  publish(workspace, "kendustorenew");
  // Load the live site first so every thread races on the page render itself.
  ASSERT_EQ(get("kendu.localhost", "/about").status, 200);
  const auto before = storefront->pool_stats().pages;
  constexpr int kThreads = 8;
  std::latch go(kThreads);
  std::vector<std::string> bodies(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      http::Request req;
      req.method = "GET";
      req.path = req.target = "/";
      req.headers.set("host", "kendu.localhost");
      req.on_worker = true;
      go.arrive_and_wait();
      auto r = storefront->handle(req);
      if (r) bodies[i] = std::string(r->body.view());
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(storefront->pool_stats().pages - before, 1u) << "one render for all";
  for (const auto& b : bodies) EXPECT_EQ(b, bodies[0]);
  EXPECT_NE(bodies[0].find("<!doctype html>"), std::string::npos);
  auto stats = storefront->cache_stats();
  EXPECT_EQ(stats.misses, 2u) << "/about and / once each";
}

TEST_F(StorefrontTest, EtagAnswers304) {
  publish(workspace, "kendustorenew");
  auto first = get("kendu.localhost", "/");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = get("kendu.localhost", "/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(get("kendu.localhost", "/", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(StorefrontTest, VisibilityRulesSplitTheCacheByDeviceAndDate) {
  json mobile_only = {{"id", "mobile-only"}, {"heading", "Only on phones"}};
  mobile_only["visibility"] = {{"devices", json::array({"mobile"})}};
  json expired = {{"id", "expired"}, {"heading", "Last year's sale"}};
  expired["visibility"]["dateRange"] = {{"start", "2020-01-01"}, {"end", "2021-01-01"}};
  json always = {{"id", "always"}, {"heading", "For everyone"}};
  json blocks = json::array(
      {block("RichText", mobile_only), block("RichText", expired), block("RichText", always)});
  publish(workspace, "kendustorenew", json{{"/", page_with(blocks)}});
  auto desktop = get("kendu.localhost", "/", {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"}});
  auto phone = get("kendu.localhost", "/", {{"User-Agent", kIphone}});
  EXPECT_EQ(desktop.body.find("Only on phones"), std::string::npos);
  EXPECT_NE(phone.body.find("Only on phones"), std::string::npos);
  EXPECT_EQ(phone.header("x-cache"), "miss") << "the device is part of the variant";
  EXPECT_EQ(phone.header("vary"), "User-Agent");
  for (const auto& page : {desktop, phone}) {
    EXPECT_EQ(page.body.find("Last year's sale"), std::string::npos);
    EXPECT_NE(page.body.find("For everyone"), std::string::npos);
  }
}

TEST_F(StorefrontTest, HostsAndErrorPages) {
  // The platform host and CDN paths go to the router.
  EXPECT_TRUE(get("127.0.0.1:8080", "/api/themes").routed);
  EXPECT_TRUE(get("localhost:8080", "/healthz").routed);
  EXPECT_TRUE(get("kendu.localhost", "/cdn/themes/kendustorenew/1.0.0/build/theme.css").routed);
  EXPECT_TRUE(get("[::1]:8080", "/").routed);
  EXPECT_TRUE(get("", "/healthz").routed);
  EXPECT_EQ(get("shop.elsewhere.example", "/").status, 404) << "not a verified custom domain";
  auto unknown = get("nobody.localhost", "/");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("Shop not found"), std::string::npos);
  EXPECT_EQ(unknown.header("content-type"), "text/html; charset=utf-8");

  auto unpublished = get("kendu.localhost", "/");
  EXPECT_EQ(unpublished.status, 404);
  EXPECT_NE(unpublished.body.find("not published"), std::string::npos);

  publish(workspace, "kendustorenew");
  EXPECT_EQ(get("kendu.localhost", "/no-such-page").status, 404);
  EXPECT_EQ(get("kendu.localhost", "/../etc/passwd").status, 404);
  auto post = get("kendu.localhost", "/", {}, "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("allow"), "GET, HEAD");

  ASSERT_THAT(app->hosting().set_site_status(workspace, "suspended"), IsOk());
  auto suspended = get("kendu.localhost", "/");
  EXPECT_EQ(suspended.status, 503);
  EXPECT_NE(suspended.body.find("temporarily unavailable"), std::string::npos);
  ASSERT_THAT(app->hosting().set_site_status(workspace, "active"), IsOk());
  EXPECT_EQ(get("kendu.localhost", "/").status, 200);
}

TEST_F(StorefrontTest, RobotsAndSitemapListThePublishedPages) {
  publish(workspace, "kendustorenew");
  auto robots = get("kendu.localhost", "/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_NE(robots.body.find("Sitemap: http://kendu.localhost:8080/sitemap.xml"),
            std::string::npos);
  auto sitemap = get("kendu.localhost", "/sitemap.xml");
  EXPECT_EQ(sitemap.status, 200);
  EXPECT_EQ(sitemap.header("content-type"), "application/xml; charset=utf-8");
  EXPECT_NE(sitemap.body.find("<loc>http://kendu.localhost:8080/</loc>"), std::string::npos);
  EXPECT_NE(sitemap.body.find("<loc>http://kendu.localhost:8080/about</loc>"), std::string::npos);
}

TEST_F(StorefrontTest, PlanRateLimitAnswers429UnlessLimitsAreOff) {
  publish(workspace, "kendustorenew");
  // The pro plan admits 100 requests a second with bursts of 200: 300 at once go over.
  int limited = 0;
  Answer last;
  for (int i = 0; i < 300; ++i) {
    auto a = get("kendu.localhost", "/");
    if (a.status == 429) {
      ++limited;
      last = a;
    }
  }
  EXPECT_GT(limited, 0);
  EXPECT_FALSE(last.header("retry-after").empty());
  EXPECT_NE(last.body.find("more requests than its plan allows"), std::string::npos);

  // site_rate_limits = "off" (benchmarks, a limiting proxy in front) admits everything.
  hosting::HostingService unlimited(app->database(), "localhost", "", false);
  auto site = app->hosting().lookup_host("kendu.localhost");
  ASSERT_TRUE(site.site);
  for (int i = 0; i < 1000; ++i) ASSERT_THAT(unlimited.admit(*site.site), IsOk()) << i;
}

TEST_F(StorefrontTest, EnterpriseSitesRenderInTheirOwnWorkerPool) {
  auto big = app->users().create_user("big@example.com", "long enough", "enterprise");
  ASSERT_THAT(big, IsOk());
  auto w = app->workspaces().create_with_slug(big->id, "Big Shop", "big");
  ASSERT_THAT(w, IsOk());
  ASSERT_THAT(app->events().dispatch_pending(), IsOk());
  auto c = app->customizations().use(w->id, big->id, "kendustorenew");
  ASSERT_THAT(c, IsOk());
  ASSERT_THAT(app->customizations().publish(c->id), IsOk());
  publish(workspace, "kendustorenew");

  const auto shared_before = storefront->pool_stats().pages;
  auto silo = get("big.localhost", "/");
  ASSERT_EQ(silo.status, 200) << silo.body;
  EXPECT_EQ(silo.body.find("data-vitrine-block-error"), std::string::npos);
  EXPECT_EQ(storefront->pool_stats().pages, shared_before) << "not rendered by the shared pool";
  ASSERT_EQ(get("kendu.localhost", "/").status, 200);
  EXPECT_EQ(storefront->pool_stats().pages, shared_before + 1) << "pro sites share the pool";
  EXPECT_EQ(storefront->silo_pools(), 1u);

  // Down to pro: the next render uses the shared pool and the silo's workers stop.
  ASSERT_THAT(app->users().set_tier(big->id, "pro"), IsOk());
  ASSERT_THAT(app->events().dispatch_pending(), IsOk());
  ASSERT_THAT(app->customizations().unpublish(c->id), IsOk());  // a new revision: render again
  ASSERT_THAT(app->customizations().publish(c->id), IsOk());
  ASSERT_EQ(get("big.localhost", "/").status, 200);
  EXPECT_EQ(storefront->pool_stats().pages, shared_before + 2);
  EXPECT_EQ(storefront->silo_pools(), 0u);
}

TEST_F(StorefrontTest, RootComponentWrapsTheBlocks) {
  auto dir = testing::write_theme(tmp.path() / "themes", "rooted", "1.0.0");
  testing::write_text(dir / "components/Root.js",
                      "function render(props, ctx) { return '<div class=\"layout\" data-page=\"' "
                      "+ ctx.escapeHtml(ctx.page.path) + '\">' + ctx.children + '</div>'; }");
  ASSERT_THAT(app->sync().sync(std::string("rooted")), IsOk());
  publish(workspace, "rooted",
          json{{"/", page_with(json::array({block("Hero", {{"id", "a"}, {"title", "One"}}),
                                            block("Hero", {{"id", "b"}, {"title", "Two"}})}))}});
  auto page = get("kendu.localhost", "/");
  ASSERT_EQ(page.status, 200) << page.body;
  const size_t layout = page.body.find("<div class=\"layout\" data-page=\"/\">");
  ASSERT_NE(layout, std::string::npos) << page.body;
  EXPECT_LT(layout, page.body.find("One"));
  EXPECT_LT(page.body.find("One"), page.body.find("Two"));
  EXPECT_LT(page.body.find("Two"), page.body.rfind("</div>"));
}

// Puck zones ("<id>:<zone>" in the document's zones) and slot fields render inside their
// parent, nested too, and visibility rules apply inside them (and split the cache).
TEST_F(StorefrontTest, ZonesAndSlotsRenderInsideTheirParent) {
  auto dir = testing::write_theme(tmp.path() / "themes", "nested", "1.0.0");
  json puck = json::parse(*vitrine::read_file(dir / "puck-config.json"));
  puck["components"]["Columns"] = {{"fields", json::object()}, {"defaultProps", json::object()}};
  puck["components"]["Card"] = {{"fields", {{"body", {{"type", "slot"}}}}},
                                {"defaultProps", json::object()}};
  testing::write_text(dir / "puck-config.json", puck.dump());
  testing::write_text(dir / "components/Columns.js",
                      "function render(props, ctx) { const z = props.zones || {}; return "
                      "`<div class=\"l\">${z.left || ''}</div><div class=\"r\">${z.right || "
                      "''}</div>`; }");
  testing::write_text(dir / "components/Card.js",
                      "function render(props, ctx) { return `<section class=\"card\">${props.body "
                      "|| ''}</section>`; }");
  ASSERT_THAT(app->sync().sync(std::string("nested")), IsOk());
  json phone_only = {{"id", "h2"}, {"title", "Right side"}};
  phone_only["visibility"] = {{"devices", json::array({"mobile"})}};
  json doc = page_with(json::array(
      {block("Columns", {{"id", "cols"}}),
       block("Card",
             {{"id", "card"},
              {"body", json::array({block("Hero", {{"id", "h3"}, {"title", "In a slot"}})})}})}));
  doc["zones"] = {
      {"cols:left", json::array({block("Hero", {{"id", "h1"}, {"title", "Left side"}})})},
      {"cols:right",
       json::array({block("Hero", phone_only),
                    block("Card", {{"id", "inner"},
                                   {"body", json::array({block(
                                                "Hero", {{"id", "h4"}, {"title", "Deep"}})})}})})}};
  publish(workspace, "nested", json{{"/", doc}});
  auto desktop = get("kendu.localhost", "/", {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"}});
  ASSERT_EQ(desktop.status, 200) << desktop.body;
  EXPECT_NE(desktop.body.find("<div class=\"l\"><h1>Left side</h1></div>"), std::string::npos)
      << desktop.body;
  EXPECT_NE(
      desktop.body.find("<div class=\"r\"><section class=\"card\"><h1>Deep</h1></section></div>"),
      std::string::npos)
      << "a slot inside a zone; the phone-only block is hidden: " << desktop.body;
  EXPECT_NE(desktop.body.find("<section class=\"card\"><h1>In a slot</h1></section>"),
            std::string::npos);
  auto phone = get("kendu.localhost", "/", {{"User-Agent", kIphone}});
  EXPECT_NE(phone.body.find("<div class=\"r\"><h1>Right side</h1><section class=\"card\">"),
            std::string::npos)
      << phone.body;
  EXPECT_EQ(phone.header("x-cache"), "miss") << "a rule inside a zone splits the cache too";

  // A slot holding something that is not a block list is refused on save.
  auto draft = app->customizations().use(workspace, owner, "nested");
  ASSERT_THAT(draft, IsOk());
  customize::CustomizationUpdate change;
  change.pages = json{{"/", page_with(json::array({block("Card", {{"id", "c"}, {"body", "x"}})}))}};
  EXPECT_THAT(app->customizations().update(workspace, draft->id, change),
              StatusIs(errc::kValidationFailed));
}

TEST_F(StorefrontTest, ScaffoldedThemeRendersWithoutEdits) {
  ASSERT_THAT(themes::scaffold_theme(tmp.path() / "themes", "corner-shop"), IsOk());
  auto synced = app->sync().sync(std::string("corner-shop"));
  ASSERT_TRUE(synced.ok() && synced->ok());
  publish(workspace, "corner-shop");  // the scaffold's default page: Hero and Footer
  auto page = get("kendu.localhost", "/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<h1 class=\"hero__title\">Welcome to Corner Shop</h1>"),
            std::string::npos);
  EXPECT_NE(page.body.find("<strong>Kendu</strong>"), std::string::npos) << "ctx.site.name";
  EXPECT_NE(page.body.find("/cdn/themes/corner-shop/0.1.0/build/theme.css"), std::string::npos);
  EXPECT_EQ(page.body.find("data-vitrine-block-error"), std::string::npos);
}

}  // namespace
}  // namespace vitrine::storefront
