#include "api/api.h"

namespace vitrine::api {

void register_health_routes(http::Router& router, Services& s) {
  router.add("GET", "/healthz", [&s](http::Request& req) {
    auto gen = s.registry.generation();
    if (!gen.ok())
      return http::Response::error(
          make_error(errc::kUnavailable, "database unreachable: " + gen.error().message),
          req.request_id);
    return http::Response::json(
        200, {{"status", "ok"}, {"version", VITRINE_CORE_VERSION}, {"catalog_generation", *gen}});
  });
}

}  // namespace vitrine::api
