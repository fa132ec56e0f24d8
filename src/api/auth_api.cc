// /api/auth/... (login, logout, the caller, personal tokens) and /api/users/... (admin only).
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/request_helpers.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json user_json(const auth::User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"tier", u.tier},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at}};
}

json token_info_json(const auth::TokenInfo& t) {
  return {{"id", t.id},
          {"label", t.label},
          {"created_at", t.created_at},
          {"expires_at", t.expires_at.empty() ? json(nullptr) : json(t.expires_at)}};
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

// The calling user. Admin tokens belong to no user, so user-only endpoints refuse them.
Result<auth::Principal> authenticate_user(Services& s, const Request& req) {
  VITRINE_ASSIGN(auth::Principal p, authenticate(s, req));
  if (p.user_id.empty())
    return fail(errc::kForbidden,
                "this endpoint needs a user's token (log in with POST /api/auth/login); admin "
                "tokens belong to no user");
  return p;
}

Result<auth::Principal> require_admin(Services& s, const Request& req) {
  return s.tokens.require_admin(req.headers.get("authorization").value_or(""));
}

}  // namespace

void register_auth_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/auth/login", [&s](Request& req) {
    auto body = json_object_body(req, {"email", "password"});
    if (!body.ok()) return error_response(body.error(), req);
    auto email = required_string(*body, "email");
    if (!email.ok()) return error_response(email.error(), req);
    auto password = required_string(*body, "password");
    if (!password.ok()) return error_response(password.error(), req);
    auto session = s.users.login(*email, *password);
    if (!session.ok()) return error_response(session.error(), req);
    return Response::json(200, {{"token", session->token},
                                {"token_id", session->token_id},
                                {"expires_at", session->expires_at},
                                {"user", user_json(session->user)}});
  });

  router.add("POST", "/api/auth/logout", [&s](Request& req) {
    auto token = auth::bearer_token(req.headers.get("authorization").value_or(""));
    if (!token.ok()) return error_response(token.error(), req);
    auto st = s.users.logout(*token);
    if (!st.ok()) return error_response(st.error(), req);
    return no_content();
  });

  router.add("GET", "/api/auth/me", [&s](Request& req) {
    auto p = authenticate(s, req);
    if (!p.ok()) return error_response(p.error(), req);
    json body = {{"admin", p->admin}, {"token_id", p->token_id}, {"user", nullptr}};
    if (!p->user_id.empty()) {
      auto u = s.users.get(p->user_id);
      if (!u.ok()) return error_response(u.error(), req);
      body["user"] = user_json(*u);
    }
    return Response::json(200, body);
  });

  router.add("POST", "/api/auth/tokens", [&s](Request& req) {
    auto p = authenticate_user(s, req);
    if (!p.ok()) return error_response(p.error(), req);
    auto body = json_object_body(req, {"label"});
    if (!body.ok()) return error_response(body.error(), req);
    auto label = required_string(*body, "label");
    if (!label.ok()) return error_response(label.error(), req);
    auto t = s.users.create_personal_token(p->user_id, *label);
    if (!t.ok()) return error_response(t.error(), req);
    return Response::json(201, {{"id", t->id}, {"token", t->token}, {"label", t->label}});
  });

  router.add("GET", "/api/auth/tokens", [&s](Request& req) {
    auto p = authenticate_user(s, req);
    if (!p.ok()) return error_response(p.error(), req);
    auto tokens = s.users.list_personal_tokens(p->user_id);
    if (!tokens.ok()) return error_response(tokens.error(), req);
    json items = json::array();
    for (const auto& t : *tokens) items.push_back(token_info_json(t));
    return Response::json(200, {{"items", items}});
  });

  router.add("DELETE", "/api/auth/tokens/{id}", [&s](Request& req) {
    auto p = authenticate_user(s, req);
    if (!p.ok()) return error_response(p.error(), req);
    auto st = s.users.revoke_personal_token(p->user_id, req.params.at("id"));
    if (!st.ok()) return error_response(st.error(), req);
    return no_content();
  });

  router.add("POST", "/api/users", [&s](Request& req) {
    auto admin = require_admin(s, req);
    if (!admin.ok()) return error_response(admin.error(), req);
    auto body = json_object_body(req, {"email", "password", "tier"});
    if (!body.ok()) return error_response(body.error(), req);
    auto email = required_string(*body, "email");
    if (!email.ok()) return error_response(email.error(), req);
    auto password = required_string(*body, "password");
    if (!password.ok()) return error_response(password.error(), req);
    auto tier = optional_string(*body, "tier");
    if (!tier.ok()) return error_response(tier.error(), req);
    auto u = s.users.create_user(*email, *password, tier->value_or("basic"));
    if (!u.ok()) return error_response(u.error(), req);
    return Response::json(201, user_json(*u));
  });

  router.add("GET", "/api/users/{id}", [&s](Request& req) {
    auto admin = require_admin(s, req);
    if (!admin.ok()) return error_response(admin.error(), req);
    auto u = s.users.get(req.params.at("id"));
    if (!u.ok()) return error_response(u.error(), req);
    return Response::json(200, user_json(*u));
  });

  router.add("PATCH", "/api/users/{id}", [&s](Request& req) {
    auto admin = require_admin(s, req);
    if (!admin.ok()) return error_response(admin.error(), req);
    auto body = json_object_body(req, {"tier"});
    if (!body.ok()) return error_response(body.error(), req);
    auto tier = required_string(*body, "tier");
    if (!tier.ok()) return error_response(tier.error(), req);
    auto u = s.users.set_tier(req.params.at("id"), *tier);
    if (!u.ok()) return error_response(u.error(), req);
    // Hosting migrates the user's sites before we answer; a failed delivery stays in the
    // outbox and the background dispatcher retries it.
    if (auto d = s.events.dispatch_pending(); !d.ok())
      spdlog::warn("tier change of user {}: event delivery failed, will retry: {}", u->id,
                   d.error().message);
    return Response::json(200, user_json(*u));
  });
}

}  // namespace vitrine::api
