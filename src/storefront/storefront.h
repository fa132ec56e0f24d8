// Storefront: serves shops on their own hosts (docs/architecture.md "The request
// path").
//
// A request whose Host is "<subdomain>.<base_domain>" or a verified custom domain is a storefront
// request; every other host is the platform (API and CDN). The path from Host to HTML:
//   host → site (hosting's in-memory directory) → the workspace's content revision (memory) →
//   the live customization at that revision (built once per revision) → the route
//   (storefront/routes.h: the customization's page of that path, else a resource template such
//   as product or cart with its resource from the catalogue snapshot) → its Puck
//   document → visible blocks for the request's device and user type → one PageJob for the
//   render worker pool (theme components/<Type>.js and the shop's VibeCode blocks, in V8) →
//   the document shell (storefront/document.h) → the page cache under (site, revision, path,
//   variant).
// A cached page is answered on the HTTP I/O thread without a database query or a render; misses
// move to the worker pool (Response::retry_on_worker) and render once per key (single flight).
// Publishing, rolling back, upgrading, editing the live customization or the catalogue changes
// the key, so the next request renders fresh with no purge.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "blob/blob_store.h"
#include "carts/carts.h"
#include "catalog/catalog.h"
#include "core/result.h"
#include "customers/customers.h"
#include "customize/customizations.h"
#include "customize/visibility.h"
#include "hosting/hosting.h"
#include "http/message.h"
#include "orders/orders.h"
#include "posts/posts.h"
#include "sandbox/worker_pool.h"
#include "storefront/page_cache.h"
#include "themes/registry.h"
#include "workspaces/workspaces.h"

namespace vitrine::storefront {

struct StorefrontOptions {
  // Scheme and port of canonical URLs: "http://127.0.0.1:8080" gives
  // "http://<shop host>:8080/<path>"; "https://vitrine.example" gives "https://<shop host>/".
  std::string public_url = "http://localhost";
  // How long a rendered page is fresh; afterwards it is served stale while one request
  // re-renders it (catalogue and date rules are re-read then).
  std::chrono::seconds page_ttl{60};
  uint64_t cache_bytes = 256ull << 20;     // page cache budget; 0 disables the cache
  sandbox::RenderPoolOptions shared_pool;  // workers for shared (pool/bridge) sites
  size_t silo_workers = 1;                 // per enterprise (silo) site, started on first use
  metrics::Registry* metrics = &metrics::Registry::global();
};

// The services a storefront reads. It never writes.
struct StorefrontServices {
  hosting::HostingService& hosting;
  customize::CustomizationService& customizations;
  themes::ThemeRegistry& registry;
  blob::BlobStore& blobs;
  catalog::CatalogService& catalog;
  workspaces::WorkspaceService& workspaces;
  carts::CartService& carts;              // the visitor's cart on cart and checkout pages
  orders::OrderService& orders;           // the customer's order page
  customers::CustomerService& customers;  // the signed-in customer (ctx.user, visibility)
  posts::PostService& posts;              // the blog (ctx.posts, ctx.post, the feed)
};

// Who is asking, as far as the page's visibility rules care.
struct Visitor {
  customize::Device device = customize::Device::kDesktop;
  customize::UserType user = customize::UserType::kGuest;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

// One rendered storefront page.
struct RenderedDocument {
  std::string html;
  size_t blocks = 0;        // blocks rendered (after visibility rules)
  size_t block_errors = 0;  // of which rendered as placeholders
};

class Storefront {
 public:
  // Starts the shared render worker pool. unavailable when the worker binary cannot start.
  static Result<std::unique_ptr<Storefront>> start(const StorefrontServices& services,
                                                   StorefrontOptions options);
  ~Storefront();
  Storefront(const Storefront&) = delete;
  Storefront& operator=(const Storefront&) = delete;

  // The HTTP server's before_route hook. nullopt for platform hosts (public_url's host, the base
  // domain, IP literals, names without a dot such as localhost, requests without Host) and for
  // /cdn/ paths on shop hosts (theme assets, served by the CDN routes); any other unknown host gets
  // the 404 page. Otherwise the storefront's answer: the page or resource template (200, strong
  // ETag, 304 on If-None-Match, X-Cache; per-visitor templates such as cart are rendered each time
  // with no-store), /robots.txt, /sitemap.xml, a 301 for /pages/<handle>, or an HTML error page:
  // 404 unknown shop or unpublished shop, the 404 template (or a plain page) for unknown pages; 503
  // suspended or provisioning site; 429 over the plan's rate limit; 405 for methods other than GET
  // and HEAD. On the I/O thread it answers only from memory and asks for the worker pool otherwise.
  std::optional<http::Response> handle(http::Request& request);

  // Renders page `path` of the workspace's live customization for `visitor`, bypassing the page
  // cache (tests, benchmarks). not_found when nothing is published or the page does not exist.
  Result<RenderedDocument> render_uncached(const std::string& workspace_id, const std::string& path,
                                           const Visitor& visitor);

  // Counters of the page cache (hits, misses, coalesced waits, stale serves, size).
  storefront::PageCacheStats cache_stats() const;
  // Counters of the shared worker pool.
  sandbox::RenderPoolStats pool_stats() const;
  // Worker pools of enterprise sites running now (one per silo site that has rendered; dropped
  // when the site renders again after leaving the enterprise plan).
  size_t silo_pools() const;

  struct Impl;

 private:
  explicit Storefront(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vitrine::storefront
