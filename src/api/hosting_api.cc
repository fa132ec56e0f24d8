// Hosting routes: a workspace's deployed site, its custom domains (add, verify, remove) and the
// on-demand TLS `ask` endpoint for Caddy. Members may read; only the owner changes domains.
#include "api/api.h"
#include "api/request_helpers.h"
#include "core/text.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json environment_json(const hosting::HostingEnvironment& e) {
  return {{"tier", e.tier},
          {"model", e.model},
          {"max_custom_domains", e.max_custom_domains},
          {"rate_limit_rps", e.rate_limit_rps},
          {"render_cache_bytes", e.render_cache_bytes},
          {"worker_pool", e.worker_pool},
          {"updated_at", e.updated_at}};
}

json domain_json(const hosting::Domain& d) {
  hosting::TxtRecord txt = d.txt_record();
  return {{"id", d.id},
          {"hostname", d.hostname},
          {"state", d.state},
          {"last_error", or_null(d.last_error)},
          {"suspended", d.suspended},
          {"is_primary", d.is_primary},
          {"txt_record", {{"name", txt.name}, {"type", "TXT"}, {"value", txt.value}}},
          {"created_at", d.created_at},
          {"verified_at", or_null(d.verified_at)},
          {"last_checked_at", or_null(d.last_checked_at)}};
}

}  // namespace

void register_hosting_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/workspaces/{id}/site", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto site, s.hosting.site_for_workspace(w.id));
    VITRINE_ASSIGN(auto domains, s.hosting.list_domains(w.id));
    VITRINE_ASSIGN(auto storefront, s.hosting.storefront_domain(w.id));
    json items = json::array();
    for (const auto& d : domains) items.push_back(domain_json(d));
    return Response::json(200, {{"id", site.id},
                                {"workspace_id", site.workspace_id},
                                {"subdomain", site.subdomain},
                                {"status", site.status},
                                {"storefront_domain", storefront.value_or("")},
                                {"environment", environment_json(site.environment)},
                                {"domains", items},
                                {"created_at", site.created_at},
                                {"updated_at", site.updated_at}});
  });

  // Operators suspend and restore a storefront (infrastructure status: a suspended site
  // answers 503 on its hosts and keeps every theme and customization).
  router.add("PATCH", "/api/workspaces/{id}/site", [&s](Request& req) -> Result<Response> {
    VITRINE_TRY(s.tokens.require_admin(req.headers.get("authorization").value_or("")));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"status"}));
    VITRINE_ASSIGN(auto status, required_string(body, "status"));
    const std::string& id = req.params.at("id");
    VITRINE_TRY(s.hosting.set_site_status(id, status));
    VITRINE_ASSIGN(auto site, s.hosting.site_for_workspace(id));
    return Response::json(200, {{"id", site.id},
                                {"workspace_id", site.workspace_id},
                                {"subdomain", site.subdomain},
                                {"status", site.status},
                                {"environment", environment_json(site.environment)},
                                {"updated_at", site.updated_at}});
  });

  router.add("GET", "/api/workspaces/{id}/domains", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto domains, s.hosting.list_domains(w.id));
    json items = json::array();
    for (const auto& d : domains) items.push_back(domain_json(d));
    return Response::json(200, {{"items", items}});
  });

  router.add("POST", "/api/workspaces/{id}/domains", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto w, authorized_workspace(s, req, Access::kOwner));
    VITRINE_ASSIGN(auto body, json_object_body(req, {"hostname"}));
    VITRINE_ASSIGN(auto hostname, required_string(body, "hostname"));
    VITRINE_ASSIGN(auto d, s.hosting.add_domain(w.id, hostname));
    return Response::json(201, domain_json(d));
  });

  // Runs the DNS check now (a few seconds at most) on the blocking pool. 200 whatever DNS
  // said: the check ran, and the domain's state and last_error are its outcome.
  router.add("POST", "/api/workspaces/{id}/domains/{domain_id}/verify",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto w, authorized_workspace(s, req, Access::kOwner));
               VITRINE_ASSIGN(auto d, s.hosting.verify_domain(w.id, req.params.at("domain_id")));
               return Response::json(200, domain_json(d));
             });

  router.add("DELETE", "/api/workspaces/{id}/domains/{domain_id}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto w, authorized_workspace(s, req, Access::kOwner));
               VITRINE_TRY(s.hosting.remove_domain(w.id, req.params.at("domain_id")));
               return no_content();
             });

  // Caddy's on-demand TLS asks before requesting a certificate: yes only for hosts a site is
  // served on, so nobody can make Vitrine request certificates for arbitrary names.
  router.add("GET", "/api/hosting/tls-ask", [&s](Request& req) -> Result<Response> {
    auto domain = req.query_param("domain");
    if (!domain || domain->empty()) {
      return fail(errc::kInvalidArgument, "query parameter 'domain' is required",
                  {{"parameter", "domain"}});
    }
    VITRINE_ASSIGN(auto site, s.hosting.site_for_host(*domain));
    if (!site.has_value()) {
      return fail(errc::kNotFound, "no site is served on '" + *domain + "'", {{"domain", *domain}});
    }
    return Response::json(200, {{"domain", *domain}, {"allowed", true}});
  });
}

}  // namespace vitrine::api
