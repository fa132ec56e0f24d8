// Storefront routes: which page answers a shop path. A page of the shop's customization when one
// has exactly that path; otherwise one of the resource templates (themes/package.h) with the
// resource it shows, like Shopify's URL scheme:
//   /products/<slug>      product       ctx.product (the catalogue snapshot's product)
//   /collections          collections   (ctx.collections, as on every page)
//   /collections/all      collection    ctx.collection = every product, "All products"
//   /collections/<slug>   collection    ctx.collection with .items (that page's products) and
//                                       .pagination (?page=N, kListingPageSize per page)
//   /search?q=            search        ctx.search {query, results, count, pagination}
//   /cart                 cart          ctx.cart (per visitor)
//   /checkout             checkout      ctx.cart (per visitor)
//   /account[/login|/register|/orders|/reset]  account  ctx.account {view} (per visitor)
//   /blog                 blog          ctx.posts (that page's posts, newest first) and ctx.blog
//                                       {tag, pagination} (?page=N, kListingPageSize per page)
//   /blog/tag/<tag>       blog          the same for the posts with that tag (ctx.blog.tag)
//   /blog/<slug>          post          ctx.post (with its html)
// Every page has ctx.posts (the newest page of posts) unless its route sets it.
//   /orders/<token>       order         ctx.order (per visitor; the token is the secret)
//   /pages/<handle>       301 to the customization's page /<handle>
// A path that matches none of these, or names a resource that does not exist, is the 404
// template's (status 404).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "posts/posts.h"

namespace vitrine::storefront {

// Products per page of a collection or of search results.
inline constexpr int64_t kListingPageSize = 24;

// What answers one storefront path.
struct Route {
  std::string page;          // the customization page's path or, when is_template, the template
  bool is_template = false;  // name (themes::kResourceTemplates)
  int status = 200;          // 404 for the 404 template
  // Shows the visitor's own cart or account (or their search): rendered for each request, never
  // served from or stored in the shared page cache.
  bool per_visitor = false;
  std::string cache_path;  // the page cache key's path: the path and the query that matters
  std::string title;       // the resource's, for a template whose root sets no title
  std::string description;
  std::string item;         // the product, collection or post slug, the account view, the search
                            // query, the blog's tag
  int64_t page_number = 1;  // of a collection listing
  std::string redirect;     // non-empty: answer 301 to this path instead of a page
};

// What exists to route to: the customization's pages and the resource templates of the live site
// (the shop's own or its theme's).
struct RouteTargets {
  std::function<bool(const std::string& path)> has_page;
  std::function<bool(std::string_view name)> has_template;
};

// The route of `path` (percent-decoded, no trailing slash except "/") with query parameters read
// through `param` (decoded value of the first occurrence), over `targets` and the catalogue
// snapshot. Cheap enough for every request: the resource's JSON is built by route_resource(),
// only when the page renders (the caller adds what needs the database: search results, the
// visitor's cart, the order). nullopt: not found (answer with not_found_route()).
std::optional<Route> match_route(
    const std::string& path,
    const std::function<std::optional<std::string>(std::string_view)>& param,
    const RouteTargets& targets, const catalog::CatalogSnapshot& data,
    const posts::BlogSnapshot& blog);

// The ctx members the route's page shows ({"product": {...}}, {"collection": {...}}, ...), from
// the snapshot match_route() checked. The search route's {"search": {"query"}} lacks results and
// pagination: the caller adds them (they need the database).
nlohmann::json route_resource(const Route& route, const catalog::CatalogSnapshot& data,
                              const posts::BlogSnapshot& blog);

// The route of a page that does not exist: the 404 template when the site has one (one cache
// entry for every missing path), else nullopt (answer the platform's plain 404 page).
std::optional<Route> not_found_route(const RouteTargets& targets);

// Page `page` (from 1) of `total` items, kListingPageSize per page, as ctx shows it:
// {page, pages, total, previous_url, next_url} with URLs "<base>?page=N" (or null). nullopt when
// page is past the last one (page 1 always exists).
std::optional<nlohmann::json> pagination(int64_t page, int64_t total, const std::string& base,
                                         const std::string& extra_query = "");

// The ?page= parameter: 1 when absent; nullopt when it is not a positive integer.
std::optional<int64_t> page_number(const std::optional<std::string>& raw);

}  // namespace vitrine::storefront
