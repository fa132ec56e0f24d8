// GitHub routes: a theme's repository link (admins and the theme's author), the webhook GitHub
// calls (no bearer token: the body's HMAC signature authenticates it) and the delivery log.
#include "api/api.h"
#include "api/request_helpers.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::optional<std::string> header(const Request& req, std::string_view name) {
  auto v = req.headers.get(name);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

Result<theme_push::Pusher> pusher(Services& s, const Request& req) {
  VITRINE_ASSIGN(auth::Principal p, authenticate(s, req));
  return theme_push::Pusher{p.user_id, p.admin};
}

}  // namespace

void register_github_routes(http::Router& router, Services& s) {
  router.add("PUT", "/api/themes/{slug}/repository", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto who, pusher(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"repo"}));
    VITRINE_ASSIGN(auto repo, required_string(body, "repo"));
    VITRINE_ASSIGN(auto link, s.github.link(req.params.at("slug"), repo, who));
    return Response::json(200, link.to_json());
  });

  router.add("GET", "/api/themes/{slug}/repository", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(pusher(s, req));
    VITRINE_ASSIGN(auto link, s.github.repository(req.params.at("slug")));
    return Response::json(200, link.to_json());
  });

  router.add("DELETE", "/api/themes/{slug}/repository", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto who, pusher(s, req));
    VITRINE_TRY(s.github.unlink(req.params.at("slug"), who));
    Response r;
    r.status = 204;
    return r;
  });

  router.add("POST", "/api/webhooks/github", [&s](Request& req) -> Result<Response> {
    github::WebhookRequest w{
        .event = header(req, "x-github-event"),
        .delivery_id = header(req, "x-github-delivery"),
        .signature = header(req, "x-hub-signature-256"),
        .content_type = header(req, "content-type").value_or(""),
        .body = req.body,
    };
    VITRINE_ASSIGN(auto outcome, s.github.receive(w));
    return Response::json(outcome.http_status, outcome.to_json());
  });

  router.add("GET", "/api/webhooks/github/deliveries", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(s.tokens.require_admin(req.headers.get("authorization").value_or("")));
    VITRINE_ASSIGN(auto list, s.github.deliveries(50));
    json items = json::array();
    for (const auto& d : list) items.push_back(d.to_json());
    return Response::json(200, {{"deliveries", items}});
  });
}

}  // namespace vitrine::api
