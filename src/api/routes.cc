#include "api/api.h"

namespace vitrine::api {

void register_routes(http::Router& router, Services& services) {
  register_health_routes(router, services);
  register_theme_routes(router, services);
  register_cdn_routes(router, services);
  register_auth_routes(router, services);
  register_workspace_routes(router, services);
  register_customize_routes(router, services);
  register_hosting_routes(router, services);
  register_catalog_routes(router, services);
  register_cms_routes(router, services);
  register_media_routes(router, services);
  register_pos_routes(router, services);
  register_webhook_routes(router, services);
  register_store_routes(router, services);
  register_order_routes(router, services);
  register_theme_push_routes(router, services);
  register_github_routes(router, services);
  register_metrics_routes(router, services);
  register_admin_routes(router, services);
  register_editor_routes(router, services);
}

}  // namespace vitrine::api
