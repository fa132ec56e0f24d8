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
  router.add("PUT", "/api/themes/{slug}/repository", [&s](Request& req) {
    auto who = pusher(s, req);
    if (!who.ok()) return error_response(who.error(), req);
    auto body = json_object_body(req, {"repo"});
    if (!body.ok()) return error_response(body.error(), req);
    auto repo = required_string(*body, "repo");
    if (!repo.ok()) return error_response(repo.error(), req);
    auto link = s.github.link(req.params.at("slug"), *repo, *who);
    if (!link.ok()) return error_response(link.error(), req);
    return Response::json(200, link->to_json());
  });

  router.add("GET", "/api/themes/{slug}/repository", [&s](Request& req) {
    auto who = pusher(s, req);
    if (!who.ok()) return error_response(who.error(), req);
    auto link = s.github.repository(req.params.at("slug"));
    if (!link.ok()) return error_response(link.error(), req);
    return Response::json(200, link->to_json());
  });

  router.add("DELETE", "/api/themes/{slug}/repository", [&s](Request& req) {
    auto who = pusher(s, req);
    if (!who.ok()) return error_response(who.error(), req);
    auto st = s.github.unlink(req.params.at("slug"), *who);
    if (!st.ok()) return error_response(st.error(), req);
    Response r;
    r.status = 204;
    return r;
  });

  router.add("POST", "/api/webhooks/github", [&s](Request& req) {
    github::WebhookRequest w{
        .event = header(req, "x-github-event"),
        .delivery_id = header(req, "x-github-delivery"),
        .signature = header(req, "x-hub-signature-256"),
        .content_type = header(req, "content-type").value_or(""),
        .body = req.body,
    };
    auto outcome = s.github.receive(w);
    if (!outcome.ok()) return error_response(outcome.error(), req);
    return Response::json(outcome->http_status, outcome->to_json());
  });

  router.add("GET", "/api/webhooks/github/deliveries", [&s](Request& req) {
    auto admin = s.tokens.require_admin(req.headers.get("authorization").value_or(""));
    if (!admin.ok()) return error_response(admin.error(), req);
    auto list = s.github.deliveries(50);
    if (!list.ok()) return error_response(list.error(), req);
    json items = json::array();
    for (const auto& d : *list) items.push_back(d.to_json());
    return Response::json(200, {{"deliveries", items}});
  });
}

}  // namespace vitrine::api
