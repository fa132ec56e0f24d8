// /api/workspaces/...: create, list and read workspaces, and add members. Every route that
// names a workspace goes through WorkspaceService::authorize, so other tenants get 404.
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/request_helpers.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The workspace as the API shows it; `domain` is the storefront host from hosting (null until
// hosting has created the site).
Result<json> workspace_json(Services& s, const workspaces::Workspace& w) {
  VITRINE_ASSIGN(std::optional<std::string> domain, s.hosting.storefront_domain(w.id));
  return json{{"id", w.id},
              {"name", w.name},
              {"slug", w.slug},
              {"type", w.type},
              {"status", w.status},
              {"domain", domain ? json(*domain) : json(nullptr)},
              {"owner_id", w.owner_id},
              {"tier", w.tier},
              {"member_count", w.member_count},
              {"created_at", w.created_at},
              {"updated_at", w.updated_at}};
}

json member_json(const workspaces::Member& m) {
  return {{"workspace_id", m.workspace_id},
          {"user_id", m.user_id},
          {"email", m.email},
          {"role", m.role},
          {"created_at", m.created_at}};
}

}  // namespace

void register_workspace_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/workspaces", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto p, authenticate(s, req));
    if (p.user_id.empty())
      return fail(errc::kForbidden,
                  "workspaces belong to users: create them with a user's token (POST "
                  "/api/auth/login), not an admin token");
    VITRINE_ASSIGN(auto body, json_object_body(req, {"name", "type"}));
    VITRINE_ASSIGN(auto name, required_string(body, "name"));
    VITRINE_ASSIGN(auto type, optional_string(body, "type"));
    VITRINE_ASSIGN(auto w, s.workspaces.create(p.user_id, name, type.value_or("store")));
    // Hosting creates the site on workspace.created; deliver now so the answer (and the next
    // request) sees it. A failed delivery stays in the outbox and is retried in the background.
    if (auto d = s.events.dispatch_pending(); !d.ok())
      spdlog::warn("workspace {} created; event delivery failed, will retry: {}", w.id,
                   d.error().message);
    VITRINE_ASSIGN(auto created, workspace_json(s, w));
    return Response::json(201, created);
  });

  router.add("GET", "/api/workspaces", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto p, authenticate(s, req));
    VITRINE_ASSIGN(auto list, s.workspaces.list_for(p));
    json items = json::array();
    for (const auto& w : list) {
      VITRINE_ASSIGN(auto item, workspace_json(s, w));
      items.push_back(std::move(item));
    }
    return Response::json(200, {{"items", items}});
  });

  router.add("GET", "/api/workspaces/{id}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, workspace_json(s, w));
    return Response::json(200, body);
  });

  router.add("GET", "/api/workspaces/{id}/members", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto members, s.workspaces.members(w.id));
    json items = json::array();
    for (const auto& m : members) items.push_back(member_json(m));
    return Response::json(200, {{"items", items}});
  });

  router.add("POST", "/api/workspaces/{id}/members", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req, Access::kOwner));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"email"}));
    VITRINE_ASSIGN(auto email, required_string(body, "email"));
    VITRINE_ASSIGN(auto m, s.workspaces.add_member(w.id, email));
    return Response::json(201, member_json(m));
  });
}

}  // namespace vitrine::api
