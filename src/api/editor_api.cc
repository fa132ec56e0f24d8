// What the admin's editor previews a page with: the ctx the storefront would give that page's
// components, built by the storefront's own route code, so the canvas matches the shop.
#include "api/api.h"
#include "api/request_helpers.h"
#include "core/url.h"
#include "storefront/routes.h"

namespace vitrine::api {

void register_editor_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/workspaces/{id}/storefront-data",
             [&s](http::Request& req) -> Result<http::Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               const std::string path = req.query_param("path").value_or("/");
               if (path.empty() || path.front() != '/')
                 return fail(errc::kInvalidArgument, "path must start with '/'", {{"path", path}});
               VITRINE_ASSIGN(auto data, s.catalog.shared_snapshot(ws.id));
               VITRINE_ASSIGN(auto blog, s.posts.shared_snapshot(ws.id));
               VITRINE_ASSIGN(auto domain, s.hosting.storefront_domain(ws.id));
               storefront::Route page;
               page.page = path;
               const std::string host = domain.value_or("");
               nlohmann::json out = {
                   {"data", data->data},
                   {"resource", storefront::route_resource(page, *data, *blog)},
                   {"site",
                    {{"domain", host},
                     {"url", host.empty() ? "" : url_origin(s.public_url).for_host(host)}}}};
               http::Response r = http::Response::json(200, out);
               r.headers.set("Cache-Control", "private, no-cache");
               return r;
             });
}

}  // namespace vitrine::api
