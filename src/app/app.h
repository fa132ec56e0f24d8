// App: the composition root. Opens the backends the configuration names, applies every module's
// migrations and wires the services; `serve` runs the HTTP server on top. The CLI and the tests
// build one App per process.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "auth/tokens.h"
#include "auth/users.h"
#include "blob/blob_store.h"
#include "carts/carts.h"
#include "catalog/catalog.h"
#include "changes/change_feed.h"
#include "config/config.h"
#include "core/result.h"
#include "customers/customers.h"
#include "customize/customizations.h"
#include "db/database.h"
#include "events/event_bus.h"
#include "github/github_integration.h"
#include "hosting/hosting.h"
#include "mail/emailer.h"
#include "mail/mail_queue.h"
#include "media/media_library.h"
#include "orders/orders.h"
#include "payments/manual.h"
#include "payments/payments.h"
#include "payments/stripe.h"
#include "pos/pos.h"
#include "posts/posts.h"
#include "pricing/pricing.h"
#include "storefront/storefront.h"
#include "theme_push/pipeline.h"
#include "themes/cdn.h"
#include "themes/registry.h"
#include "themes/sync.h"
#include "webhooks/webhooks.h"
#include "workspaces/workspaces.h"

namespace vitrine {

// Configures the default spdlog logger: stderr, "text" or one JSON object per line, at the
// configured level.
void setup_logging(const Config& config);

// The storefront settings of `config`; `public_url` is the resolved one (port 0 bound).
storefront::StorefrontOptions storefront_options(const Config& config,
                                                 const std::string& public_url);

class App {
 public:
  // Opens the database and blob store, runs migrations and builds the services. Fails with the
  // backend's error (config_error for bad URLs, database_error for unreadable files...).
  static Result<std::unique_ptr<App>> open(const Config& config);
  ~App();

  const Config& config() const { return config_; }
  db::Database& database() { return *db_; }
  blob::BlobStore& blobs() { return *blobs_; }
  themes::ThemeRegistry& registry() { return *registry_; }
  themes::ThemeSync& sync() { return *sync_; }
  themes::ThemeCdn& cdn() { return *cdn_; }
  auth::TokenService& tokens() { return *tokens_; }
  events::EventBus& events() { return *events_; }
  auth::UserService& users() { return *users_; }
  workspaces::WorkspaceService& workspaces() { return *workspaces_; }
  customize::CustomizationService& customizations() { return *customizations_; }
  hosting::HostingService& hosting() { return *hosting_; }
  catalog::CatalogService& catalog() { return *catalog_; }
  carts::CartService& carts() { return *carts_; }
  orders::OrderService& orders() { return *orders_; }
  pricing::PricingService& pricing() { return *pricing_; }
  mail::MailQueue& mail() { return *mail_; }
  posts::PostService& posts() { return *posts_; }
  media::MediaLibrary& media() { return *media_; }
  pos::PosService& pos() { return *pos_; }
  changes::ChangeFeed& changes() { return *changes_; }
  webhooks::WebhookService& webhooks() { return *webhooks_; }
  customers::CustomerService& customers() { return *customers_; }
  theme_push::ThemePushPipeline& theme_push() { return *theme_push_; }
  github::GithubIntegration& github() { return *github_; }

  // Serves HTTP on config().listen until SIGTERM or SIGINT, then drains in-flight requests.
  // `on_listening` receives the base URL once the socket is bound (port 0 resolved).
  Status serve(const std::function<void(const std::string& url)>& on_listening);

 private:
  // Only open() builds an App (its services need migrations first); the key keeps the
  // constructor usable by std::make_unique yet private in effect.
  struct Key {
    explicit Key() = default;
  };

 public:
  App(Key, Config config) : config_(std::move(config)) {}

 private:
  Config config_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<blob::BlobStore> blobs_;
  std::unique_ptr<themes::ThemeRegistry> registry_;
  std::unique_ptr<themes::ThemeSync> sync_;
  std::unique_ptr<themes::ThemeCdn> cdn_;
  std::unique_ptr<auth::TokenService> tokens_;
  std::unique_ptr<events::EventBus> events_;
  std::unique_ptr<auth::UserService> users_;
  std::unique_ptr<workspaces::WorkspaceService> workspaces_;
  std::unique_ptr<customize::CustomizationService> customizations_;
  std::unique_ptr<hosting::HostingService> hosting_;
  std::unique_ptr<catalog::CatalogService> catalog_;
  std::unique_ptr<carts::CartService> carts_;
  std::unique_ptr<pricing::PricingService> pricing_;
  std::unique_ptr<payments::PaymentService> payments_;
  std::unique_ptr<mail::Emailer> emailer_;
  std::unique_ptr<mail::MailQueue> mail_;
  std::unique_ptr<posts::PostService> posts_;
  std::unique_ptr<media::MediaLibrary> media_;
  std::unique_ptr<pos::PosService> pos_;
  std::unique_ptr<changes::ChangeFeed> changes_;
  std::unique_ptr<webhooks::WebhookService> webhooks_;
  std::unique_ptr<orders::OrderService> orders_;
  std::unique_ptr<customers::CustomerService> customers_;
  std::unique_ptr<theme_push::ThemePushPipeline> theme_push_;
  std::unique_ptr<github::GithubIntegration> github_;
};

}  // namespace vitrine
