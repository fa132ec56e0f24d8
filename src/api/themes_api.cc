#include <charconv>
#include <mutex>

#include "api/api.h"
#include "core/text.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response error(const Error& e, const Request& req) { return Response::error(e, req.request_id); }

Result<int> int_param(const Request& req, const char* name, int def, int lo, int hi) {
  auto v = req.query_param(name);
  if (!v) return def;
  int out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < lo || out > hi)
    return fail(errc::kInvalidArgument,
                std::string("query parameter '") + name + "' must be an integer from " +
                    std::to_string(lo) + " to " + std::to_string(hi),
                {{"parameter", name}, {"value", *v}});
  return out;
}

Result<std::optional<std::string>> enum_param(const Request& req, const char* name,
                                              std::initializer_list<const char*> allowed) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::string>();
  std::string list;
  for (const char* a : allowed) {
    if (*v == a) return std::optional<std::string>(*v);
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return fail(errc::kInvalidArgument,
              std::string("query parameter '") + name + "' must be one of " + list,
              {{"parameter", name}, {"value", *v}});
}

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
  int64_t pages = (page.total + page.page_size - 1) / page.page_size;
  return {{"items", items},
          {"page", page.page},
          {"page_size", page.page_size},
          {"total", page.total},
          {"total_pages", pages}};
}

}  // namespace

void register_theme_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/themes", [&s](Request& req) {
    auto q = list_query(req);
    if (!q.ok()) return error(q.error(), req);
    auto page = s.registry.list(*q);
    if (!page.ok()) return error(page.error(), req);
    return Response::json(200, page_json(s, *page));
  });

  router.add("GET", "/api/themes/search", [&s](Request& req) {
    auto text = req.query_param("q");
    if (!text || text->find_first_not_of(" \t") == std::string::npos)
      return error(make_error(errc::kInvalidArgument, "query parameter 'q' is required",
                              {{"parameter", "q"}}),
                   req);
    auto q = list_query(req);
    if (!q.ok()) return error(q.error(), req);
    auto page = s.registry.search(*text, *q);
    if (!page.ok()) return error(page.error(), req);
    json body = page_json(s, *page);
    body["q"] = *text;
    return Response::json(200, body);
  });

  router.add("GET", "/api/themes/sync/status", [&s](Request& req) {
    auto admin = s.tokens.require_admin(req.headers.get("authorization").value_or(""));
    if (!admin.ok()) return error(admin.error(), req);
    auto results = s.registry.sync_results();
    if (!results.ok()) return error(results.error(), req);
    json items = json::array();
    for (const auto& r : *results)
      items.push_back({{"slug", r.slug},
                       {"version", r.version},
                       {"state", r.state},
                       {"content_hash", r.content_hash},
                       {"problems", r.problems},
                       {"at", r.at}});
    return Response::json(200, {{"results", items}});
  });

  router.add("POST", "/api/themes/sync", [&s](Request& req) {
    auto admin = s.tokens.require_admin(req.headers.get("authorization").value_or(""));
    if (!admin.ok()) return error(admin.error(), req);
    std::optional<std::string> slug;
    if (req.body.find_first_not_of(" \t\r\n") != std::string::npos) {
      auto body = parse_json(req.body);
      if (!body.ok()) {
        Error e = body.error();
        e.message = "request body: " + e.message;
        return error(e, req);
      }
      if (!body->is_object())
        return error(make_error(errc::kInvalidArgument, "request body must be a JSON object"), req);
      for (const auto& [key, value] : body->items()) {
        if (key != "slug")
          return error(make_error(errc::kInvalidArgument, "unknown field '/" + key + "'",
                                  {{"pointer", "/" + json_pointer_token(key)}}),
                       req);
        if (!value.is_string())
          return error(
              make_error(errc::kInvalidArgument, "/slug: must be a string", {{"pointer", "/slug"}}),
              req);
        slug = value.get<std::string>();
      }
    }
    auto report = s.sync.sync(slug);
    if (!report.ok()) return error(report.error(), req);
    (void)s.cdn.refresh();
    return Response::json(200, report->to_json());
  });

  router.add("GET", "/api/themes/{id}", [&s](Request& req) {
    auto d = s.registry.get(req.params["id"]);
    if (!d.ok()) return error(d.error(), req);
    json j = theme_summary(s, d->theme);
    j["metadata"] = d->theme.metadata;
    j["puck_config"] = d->puck_config;
    json versions = json::array();
    for (const auto& v : d->versions) versions.push_back(version_json(s, v));
    j["versions"] = versions;
    return Response::json(200, j);
  });
}

}  // namespace vitrine::api
