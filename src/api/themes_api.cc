#include <mutex>

#include "api/api.h"
#include "api/request_helpers.h"
#include "core/text.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<themes::ListQuery> list_query(const Request& req) {
  themes::ListQuery q;
  VITRINE_ASSIGN(q.page, int_param(req, "page", 1, 1, 1'000'000));
  VITRINE_ASSIGN(q.page_size, int_param(req, "page_size", 20, 1, 100));
  VITRINE_ASSIGN(q.template_type,
                 enum_param(req, "template_type", {"ecommerce", "restaurant", "blog", "services"}));
  VITRINE_ASSIGN(q.price_tier, enum_param(req, "price_tier", {"free", "paid", "exclusive"}));
  VITRINE_ASSIGN(q.status, enum_param(req, "status", {"draft", "published", "archived"}));
  VITRINE_ASSIGN(auto sort, enum_param(req, "sort",
                                       {"name", "-name", "created_at", "-created_at", "updated_at",
                                        "-updated_at"}));
  if (sort) q.sort = *sort;
  if (auto tag = req.query_param("tag"); tag && !tag->empty()) q.tag = *tag;
  return q;
}

std::string absolute(const Services& s, const std::string& path) { return s.public_url + path; }

json theme_summary(const Services& s, const themes::ThemeRecord& t) {
  json j = {{"id", t.id},
            {"slug", t.slug},
            {"name", t.name},
            {"description", t.description},
            {"template_type", t.template_type},
            {"price_tier", t.price_tier},
            {"price_amount", t.price_amount},
            {"status", t.status},
            {"source", t.source},
            {"latest_version", t.latest_version},
            {"author", t.author},
            {"license", t.license},
            {"tags", t.tags},
            {"cdn_base_url", absolute(s, themes::cdn_base_path(t.slug, t.latest_version))},
            {"thumbnail_url", nullptr},
            {"created_at", t.created_at},
            {"updated_at", t.updated_at}};
  // Pushed themes carry scaled previews made by the pipeline ("previews"); synced ones only the
  // author's own images ("preview_images").
  const std::string base = themes::cdn_base_path(t.slug, t.latest_version);
  for (const char* key : {"preview_images", "previews"}) {
    const json& previews = t.metadata.value(key, json());
    if (!previews.is_object()) continue;
    if (previews.value("thumbnail", json()).is_string())
      j["thumbnail_url"] = absolute(s, base + previews["thumbnail"].get<std::string>());
    if (previews.value("full_preview", json()).is_string())
      j["preview_url"] = absolute(s, base + previews["full_preview"].get<std::string>());
  }
  return j;
}

json version_json(const Services& s, const themes::VersionRecord& v) {
  json stylesheets = json::array(), scripts = json::array();
  for (const auto& p : v.cdn_paths.value("stylesheets", json::array()))
    stylesheets.push_back(absolute(s, p.get<std::string>()));
  for (const auto& p : v.cdn_paths.value("scripts", json::array()))
    scripts.push_back(absolute(s, p.get<std::string>()));
  return {{"id", v.id},
          {"version", v.version},
          {"changelog", v.changelog},
          {"created_at", v.created_at},
          {"content_hash", v.content_hash},
          {"cdn_base_url", absolute(s, themes::cdn_base_path(v.slug, v.version))},
          {"stylesheets", stylesheets},
          {"scripts", scripts},
          {"file_count", v.file_count},
          {"total_bytes", v.total_bytes},
          {"is_latest", v.is_latest}};
}

json page_json(const Services& s, const themes::ListPage& page) {
  json items = json::array();
  for (const auto& t : page.items) items.push_back(theme_summary(s, t));
  return api::page_json(std::move(items), page.page, page.page_size, page.total);
}

}  // namespace

void register_theme_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/themes", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto q, list_query(req));
    VITRINE_ASSIGN(auto page, s.registry.list(q));
    return Response::json(200, page_json(s, page));
  });

  router.add("GET", "/api/themes/search", [&s](Request& req) -> Result<Response> {
    auto text = req.query_param("q");
    if (!text || text->find_first_not_of(" \t") == std::string::npos)
      return fail(errc::kInvalidArgument, "query parameter 'q' is required", {{"parameter", "q"}});
    VITRINE_ASSIGN(auto q, list_query(req));
    VITRINE_ASSIGN(auto page, s.registry.search(*text, q));
    json body = page_json(s, page);
    body["q"] = *text;
    return Response::json(200, body);
  });

  router.add("GET", "/api/themes/sync/status", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(s.tokens.require_admin(req.headers.get("authorization").value_or("")));
    VITRINE_ASSIGN(auto results, s.registry.sync_results());
    json items = json::array();
    for (const auto& r : results)
      items.push_back({{"slug", r.slug},
                       {"version", r.version},
                       {"state", r.state},
                       {"content_hash", r.content_hash},
                       {"problems", r.problems},
                       {"at", r.at}});
    return Response::json(200, {{"results", items}});
  });

  router.add("POST", "/api/themes/sync", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(s.tokens.require_admin(req.headers.get("authorization").value_or("")));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"slug"}, /*empty_ok=*/true));
    VITRINE_ASSIGN(auto slug, optional_string(body, "slug"));
    VITRINE_ASSIGN(auto report, s.sync.sync(slug));
    (void)s.cdn.refresh();
    return Response::json(200, report.to_json());
  });

  router.add("GET", "/api/themes/{id}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto d, s.registry.get(req.params["id"]));
    json j = theme_summary(s, d.theme);
    j["metadata"] = d.theme.metadata;
    j["puck_config"] = d.puck_config;
    json versions = json::array();
    for (const auto& v : d.versions) versions.push_back(version_json(s, v));
    j["versions"] = versions;
    return Response::json(200, j);
  });
}

}  // namespace vitrine::api
