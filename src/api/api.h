// HTTP handlers: thin adapters that parse a request, call a module and serialise the answer.
// Every module's routes are registered here; no handler holds business logic.
#pragma once

#include <string>

#include "auth/tokens.h"
#include "auth/users.h"
#include "carts/carts.h"
#include "catalog/catalog.h"
#include "changes/change_feed.h"
#include "customers/customers.h"
#include "customize/customizations.h"
#include "events/event_bus.h"
#include "github/github_integration.h"
#include "hosting/hosting.h"
#include "http/router.h"
#include "mail/mail_queue.h"
#include "media/media_library.h"
#include "orders/orders.h"
#include "payments/payments.h"
#include "pos/pos.h"
#include "posts/posts.h"
#include "theme_push/pipeline.h"
#include "themes/cdn.h"
#include "themes/registry.h"
#include "themes/sync.h"
#include "webhooks/webhooks.h"
#include "workspaces/workspaces.h"

namespace vitrine::api {

struct Services {
  themes::ThemeRegistry& registry;
  themes::ThemeSync& sync;
  themes::ThemeCdn& cdn;
  auth::TokenService& tokens;
  db::Database& db;
  events::EventBus& events;
  auth::UserService& users;
  workspaces::WorkspaceService& workspaces;
  customize::CustomizationService& customizations;
  hosting::HostingService& hosting;
  catalog::CatalogService& catalog;
  carts::CartService& carts;
  orders::OrderService& orders;
  customers::CustomerService& customers;
  pricing::PricingService& pricing;
  payments::PaymentService& payments;
  mail::MailQueue& mail;
  posts::PostService& posts;
  media::MediaLibrary& media;
  pos::PosService& pos;
  changes::ChangeFeed& changes;
  webhooks::WebhookService& webhooks;
  theme_push::ThemePushPipeline& theme_push;
  github::GithubIntegration& github;
  std::string public_url;  // absolute URLs in responses start with this ("http://127.0.0.1:8080")
};

// Registers every route: /healthz, /api/themes..., /cdn/themes/...
void register_routes(http::Router& router, Services& services);

// Parts shared by handler files.
void register_health_routes(http::Router& router, Services& services);
// /admin: the embedded admin web app and /admin/runtime.js, the editor's render helpers.
void register_admin_routes(http::Router& router, Services& services);
// GET /api/workspaces/{id}/storefront-data: a page's storefront ctx, for the editor's canvas.
void register_editor_routes(http::Router& router, Services& services);
void register_theme_routes(http::Router& router, Services& services);
void register_cdn_routes(http::Router& router, Services& services);
void register_auth_routes(http::Router& router, Services& services);
void register_workspace_routes(http::Router& router, Services& services);
void register_customize_routes(http::Router& router, Services& services);
void register_hosting_routes(http::Router& router, Services& services);
// /api/workspaces/{id}/products and /collections: the workspace's catalog.
void register_catalog_routes(http::Router& router, Services& services);
// /api/cms/{id}/posts, /pages, /blocks: the blog and the pages API (cms_api.cc).
void register_cms_routes(http::Router& router, Services& services);
// /api/cms/{id}/media and /cdn/media/...: the media library (media_api.cc).
void register_media_routes(http::Router& router, Services& services);
// /api/workspaces/{id}/pos-keys and /api/pos/...: point-of-sale sync (pos_api.cc).
void register_pos_routes(http::Router& router, Services& services);
// /api/workspaces/{id}/webhooks: outgoing webhooks and their delivery log (webhooks_api.cc).
void register_webhook_routes(http::Router& router, Services& services);
// /api/store/... (carts, checkout, the customer's order) and the storefront forms POST /cart
// and POST /checkout, on the shop's host.
void register_store_routes(http::Router& router, Services& services);
// /api/workspaces/{id}/orders: the merchant's orders; /checkout-settings and /discounts: what
// the shop charges for shipping and tax and the codes it gives.
void register_order_routes(http::Router& router, Services& services);
// POST /api/themes/push, drafts and their signed preview URLs, /cdn/drafts/...
void register_theme_push_routes(http::Router& router, Services& services);
// /api/themes/{slug}/repository (the theme's GitHub repository) and POST /api/webhooks/github.
void register_github_routes(http::Router& router, Services& services);
// GET /metrics: the process metrics registry in Prometheus text format (no auth).
void register_metrics_routes(http::Router& router, Services& services);

}  // namespace vitrine::api
