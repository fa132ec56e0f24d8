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
  router.add("POST", "/api/auth/login", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto body, json_object_body(req, {"email", "password"}));
    VITRINE_ASSIGN(auto email, required_string(body, "email"));
    VITRINE_ASSIGN(auto password, required_string(body, "password"));
    VITRINE_ASSIGN(auto session, s.users.login(email, password));
    return Response::json(200, {{"token", session.token},
                                {"token_id", session.token_id},
                                {"expires_at", session.expires_at},
                                {"user", user_json(session.user)}});
  });

  router.add("POST", "/api/auth/logout", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto token, auth::bearer_token(req.headers.get("authorization").value_or("")));
    VITRINE_TRY(s.users.logout(token));
    return no_content();
  });

  router.add("GET", "/api/auth/me", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto p, authenticate(s, req));
    json body = {{"admin", p.admin}, {"token_id", p.token_id}, {"user", nullptr}};
    if (!p.user_id.empty()) {
      VITRINE_ASSIGN(auto u, s.users.get(p.user_id));
      body["user"] = user_json(u);
    }
    return Response::json(200, body);
  });

  router.add("POST", "/api/auth/tokens", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto p, authenticate_user(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"label"}));
    VITRINE_ASSIGN(auto label, required_string(body, "label"));
    VITRINE_ASSIGN(auto t, s.users.create_personal_token(p.user_id, label));
    return Response::json(201, {{"id", t.id}, {"token", t.token}, {"label", t.label}});
  });

  router.add("GET", "/api/auth/tokens", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto p, authenticate_user(s, req));
    VITRINE_ASSIGN(auto tokens, s.users.list_personal_tokens(p.user_id));
    json items = json::array();
    for (const auto& t : tokens) items.push_back(token_info_json(t));
    return Response::json(200, {{"items", items}});
  });

  router.add("DELETE", "/api/auth/tokens/{id}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto p, authenticate_user(s, req));
    VITRINE_TRY(s.users.revoke_personal_token(p.user_id, req.params.at("id")));
    return no_content();
  });

  router.add("POST", "/api/users", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(require_admin(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"email", "password", "tier"}));
    VITRINE_ASSIGN(auto email, required_string(body, "email"));
    VITRINE_ASSIGN(auto password, required_string(body, "password"));
    VITRINE_ASSIGN(auto tier, optional_string(body, "tier"));
    VITRINE_ASSIGN(auto u, s.users.create_user(email, password, tier.value_or("basic")));
    return Response::json(201, user_json(u));
  });

  router.add("GET", "/api/users/{id}", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(require_admin(s, req));
    VITRINE_ASSIGN(auto u, s.users.get(req.params.at("id")));
    return Response::json(200, user_json(u));
  });

  router.add("PATCH", "/api/users/{id}", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(require_admin(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"tier"}));
    VITRINE_ASSIGN(auto tier, required_string(body, "tier"));
    VITRINE_ASSIGN(auto u, s.users.set_tier(req.params.at("id"), tier));
    // Hosting migrates the user's sites before we answer; a failed delivery stays in the
    // outbox and the background dispatcher retries it.
    if (auto d = s.events.dispatch_pending(); !d.ok())
      spdlog::warn("tier change of user {}: event delivery failed, will retry: {}", u.id,
                   d.error().message);
    return Response::json(200, user_json(u));
  });
}

}  // namespace vitrine::api
