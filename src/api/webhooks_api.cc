// Outgoing webhooks (webhooks/webhooks.h): /api/workspaces/{id}/webhooks for the shop's members.
#include <charconv>

#include "api/api.h"
#include "api/request_helpers.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<int64_t> delivery_id(const Request& req) {
  const std::string& text = req.params.at("delivery");
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    return fail(errc::kNotFound, "webhook delivery '" + text + "' not found",
                {{"delivery_id", text}});
  return id;
}

}  // namespace

void register_webhook_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/workspaces/{id}/webhooks", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto made, s.webhooks.create(ws.id, body));
    json j = webhooks::to_json(made.endpoint);
    j["secret"] = made.secret;  // shown this once
    return Response::json(201, j);
  });

  router.add("GET", "/api/workspaces/{id}/webhooks", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto endpoints, s.webhooks.list(ws.id));
    json items = json::array();
    for (const auto& e : endpoints) items.push_back(webhooks::to_json(e));
    return Response::json(200, {{"items", items}});
  });

  router.add("DELETE", "/api/workspaces/{id}/webhooks/{endpoint}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_TRY(s.webhooks.remove(ws.id, req.params.at("endpoint")));
               return no_content();
             });

  router.add("GET", "/api/workspaces/{id}/webhooks/{endpoint}/deliveries",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto limit, int_param(req, "limit", 20, 1, 100));
               VITRINE_ASSIGN(auto log, s.webhooks.deliveries(ws.id, req.params.at("endpoint"),
                                                              static_cast<int>(limit)));
               json items = json::array();
               for (const auto& d : log) items.push_back(webhooks::to_json(d));
               return Response::json(200, {{"items", items}});
             });

  router.add("POST", "/api/workspaces/{id}/webhooks/{endpoint}/deliveries/{delivery}/retry",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto id, delivery_id(req));
               VITRINE_ASSIGN(auto d, s.webhooks.redeliver(ws.id, req.params.at("endpoint"), id));
               return Response::json(200, webhooks::to_json(d));
             });
}

}  // namespace vitrine::api
