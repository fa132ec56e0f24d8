// POST /api/themes/push (the push pipeline), a theme's drafts, their signed preview URLs and
// /cdn/drafts/... which serves draft files to holders of such a URL.
#include <charconv>
#include <chrono>

#include "api/api.h"
#include "api/request_helpers.h"
#include "core/clock.h"
#include "core/text.h"
#include "theme_push/signed_url.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<theme_push::Pusher> pusher(Services& s, const Request& req) {
  VITRINE_ASSIGN(auth::Principal p, authenticate(s, req));
  return theme_push::Pusher{p.user_id, p.admin};
}

Result<bool> draft_flag(const Request& req) {
  auto v = req.query_param("draft");
  if (!v || *v == "false" || *v == "0") return false;
  if (v->empty() || *v == "true" || *v == "1") return true;
  return fail(errc::kInvalidArgument, "query parameter 'draft' must be true or false",
              {{"parameter", "draft"}, {"value", *v}});
}

Result<int64_t> ttl_param(const Request& req) {
  auto v = req.query_param("ttl_seconds");
  if (!v) return theme_push::kDefaultDraftUrlSeconds;
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 1 ||
      out > theme_push::kMaxDraftUrlSeconds)
    return fail(errc::kInvalidArgument,
                "query parameter 'ttl_seconds' must be an integer from 1 to " +
                    std::to_string(theme_push::kMaxDraftUrlSeconds),
                {{"parameter", "ttl_seconds"}, {"value", *v}});
  return out;
}

json draft_json(const theme_push::DraftRecord& d) {
  return {{"slug", d.slug},   {"version", d.version}, {"content_hash", d.content_hash},
          {"files", d.files}, {"bytes", d.bytes},     {"created_at", d.created_at}};
}

}  // namespace

void register_theme_push_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/themes/push", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto who, pusher(s, req));
    VITRINE_ASSIGN(auto draft, draft_flag(req));
    const std::string type = ascii_lower(req.headers.get("content-type").value_or(""));
    if (!type.starts_with("application/gzip") && !type.starts_with("application/x-gzip"))
      return fail(
          errc::kInvalidArgument,
          "send the theme as a gzip-compressed tar with Content-Type: application/gzip (got '" +
              type + "')",
          {{"content_type", type}});
    VITRINE_ASSIGN(auto out, s.theme_push.push(req.body, who, theme_push::PushOptions{draft}));
    return Response::json(201, out.to_json());
  });

  router.add("GET", "/api/themes/{id}/drafts", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto who, pusher(s, req));
    std::string slug = req.params["id"];
    if (auto t = s.registry.get(slug); t.ok()) slug = t->theme.slug;
    VITRINE_ASSIGN(auto list, s.theme_push.drafts(slug, who));
    json items = json::array();
    for (const auto& d : list) items.push_back(draft_json(d));
    return Response::json(200, {{"items", items}});
  });

  router.add(
      "GET", "/api/themes/{id}/drafts/{version}/url", [&s](Request& req) -> Result<Response> {
        VITRINE_ASSIGN(auto who, pusher(s, req));
        VITRINE_ASSIGN(auto ttl, ttl_param(req));
        VITRINE_ASSIGN(auto d, s.theme_push.draft(req.params["id"], req.params["version"], who));
        VITRINE_ASSIGN(auto secret, s.theme_push.draft_url_secret());
        VITRINE_ASSIGN(auto files, s.theme_push.draft_files(d.slug, d.version));
        const int64_t expires = unix_seconds_now() + ttl;
        const std::string query = theme_push::sign_draft_query(secret, d.slug, d.version, expires);
        const std::string base = s.public_url + theme_push::draft_cdn_base(d.slug, d.version);
        json file_urls = json::object();
        for (const auto& f : files) file_urls[f] = base + f + "?" + query;
        const std::string entry = "theme-metadata.json";
        return Response::json(200, {{"url", base + entry + "?" + query},
                                    {"base", base},
                                    {"query", query},
                                    {"expires_at", to_iso8601(std::chrono::system_clock::time_point(
                                                       std::chrono::seconds(expires)))},
                                    {"files", file_urls}});
      });

  router.add(
      "POST", "/api/themes/{id}/drafts/{version}/publish", [&s](Request& req) -> Result<Response> {
        VITRINE_ASSIGN(auto who, pusher(s, req));
        VITRINE_ASSIGN(auto out,
                       s.theme_push.publish_draft(req.params["id"], req.params["version"], who));
        return Response::json(200, out.to_json());
      });

  router.add(
      "GET", "/cdn/drafts/{slug}/{version}/{path...}", [&s](Request& req) -> Result<Response> {
        const std::string& slug = req.params["slug"];
        const std::string& version = req.params["version"];
        VITRINE_ASSIGN(auto secret, s.theme_push.draft_url_secret());
        VITRINE_TRY(theme_push::verify_draft_query(
            secret, slug, version, req.query_param("expires").value_or(""),
            req.query_param("sig").value_or(""), unix_seconds_now()));
        VITRINE_ASSIGN(auto file, s.theme_push.draft_file(slug, version, req.params["path"]));
        // Read piecewise while sent, like a large published asset: drafts are as large, uncached.
        themes::Asset asset;
        asset.stream_key = file.key;
        asset.size = file.size;
        Response r;
        r.headers.set("content-type", file.content_type);
        r.stream = http::StreamBody{asset_stream(s.cdn, std::move(asset)), 0, file.size};
        // Private and short-lived: no shared cache may keep a draft.
        r.headers.set("cache-control", "private, no-store");
        return r;
      });
}

}  // namespace vitrine::api
