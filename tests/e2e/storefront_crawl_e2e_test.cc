// Every demo shop has no dead link: `vitrine demo` publishes one shop per selling sample theme,
// and a crawler follows every internal link, asset and form action (with GET) from every page it
// reaches on each shop's host, failing on any 404 or 5xx. Along the way it checks what a
// customer sees on the resource pages: products, collections, search, the cart and the 404 page.
#include <deque>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

namespace fs = std::filesystem;

HttpResult get_on(const ServerProcess& server, const std::string& host, const std::string& path) {
  return http_get(server.url(path), {{"Host", host + ":" + std::to_string(server.port())}});
}

std::string unescape_attribute(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
  }
  return s;
}

// The internal target of an href/src/action value on `origin` ("http://host:port"), without
// its fragment; "" for external, mailto:, tel:, javascript: and same-page fragment links.
std::string internal_target(std::string v, const std::string& origin) {
  v = unescape_attribute(v);
  if (v.rfind(origin, 0) == 0) v = v.substr(origin.size());
  if (v.empty()) v = "/";
  if (v[0] != '/' || v.rfind("//", 0) == 0) return "";
  if (auto hash = v.find('#'); hash != std::string::npos) v.resize(hash);
  return v.empty() ? "/" : v;
}

struct CrawlResult {
  std::map<std::string, std::string> dead;  // target → "<status> from <page>"
  std::set<std::string> visited;
  std::map<std::string, std::string> pages;  // HTML pages by path
};

CrawlResult crawl(const ServerProcess& server, const std::string& host) {
  const std::string origin = "http://" + host + ":" + std::to_string(server.port());
  static const std::regex kAttribute(R"re(\b(?:href|src|action)="([^"]*)")re");
  CrawlResult out;
  std::deque<std::pair<std::string, std::string>> queue{{"/", "(start)"}};
  while (!queue.empty() && out.visited.size() < 600) {
    auto [path, from] = queue.front();
    queue.pop_front();
    if (!out.visited.insert(path).second) continue;
    HttpResult r = get_on(server, host, path);
    if (r.status == 301 || r.status == 302 || r.status == 303) {
      const std::string to = internal_target(r.headers["location"], origin);
      if (!to.empty()) queue.emplace_back(to, path + " (redirect)");
      continue;
    }
    if (r.status == 404 || r.status >= 500 || r.status == 0) {
      out.dead[path] = std::to_string(r.status) + " from " + from;
      continue;
    }
    if (r.headers["content-type"].find("text/html") == std::string::npos) continue;
    out.pages[path] = r.body;
    for (std::sregex_iterator it(r.body.begin(), r.body.end(), kAttribute), end; it != end; ++it) {
      const std::string target = internal_target((*it)[1].str(), origin);
      if (!target.empty() && !out.visited.count(target)) queue.emplace_back(target, path);
    }
  }
  return out;
}

class StorefrontCrawlE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = demo();
    ASSERT_TRUE(server->started()) << server->output() << server->error_output();
  }
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }
  std::unique_ptr<ServerProcess> server;
};

TEST_F(StorefrontCrawlE2eTest, EveryLinkOfEveryDemoShopAnswers) {
  const std::map<std::string, std::vector<std::string>> kSellingPages = {
      {"demo-shop.localhost", {"/collections/all", "/collections", "/search", "/cart", "/account"}},
      {"da-lucia.localhost", {"/collections", "/search", "/cart", "/account"}}};
  for (const auto& [host, selling] : kSellingPages) {
    CrawlResult result = crawl(*server, host);
    std::string dead;
    for (const auto& [target, why] : result.dead) dead += "\n  " + target + ": " + why;
    EXPECT_TRUE(result.dead.empty()) << host << " has dead links:" << dead;
    // The crawl reached the selling pages through the shop's own links.
    for (const auto& path : selling)
      EXPECT_TRUE(result.pages.count(path)) << host << " never links to " << path;
    size_t products = 0;
    for (const auto& [path, body] : result.pages) {
      products += path.rfind("/products/", 0) == 0;
      EXPECT_EQ(body.find("data-vitrine-block-error"), std::string::npos) << host << path;
    }
    EXPECT_GE(products, 8u) << host << ": every active product page is linked";
  }
}

// The demo blog (journal): every post, tag page, the about page and the feed are reachable
// through the theme's own links, and none is dead.
TEST_F(StorefrontCrawlE2eTest, EveryLinkOfTheDemoBlogAnswers) {
  CrawlResult result = crawl(*server, "field-notes.localhost");
  std::string dead;
  for (const auto& [target, why] : result.dead) dead += "\n  " + target + ": " + why;
  EXPECT_TRUE(result.dead.empty()) << "field-notes has dead links:" << dead;
  size_t posts = 0;
  for (const auto& [path, body] : result.pages) {
    posts += path.rfind("/blog/", 0) == 0 && path.rfind("/blog/tag/", 0) != 0;
    EXPECT_EQ(body.find("data-vitrine-block-error"), std::string::npos) << path;
  }
  EXPECT_GE(posts, 7u) << "every demo post is linked";
  for (const char* path : {"/blog", "/blog/tag/travel", "/blog/tag/reading-list", "/about"})
    EXPECT_TRUE(result.pages.count(path)) << "never links to " << path;
}

TEST_F(StorefrontCrawlE2eTest, ResourcePagesShowTheCatalogue) {
  const std::string shop = "demo-shop.localhost";
  auto mug = get_on(*server, shop, "/products/speckled-stoneware-mug");
  ASSERT_EQ(mug.status, 200) << mug.body;
  EXPECT_NE(mug.body.find("<h1 class=\"kd-product__title\">Speckled Stoneware Mug</h1>"),
            std::string::npos);
  EXPECT_NE(mug.body.find("$28.00"), std::string::npos) << "the catalogue's price";
  EXPECT_NE(mug.body.find("action=\"/cart\""), std::string::npos) << "an add-to-cart form";
  EXPECT_NE(mug.body.find("<title>Speckled Stoneware Mug — Kendu</title>"), std::string::npos)
      << mug.body.substr(0, 600);
  EXPECT_EQ(mug.headers["x-cache"], "miss");
  EXPECT_EQ(get_on(*server, shop, "/products/speckled-stoneware-mug").headers["x-cache"], "hit")
      << "product pages come from the shared page cache";

  auto ceramics = get_on(*server, shop, "/collections/ceramics");
  ASSERT_EQ(ceramics.status, 200);
  EXPECT_NE(ceramics.body.find("Espresso Cup Pair"), std::string::npos);
  EXPECT_EQ(ceramics.body.find("Walnut Serving Board"), std::string::npos) << "not in ceramics";
  EXPECT_NE(get_on(*server, shop, "/collections/all").body.find("Walnut Serving Board"),
            std::string::npos);
  EXPECT_EQ(get_on(*server, shop, "/collections/all?page=2").status, 404) << "9 products: 1 page";

  auto search = get_on(*server, shop, "/search?q=vase");
  ASSERT_EQ(search.status, 200);
  EXPECT_NE(search.body.find("Ribbed Bud Vase"), std::string::npos);
  EXPECT_NE(search.body.find("Tall Ash-Glaze Vase"), std::string::npos);
  EXPECT_EQ(search.body.find("Speckled Stoneware Mug</h2>"), std::string::npos);
  EXPECT_NE(search.headers["cache-control"].find("no-store"), std::string::npos);
  auto none = get_on(*server, shop, "/search?q=zeppelin");
  EXPECT_NE(none.body.find("No results for “zeppelin”"), std::string::npos);

  auto cart = get_on(*server, shop, "/cart");
  ASSERT_EQ(cart.status, 200);
  EXPECT_NE(cart.body.find("Your cart is empty"), std::string::npos);
  EXPECT_NE(cart.headers["cache-control"].find("no-store"), std::string::npos)
      << "a visitor's cart never enters a shared cache";
  EXPECT_FALSE(cart.headers.count("x-cache"));

  // Missing things get the theme's 404 page with status 404.
  for (const char* path : {"/products/no-such-thing", "/collections/nope", "/no/such/page"}) {
    auto missing = get_on(*server, shop, path);
    EXPECT_EQ(missing.status, 404) << path;
    EXPECT_NE(missing.body.find("We could not find that page"), std::string::npos) << path;
  }
  auto about = get_on(*server, shop, "/pages/about");
  EXPECT_EQ(about.status, 301);
  EXPECT_EQ(about.headers["location"], "/about");

  // The trattoria sells its menu: dishes are products, courses are collections, in euros.
  auto menu = get_on(*server, "da-lucia.localhost", "/collections");
  ASSERT_EQ(menu.status, 200);
  EXPECT_NE(menu.body.find("Tonnarelli cacio e pepe"), std::string::npos);
  EXPECT_NE(menu.body.find("€14.00"), std::string::npos) << menu.body.substr(0, 3000);
  EXPECT_NE(menu.body.find("Sold out today"), std::string::npos) << "the porcini are gone";
}

}  // namespace
}  // namespace vitrine::e2e
