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
    // Three published posts, newest first; two tagged "Travel".
    for (int i = 0; i < 3; ++i) {
      const std::string slug = "post-" + std::to_string(i);
      json tags = i < 2 ? json::array({{{"name", "Travel"}, {"slug", "travel"}}}) : json::array();
      blog.posts.push_back({{"slug", slug},
                            {"url", "/blog/" + slug},
                            {"title", "Post " + std::to_string(i)},
                            {"tags", tags},
                            {"seo", {{"title", "SEO " + slug}, {"description", "About " + slug}}}});
      blog.html.push_back("<p>Body of " + slug + "</p>");
      blog.post_at[slug] = static_cast<size_t>(i);
      if (i < 2) blog.by_tag["travel"].push_back(static_cast<size_t>(i));
    }
    blog.tag_names["travel"] = "Travel";
  }

  std::optional<Route> route(const std::string& path,
                             std::map<std::string, std::string> query = {}) {
    auto param = [&](std::string_view name) -> std::optional<std::string> {
      auto it = query.find(std::string(name));
      return it == query.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    return match_route(path, param, targets, data, blog);
  }

  std::set<std::string> pages{"/", "/about", "/products/special"};
  std::set<std::string> templates{"product",  "collection", "collections", "search", "cart",
                                  "checkout", "account",    "blog",        "post",   "404"};
  RouteTargets targets{[this](const std::string& p) { return pages.contains(p); },
                       [this](std::string_view n) { return templates.contains(std::string(n)); }};
  catalog::CatalogSnapshot data;
  posts::BlogSnapshot blog;
};

TEST_F(RoutesTest, TheBlogListsPostsByTagAndShowsEachPostWithItsHtml) {
  auto list = route("/blog");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->page, "blog");
  json r = route_resource(*list, data, blog);
  ASSERT_EQ(r["posts"].size(), 3u);
  EXPECT_EQ(r["posts"][0]["slug"], "post-0");
  EXPECT_EQ(r["blog"]["pagination"]["total"], 3);
  EXPECT_TRUE(r["blog"]["tag"].is_null());

  auto tagged = route("/blog/tag/travel");
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->title, "Travel");
  r = route_resource(*tagged, data, blog);
  ASSERT_EQ(r["posts"].size(), 2u);
  EXPECT_EQ(r["blog"]["tag"]["name"], "Travel");

  auto post = route("/blog/post-2");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->page, "post");
  EXPECT_EQ(post->title, "SEO post-2");
  EXPECT_EQ(post->description, "About post-2");
  r = route_resource(*post, data, blog);
  EXPECT_EQ(r["post"]["html"], "<p>Body of post-2</p>");
  EXPECT_EQ(r["posts"].size(), 3u) << "other pages get the newest posts too";

  EXPECT_FALSE(route("/blog/no-such-post"));
  EXPECT_FALSE(route("/blog/tag/cooking"));
  EXPECT_FALSE(route("/blog", {{"page", "2"}})) << "past the last page";
  EXPECT_FALSE(route("/blog/post-0/extra"));
  EXPECT_EQ(route_resource(*route("/"), data, blog)["posts"].size(), 3u);
}

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
  EXPECT_EQ(route_resource(*r, data, blog)["product"]["slug"], "p3");
  EXPECT_FALSE(route("/products/p99")) << "an unknown product is not found";
  EXPECT_FALSE(route("/products/p3/extra"));
}

TEST_F(RoutesTest, CollectionsArePagedAndAllHoldsEveryProduct) {
  auto mugs = route("/collections/mugs");
  ASSERT_TRUE(mugs);
  json c = route_resource(*mugs, data, blog)["collection"];
  ASSERT_EQ(c["items"].size(), 2u);
  EXPECT_EQ(c["items"][0]["slug"], "p3") << "collection order";

  auto all = route("/collections/all");
  ASSERT_TRUE(all);
  c = route_resource(*all, data, blog)["collection"];
  EXPECT_EQ(c["items"].size(), static_cast<size_t>(kListingPageSize));
  EXPECT_EQ(c["pagination"]["pages"], 2);
  EXPECT_EQ(c["pagination"]["next_url"], "/collections/all?page=2");
  EXPECT_TRUE(c["pagination"]["previous_url"].is_null());

  auto second = route("/collections/all", {{"page", "2"}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->cache_path, "/collections/all?page=2") << "each page is its own cache entry";
  c = route_resource(*second, data, blog)["collection"];
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
  EXPECT_EQ(route_resource(*route("/account/register"), data, blog)["account"]["view"], "register");
  EXPECT_EQ(route_resource(*route("/account"), data, blog)["account"]["view"], "overview");
  EXPECT_FALSE(route("/account/settings"));
  EXPECT_EQ(route_resource(*route("/search", {{"q", "mug"}}), data, blog)["search"]["query"],
            "mug");
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
