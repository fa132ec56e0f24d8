// /api/workspaces/{id}/orders: the merchant's side of orders. Every route authorizes the caller on
// the path's workspace (members and admins; another tenant gets 404, as for an unknown
// workspace) and only reaches that workspace's orders, named by id, number (1001) or "#1001".
#include "api/api.h"
#include "api/request_helpers.h"
#include "core/problems.h"
#include "orders/orders.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<Response> answer(const Result<orders::Order>& r) {
  if (!r.ok()) return r.error();
  return Response::json(200, orders::to_json(*r));
}

// {"reason"?: string} of a cancel or refund (an empty body is no reason).
Result<std::string> reason_of(const Request& req) {
  if (req.body.empty()) return std::string();
  VITRINE_ASSIGN(auto body, json_object_body(req));
  VITRINE_ASSIGN(auto reason, optional_string(body, "reason"));
  return reason.value_or("");
}

Result<orders::Fulfilment> fulfilment_of(const Request& req) {
  orders::Fulfilment f;
  if (req.body.empty()) return f;
  VITRINE_ASSIGN(auto body, json_object_body(req));
  VITRINE_ASSIGN(f.tracking_number, optional_string(body, "tracking_number"));
  json problems = json::array();
  const json lines = body.value("lines", json::array());
  if (!lines.is_array())
    problems.push_back({{"pointer", "/lines"}, {"message", "must be an array"}});
  for (size_t i = 0; lines.is_array() && i < lines.size(); ++i) {
    const json& l = lines[i];
    const std::string at = "/lines/" + std::to_string(i);
    if (!l.is_object() || !l.value("line_id", json()).is_string() ||
        !l.value("quantity", json()).is_number_integer()) {
      problems.push_back(
          {{"pointer", at}, {"message", "must be {\"line_id\": string, \"quantity\": integer}"}});
      continue;
    }
    f.lines.emplace_back(l["line_id"].get<std::string>(), l["quantity"].get<int64_t>());
  }
  if (!problems.empty()) return validation_failed("invalid fulfilment", problems);
  return f;
}

}  // namespace

void register_order_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/workspaces/{id}/orders", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    orders::OrderQuery q;
    VITRINE_ASSIGN(q.page, int_param(req, "page", 1, 1, 1'000'000));
    VITRINE_ASSIGN(q.page_size, int_param(req, "page_size", 20, 1, 100));
    VITRINE_ASSIGN(q.status, enum_param(req, "status",
                                        {"pending", "paid", "partially_fulfilled", "fulfilled",
                                         "cancelled", "refunded"}));
    q.email = req.query_param("email");
    VITRINE_ASSIGN(auto page, s.orders.list(ws.id, q));
    json items = json::array();
    for (const auto& o : page.items) items.push_back(orders::to_json(o, /*with_history=*/false));
    return Response::json(200, {{"items", items},
                                {"page", page.page},
                                {"page_size", page.page_size},
                                {"total", page.total}});
  });

  router.add("GET", "/api/workspaces/{id}/orders/{order}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    return answer(s.orders.get(ws.id, req.params.at("order")));
  });

  router.add("POST", "/api/workspaces/{id}/orders/{order}/mark-paid",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               return answer(s.orders.mark_paid(ws.id, req.params.at("order")));
             });

  router.add("POST", "/api/workspaces/{id}/orders/{order}/fulfil",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto f, fulfilment_of(req));
               return answer(s.orders.fulfil(ws.id, req.params.at("order"), f));
             });

  router.add("POST", "/api/workspaces/{id}/orders/{order}/cancel",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto reason, reason_of(req));
               return answer(s.orders.cancel(ws.id, req.params.at("order"), reason));
             });

  router.add("POST", "/api/workspaces/{id}/orders/{order}/refund",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto reason, reason_of(req));
               return answer(s.orders.refund(ws.id, req.params.at("order"), reason));
             });

  // ---- how the shop is paid: manual payments, Stripe ----

  router.add("GET", "/api/workspaces/{id}/payment-settings",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto settings, s.payments.settings(ws.id));
               return Response::json(200, settings);
             });

  router.add("PUT", "/api/workspaces/{id}/payment-settings",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto body, json_object_body(req));
               VITRINE_ASSIGN(auto saved, s.payments.save_settings(ws.id, body));
               return Response::json(200, saved);
             });

  // ---- what the shop charges: shipping methods, tax rates, discount codes ----

  router.add("GET", "/api/workspaces/{id}/checkout-settings",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto settings, s.pricing.settings(ws.id));
               return Response::json(200, pricing::to_json(settings));
             });

  router.add("PUT", "/api/workspaces/{id}/checkout-settings",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_ASSIGN(auto body, json_object_body(req));
               VITRINE_ASSIGN(auto settings, pricing::checkout_settings_from_json(body));
               VITRINE_TRY(s.pricing.save_settings(ws.id, settings));
               VITRINE_ASSIGN(auto saved, s.pricing.settings(ws.id));
               return Response::json(200, pricing::to_json(saved));
             });

  router.add("GET", "/api/workspaces/{id}/discounts", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto list, s.pricing.discounts(ws.id));
    json items = json::array();
    for (const auto& d : list) items.push_back(pricing::to_json(d));
    return Response::json(200, {{"items", items}});
  });

  router.add("POST", "/api/workspaces/{id}/discounts", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto discount, pricing::discount_from_json(body));
    VITRINE_ASSIGN(auto created, s.pricing.create_discount(ws.id, std::move(discount)));
    return Response::json(201, pricing::to_json(created));
  });

  router.add("DELETE", "/api/workspaces/{id}/discounts/{code}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_TRY(s.pricing.delete_discount(ws.id, req.params.at("code")));
               return no_content();
             });
}

}  // namespace vitrine::api
