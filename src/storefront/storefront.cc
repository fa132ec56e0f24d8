#include "storefront/storefront.h"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "core/hash.h"
#include "core/url.h"
#include "hosting/hostnames.h"
#include "storefront/document.h"
#include "storefront/routes.h"
#include "themes/package.h"

namespace vitrine::storefront {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// A registered theme version as the renderer needs it. Immutable: versions never change.
struct ThemeBundle {
  std::string version_id, slug, version;
  json puck_config;
  json variables;
  std::vector<std::string> stylesheets, scripts;  // exact-version CDN paths
  std::map<std::string, sandbox::ComponentSource> components;
  json templates = json::object();  // resource template name → Puck document (theme-metadata)
  bool has_root = false;
};

struct PreparedBlock {
  std::string component;  // key into LiveSite::components
  bool vibe = false;
  std::string props_json;  // defaultProps merged under the block's props, serialised once
  customize::Visibility visibility;
  // Blocks nested in this one, rendered first and handed to it as HTML: a Puck zone
  // ("<id>:<name>" in the document's zones) as props.zones[name], a slot field as props[field].
  struct Zone;
  std::vector<Zone> zones;
};
struct PreparedBlock::Zone {
  std::string name;
  bool slot = false;
  std::vector<PreparedBlock> blocks;
};

// Zones inside zones deeper than this are not rendered (Puck's editor nests a few levels).
constexpr int kMaxZoneDepth = 8;

// Calls fn on every block of `blocks` and of their zones, depth first.
template <typename F>
void for_each_block(const std::vector<PreparedBlock>& blocks, const F& fn) {
  for (const auto& b : blocks) {
    fn(b);
    for (const auto& z : b.zones) for_each_block(z.blocks, fn);
  }
}

// A customization page or a resource template, ready to render. A template's title and
// description are empty unless its root sets them (the route's resource supplies them).
struct PreparedPage {
  std::string path, title, description;
  std::vector<PreparedBlock> blocks;
  std::optional<std::string> root_props_json;  // set when the theme has a Root component
  // Which request properties change this page: only those go into the cache variant.
  bool by_device = false, by_user = false, by_date = false;
};

// The live customization of one workspace at one content revision, ready to render.
struct LiveSite {
  std::string workspace_id;
  int64_t revision = 0;
  bool published = false;
  std::string site_name, tagline, theme_slug, theme_version;
  std::shared_ptr<const ThemeBundle> theme;
  std::map<std::string, sandbox::ComponentSource> components;  // theme's plus vibe code
  std::unordered_map<std::string, PreparedPage> pages;
  std::unordered_map<std::string, PreparedPage> templates;  // the shop's own, else the theme's
  std::vector<std::string> page_paths;                      // sorted, for the sitemap
  std::string root_css, custom_css, custom_js;
};

constexpr const char* kRootComponent = "Root";
// Search results a search page can page through (kListingPageSize per page).
constexpr int64_t kMaxSearchResults = 240;

json merged_props(const json& defaults, const json& props) {
  json merged = defaults.is_object() ? defaults : json::object();
  if (props.is_object())
    for (const auto& [k, v] : props.items())
      if (k != "visibility") merged[k] = v;
  return merged;
}

std::string text_prop(const json& props, const char* name) {
  auto it = props.find(name);
  return it != props.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The percent-decoded path, without a trailing slash (except "/"); nullopt for paths that
// cannot name a page (bad escapes, NUL, dot segments).
std::optional<std::string> page_path(std::string_view raw) {
  std::optional<std::string> decoded = percent_decode(raw);
  if (!decoded || decoded->find('\0') != std::string::npos) return std::nullopt;
  std::string& out = *decoded;
  if (out.empty() || out[0] != '/') return std::nullopt;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out.find("/../") != std::string::npos || out.ends_with("/..") ||
      out.find("/./") != std::string::npos || out.ends_with("/.") ||
      out.find("//") != std::string::npos)
    return std::nullopt;
  return out;
}

// The platform's own host in public_url ("https://Admin.Example.com:8443/x" → "admin.example.com");
// the configuration checked it is an http(s) URL, so an unparsable one gives "".
std::string platform_host_of(const std::string& url) {
  auto parsed = parse_url(url);
  return parsed.ok() ? hosting::normalize_request_host(parsed->host) : "";
}

// IP literals name the machine, not a shop: they reach the platform.
bool ip_literal(std::string_view host) {
  if (host.starts_with('[')) return true;
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string_view::npos;
}

Response html_response(int status, std::string body) {
  Response r = Response::text(status, std::move(body), "text/html; charset=utf-8");
  r.headers.set("cache-control", "no-store");
  return r;
}

Response error_page(int status, std::string_view heading, std::string_view message) {
  return html_response(status, error_document(heading, message));
}

}  // namespace

struct Storefront::Impl {
  StorefrontServices services;
  StorefrontOptions options;
  // public_url's scheme and port (for canonical URLs) and host (the API, even under base_domain).
  UrlOrigin public_origin;
  std::string public_host;

  // Declared before the cache: background refreshes render through the pools, so the cache
  // (and its refresh threads) must go first.
  std::shared_ptr<sandbox::RenderWorkerPool> shared_pool;
  // Shared so that a pool dropped here (its site left the enterprise plan) lives until the
  // renders still using it return.
  std::mutex silo_mu;
  std::unordered_map<std::string, std::shared_ptr<sandbox::RenderWorkerPool>> silo_pools;

  mutable std::shared_mutex live_mu;
  std::unordered_map<std::string, std::shared_ptr<const LiveSite>> live_sites;
  std::mutex themes_mu;
  std::unordered_map<std::string, std::shared_ptr<const ThemeBundle>> themes;

  std::unique_ptr<storefront::PageCache> cache;

  Impl(const StorefrontServices& s, StorefrontOptions o) : services(s), options(std::move(o)) {
    public_origin = url_origin(options.public_url);
    public_host = platform_host_of(options.public_url);
  }

  std::string site_url(const hosting::SiteRef& site) const {
    return public_origin.for_host(site.canonical_host);
  }

  Result<std::shared_ptr<sandbox::RenderWorkerPool>> pool_for(const hosting::SiteRef& site) {
    if (site.worker_pool != "dedicated") {
      std::lock_guard lock(silo_mu);
      if (silo_pools.erase(site.site_id))
        spdlog::info("storefront: stopped the silo workers of {}: its plan shares workers now",
                     site.subdomain);
      return shared_pool;
    }
    std::lock_guard lock(silo_mu);
    auto& pool = silo_pools[site.site_id];
    if (!pool) {
      sandbox::RenderPoolOptions o = options.shared_pool;
      o.name = "silo:" + site.subdomain;
      o.workers = options.silo_workers;
      auto started = sandbox::RenderWorkerPool::start(o);
      if (!started.ok()) {
        silo_pools.erase(site.site_id);
        return started.error();
      }
      pool = std::move(*started);
      spdlog::info("storefront: started {} worker(s) for silo site {}", o.workers, site.subdomain);
    }
    return pool;
  }

  Result<std::shared_ptr<const ThemeBundle>> theme_bundle(const customize::Customization& c) {
    {
      std::lock_guard lock(themes_mu);
      if (auto it = themes.find(c.template_version_id); it != themes.end()) return it->second;
    }
    VITRINE_ASSIGN(auto detail, services.registry.get(c.template_id));
    const themes::VersionRecord* record = nullptr;
    for (const auto& v : detail.versions)
      if (v.id == c.template_version_id) record = &v;
    if (!record)
      return fail(errc::kNotFound, "theme version " + c.version + " of " + c.theme.slug +
                                       " is no longer registered");
    auto bundle = std::make_shared<ThemeBundle>();
    bundle->version_id = record->id;
    bundle->slug = record->slug;
    bundle->version = record->version;
    bundle->puck_config = record->puck_config;
    bundle->variables = record->metadata.value("variables", json::object());
    bundle->templates = record->metadata.value("templates", json::object());
    for (const char* kind : {"stylesheets", "scripts"}) {
      auto& out = std::string_view(kind) == "stylesheets" ? bundle->stylesheets : bundle->scripts;
      const json urls = record->cdn_paths.value(kind, json::array());
      for (const auto& url : urls)
        if (url.is_string()) out.push_back(url.get<std::string>());
    }
    const std::string prefix = themes::published_prefix(record->slug, record->version);
    std::vector<std::string> names;
    const json components = record->puck_config.value("components", json::object());
    for (const auto& [name, _] : components.items()) names.push_back(name);
    names.push_back(kRootComponent);
    for (const auto& name : names) {
      auto source = services.blobs.get(prefix + "components/" + name + ".js");
      if (!source.ok()) {
        if (source.error().code == errc::kNotFound) continue;  // no Root, or a broken upload
        return source.error();
      }
      if (name == kRootComponent) bundle->has_root = true;
      // Versions are immutable: the version's content hash plus the name identifies the source.
      bundle->components[name] = {record->content_hash.substr(0, 16) + ":" + name,
                                  std::move(*source)};
    }
    std::lock_guard lock(themes_mu);
    return themes.emplace(c.template_version_id, std::move(bundle)).first->second;
  }

  // A page's Puck document with the theme's defaults merged in; VibeCode blocks' sources join
  // live.components.
  static PreparedPage prepare_page(const std::string& path, const json& doc, LiveSite& live) {
    const ThemeBundle& theme = *live.theme;
    const json& components = theme.puck_config.value("components", json::object());
    const json root_defaults =
        theme.puck_config.value("root", json::object()).value("defaultProps", json::object());
    PreparedPage page;
    page.path = path;
    json root_props = merged_props(
        root_defaults, doc.value("root", json::object()).value("props", json::object()));
    page.title = text_prop(root_props, "title");
    page.description = text_prop(root_props, "description");
    if (theme.has_root) page.root_props_json = root_props.dump();
    const json zones = doc.value("zones", json::object());
    for (const auto& block : doc.value("content", json::array()))
      if (auto b = prepare_block(block, components, zones, live, 0)) page.blocks.push_back(*b);
    for_each_block(page.blocks, [&page](const PreparedBlock& b) {
      page.by_device |= b.visibility.restricts_device();
      page.by_user |= b.visibility.restricts_user();
      page.by_date |= b.visibility.has_dates();
    });
    return page;
  }

  // One block of a Puck document with the theme's defaults merged in, and its zones and slots
  // (`depth` levels down); nullopt for what is not a block.
  static std::optional<PreparedBlock> prepare_block(const json& block, const json& components,
                                                    const json& zones, LiveSite& live, int depth) {
    if (!block.is_object()) return std::nullopt;
    const std::string type = block.value("type", "");
    json props = block.value("props", json::object());
    if (!props.is_object()) props = json::object();
    PreparedBlock b;
    std::vector<customize::PuckProblem> ignored;  // validated on save
    b.visibility = customize::parse_visibility(props.value("visibility", json()), "", ignored);
    const bool theme_has_it = components.contains(type);
    auto nested = [&](const json& blocks) {
      std::vector<PreparedBlock> out;
      if (depth >= kMaxZoneDepth || !blocks.is_array()) return out;
      for (const auto& child : blocks)
        if (auto c = prepare_block(child, components, zones, live, depth + 1))
          out.push_back(std::move(*c));
      return out;
    };
    if (type == customize::kVibeCodeComponent && !theme_has_it) {
      const std::string code = text_prop(props, "code");
      b.component = "vibe:" + sha256_hex(code).substr(0, 16);
      b.vibe = true;
      live.components.emplace(b.component, sandbox::ComponentSource{b.component, code});
      b.props_json = props.value("props", json::object()).dump();
      return b;
    }
    // A component the pinned version lacks (after a downgrade) renders as the
    // unknown_component placeholder: the page still renders.
    b.component = type;
    json defaults = theme_has_it ? components[type].value("defaultProps", json::object()) : json();
    json merged = merged_props(defaults, props);
    if (theme_has_it) {
      const json fields = components[type].value("fields", json::object());
      for (const auto& [field, spec] : fields.items()) {
        if (!spec.is_object() || spec.value("type", "") != "slot") continue;
        b.zones.push_back({field, true, nested(merged.value(field, json::array()))});
        merged.erase(field);
      }
    }
    const std::string id =
        props.value("id", json()).is_string() ? props["id"].get<std::string>() : "";
    if (!id.empty() && zones.is_object())
      for (const auto& [key, blocks] : zones.items())
        if (key.size() > id.size() + 1 && key.compare(0, id.size() + 1, id + ":") == 0)
          b.zones.push_back({key.substr(id.size() + 1), false, nested(blocks)});
    b.props_json = merged.dump();
    return b;
  }

  // Builds the live site of `workspace_id` at (at least) `revision`. Queries the database.
  Result<std::shared_ptr<const LiveSite>> build_live(const std::string& workspace_id,
                                                     int64_t revision) {
    auto live = std::make_shared<LiveSite>();
    live->workspace_id = workspace_id;
    live->revision = revision;
    auto active = services.customizations.active(workspace_id);
    if (!active.ok()) {
      if (active.error().code != errc::kNotFound) return active.error();
      return std::shared_ptr<const LiveSite>(std::move(live));  // nothing published
    }
    const customize::Customization& c = *active;
    // The customization read may be newer than the revision asked for: key it by what was read.
    live->revision = std::max(revision, c.revision);
    live->published = true;
    VITRINE_ASSIGN(auto workspace, services.workspaces.get(workspace_id));
    live->site_name = workspace.name;
    live->tagline = text_prop(c.settings, "tagline");
    VITRINE_ASSIGN(live->theme, theme_bundle(c));
    const ThemeBundle& theme = *live->theme;
    live->theme_slug = theme.slug;
    live->theme_version = theme.version;
    live->components = theme.components;
    live->root_css = css_variables(theme.variables, c.settings.value("variables", json::object()));
    live->custom_css = c.custom_css;
    live->custom_js = c.custom_js;
    for (const auto& [path, doc] : c.pages.items()) {
      PreparedPage page = prepare_page(path, doc, *live);
      if (page.title.empty()) page.title = live->site_name;
      live->page_paths.push_back(path);
      live->pages.emplace(path, std::move(page));
    }
    for (const char* name : themes::kResourceTemplates) {
      const json* doc = nullptr;
      if (auto it = c.templates.find(name); it != c.templates.end() && it->is_object())
        doc = &*it;
      else if (auto t = theme.templates.find(name); t != theme.templates.end() && t->is_object())
        doc = &*t;
      if (!doc) continue;
      PreparedPage page = prepare_page("", *doc, *live);
      // The theme's default root title describes its home page; a template's title and
      // description come from its own root, else from the resource it shows.
      const json own = doc->value("root", json::object()).value("props", json::object());
      page.title = text_prop(own, "title");
      page.description = text_prop(own, "description");
      live->templates.emplace(name, std::move(page));
    }
    std::sort(live->page_paths.begin(), live->page_paths.end());
    return std::shared_ptr<const LiveSite>(std::move(live));
  }

  // The live site at `revision` from memory, or null.
  std::shared_ptr<const LiveSite> cached_live(const std::string& workspace_id, int64_t revision) {
    std::shared_lock lock(live_mu);
    auto it = live_sites.find(workspace_id);
    if (it == live_sites.end() || it->second->revision < revision) return nullptr;
    return it->second;
  }

  Result<std::shared_ptr<const LiveSite>> live_site(const std::string& workspace_id,
                                                    int64_t revision) {
    if (auto live = cached_live(workspace_id, revision)) return live;
    VITRINE_ASSIGN(auto built, build_live(workspace_id, revision));
    std::unique_lock lock(live_mu);
    auto& slot = live_sites[workspace_id];
    if (!slot || slot->revision <= built->revision) slot = built;
    return built;
  }

  // What per-visitor pages show of the visitor: ctx.cart (the vitrine_cart cookie's cart, with
  // the checkout's methods and the error a form redirected back with) and ctx.account's error.
  void add_visitor_state(const std::string& workspace_id, const Route& route, const Request& req,
                         const std::optional<customers::Customer>& customer, json& resource) {
    const std::string error = req.query_param("error").value_or("");
    resource["user"] = customer ? customers::to_json(*customer) : json(nullptr);
    if (route.page == "cart" || route.page == "checkout") {
      json cart = nullptr;
      if (auto token = req.cookie("vitrine_cart"); token && !token->empty()) {
        auto found = services.carts.get(workspace_id, *token);
        if (found.ok() && found->status == "open")
          cart = services.orders.priced(workspace_id, *found);
      }
      if (!cart.is_null() && !error.empty()) cart["error"] = orders::checkout_error_message(error);
      resource["cart"] = std::move(cart);
    } else if (route.page == "account") {
      json& account = resource["account"];
      if (!error.empty()) account["error"] = customers::account_message(error);
      if (auto message = req.query_param("message"); message && !message->empty())
        account["message"] = customers::account_message(*message);
      if (auto token = req.query_param("token"); token && route.item == "reset")
        account["token"] = *token;
      json list = json::array();
      if (customer) {
        orders::OrderQuery q;
        q.customer_id = customer->id;
        q.page_size = 50;
        if (auto mine = services.orders.list(workspace_id, q); mine.ok())
          for (const auto& o : mine->items)
            list.push_back({{"name", o.name},
                            {"url", "/orders/" + o.token},
                            {"created_at", o.created_at},
                            {"status", o.status},
                            {"total", orders::to_json(o, false)["total"]},
                            {"currency", o.currency}});
      }
      account["orders"] = std::move(list);
    }
  }

  // The signed-in customer of the request's vitrine_customer cookie, if its session is live.
  std::optional<customers::Customer> signed_in(const std::string& workspace_id,
                                               const Request& req) {
    auto token = req.cookie("vitrine_customer");
    if (!token || token->empty()) return std::nullopt;
    auto c = services.customers.authenticate(workspace_id, *token);
    if (!c.ok()) return std::nullopt;
    return std::move(*c);
  }

  // The search results of a search route's ctx.search: {query, results, count, pagination}.
  Status add_search_results(const std::string& workspace_id, const Route& route,
                            const catalog::CatalogSnapshot& data, const Request& req,
                            json& resource) {
    json& search = resource["search"];
    json results = json::array();
    int64_t total = 0;
    auto page = page_number(req.query_param("page")).value_or(1);
    if (!route.item.empty()) {
      VITRINE_ASSIGN(auto found,
                     services.catalog.search_products(workspace_id, route.item, kMaxSearchResults));
      total = static_cast<int64_t>(found.size());
      for (int64_t i = (page - 1) * kListingPageSize; i < std::min(total, page * kListingPageSize);
           ++i)
        if (const json* p = data.product(found[i].slug)) results.push_back(*p);
    }
    search["results"] = std::move(results);
    search["count"] = total;
    search["pagination"] =
        pagination(page, total, "/search", "q=" + percent_encode(route.item)).value_or(json());
    return {};
  }

  // The jobs of the `blocks` the visitor sees, their components added to `job`. A block with
  // zones gets their HTML in its props: each zone's visible blocks are rendered first, in one
  // round trip to the pool per zone, with the page's ctx.
  Result<std::vector<sandbox::BlockJob>> block_jobs(sandbox::RenderWorkerPool& pool,
                                                    sandbox::PageJob& job, const LiveSite& live,
                                                    const std::vector<PreparedBlock>& blocks,
                                                    const Visitor& visitor) {
    std::vector<sandbox::BlockJob> out;
    for (const auto& b : blocks) {
      if (!b.visibility.visible(visitor.device, visitor.user, visitor.now)) continue;
      sandbox::BlockJob block;
      block.component = b.component;
      block.vibe = b.vibe;
      block.props_json = b.props_json;
      if (auto it = live.components.find(b.component); it != live.components.end())
        job.components.emplace(it->first, it->second);
      if (!b.zones.empty()) {
        json props = json::parse(b.props_json, nullptr, false);
        if (!props.is_object()) props = json::object();
        for (const auto& zone : b.zones) {
          VITRINE_ASSIGN(std::vector<sandbox::BlockJob> inner,
                         block_jobs(pool, job, live, zone.blocks, visitor));
          std::string html;
          if (!inner.empty()) {
            sandbox::PageJob sub;
            sub.site_id = job.site_id;
            sub.ctx_json = job.ctx_json;
            sub.data_key = job.data_key;
            sub.data_json = job.data_json;
            sub.components = job.components;
            sub.blocks = std::move(inner);
            VITRINE_ASSIGN(sandbox::RenderedPage rendered, pool.render_page(sub));
            html = rendered.body_html();
          }
          if (zone.slot)
            props[zone.name] = std::move(html);
          else
            props["zones"][zone.name] = std::move(html);
        }
        block.props_json = props.dump();
      }
      out.push_back(std::move(block));
    }
    return out;
  }

  // Renders one page at `path` (what ctx.page.path and the canonical URL say): the visible
  // blocks through the site's pool, inside the document shell. `resource` joins ctx.
  Result<RenderedDocument> render(const hosting::SiteRef& site, const LiveSite& live,
                                  const PreparedPage& page, const std::string& path,
                                  const Route& route, json resource,
                                  const catalog::CatalogSnapshot& data, const Visitor& visitor) {
    VITRINE_ASSIGN(std::shared_ptr<sandbox::RenderWorkerPool> pool, pool_for(site));
    const std::string base_url = site_url(site);
    const std::string page_url = base_url + path;
    std::string title = page.title;
    if (title.empty())
      title = route.title.empty() ? live.site_name : route.title + " — " + live.site_name;
    const std::string& description =
        page.description.empty() ? route.description : page.description;
    sandbox::PageJob job;
    job.site_id = site.site_id;
    json ctx = {{"site",
                 {{"name", live.site_name},
                  {"tagline", live.tagline},
                  {"domain", site.canonical_host},
                  {"url", base_url}}},
                {"page",
                 {{"path", path},
                  {"title", title},
                  {"description", description},
                  {"url", page_url},
                  {"template", route.is_template ? route.page : ""}}},
                {"theme", {{"slug", live.theme_slug}, {"version", live.theme_version}}},
                {"device", customize::device_name(visitor.device)},
                {"userType", customize::user_type_name(visitor.user)}};
    for (auto& [key, value] : resource.items()) ctx[key] = std::move(value);
    // What sharing and search see: the resource's type, image and schema.org description.
    DocumentHead head;
    head.site_name = live.site_name;
    head.noindex = route.per_visitor;
    if (route.page == "product" && ctx.contains("product")) {
      const json& product = ctx["product"];
      head.og_type = "product";
      if (product.value("image", json()).is_string())
        head.image_url = absolute_url(product["image"].get<std::string>(), base_url);
      head.structured_data = product_structured_data(product, base_url);
    } else if (route.page == "post" && ctx.contains("post")) {
      const json& post = ctx["post"];
      head.og_type = "article";
      if (post.value("image", json()).is_string())
        head.image_url = absolute_url(post["image"].get<std::string>(), base_url);
      head.structured_data = post_structured_data(post, base_url, live.site_name);
    }
    job.ctx_json = ctx.dump();
    job.data_key = live.workspace_id + "@" + std::to_string(data.revision);
    job.data_json = data.text;
    VITRINE_ASSIGN(job.blocks, block_jobs(*pool, job, live, page.blocks, visitor));
    if (page.root_props_json) {
      sandbox::BlockJob root;
      root.component = kRootComponent;
      root.props_json = *page.root_props_json;
      job.components.emplace(kRootComponent, live.components.at(kRootComponent));
      job.root = std::move(root);
    }
    VITRINE_ASSIGN(sandbox::RenderedPage rendered, pool->render_page(job));
    RenderedDocument doc;
    doc.blocks = rendered.blocks.size();
    for (const auto& b : rendered.blocks) doc.block_errors += b.ok() ? 0 : 1;
    if (rendered.root && !rendered.root->ok()) ++doc.block_errors;
    head.title = title;
    head.description = description;
    head.canonical_url = page_url;
    head.stylesheets = live.theme->stylesheets;
    head.scripts = live.theme->scripts;
    head.root_css = live.root_css;
    head.custom_css = live.custom_css;
    head.custom_js = live.custom_js;
    doc.html = render_document(head, rendered.body_html());
    return doc;
  }

  std::optional<Response> handle(Request& req);
  Response respond_page(const Request& req, const storefront::Lookup& found,
                        const PreparedPage& page, int status);
};

namespace {

// What the live site can route to.
RouteTargets route_targets(const LiveSite& live) {
  return {[&live](const std::string& path) { return live.pages.contains(path); },
          [&live](std::string_view name) { return live.templates.contains(std::string(name)); }};
}

// The page or template a route names (match_route only names ones the site has).
const PreparedPage& prepared(const LiveSite& live, const Route& route) {
  return route.is_template ? live.templates.at(route.page) : live.pages.at(route.page);
}

// The cache variant: only the request properties the page's rules use, plus what the page
// shows that no content revision covers (catalogue and blog revisions, canonical host).
std::string variant_of(const PreparedPage& page, const Visitor& v, int64_t catalog_revision,
                       int64_t blog_revision, const std::string& canonical_host) {
  std::string out = page.by_device ? customize::device_name(v.device) : "*";
  out += '|';
  out += page.by_user ? customize::user_type_name(v.user) : "*";
  out += '|';
  // One bit per dated block: a date edge passing changes the key, so the page re-renders.
  if (page.by_date)
    for_each_block(page.blocks, [&](const PreparedBlock& b) {
      if (b.visibility.has_dates())
        out += b.visibility.visible(v.device, v.user, v.now) ? '1' : '0';
    });
  out += "|c";
  out += std::to_string(catalog_revision);
  out += "|b";
  out += std::to_string(blog_revision);
  out += '|';
  out += canonical_host;
  return out;
}

// The blog's Atom feed (RFC 4287): the newest 20 posts with their excerpts.
std::string atom_feed(const posts::BlogSnapshot& blog, const std::string& site_name,
                      const std::string& base_url) {
  // The feed changed when any of its posts last did (ISO 8601 text sorts as time).
  std::string updated = "1970-01-01T00:00:00.000Z";
  for (size_t i = 0; i < std::min<size_t>(blog.posts.size(), 20); ++i)
    updated = std::max(updated, blog.posts[i]["updated_at"].get<std::string>());
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>" +
      escape_html(site_name) + "</title>\n  <link href=\"" + escape_html(base_url + "/blog") +
      "\"/>\n  <link rel=\"self\" href=\"" + escape_html(base_url + "/blog/feed.xml") +
      "\"/>\n  <id>" + escape_html(base_url + "/blog") + "</id>\n  <updated>" + updated +
      "</updated>\n";
  for (size_t i = 0; i < std::min<size_t>(blog.posts.size(), 20); ++i) {
    const json& p = blog.posts[i];
    const std::string url = base_url + p["url"].get<std::string>();
    xml += "  <entry>\n    <title>" + escape_html(p["title"].get<std::string>()) +
           "</title>\n    <link href=\"" + escape_html(url) + "\"/>\n    <id>" + escape_html(url) +
           "</id>\n    <published>" + p["published_at"].get<std::string>() +
           "</published>\n    <updated>" + p["updated_at"].get<std::string>() + "</updated>\n";
    if (const std::string author = p["author"]; !author.empty())
      xml += "    <author><name>" + escape_html(author) + "</name></author>\n";
    for (const auto& t : p["tags"])
      xml += "    <category term=\"" + escape_html(t["name"].get<std::string>()) + "\"/>\n";
    xml +=
        "    <summary>" + escape_html(p["excerpt"].get<std::string>()) + "</summary>\n  </entry>\n";
  }
  return xml + "</feed>\n";
}

Visitor visitor_of(const Request& req) {
  Visitor v;
  v.device = customize::device_from_user_agent(req.headers.get("user-agent").value_or(""));
  // A customer session cookie: whether its session is live is checked (on a worker) only for
  // pages whose blocks depend on it.
  if (auto c = req.cookie("vitrine_customer"); c && !c->empty())
    v.user = customize::UserType::kCustomer;
  v.now = std::chrono::system_clock::now();
  return v;
}

}  // namespace

Response Storefront::Impl::respond_page(const Request& req, const storefront::Lookup& found,
                                        const PreparedPage& page, int status) {
  const storefront::CachedPage& p = *found.page;
  Response r;
  r.headers.set("etag", p.etag);
  r.headers.set("cache-control", "public, max-age=0, must-revalidate");
  r.headers.set("x-cache", storefront::outcome_name(found.outcome));
  std::string vary;
  if (page.by_device) vary = "User-Agent";
  if (page.by_user) vary += vary.empty() ? "Cookie" : ", Cookie";
  if (!vary.empty()) r.headers.set("vary", vary);
  if (auto inm = req.headers.get("if-none-match");
      status == 200 && inm && http::etag_matches(*inm, p.etag)) {
    r.status = 304;
    return r;
  }
  r.status = status;
  r.headers.set("content-type", p.content_type);
  r.body = http::Body{p.body, 0, p.body->size()};
  return r;
}

std::optional<Response> Storefront::Impl::handle(Request& req) {
  const std::string_view raw_host = req.headers.get("host").value_or("");
  const auto match = services.hosting.lookup_host(raw_host);
  if (match.kind != hosting::HostKind::kSite) {
    // The platform answers on public_url's host, the base domain itself, IP literals and names
    // without a dot (localhost, the machine's name); any other name is a shop that does not
    // exist (or no longer does). Custom domains always have a dot.
    const std::string host = hosting::normalize_request_host(raw_host);
    if (host.find('.') == std::string::npos || host == public_host ||
        host == services.hosting.base_domain() || ip_literal(host))
      return std::nullopt;
    return error_page(404, "Shop not found", "There is no shop at this address.");
  }
  // Theme assets (images in default props, stylesheets) are served on shop hosts too, and so
  // are the store API and the forms that change a cart (api/store_api.cc).
  if (req.path.starts_with("/cdn/") || req.path.starts_with("/api/store/")) return std::nullopt;
  if (req.method == "POST" &&
      (req.path == "/cart" || req.path == "/checkout" || req.path.starts_with("/account/")))
    return std::nullopt;
  const hosting::SiteRef& site = *match.site;
  if (site.status == "suspended")
    return error_page(503, "Shop unavailable", "This shop is temporarily unavailable.");
  if (site.status != "active") {
    Response r = error_page(503, "Shop opening soon", "This shop is being set up. Try again soon.");
    r.headers.set("retry-after", "30");
    return r;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    Response r = error_page(405, "Method not allowed", "Storefront pages answer GET and HEAD.");
    r.headers.set("allow", "GET, HEAD");
    return r;
  }
  // Admitted once per request: the first call runs on the I/O thread.
  if (!req.on_worker) {
    if (Status admitted = services.hosting.admit(site); !admitted.ok()) {
      Response r = error_page(429, "Too many requests",
                              "This shop is receiving more requests than its plan allows.");
      r.headers.set("retry-after", std::to_string(admitted.error().details.value(
                                       "retry_after_seconds", int64_t{1})));
      return r;
    }
  }
  auto path = page_path(req.path);
  if (!path) return error_page(404, "Page not found", "There is no page at this address.");

  const int64_t revision = services.customizations.cached_revision(site.workspace_id);
  std::shared_ptr<const LiveSite> live = cached_live(site.workspace_id, revision);
  if (!live) {
    if (!req.on_worker) return Response::retry_on_worker();
    auto built = live_site(site.workspace_id, revision);
    if (!built.ok()) {
      spdlog::error("storefront: loading {} failed: {}", site.subdomain, built.error().message);
      return error_page(503, "Shop unavailable", "This shop could not be loaded. Try again soon.");
    }
    live = std::move(*built);
  }
  if (!live->published)
    return error_page(404, "Nothing here yet", "This shop has not published its storefront yet.");

  // The workspace's snapshot from `service` (catalogue, blog): from memory, else read on a
  // worker. A response instead when the request must move to a worker or the read failed.
  auto load_snapshot = [&](auto& service, const char* what, auto& out) -> std::optional<Response> {
    out = service.cached_snapshot(site.workspace_id);
    if (out) return std::nullopt;
    if (!req.on_worker) return Response::retry_on_worker();
    auto loaded = service.shared_snapshot(site.workspace_id);
    if (!loaded.ok()) {
      spdlog::error("storefront: {} of {} failed: {}", what, site.subdomain,
                    loaded.error().message);
      return error_page(503, "Shop unavailable", "This shop could not be loaded. Try again soon.");
    }
    out = std::move(*loaded);
    return std::nullopt;
  };
  std::shared_ptr<const catalog::CatalogSnapshot> data;
  if (auto answer = load_snapshot(services.catalog, "catalogue", data)) return answer;
  std::shared_ptr<const posts::BlogSnapshot> blog;
  if (auto answer = load_snapshot(services.posts, "blog", blog)) return answer;

  const std::string base_url = site_url(site);
  if (*path == "/robots.txt") {
    Response r =
        Response::text(200, "User-agent: *\nAllow: /\nSitemap: " + base_url + "/sitemap.xml\n");
    r.headers.set("cache-control", "public, max-age=300");
    return r;
  }
  if (*path == "/sitemap.xml") {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    auto add = [&](const std::string& p) {
      xml += "  <url><loc>" + escape_html(base_url + p) + "</loc></url>\n";
    };
    for (const auto& p : live->page_paths) add(p);
    // The resource pages the templates serve (cart, search and account are not for indexing).
    if (live->templates.contains("collections") && !live->pages.contains("/collections"))
      add("/collections");
    if (live->templates.contains("collection")) {
      add("/collections/all");
      for (const auto& c : data->data["collections"]) add(c["url"].get<std::string>());
    }
    if (live->templates.contains("product"))
      for (const auto& p : data->data["products"]) add(p["url"].get<std::string>());
    if (live->templates.contains("blog") && !live->pages.contains("/blog")) add("/blog");
    if (live->templates.contains("post"))
      for (const auto& p : blog->posts) add(p["url"].get<std::string>());
    xml += "</urlset>\n";
    Response r = Response::text(200, std::move(xml), "application/xml; charset=utf-8");
    r.headers.set("cache-control", "public, max-age=300");
    return r;
  }
  if (*path == "/blog/feed.xml" && live->templates.contains("post")) {
    Response r = Response::text(200, atom_feed(*blog, live->site_name, base_url),
                                "application/atom+xml; charset=utf-8");
    r.headers.set("cache-control", "public, max-age=300");
    return r;
  }
  const RouteTargets targets = route_targets(*live);
  std::optional<Route> route = match_route(
      *path, [&req](std::string_view name) { return req.query_param(name); }, targets, *data,
      *blog);
  if (!route) route = not_found_route(targets);
  if (!route) return error_page(404, "Page not found", "There is no page at this address.");
  if (!route->redirect.empty()) {
    Response r = Response::text(301, "", "text/plain; charset=utf-8");
    r.headers.set("location", route->redirect);
    r.headers.set("cache-control", "public, max-age=300");
    return r;
  }
  Visitor visitor = visitor_of(req);
  if (route->per_visitor) {
    if (!req.on_worker) return Response::retry_on_worker();
    const auto customer = signed_in(site.workspace_id, req);
    visitor.user = customer ? customize::UserType::kCustomer : customize::UserType::kGuest;
    json resource = route_resource(*route, *data, *blog);
    add_visitor_state(site.workspace_id, *route, req, customer, resource);
    if (route->page == "order") {
      auto order = services.orders.get_by_token(site.workspace_id, route->item);
      if (!order.ok()) {
        if (order.error().code != errc::kNotFound) {
          spdlog::error("storefront: order page on {} failed: {}", site.subdomain,
                        order.error().message);
          return error_page(503, "Shop unavailable", "This page could not be loaded.");
        }
        route = not_found_route(targets);
        if (!route) return error_page(404, "Page not found", "There is no page at this address.");
        resource = json::object();
      } else {
        resource["order"] = orders::to_json(*order);
      }
    }
    const PreparedPage& page = prepared(*live, *route);
    const std::string shown_path = route->status == 404 ? "/404" : *path;
    if (route->page == "search") {
      if (Status st = add_search_results(site.workspace_id, *route, *data, req, resource);
          !st.ok()) {
        spdlog::error("storefront: search on {} failed: {}", site.subdomain, st.error().message);
        return error_page(503, "Shop unavailable", "Search failed. Try again soon.");
      }
    }
    auto doc = render(site, *live, page, shown_path, *route, std::move(resource), *data, visitor);
    if (!doc.ok()) {
      spdlog::error("storefront: rendering {}{} failed: {}", site.subdomain, *path,
                    doc.error().message);
      return error_page(503, "Shop unavailable",
                        "This page could not be rendered. Try again soon.");
    }
    // html_response: no-store, so no shared cache (ours or a CDN's) keeps a visitor's page.
    return html_response(route->status, std::move(doc->html));
  }

  const PreparedPage& page = prepared(*live, *route);
  // A page with customer-only blocks needs to know whether the cookie's session is live.
  if (page.by_user && visitor.user == customize::UserType::kCustomer) {
    if (!req.on_worker) return Response::retry_on_worker();
    if (!signed_in(site.workspace_id, req)) visitor.user = customize::UserType::kGuest;
  }
  // The 404 template renders once for every missing path: it must not show the path.
  const std::string shown_path = route->status == 404 ? "/404" : *path;
  storefront::PageKey key(
      site.site_id, live->revision, route->cache_path,
      variant_of(page, visitor, data->revision, blog->revision, site.canonical_host));
  // Owns everything it uses: a stale entry's refresh runs it later on another thread.
  auto site_ref = match.site;
  auto render_page = [this, site_ref, live, data, blog, visitor, route = *route,
                      shown_path]() -> Result<storefront::PageContent> {
    VITRINE_ASSIGN(RenderedDocument doc,
                   render(*site_ref, *live, prepared(*live, route), shown_path, route,
                          route_resource(route, *data, *blog), *data, visitor));
    return storefront::PageContent{std::move(doc.html), "text/html; charset=utf-8"};
  };
  const auto ttl = std::chrono::duration_cast<storefront::Clock::duration>(options.page_ttl);
  const auto budget = static_cast<uint64_t>(std::max<int64_t>(site.render_cache_bytes, 0));
  if (!req.on_worker) {
    auto found = cache->peek(key, ttl, render_page, budget);
    if (!found) return Response::retry_on_worker();
    return respond_page(req, *found, page, route->status);
  }
  auto found = cache->get_or_render(key, ttl, render_page, budget);
  if (!found.ok()) {
    spdlog::error("storefront: rendering {}{} failed: {}", site.subdomain, *path,
                  found.error().message);
    return error_page(503, "Shop unavailable", "This page could not be rendered. Try again soon.");
  }
  return respond_page(req, *found, page, route->status);
}

Storefront::Storefront(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Storefront::~Storefront() = default;

Result<std::unique_ptr<Storefront>> Storefront::start(const StorefrontServices& services,
                                                      StorefrontOptions options) {
  auto impl = std::make_unique<Impl>(services, std::move(options));
  VITRINE_ASSIGN(impl->shared_pool, sandbox::RenderWorkerPool::start(impl->options.shared_pool));
  storefront::PageCacheOptions cache_options;
  cache_options.budget_bytes = impl->options.cache_bytes;
  cache_options.metrics = impl->options.metrics;
  impl->cache = std::make_unique<storefront::PageCache>(cache_options);
  return std::unique_ptr<Storefront>(new Storefront(std::move(impl)));
}

std::optional<http::Response> Storefront::handle(http::Request& request) {
  return impl_->handle(request);
}

Result<RenderedDocument> Storefront::render_uncached(const std::string& workspace_id,
                                                     const std::string& path,
                                                     const Visitor& visitor) {
  VITRINE_ASSIGN(hosting::Site site, impl_->services.hosting.site_for_workspace(workspace_id));
  auto ref = impl_->services.hosting.lookup_host(site.subdomain + "." +
                                                 impl_->services.hosting.base_domain());
  if (!ref.site) return fail(errc::kNotFound, "site " + site.subdomain + " is not routed yet");
  VITRINE_ASSIGN(int64_t revision, impl_->services.customizations.revision(workspace_id));
  VITRINE_ASSIGN(auto live, impl_->live_site(workspace_id, revision));
  if (!live->published) return fail(errc::kNotFound, "workspace has no published template");
  VITRINE_ASSIGN(auto data, impl_->services.catalog.shared_snapshot(workspace_id));
  VITRINE_ASSIGN(auto blog, impl_->services.posts.shared_snapshot(workspace_id));
  const RouteTargets targets = route_targets(*live);
  auto route = match_route(
      path, [](std::string_view) { return std::optional<std::string>(); }, targets, *data, *blog);
  if (!route || !route->redirect.empty())
    return fail(errc::kNotFound, "no page '" + path + "' in the published template",
                {{"path", path}});
  json resource = route_resource(*route, *data, *blog);
  return impl_->render(*ref.site, *live, prepared(*live, *route), path, *route, std::move(resource),
                       *data, visitor);
}

storefront::PageCacheStats Storefront::cache_stats() const { return impl_->cache->stats(); }

sandbox::RenderPoolStats Storefront::pool_stats() const { return impl_->shared_pool->stats(); }

size_t Storefront::silo_pools() const {
  std::lock_guard lock(impl_->silo_mu);
  return impl_->silo_pools.size();
}

}  // namespace vitrine::storefront
