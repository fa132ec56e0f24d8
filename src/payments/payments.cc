#include "payments/payments.h"

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/ids.h"
#include "core/problems.h"

namespace vitrine::payments {

using nlohmann::json;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE payment_settings (
  workspace_id TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount_cents BIGINT NOT NULL,
  captured_cents BIGINT NOT NULL DEFAULT 0,
  refunded_cents BIGINT NOT NULL DEFAULT 0,
  client_secret TEXT NOT NULL DEFAULT '',
  failure_message TEXT NOT NULL DEFAULT '',
  attempts BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX payments_order ON payments(workspace_id, order_id);
CREATE INDEX payments_reference ON payments(workspace_id, provider, reference);
CREATE TABLE payment_webhook_events (
  workspace_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, provider, event_id)
);
)sql";

Payment from_row(const db::QueryResult& r, size_t i) {
  Payment p;
  p.id = r.text(i, "id");
  p.workspace_id = r.text(i, "workspace_id");
  p.order_id = r.text(i, "order_id");
  p.provider = r.text(i, "provider");
  p.state.currency = r.text(i, "currency");
  p.state.reference = r.text(i, "reference");
  p.state.status = r.text(i, "status");
  p.state.amount_cents = r.integer(i, "amount_cents");
  p.state.captured_cents = r.integer(i, "captured_cents");
  p.state.refunded_cents = r.integer(i, "refunded_cents");
  p.state.client_secret = r.text(i, "client_secret");
  p.state.failure_message = r.text(i, "failure_message");
  p.attempts = r.integer(i, "attempts");
  p.created_at = r.text(i, "created_at");
  p.updated_at = r.text(i, "updated_at");
  return p;
}

Error not_started(const std::string& order_id) {
  return make_error(errc::kNotFound, "order " + order_id + " has no payment",
                    {{"order_id", order_id}});
}

Error wrong_state(const Payment& p, const std::string& action) {
  return make_error(
      errc::kConflict,
      "the " + p.provider + " payment is " + p.state.status + ": it cannot be " + action,
      {{"payment_status", p.state.status}, {"action", action}});
}

}  // namespace

PaymentService::PaymentService(db::Database& db,
                               std::vector<std::unique_ptr<PaymentProvider>> providers)
    : db_(db), providers_(std::move(providers)) {}

std::vector<db::Migration> PaymentService::migrations() { return {{"payments", 1, kSchema}}; }

PaymentProvider* PaymentService::provider(const std::string& id) const {
  for (const auto& p : providers_)
    if (p->id() == id) return p.get();
  return nullptr;
}

Result<json> PaymentService::stored(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT settings FROM payment_settings WHERE workspace_id = ?",
                                  {workspace_id}));
  json saved = r.empty() ? json::object() : json::parse(r.text(0, "settings"), nullptr, false);
  if (!saved.is_object()) saved = json::object();
  json out = json::object();
  for (const auto& p : providers_) {
    if (saved.contains(p->id()) && saved[p->id()].is_object()) {
      out[p->id()] = saved[p->id()];
    } else {
      // Never saved: manual payments on, the others off until configured.
      auto defaults = p->check_settings(json::object({{"enabled", p->id() == "manual"}}), nullptr);
      out[p->id()] = defaults.ok() ? *defaults : json{{"enabled", false}};
    }
  }
  return out;
}

Result<json> PaymentService::settings(const std::string& workspace_id) {
  VITRINE_ASSIGN(json all, stored(workspace_id));
  json out = json::object();
  for (const auto& p : providers_) out[p->id()] = p->public_settings(all[p->id()]);
  return out;
}

Result<json> PaymentService::save_settings(const std::string& workspace_id, const json& body) {
  if (!body.is_object()) return validation_failed_at("", "payment settings must be an object");
  VITRINE_ASSIGN(json all, stored(workspace_id));
  json problems = json::array();
  for (const auto& [key, value] : body.items()) {
    PaymentProvider* p = provider(key);
    if (!p) {
      problems.push_back({{"pointer", "/" + key}, {"message", "is not a payment provider"}});
      continue;
    }
    auto checked = p->check_settings(value, all[key]);
    if (!checked.ok()) {
      const json& inner = checked.error().details.value("problems", json::array());
      for (const auto& q : inner)
        problems.push_back(
            {{"pointer", "/" + key + q.value("pointer", "")}, {"message", q.value("message", "")}});
      continue;
    }
    all[key] = *checked;
  }
  bool any = false;
  for (const auto& p : providers_) any = any || all[p->id()].value("enabled", false);
  if (problems.empty() && !any)
    problems.push_back({{"pointer", ""}, {"message", "at least one way to pay must stay enabled"}});
  if (!problems.empty()) return validation_failed("invalid payment settings", problems);
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_TRY(s.exec("DELETE FROM payment_settings WHERE workspace_id = ?", {workspace_id}));
    VITRINE_TRY(
        s.exec("INSERT INTO payment_settings (workspace_id, settings, updated_at) VALUES (?, ?, ?)",
               {workspace_id, all.dump(), now_iso8601()}));
    return {};
  }));
  return settings(workspace_id);
}

Result<json> PaymentService::checkout_methods(const std::string& workspace_id) {
  VITRINE_ASSIGN(json all, stored(workspace_id));
  json out = json::array();
  for (const auto& p : providers_)
    if (all[p->id()].value("enabled", false)) out.push_back(p->checkout_method(all[p->id()]));
  return out;
}

Result<bool> PaymentService::accepts(const std::string& workspace_id, const std::string& id) {
  if (!provider(id)) return false;
  VITRINE_ASSIGN(json all, stored(workspace_id));
  return all[id].value("enabled", false);
}

Status PaymentService::save(const Payment& p) {
  VITRINE_TRY(db_.exec(
      "UPDATE payments SET reference = ?, status = ?, amount_cents = ?, captured_cents = ?, "
      "refunded_cents = ?, client_secret = ?, failure_message = ?, attempts = ?, "
      "updated_at = ? WHERE id = ?",
      {p.state.reference, p.state.status, p.state.amount_cents, p.state.captured_cents,
       p.state.refunded_cents, p.state.client_secret, p.state.failure_message, p.attempts,
       now_iso8601(), p.id}));
  return {};
}

Result<std::optional<Payment>> PaymentService::find(const std::string& workspace_id,
                                                    const std::string& order_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM payments WHERE workspace_id = ? AND order_id = ?",
                                  {workspace_id, order_id}));
  if (r.empty()) return std::optional<Payment>();
  return std::optional<Payment>(from_row(r, 0));
}

void PaymentService::describe(Payment& pay, const json& all) const {
  if (PaymentProvider* p = provider(pay.provider))
    pay.method = p->checkout_method(all[pay.provider]);
}

Result<std::optional<Payment>> PaymentService::of_order(const std::string& workspace_id,
                                                        const std::string& order_id) {
  VITRINE_ASSIGN(auto found, find(workspace_id, order_id));
  if (!found) return found;
  VITRINE_ASSIGN(json all, stored(workspace_id));
  describe(*found, all);
  return found;
}

Result<bool> PaymentService::start_in(db::Session& s, const std::string& provider_id,
                                      const PaymentRequest& req) {
  PaymentProvider* p = provider(provider_id);
  if (!p || !p->starts_locally()) return false;
  // db_ joins the transaction of `s` (the same thread's active transaction).
  VITRINE_ASSIGN(json all, stored(req.workspace_id));
  VITRINE_ASSIGN(ProviderPayment started, p->authorize(all[provider_id], req));
  const std::string now = now_iso8601();
  VITRINE_TRY(s.exec(
      "INSERT INTO payments (id, workspace_id, order_id, provider, reference, status, currency, "
      "amount_cents, captured_cents, refunded_cents, client_secret, failure_message, attempts, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
      {new_uuid(), req.workspace_id, req.order_id, provider_id, started.reference, started.status,
       req.currency, started.amount_cents, started.captured_cents, started.refunded_cents,
       started.client_secret, started.failure_message, now, now}));
  return true;
}

Result<Payment> PaymentService::start(const std::string& provider_id, const PaymentRequest& req) {
  PaymentProvider* p = provider(provider_id);
  if (!p)
    return validation_failed_at("/payment_method",
                                "there is no payment provider '" + provider_id + "'");
  VITRINE_ASSIGN(auto existing, find(req.workspace_id, req.order_id));
  if (!existing) {
    // The row first (unique per order), so concurrent starts of one order share one payment.
    const std::string now = now_iso8601();
    auto inserted = db_.exec(
        "INSERT INTO payments (id, workspace_id, order_id, provider, status, currency, "
        "amount_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {new_uuid(), req.workspace_id, req.order_id, provider_id, std::string(status::kFailed),
         req.currency, req.amount_cents, now, now});
    if (!inserted.ok() && inserted.error().code != errc::kAlreadyExists) return inserted.error();
    VITRINE_ASSIGN(existing, find(req.workspace_id, req.order_id));
    if (!existing) return not_started(req.order_id);
  }
  Payment pay = *existing;
  VITRINE_ASSIGN(json all, stored(req.workspace_id));
  describe(pay, all);
  if (!(pay.state.status == status::kFailed && pay.state.reference.empty())) return pay;

  pay.attempts += 1;
  PaymentRequest attempt = req;
  // The provider's idempotency key is per order and attempt: a retry after a failed start is a
  // new request, a concurrent duplicate of this attempt is the same one.
  if (pay.attempts > 1) attempt.order_id = req.order_id + "-" + std::to_string(pay.attempts);
  auto started = p->authorize(all[provider_id], attempt);
  if (started.ok()) {
    pay.state = *started;
  } else {
    spdlog::warn("payment of order {} with {} did not start: {}", req.order_name, provider_id,
                 started.error().message);
    pay.state.status = status::kFailed;
    pay.state.failure_message = started.error().message;
  }
  VITRINE_TRY(save(pay));
  return pay;
}

Result<Payment> PaymentService::capture(const std::string& workspace_id,
                                        const std::string& order_id) {
  VITRINE_ASSIGN(auto found, find(workspace_id, order_id));
  if (!found) return not_started(order_id);
  Payment pay = *found;
  if (pay.state.status == status::kCaptured) return pay;
  PaymentProvider* p = provider(pay.provider);
  if (!p) return not_started(order_id);
  // A manual payment is captured when the merchant says the money came; a provider's only when
  // it holds the money (authorized).
  const bool manual = pay.provider == "manual";
  if (!(pay.state.status == status::kAuthorized ||
        (manual && (pay.state.status == status::kPending || pay.state.status == status::kFailed))))
    return wrong_state(pay, "captured");
  VITRINE_ASSIGN(json all, stored(workspace_id));
  VITRINE_ASSIGN(pay.state, p->capture(all[pay.provider], pay.state, order_id));
  VITRINE_TRY(save(pay));
  return pay;
}

Result<Payment> PaymentService::refund(const std::string& workspace_id, const std::string& order_id,
                                       int64_t amount_cents) {
  VITRINE_ASSIGN(auto found, find(workspace_id, order_id));
  if (!found) return not_started(order_id);
  Payment pay = *found;
  const int64_t refundable = pay.state.captured_cents - pay.state.refunded_cents;
  if (pay.state.status != status::kCaptured && pay.state.status != status::kPartiallyRefunded)
    return wrong_state(pay, "refunded");
  if (amount_cents <= 0 || amount_cents > refundable)
    return fail(errc::kConflict,
                "a refund must be from 1 to " + std::to_string(refundable) +
                    " (what is captured and not refunded yet)",
                {{"refundable_cents", refundable}});
  PaymentProvider* p = provider(pay.provider);
  if (!p) return not_started(order_id);
  VITRINE_ASSIGN(json all, stored(workspace_id));
  VITRINE_ASSIGN(pay.state, p->refund(all[pay.provider], pay.state, amount_cents,
                                      "vitrine-refund-" + order_id + "-" +
                                          std::to_string(pay.state.refunded_cents) + "-" +
                                          std::to_string(amount_cents)));
  VITRINE_TRY(save(pay));
  return pay;
}

Result<Payment> PaymentService::cancel(const std::string& workspace_id,
                                       const std::string& order_id) {
  VITRINE_ASSIGN(auto found, find(workspace_id, order_id));
  if (!found) return not_started(order_id);
  Payment pay = *found;
  if (pay.state.status == status::kCanceled) return pay;
  if (pay.state.captured_cents > 0) return wrong_state(pay, "canceled");
  PaymentProvider* p = provider(pay.provider);
  if (!p) return not_started(order_id);
  if (!pay.state.reference.empty() || pay.provider == "manual") {
    VITRINE_ASSIGN(json all, stored(workspace_id));
    VITRINE_ASSIGN(pay.state, p->cancel(all[pay.provider], pay.state, order_id));
  } else {
    pay.state.status = status::kCanceled;  // never started at the provider
  }
  VITRINE_TRY(save(pay));
  return pay;
}

Result<std::optional<Payment>> PaymentService::apply_webhook(const std::string& workspace_id,
                                                             const std::string& provider_id,
                                                             const WebhookCall& call) {
  PaymentProvider* p = provider(provider_id);
  if (!p) return fail(errc::kNotFound, "there is no payment provider '" + provider_id + "'");
  VITRINE_ASSIGN(json all, stored(workspace_id));
  VITRINE_ASSIGN(WebhookEvent event, p->read_webhook(all[provider_id], call));
  // Providers deliver an event more than once: the first delivery counts.
  auto seen = db_.exec(
      "INSERT INTO payment_webhook_events (workspace_id, provider, event_id, type, received_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {workspace_id, provider_id, event.id, event.type, now_iso8601()});
  if (!seen.ok()) {
    if (seen.error().code == errc::kAlreadyExists) return std::optional<Payment>();
    return seen.error();
  }
  if (!event.payment || event.payment->reference.empty()) return std::optional<Payment>();
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM payments WHERE workspace_id = ? AND provider = ? "
                                  "AND reference = ?",
                                  {workspace_id, provider_id, event.payment->reference}));
  if (r.empty()) return std::optional<Payment>();
  Payment pay = from_row(r, 0);
  const ProviderPayment& now = *event.payment;
  // Refund events carry refund totals; payment events carry the rest. Keep what each omits.
  const bool refund_event =
      now.status == status::kRefunded || now.status == status::kPartiallyRefunded;
  if (refund_event) {
    pay.state.refunded_cents = std::max(pay.state.refunded_cents, now.refunded_cents);
    if (now.captured_cents > 0) pay.state.captured_cents = now.captured_cents;
    pay.state.status = pay.state.refunded_cents >= pay.state.captured_cents
                           ? status::kRefunded
                           : status::kPartiallyRefunded;
  } else {
    // A late event never moves a payment back (a delayed "processing" after "succeeded").
    const bool settled =
        pay.state.status == status::kCaptured || pay.state.status == status::kRefunded ||
        pay.state.status == status::kPartiallyRefunded || pay.state.status == status::kCanceled;
    if (settled && now.status != status::kCaptured && now.status != status::kCanceled)
      return std::optional<Payment>();
    if (pay.state.status == status::kRefunded || pay.state.status == status::kPartiallyRefunded)
      return std::optional<Payment>();
    const int64_t refunded = pay.state.refunded_cents;
    const std::string secret = pay.state.client_secret, currency = pay.state.currency;
    pay.state = now;
    pay.state.currency = currency;
    pay.state.refunded_cents = refunded;
    if (pay.state.client_secret.empty()) pay.state.client_secret = secret;
  }
  VITRINE_TRY(save(pay));
  return std::optional<Payment>(pay);
}

json to_json(const Payment& p) {
  json out = {{"provider", p.provider},
              {"status", p.state.status},
              {"reference", p.state.reference},
              {"amount_cents", p.state.amount_cents},
              {"captured_cents", p.state.captured_cents},
              {"refunded_cents", p.state.refunded_cents},
              {"failure_message", p.state.failure_message},
              {"client_secret", p.state.client_secret},
              {"method", p.method},
              {"updated_at", p.updated_at}};
  return out;
}

}  // namespace vitrine::payments
