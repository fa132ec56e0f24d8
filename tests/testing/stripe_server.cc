#include "testing/stripe_server.h"

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/ids.h"
#include "core/url.h"
#include "http/client.h"
#include "http/router.h"
#include "http/server.h"
#include "payments/stripe.h"

namespace vitrine::testing {

using nlohmann::json;

struct StripeServer::Impl {
  http::Router router;
  std::unique_ptr<http::HttpServer> server;
  std::thread thread;
  mutable std::mutex mu;
  std::map<std::string, json> intents;
  std::map<std::string, int> refund_count;
  std::map<std::string, int64_t> refunded;
  std::map<std::string, std::pair<int, json>> idempotent;  // key → answer
  std::vector<std::string> log;

  static http::Response error(int status, const std::string& type, const std::string& code,
                              const std::string& message, const std::string& param = "") {
    json e = {{"type", type}, {"message", message}};
    if (!code.empty()) e["code"] = code;
    if (!param.empty()) e["param"] = param;
    return http::Response::json(status, {{"error", e}});
  }

  static std::map<std::string, std::string> form(const std::string& body) {
    std::map<std::string, std::string> out;
    size_t start = 0;
    while (start <= body.size() && !body.empty()) {
      size_t amp = body.find('&', start);
      std::string item =
          body.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
      size_t eq = item.find('=');
      auto k = form_decode(item.substr(0, eq));
      auto v = form_decode(eq == std::string::npos ? "" : item.substr(eq + 1));
      if (k && v) out[*k] = *v;
      if (amp == std::string::npos) break;
      start = amp + 1;
    }
    return out;
  }

  // Authentication and Idempotency-Key replay around one POST handler.
  void post(const std::string& pattern,
            std::function<http::Response(http::Request&, std::map<std::string, std::string>&)> fn) {
    router.add("POST", pattern, [this, fn](http::Request& req) -> Result<http::Response> {
      std::lock_guard lock(mu);
      log.push_back("POST " + req.path);
      auto auth = req.headers.get("authorization");
      if (!auth || *auth != std::string("Bearer ") + kStripeSecretKey) {
        // Stripe names the key it refused masked: "sk_test_****0000".
        std::string key(auth ? auth->substr(std::min<size_t>(7, auth->size())) : "");
        const std::string shown =
            key.size() > 12 ? key.substr(0, 8) + "****" + key.substr(key.size() - 4) : "****";
        return error(401, "invalid_request_error", "", "Invalid API Key provided: " + shown);
      }
      auto body = form(req.body);
      std::string key;
      if (auto k = req.headers.get("idempotency-key")) key = std::string(*k) + " " + req.path;
      if (!key.empty()) {
        if (auto it = idempotent.find(key); it != idempotent.end()) {
          if (it->second.second.value("_body", "") != req.body)
            return error(400, "idempotency_error", "",
                         "Keys for idempotent requests can only be used with the same parameters "
                         "they were first used with.");
          json answer = it->second.second;
          answer.erase("_body");
          http::Response r = http::Response::json(it->second.first, answer);
          r.headers.set("Idempotent-Replayed", "true");
          return r;
        }
      }
      http::Response r = fn(req, body);
      if (!key.empty() && r.status < 500 && r.status != 401) {
        json stored = json::parse(std::string(r.body.view()));
        stored["_body"] = req.body;
        idempotent[key] = {r.status, stored};
      }
      return r;
    });
  }
};

StripeServer::StripeServer() : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.post("/v1/payment_intents", [&m](http::Request&, std::map<std::string, std::string>& f) {
    int64_t amount = 0;
    try {
      amount = std::stoll(f["amount"]);
    } catch (...) {
      return Impl::error(400, "invalid_request_error", "parameter_missing",
                         "Missing required param: amount.", "amount");
    }
    if (f["currency"].empty())
      return Impl::error(400, "invalid_request_error", "parameter_missing",
                         "Missing required param: currency.", "currency");
    if (amount < 50)
      return Impl::error(400, "invalid_request_error", "amount_too_small",
                         "Amount must be at least 50 cents", "amount");
    const std::string id = "pi_" + random_alnum(24);
    json metadata = json::object();
    for (const auto& [k, v] : f)
      if (k.rfind("metadata[", 0) == 0 && k.back() == ']') metadata[k.substr(9, k.size() - 10)] = v;
    json intent = {
        {"id", id},
        {"object", "payment_intent"},
        {"amount", amount},
        {"amount_capturable", 0},
        {"amount_received", 0},
        {"currency", f["currency"]},
        {"capture_method", f.count("capture_method") ? f["capture_method"] : "automatic"},
        {"client_secret", id + "_secret_" + random_alnum(24)},
        {"description", f["description"]},
        {"receipt_email", f.count("receipt_email") ? json(f["receipt_email"]) : json()},
        {"metadata", metadata},
        {"last_payment_error", nullptr},
        {"livemode", false},
        {"created", unix_seconds_now()},
        {"status", "requires_payment_method"}};
    m.intents[id] = intent;
    return http::Response::json(200, intent);
  });
  auto find = [&m](http::Request& req, json*& intent) -> std::optional<http::Response> {
    auto it = m.intents.find(req.params["id"]);
    if (it == m.intents.end())
      return Impl::error(404, "invalid_request_error", "resource_missing",
                         "No such payment_intent: '" + req.params["id"] + "'", "intent");
    intent = &it->second;
    return std::nullopt;
  };
  m.post("/v1/payment_intents/{id}/confirm", [&m, find](http::Request& req,
                                                        std::map<std::string, std::string>& f) {
    json* pi = nullptr;
    if (auto r = find(req, pi)) return *r;
    if ((*pi)["status"] != "requires_payment_method")
      return Impl::error(400, "invalid_request_error", "payment_intent_unexpected_state",
                         "This PaymentIntent's status is " + (*pi)["status"].get<std::string>());
    if (f["payment_method"] == "pm_card_chargeDeclined") {
      (*pi)["last_payment_error"] = {{"type", "card_error"},
                                     {"code", "card_declined"},
                                     {"decline_code", "generic_decline"},
                                     {"message", "Your card was declined."}};
      json e = {{"type", "card_error"},
                {"code", "card_declined"},
                {"decline_code", "generic_decline"},
                {"message", "Your card was declined."},
                {"payment_intent", *pi}};
      return http::Response::json(402, {{"error", e}});
    }
    (*pi)["last_payment_error"] = nullptr;
    if ((*pi)["capture_method"] == "manual") {
      (*pi)["status"] = "requires_capture";
      (*pi)["amount_capturable"] = (*pi)["amount"];
    } else {
      (*pi)["status"] = "succeeded";
      (*pi)["amount_received"] = (*pi)["amount"];
    }
    return http::Response::json(200, *pi);
  });
  m.post("/v1/payment_intents/{id}/capture",
         [find](http::Request& req, std::map<std::string, std::string>&) {
           json* pi = nullptr;
           if (auto r = find(req, pi)) return *r;
           if ((*pi)["status"] != "requires_capture")
             return Impl::error(400, "invalid_request_error", "payment_intent_unexpected_state",
                                "This PaymentIntent could not be captured because it has a "
                                "status of " +
                                    (*pi)["status"].get<std::string>() + ".");
           (*pi)["status"] = "succeeded";
           (*pi)["amount_received"] = (*pi)["amount_capturable"];
           (*pi)["amount_capturable"] = 0;
           return http::Response::json(200, *pi);
         });
  m.post("/v1/payment_intents/{id}/cancel",
         [find](http::Request& req, std::map<std::string, std::string>& f) {
           json* pi = nullptr;
           if (auto r = find(req, pi)) return *r;
           const std::string s = (*pi)["status"];
           if (s == "succeeded" || s == "canceled")
             return Impl::error(
                 400, "invalid_request_error", "payment_intent_unexpected_state",
                 "You cannot cancel this PaymentIntent because it has a status of " + s + ".");
           (*pi)["status"] = "canceled";
           (*pi)["cancellation_reason"] = f["cancellation_reason"];
           (*pi)["amount_capturable"] = 0;
           return http::Response::json(200, *pi);
         });
  m.post("/v1/refunds", [&m](http::Request&, std::map<std::string, std::string>& f) {
    auto it = m.intents.find(f["payment_intent"]);
    if (it == m.intents.end())
      return Impl::error(400, "invalid_request_error", "resource_missing",
                         "No such payment_intent: '" + f["payment_intent"] + "'", "payment_intent");
    json& pi = it->second;
    if (pi["status"] != "succeeded")
      return Impl::error(400, "invalid_request_error", "charge_not_captured",
                         "This PaymentIntent has no captured charge to refund.");
    const int64_t left = pi["amount_received"].get<int64_t>() - m.refunded[pi["id"]];
    int64_t amount = left;
    if (f.count("amount")) amount = std::stoll(f["amount"]);
    if (left <= 0)
      return Impl::error(400, "invalid_request_error", "charge_already_refunded",
                         "Charge has already been refunded.");
    if (amount > left)
      return Impl::error(400, "invalid_request_error", "amount_too_large",
                         "Refund amount is greater than unrefunded amount on charge", "amount");
    m.refunded[pi["id"]] += amount;
    m.refund_count[pi["id"]] += 1;
    return http::Response::json(200, {{"id", "re_" + random_alnum(24)},
                                      {"object", "refund"},
                                      {"amount", amount},
                                      {"currency", pi["currency"]},
                                      {"payment_intent", pi["id"]},
                                      {"status", "succeeded"}});
  });
  m.router.add("GET", "/v1/payment_intents/{id}",
               [&m](http::Request& req) -> Result<http::Response> {
                 std::lock_guard lock(m.mu);
                 auto it = m.intents.find(req.params["id"]);
                 if (it == m.intents.end())
                   return Impl::error(404, "invalid_request_error", "resource_missing",
                                      "No such payment_intent");
                 return http::Response::json(200, it->second);
               });
  http::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.blocking_threads = 2;
  m.server = std::make_unique<http::HttpServer>(options, m.router);
  if (!m.server->listen().ok()) std::abort();
  m.thread = std::thread([&m] { m.server->run(); });
}

StripeServer::~StripeServer() {
  impl_->server->stop();
  impl_->thread.join();
}

std::string StripeServer::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->server->port());
}

json StripeServer::confirm(const std::string& intent_id, const std::string& payment_method) {
  http::ClientRequest req;
  req.method = "POST";
  req.url = url() + "/v1/payment_intents/" + intent_id + "/confirm";
  req.headers = {std::string("Authorization: Bearer ") + kStripeSecretKey,
                 "Content-Type: application/x-www-form-urlencoded"};
  const std::string body = "payment_method=" + payment_method;
  req.body = body;
  req.use_proxy = false;
  (void)http::send_request(req);
  return intent(intent_id);
}

json StripeServer::intent(const std::string& intent_id) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->intents.find(intent_id);
  return it == impl_->intents.end() ? json() : it->second;
}

int StripeServer::refunds_of(const std::string& intent_id) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->refund_count.find(intent_id);
  return it == impl_->refund_count.end() ? 0 : it->second;
}

int64_t StripeServer::refunded_amount(const std::string& intent_id) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->refunded.find(intent_id);
  return it == impl_->refunded.end() ? 0 : it->second;
}

long StripeServer::send_event(const std::string& url, const std::string& host,
                              const std::string& type, const json& object,
                              const std::string& event_id, const std::string& secret,
                              int64_t signed_at) {
  const json event = {{"id", event_id.empty() ? "evt_" + random_alnum(24) : event_id},
                      {"object", "event"},
                      {"api_version", payments::kStripeApiVersion},
                      {"created", unix_seconds_now()},
                      {"livemode", false},
                      {"type", type},
                      {"data", {{"object", object}}}};
  const std::string body = event.dump();
  http::ClientRequest req;
  req.method = "POST";
  req.url = url;
  req.headers = {
      "Content-Type: application/json",
      "Stripe-Signature: " + payments::StripeProvider::sign_webhook(
                                 secret, signed_at ? signed_at : unix_seconds_now(), body)};
  if (!host.empty()) req.headers.push_back("Host: " + host);
  req.body = body;
  req.use_proxy = false;
  auto res = http::send_request(req);
  return res.ok() ? res->status : 0;
}

std::vector<std::string> StripeServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log;
}

}  // namespace vitrine::testing
