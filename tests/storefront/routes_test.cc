// Storefront routes: which page answers a shop path, over a hand-made catalogue snapshot.
#include "storefront/routes.h"

#include <gtest/gtest.h>

#include <set>

namespace vitrine::storefront {
namespace {

using nlohmann::json;

class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    json products = json::array();
    for (int i = 0; i < 30; ++i) {
      const std::string slug = "p" + std::to_string(i);
      products.push_back({{"slug", slug},
                          {"title", "Product " + std::to_string(i)},
                          {"description", std::string(300, 'x')},
                          {"url", "/products/" + slug}});
    }
    json collections = json::array({{{"slug", "mugs"},
                                     {"title", "Mugs"},
                                     {"description", "Cups."},
                                     {"url", "/collections/mugs"},
                                     {"products", {"p3", "p1"}}}});
    data.data = {{"products", products}, {"collections", collections}};
    for (size_t i = 0; i < products.size(); ++i) data.product_at[products[i]["slug"]] = i;
    data.collection_at["mugs"] = 0;
  }

  std::optional<Route> route(const std::string& path,
                             std::map<std::string, std::string> query = {}) {
    auto param = [&](std::string_view name) -> std::optional<std::string> {
      auto it = query.find(std::string(name));
      return it == query.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    return match_route(path, param, targets, data);
  }

  std::set<std::string> pages{"/", "/about", "/products/special"};
  std::set<std::string> templates{"product",  "collection", "collections", "search", "cart",
                                  "checkout", "account",    "blog",        "404"};
  RouteTargets targets{[this](const std::string& p) { return pages.contains(p); },
                       [this](std::string_view n) { return templates.contains(std::string(n)); }};
  catalog::CatalogSnapshot data;
};

TEST_F(RoutesTest, ACustomizationPageWinsOverATemplate) {
  auto r = route("/products/special");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->is_template);
  EXPECT_EQ(r->page, "/products/special");
}

TEST_F(RoutesTest, ProductPagesShowTheProductAndDescribeIt) {
  auto r = route("/products/p3");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_template);
  EXPECT_EQ(r->page, "product");
  EXPECT_EQ(r->title, "Product 3");
  EXPECT_LE(r->description.size(), 163u) << "cut for search engines, with an ellipsis";
  EXPECT_FALSE(r->per_visitor);
  EXPECT_EQ(route_resource(*r, data)["product"]["slug"], "p3");
  EXPECT_FALSE(route("/products/p99")) << "an unknown product is not found";
  EXPECT_FALSE(route("/products/p3/extra"));
}

TEST_F(RoutesTest, CollectionsArePagedAndAllHoldsEveryProduct) {
  auto mugs = route("/collections/mugs");
  ASSERT_TRUE(mugs);
  json c = route_resource(*mugs, data)["collection"];
  ASSERT_EQ(c["items"].size(), 2u);
  EXPECT_EQ(c["items"][0]["slug"], "p3") << "collection order";

  auto all = route("/collections/all");
  ASSERT_TRUE(all);
  c = route_resource(*all, data)["collection"];
  EXPECT_EQ(c["items"].size(), static_cast<size_t>(kListingPageSize));
  EXPECT_EQ(c["pagination"]["pages"], 2);
  EXPECT_EQ(c["pagination"]["next_url"], "/collections/all?page=2");
  EXPECT_TRUE(c["pagination"]["previous_url"].is_null());

  auto second = route("/collections/all", {{"page", "2"}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->cache_path, "/collections/all?page=2") << "each page is its own cache entry";
  c = route_resource(*second, data)["collection"];
  EXPECT_EQ(c["items"].size(), 30u - kListingPageSize);
  EXPECT_EQ(c["pagination"]["previous_url"], "/collections/all");

  EXPECT_FALSE(route("/collections/all", {{"page", "3"}})) << "past the last page";
  EXPECT_FALSE(route("/collections/all", {{"page", "0"}}));
  EXPECT_FALSE(route("/collections/all", {{"page", "2x"}}));
  EXPECT_FALSE(route("/collections/nope"));
  EXPECT_EQ(route("/collections")->page, "collections");
}

TEST_F(RoutesTest, VisitorPagesNeverShareACacheEntry) {
  for (const char* path : {"/cart", "/checkout", "/account", "/account/login", "/search"}) {
    auto r = route(path);
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->per_visitor) << path;
  }
  EXPECT_EQ(route_resource(*route("/account/register"), data)["account"]["view"], "register");
  EXPECT_EQ(route_resource(*route("/account"), data)["account"]["view"], "overview");
  EXPECT_FALSE(route("/account/settings"));
  EXPECT_EQ(route_resource(*route("/search", {{"q", "mug"}}), data)["search"]["query"], "mug");
}

TEST_F(RoutesTest, PagesHandlesRedirectToTheCustomizationPage) {
  auto r = route("/pages/about");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->redirect, "/about");
  EXPECT_FALSE(route("/pages/nothing"));
}

TEST_F(RoutesTest, WithoutATemplateTheRouteIsNotFound) {
  templates.erase("product");
  templates.erase("404");
  EXPECT_FALSE(route("/products/p3"));
  EXPECT_FALSE(not_found_route(targets)) << "the platform's plain 404 page answers";
  templates.insert("404");
  auto missing = not_found_route(targets);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->cache_path, "#404") << "one cache entry for every missing path";
}

}  // namespace
}  // namespace vitrine::storefront
