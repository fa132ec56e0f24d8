#include "app/app.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "api/api.h"
#include "core/url.h"
#include "http/server.h"
#include "storefront/storefront.h"

namespace vitrine {
namespace {

// "%*" in the JSON pattern: the message as a JSON string, so quotes and newlines in log
// messages never break the one-object-per-line format.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string s = nlohmann::json(std::string(msg.payload.data(), msg.payload.size())).dump();
    dest.append(s.data(), s.data() + s.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

void setup_logging(const Config& config) {
  auto logger = spdlog::stderr_logger_mt("vitrine");
  if (config.log_format == "json") {
    auto f = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    f->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","message":%*})");
    logger->set_formatter(std::move(f));
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  }
  logger->set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_default_logger(logger);
}

App::~App() = default;

storefront::StorefrontOptions storefront_options(const Config& config,
                                                 const std::string& public_url) {
  storefront::StorefrontOptions o;
  o.public_url = public_url;
  o.page_ttl = std::chrono::seconds(config.page_ttl_seconds);
  o.cache_bytes = config.render_cache_bytes;
  o.shared_pool.workers = static_cast<size_t>(config.render_workers);
  o.shared_pool.time_limit = std::chrono::milliseconds(config.render_time_limit_ms);
  o.shared_pool.heap_mb = static_cast<size_t>(config.render_heap_mb);
  if (!config.render_worker_binary.empty())
    o.shared_pool.worker_binary = config.render_worker_binary;
  o.silo_workers = static_cast<size_t>(config.render_silo_workers);
  return o;
}

Result<std::unique_ptr<App>> App::open(const Config& config) {
  auto app = std::make_unique<App>(Key{}, config);
  VITRINE_ASSIGN(app->db_, db::Database::open(config.database_url));
  std::vector<db::Migration> migrations = themes::ThemeRegistry::migrations();
  for (auto& m : auth::TokenService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : events::EventBus::migrations()) migrations.push_back(std::move(m));
  for (auto& m : mail::MailQueue::migrations()) migrations.push_back(std::move(m));
  for (auto& m : posts::PostService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : media::MediaLibrary::migrations()) migrations.push_back(std::move(m));
  for (auto& m : pos::PosService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : webhooks::WebhookService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : workspaces::WorkspaceService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : customize::CustomizationService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : hosting::HostingService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : catalog::CatalogService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : carts::CartService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : pricing::PricingService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : payments::PaymentService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : orders::OrderService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : customers::CustomerService::migrations()) migrations.push_back(std::move(m));
  for (auto& m : theme_push::ThemePushPipeline::migrations()) migrations.push_back(std::move(m));
  for (auto& m : github::GithubIntegration::migrations()) migrations.push_back(std::move(m));
  VITRINE_TRY(db::migrate(*app->db_, migrations));
  VITRINE_ASSIGN(app->blobs_, blob::BlobStore::open(config.blob_url));
  app->registry_ = std::make_unique<themes::ThemeRegistry>(*app->db_);
  themes::ValidationLimits limits{config.theme_max_file_bytes, config.theme_max_files};
  app->sync_ =
      std::make_unique<themes::ThemeSync>(*app->registry_, *app->blobs_, config.themes_dir, limits);
  app->cdn_ =
      std::make_unique<themes::ThemeCdn>(*app->registry_, *app->blobs_, config.cdn_cache_bytes);
  app->tokens_ = std::make_unique<auth::TokenService>(*app->db_);
  app->events_ = std::make_unique<events::EventBus>(*app->db_);
  app->users_ = std::make_unique<auth::UserService>(*app->db_, *app->tokens_);
  app->workspaces_ = std::make_unique<workspaces::WorkspaceService>(*app->db_, *app->users_);
  app->customizations_ =
      std::make_unique<customize::CustomizationService>(*app->db_, *app->registry_);
  app->hosting_ = std::make_unique<hosting::HostingService>(
      *app->db_, config.base_domain, config.dns_resolver, config.site_rate_limits == "on");
  app->catalog_ = std::make_unique<catalog::CatalogService>(*app->db_);
  app->pos_ = std::make_unique<pos::PosService>(*app->db_, *app->catalog_);
  app->carts_ = std::make_unique<carts::CartService>(*app->db_, *app->catalog_);
  app->pricing_ = std::make_unique<pricing::PricingService>(*app->db_);
  std::vector<std::unique_ptr<payments::PaymentProvider>> providers;
  providers.push_back(std::make_unique<payments::ManualProvider>());
  providers.push_back(std::make_unique<payments::StripeProvider>(config.stripe_api_url));
  app->payments_ = std::make_unique<payments::PaymentService>(*app->db_, std::move(providers));
  app->orders_ = std::make_unique<orders::OrderService>(*app->db_, *app->catalog_, *app->carts_,
                                                        *app->pricing_, *app->payments_);
  app->customers_ = std::make_unique<customers::CustomerService>(*app->db_);
  app->posts_ = std::make_unique<posts::PostService>(*app->db_);
  app->changes_ = std::make_unique<changes::ChangeFeed>(*app->db_);
  app->webhooks_ = std::make_unique<webhooks::WebhookService>(*app->db_);
  // A media file may not be deleted while the live site shows it: its pages, active products
  // and collections, published or scheduled posts.
  App* owner = app.get();
  app->media_ = std::make_unique<media::MediaLibrary>(
      *app->db_, *app->blobs_,
      [owner](const std::string& workspace_id,
              const std::string& needle) -> Result<std::vector<ContentReference>> {
        VITRINE_ASSIGN(auto refs, owner->customizations_->references_to(workspace_id, needle));
        VITRINE_ASSIGN(auto products, owner->catalog_->references_to(workspace_id, needle));
        VITRINE_ASSIGN(auto posts, owner->posts_->references_to(workspace_id, needle));
        refs.insert(refs.end(), products.begin(), products.end());
        refs.insert(refs.end(), posts.begin(), posts.end());
        return refs;
      });
  VITRINE_ASSIGN(
      app->emailer_,
      mail::Emailer::open(config.smtp_url, config.mail_from.empty() ? "shop@" + config.base_domain
                                                                    : config.mail_from));
  app->mail_ = std::make_unique<mail::MailQueue>(*app->db_, *app->emailer_);
  // Order confirmations name the shop and link to its storefront (scheme and port of public_url).
  App* self = app.get();
  app->orders_->send_confirmations(
      *app->events_, *app->mail_,
      [self](const std::string& workspace_id) -> Result<orders::OrderService::ShopContact> {
        VITRINE_ASSIGN(auto workspace, self->workspaces_->get(workspace_id));
        VITRINE_ASSIGN(auto domain, self->hosting_->storefront_domain(workspace_id));
        return orders::OrderService::ShopContact{
            workspace.name,
            url_origin(self->config_.public_url).for_host(domain.value_or(workspace.slug))};
      });
  theme_push::ArchiveLimits archive_limits;
  archive_limits.max_files = config.theme_max_files;
  archive_limits.max_file_bytes = config.theme_max_file_bytes;
  app->theme_push_ = std::make_unique<theme_push::ThemePushPipeline>(
      *app->db_, *app->registry_, *app->cdn_, *app->blobs_,
      std::filesystem::path(config.data_dir) / "uploads", archive_limits, limits,
      config.draft_url_secret);
  github::Settings github_settings;
  github_settings.webhook_secret = config.github_webhook_secret;
  github_settings.archive_url = config.github_archive_url;
  github_settings.token = config.github_token;
  github_settings.max_archive_bytes = config.theme_push_max_bytes;
  app->github_ = std::make_unique<github::GithubIntegration>(
      *app->db_, *app->theme_push_, *app->sync_, *app->registry_, *app->cdn_, config.themes_dir,
      std::move(github_settings));
  // Before any dispatch: workspace.created and tier.changed provision and migrate sites.
  app->hosting_->subscribe(*app->events_);
  // The request path routes hosts and keys pages from memory: load both before serving.
  VITRINE_TRY(app->hosting_->refresh_directory());
  VITRINE_TRY(app->customizations_->refresh_revisions());
  return app;
}

Status App::serve(const std::function<void(const std::string&)>& on_listening) {
  VITRINE_TRY(cdn_->refresh());
  auto listen = parse_listen(config_.listen);
  if (!listen) return fail(errc::kConfig, "listen: '" + config_.listen + "' is not host:port");
  const std::string& host = listen->host;
  const uint16_t port = listen->port;
  http::ServerOptions opts;
  opts.host = host;
  opts.port = port;
  opts.io_threads = config_.threads;
  opts.max_body_bytes = config_.max_body_bytes;
  // Theme archives are uploaded whole in one request; every other route keeps max_body_bytes.
  opts.route_body_limits.push_back({"POST", "/api/themes/push", config_.theme_push_max_bytes,
                                    "theme archive", "theme_push_max_bytes"});
  // One image of the media library, refused before it is read whole when larger.
  opts.route_body_limits.push_back(
      {"POST", "/api/cms/{id}/media", media::kMaxUploadBytes, "media upload", ""});
  // GitHub sends webhook payloads of up to 25 MB (a push with many commits).
  opts.route_body_limits.push_back({"POST", "/api/webhooks/github",
                                    std::max<uint64_t>(config_.max_body_bytes, 25ull << 20),
                                    "webhook payload", "max_body_bytes"});
  opts.max_header_bytes = config_.max_header_bytes;
  opts.header_timeout_ms = config_.header_timeout_ms;
  opts.idle_timeout_ms = config_.idle_timeout_ms;
  opts.shutdown_grace_ms = config_.shutdown_grace_ms;

  http::Router router;
  // One line per service: each module adds its own.
  api::Services services{
      .registry = *registry_,
      .sync = *sync_,
      .cdn = *cdn_,
      .tokens = *tokens_,
      .db = *db_,
      .events = *events_,
      .users = *users_,
      .workspaces = *workspaces_,
      .customizations = *customizations_,
      .hosting = *hosting_,
      .catalog = *catalog_,
      .carts = *carts_,
      .orders = *orders_,
      .customers = *customers_,
      .pricing = *pricing_,
      .payments = *payments_,
      .mail = *mail_,
      .posts = *posts_,
      .media = *media_,
      .pos = *pos_,
      .changes = *changes_,
      .webhooks = *webhooks_,
      .theme_push = *theme_push_,
      .github = *github_,
      .public_url = config_.public_url,
  };
  // Shop hosts go to the storefront before routing; it is started once the URL is known.
  std::unique_ptr<storefront::Storefront> storefront;
  opts.before_route = [&storefront](http::Request& req) -> std::optional<http::Response> {
    return storefront ? storefront->handle(req) : std::nullopt;
  };
  http::HttpServer server(opts, router);
  VITRINE_TRY(server.listen());
  std::string url = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) +
                    ":" + std::to_string(server.port());
  // The default public URL follows the bound port (port 0 picks one at listen time).
  if (services.public_url == "http://" + config_.listen) services.public_url = url;
  api::register_routes(router, services);
  VITRINE_ASSIGN(storefront, storefront::Storefront::start(
                                 storefront::StorefrontServices{
                                     .hosting = *hosting_,
                                     .customizations = *customizations_,
                                     .registry = *registry_,
                                     .blobs = *blobs_,
                                     .catalog = *catalog_,
                                     .workspaces = *workspaces_,
                                     .carts = *carts_,
                                     .orders = *orders_,
                                     .customers = *customers_,
                                     .posts = *posts_,
                                 },
                                 storefront_options(config_, services.public_url)));

  // Other processes (`vitrine sync`, other nodes) register versions too: poll the catalogue
  // generation so the CDN index follows within a second.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread refresher([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::seconds(1), [&] { return done; })) {
      lock.unlock();
      if (auto st = cdn_->refresh(); !st.ok())
        spdlog::warn("catalogue refresh failed: {}", st.error().message);
      // Sites, domains and content revisions written by other processes.
      if (auto st = hosting_->refresh_directory(); !st.ok())
        spdlog::warn("site directory refresh failed: {}", st.error().message);
      if (auto st = customizations_->refresh_revisions(); !st.ok())
        spdlog::warn("content revision refresh failed: {}", st.error().message);
      lock.lock();
    }
  });

  // Delivers events left undelivered by a crash, and those committed by other processes.
  events_->start();
  // E-mails queued here and by other processes, and retries.
  mail_->start();
  // Scheduled posts go live at their time.
  posts_->start();
  webhooks_->start();
  // Syncs queued by GitHub webhooks, here and by other nodes.
  github_->start();

  // The caller's announcement comes first: scripts wait for the first "listening on" line.
  if (on_listening) on_listening(url);
  spdlog::info("listening on {}", url);
  server.run();
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  refresher.join();
  events_->stop();
  mail_->stop();
  posts_->stop();
  webhooks_->stop();
  github_->stop();
  spdlog::info("stopped");
  return {};
}

}  // namespace vitrine
