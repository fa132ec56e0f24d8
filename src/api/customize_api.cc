// Customization routes: use a theme in a workspace, edit, publish, roll back, upgrade, promote,
// and the public Puck data of a storefront host. Workspace routes authorize on the path's
// workspace; /api/customizations/{id}/... load the customization and authorize on its workspace,
// answering 404 to non-members exactly as for an unknown id.
#include "api/api.h"
#include "api/request_helpers.h"
#include "customize/customizations.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json update_available_json(const std::optional<customize::UpdateAvailable>& u) {
  if (!u) return nullptr;
  return {{"version", u->version}, {"changelog", u->changelog}};
}

// A customization with update_available, as GET /template and `use` answer.
Result<json> customization_with_updates(Services& s, const customize::Customization& c) {
  VITRINE_ASSIGN(auto update, s.customizations.update_available(c));
  json j = customize::to_json(c);
  j["update_available"] = update_available_json(update);
  return j;
}

Error customization_not_found(const std::string& id) {
  return make_error(errc::kNotFound, "customization '" + id + "' not found",
                    {{"customization_id", id}});
}

// The customization named by the path, if the caller may see its workspace. Returns the
// workspace too (promote needs its owner).
struct Authorized {
  customize::Customization customization;
  workspaces::Workspace workspace;
};
Result<Authorized> authorized_customization(Services& s, const Request& req) {
  VITRINE_ASSIGN(auto p, authenticate(s, req));
  const std::string& id = req.params.at("id");
  auto c = s.customizations.get(id);
  if (!c.ok()) return c.error();
  auto w = s.workspaces.authorize(p, c->workspace_id);
  if (!w.ok()) {
    if (w.error().code == errc::kNotFound) return customization_not_found(id);
    return w.error();
  }
  return Authorized{std::move(*c), std::move(*w)};
}

std::optional<json> member(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  return *it;
}

json version_change_json(const customize::VersionChange& change) {
  json j = customize::to_json(change.customization);
  j["previous_version"] = change.from_version;
  json warnings = json::array();
  for (const auto& w : change.warnings) warnings.push_back(w.to_json());
  j["warnings"] = warnings;
  return j;
}

Result<Response> change_version(Services& s, Request& req, bool upgrade) {
  VITRINE_ASSIGN(auto a, authorized_customization(s, req));
  VITRINE_ASSIGN(auto body, json_object_body(req, {"version"}));
  VITRINE_ASSIGN(auto version, required_string(body, "version"));
  VITRINE_ASSIGN(auto change, upgrade ? s.customizations.upgrade(a.customization.id, version)
                                      : s.customizations.downgrade(a.customization.id, version));
  return Response::json(200, version_change_json(change));
}

}  // namespace

void register_customize_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/themes/{id}/use", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto body, json_object_body(req, {"workspace_id", "version"}));
    VITRINE_ASSIGN(auto workspace_id, required_string(body, "workspace_id"));
    VITRINE_ASSIGN(auto version, optional_string(body, "version"));
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req, workspace_id));
    VITRINE_ASSIGN(auto c, s.customizations.use(w.id, w.owner_id, req.params.at("id"), version));
    VITRINE_ASSIGN(auto j, customization_with_updates(s, c));
    return Response::json(201, j);
  });

  router.add("GET", "/api/workspaces/{id}/template", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto c, s.customizations.active(w.id));
    VITRINE_ASSIGN(auto j, customization_with_updates(s, c));
    return Response::json(200, j);
  });

  router.add("GET", "/api/workspaces/{id}/customizations", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto list, s.customizations.list(w.id));
    json items = json::array();
    for (const auto& c : list) items.push_back(customize::to_json(c));
    return Response::json(200, {{"items", items}});
  });

  router.add("GET", "/api/workspaces/{id}/template/history",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto history, s.customizations.history(w.id));
               json items = json::array();
               for (const auto& h : history) items.push_back(customize::to_json(h));
               return Response::json(200, {{"items", items}});
             });

  router.add(
      "POST", "/api/workspaces/{id}/template/update", [&s](Request& req) -> Result<Response> {
        VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
        VITRINE_ASSIGN(auto body,
                       json_object_body(req, {"customization_id", "puck_data", "pages", "templates",
                                              "custom_css", "custom_js", "settings"}));
        VITRINE_ASSIGN(auto id, required_string(body, "customization_id"));
        customize::CustomizationUpdate change;
        change.puck_data = member(body, "puck_data");
        change.pages = member(body, "pages");
        change.templates = member(body, "templates");
        change.custom_css = member(body, "custom_css");
        change.custom_js = member(body, "custom_js");
        change.settings = member(body, "settings");
        VITRINE_ASSIGN(auto c, s.customizations.update(w.id, id, change));
        return Response::json(200, customize::to_json(c));
      });

  router.add("POST", "/api/workspaces/{id}/rollback", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto c, s.customizations.rollback(w.id));
    return Response::json(200, customize::to_json(c));
  });

  router.add("GET", "/api/customizations/{id}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto a, authorized_customization(s, req));
    VITRINE_ASSIGN(auto j, customization_with_updates(s, a.customization));
    return Response::json(200, j);
  });

  router.add("POST", "/api/customizations/{id}/publish", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto a, authorized_customization(s, req));
    VITRINE_ASSIGN(auto c, s.customizations.publish(a.customization.id));
    return Response::json(200, customize::to_json(c));
  });

  router.add("POST", "/api/customizations/{id}/duplicate", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto a, authorized_customization(s, req));
    VITRINE_ASSIGN(auto c, s.customizations.duplicate(a.customization.id));
    VITRINE_ASSIGN(auto j, customization_with_updates(s, c));
    return Response::json(201, j);
  });

  router.add("POST", "/api/customizations/{id}/unpublish", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto a, authorized_customization(s, req));
    VITRINE_ASSIGN(auto c, s.customizations.unpublish(a.customization.id));
    return Response::json(200, customize::to_json(c));
  });

  router.add("POST", "/api/customizations/{id}/upgrade",
             [&s](Request& req) -> Result<Response> { return change_version(s, req, true); });
  router.add("POST", "/api/customizations/{id}/downgrade",
             [&s](Request& req) -> Result<Response> { return change_version(s, req, false); });

  router.add("POST", "/api/customizations/{id}/promote", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto a, authorized_customization(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"name", "description", "thumbnail"}));
    customize::PromoteRequest request;
    VITRINE_ASSIGN(auto name, optional_string(body, "name"));
    VITRINE_ASSIGN(auto description, optional_string(body, "description"));
    VITRINE_ASSIGN(auto thumbnail, optional_string(body, "thumbnail"));
    request.name = name.value_or("");
    request.description = description.value_or("");
    request.thumbnail = thumbnail;
    VITRINE_ASSIGN(auto t,
                   s.customizations.promote(a.customization.id, a.workspace.owner_id, request));
    return Response::json(201, customize::to_json(t));
  });

  router.add("GET", "/api/templates/mine", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto p, authenticate(s, req));
    // ?workspace_id= lists what that workspace can use: its owner's templates.
    std::string owner = p.user_id;
    if (auto ws = req.query_param("workspace_id"); ws && !ws->empty()) {
      VITRINE_ASSIGN(auto w, s.workspaces.authorize(p, *ws));
      owner = w.owner_id;
    }
    json items = json::array();
    if (!owner.empty()) {
      VITRINE_ASSIGN(auto list, s.customizations.user_templates(owner));
      for (const auto& t : list) items.push_back(customize::to_json(t));
    }
    return Response::json(200, {{"items", items}});
  });

  // Public (no token): what the storefront renderer needs for a host. Seed 001's
  // publicPuckData query: the host's site → its workspace → the live customization.
  router.add("GET", "/api/public/puck-data", [&s](Request& req) -> Result<Response> {
    auto host = req.headers.get("x-store-hostname");
    if (!host || host->empty()) {
      return fail(errc::kInvalidArgument,
                  "header X-Store-Hostname is required: the storefront host",
                  {{"header", "X-Store-Hostname"}});
    }
    std::string path = req.query_param("path").value_or("/");
    if (path.empty()) path = "/";
    VITRINE_ASSIGN(auto site, s.hosting.site_for_host(*host));
    if (!site || site->status == "suspended") {
      return fail(errc::kNotFound, "no site is served at this host",
                  {{"host", std::string(*host)}});
    }
    if (auto admitted = s.hosting.admit(*site); !admitted.ok()) {
      Response r = Response::error(admitted.error(), req.request_id);
      r.headers.set("retry-after",
                    std::to_string(admitted.error().details.value("retry_after_seconds", 1)));
      return r;
    }
    auto page = s.customizations.public_page(site->workspace_id, path);
    if (!page.ok()) {
      // The public answer names the host, never the workspace behind it.
      Error e = page.error();
      if (e.code == errc::kNotFound) {
        e.details = {{"host", std::string(*host)}, {"path", path}};
        if (e.message == "workspace has no published template")
          e.message = "the site at this host has no published template";
      }
      return e;
    }
    Response r = Response::json(
        200, {{"data", page->data},
              {"path", path},
              {"version", page->version},
              {"theme",
               {{"id", page->theme.id}, {"slug", page->theme.slug}, {"name", page->theme.name}}},
              {"revision", page->revision}});
    // Changes with every publish or live edit; intermediaries must revalidate.
    r.headers.set("cache-control", "no-cache");
    r.headers.set("vary", "X-Store-Hostname");
    return r;
  });
}

}  // namespace vitrine::api
