// /api/cms/{workspace_id}/media: the shop's media library (media/media_library.h), and
// /cdn/media/{workspace}/{sha256}/{name}: its files, public and immutable. An upload is the raw
// image as the request body with its Content-Type; ?file_name= and ?alt= describe it.
#include "api/api.h"
#include "api/request_helpers.h"
#include "hosting/plans.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The workspace's media storage under its plan; a shop without a provisioned site yet gets the
// basic plan's.
Result<int64_t> media_quota(Services& s, const std::string& workspace_id) {
  auto site = s.hosting.site_for_workspace(workspace_id);
  if (site.ok()) return site->environment.media_bytes;
  if (site.error().code != errc::kNotFound) return site.error();
  VITRINE_ASSIGN(auto basic, hosting::plan_for_tier("basic"));
  return basic.media_bytes;
}

json usage_json(const media::Usage& u) {
  return {{"used_bytes", u.used_bytes}, {"quota_bytes", u.quota_bytes}, {"files", u.files}};
}

}  // namespace

void register_media_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/cms/{id}/media", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto quota, media_quota(s, ws.id));
    media::Upload upload;
    upload.bytes = std::move(req.body);
    upload.content_type = std::string(req.headers.get("content-type").value_or(""));
    upload.file_name = req.query_param("file_name").value_or("");
    upload.alt = req.query_param("alt").value_or("");
    VITRINE_ASSIGN(auto result, s.media.upload(ws.id, std::move(upload), quota));
    return Response::json(result.created ? 201 : 200, media::to_json(result.file));
  });

  router.add("GET", "/api/cms/{id}/media", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto page, int_param(req, "page", 1, 1, 1'000'000));
    VITRINE_ASSIGN(auto page_size, int_param(req, "page_size", 20, 1, 100));
    VITRINE_ASSIGN(auto files,
                   s.media.list(ws.id, static_cast<int>(page), static_cast<int>(page_size)));
    VITRINE_ASSIGN(auto quota, media_quota(s, ws.id));
    VITRINE_ASSIGN(auto usage, s.media.usage(ws.id, quota));
    json items = json::array();
    for (const auto& f : files.items) items.push_back(media::to_json(f));
    json j = page_json(std::move(items), files.page, files.page_size, files.total);
    j["usage"] = usage_json(usage);
    return Response::json(200, j);
  });

  router.add("GET", "/api/cms/{id}/media/{media}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto f, s.media.get(ws.id, req.params.at("media")));
    return Response::json(200, media::to_json(f));
  });

  router.add("PATCH", "/api/cms/{id}/media/{media}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"alt"}));
    VITRINE_ASSIGN(auto alt, optional_string(body, "alt"));
    if (!alt) return fail(errc::kInvalidArgument, "/alt: is required (\"\" clears it)");
    VITRINE_ASSIGN(auto f, s.media.set_alt(ws.id, req.params.at("media"), *alt));
    return Response::json(200, media::to_json(f));
  });

  router.add("DELETE", "/api/cms/{id}/media/{media}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_TRY(s.media.remove(ws.id, req.params.at("media")));
    return no_content();
  });

  router.add("GET", "/cdn/media/{workspace}/{sha}/{name}", [&s](Request& req) -> Result<Response> {
    const std::string& name = req.params.at("name");
    VITRINE_ASSIGN(auto bytes,
                   s.media.read(req.params.at("workspace"), req.params.at("sha"), name));
    const std::string etag = "\"" + req.params.at("sha").substr(0, 16) + "-" + name + "\"";
    Response r;
    r.headers.set("etag", etag);
    r.headers.set("cache-control", "public, max-age=31536000, immutable");
    r.headers.set("x-content-type-options", "nosniff");
    if (auto inm = req.headers.get("if-none-match"); inm && http::etag_matches(*inm, etag)) {
      r.status = 304;
      return r;
    }
    r.headers.set("content-type", media::content_type_for(name));
    r.body = http::Body::of(std::move(bytes));
    return r;
  });
}

}  // namespace vitrine::api
