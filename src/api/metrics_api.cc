#include "api/api.h"
#include "core/metrics.h"

namespace vitrine::api {

void register_metrics_routes(http::Router& router, Services& s) {
  // Prometheus scrapes this without credentials, as is customary: it reveals counts, never data.
  router.add("GET", "/metrics", [&s](http::Request&) {
    std::string text = metrics::Registry::global().render();
    // Facts owned by services, read at scrape time (they are not kept in the global registry
    // because the services live only as long as this server).
    metrics::Registry facts;
    facts
        .gauge("vitrine_build_info", "The running Vitrine version.",
               {{"version", VITRINE_CORE_VERSION}})
        .set(1);
    facts.gauge("vitrine_cdn_cache_bytes", "Bytes held by the theme asset cache.")
        .set(static_cast<int64_t>(s.cdn.cached_bytes()));
    text += facts.render();
    return http::Response::text(200, std::move(text), metrics::kPrometheusContentType);
  });
}

}  // namespace vitrine::api
