// /admin: the admin web app, and the render helpers its editor runs (/admin/runtime.js).
#include "admin/admin_ui.h"
#include "api/api.h"
#include "sandbox/browser_runtime.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;

Result<Response> serve_admin(Request& req, std::string_view path) {
  auto found = admin::admin_file(path, req.headers.get("accept-encoding").value_or(""));
  if (!found)
    return fail(errc::kNotFound, "no admin file /admin/" + std::string(path),
                {{"path", "/admin/" + std::string(path)}});
  return std::move(*found);
}

}  // namespace

void register_admin_routes(http::Router& router, Services&) {
  router.add(
      "GET", "/admin/runtime.js",
      [](Request&) -> Result<Response> {
        Response r = Response::text(200, sandbox::browser_runtime_module(),
                                    "text/javascript; charset=utf-8");
        r.headers.set("Cache-Control", "no-cache");
        return r;
      },
      http::Dispatch::kInline);
  router.add(
      "GET", "/admin", [](Request& req) { return serve_admin(req, ""); },
      http::Dispatch::kBlocking);
  router.add(
      "GET", "/admin/{path...}", [](Request& req) { return serve_admin(req, req.params["path"]); },
      http::Dispatch::kBlocking);
}

}  // namespace vitrine::api
