// PaymentService: a shop's ways to pay and each order's payment. The shop enables providers
// (manual by default; Stripe with its keys) in its payment settings; an order's payment is
// started once when the order is placed and follows the provider's calls and webhooks. The
// provider calls go over the network, so they never run inside a database transaction: each
// method reads the payment, calls the provider, then records what it answered.
// The module's SQL (payment_settings, payments, payment_webhook_events) lives in payments.cc.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "payments/provider.h"

namespace vitrine::payments {

struct Payment {
  std::string id, workspace_id, order_id, provider;
  ProviderPayment state;
  int64_t attempts = 0;  // authorize calls so far (a failed start is retried)
  // How the customer pays, as the checkout offered it (name, instructions, publishable_key):
  // what the order page needs to show the instructions or mount the provider's card form.
  // Filled by of_order() and start(); capture, refund and cancel leave it empty.
  nlohmann::json method = nlohmann::json::object();
  std::string created_at, updated_at;
};

class PaymentService {
 public:
  // `providers` in the order checkouts list them; "manual" must be one of them.
  PaymentService(db::Database& db, std::vector<std::unique_ptr<PaymentProvider>> providers);

  static std::vector<db::Migration> migrations();

  // The shop's settings as the merchant API shows them, secrets masked:
  // {"manual": {...}, "stripe": {...}} for every provider; a shop that saved none pays manually.
  Result<nlohmann::json> settings(const std::string& workspace_id);
  // Saves the providers named in `body` ({"stripe": {...}}); the others keep their settings.
  // validation_failed with pointers such as /stripe/secret_key, or / when no provider would be
  // left enabled; nothing is saved then. Returns settings().
  Result<nlohmann::json> save_settings(const std::string& workspace_id, const nlohmann::json& body);
  // What a checkout offers, the enabled providers in order: [{id, name, instructions? ...}].
  Result<nlohmann::json> checkout_methods(const std::string& workspace_id);
  // Whether the shop takes payments with provider `id` now.
  Result<bool> accepts(const std::string& workspace_id, const std::string& id);

  // Starts the payment of an order with `provider`, once: a payment already started is returned
  // as it is, except one whose start failed, which is tried again. A provider that cannot be
  // reached or refuses is recorded as a failed payment (failure_message says why), not an error.
  Result<Payment> start(const std::string& provider, const PaymentRequest& request);
  // The same, inside the caller's transaction `s`, for a provider that starts locally
  // (PaymentProvider::starts_locally): true once written. false, with nothing written, for a
  // provider that must be called: start() it after the transaction commits.
  Result<bool> start_in(db::Session& s, const std::string& provider, const PaymentRequest& request);
  // The order's payment; nullopt for an order that has none (placed before payments existed).
  Result<std::optional<Payment>> of_order(const std::string& workspace_id,
                                          const std::string& order_id);
  // Takes the money of an authorized payment (manual: records that it arrived). conflict when the
  // payment is still waiting for the customer at the provider, or was canceled or refunded.
  Result<Payment> capture(const std::string& workspace_id, const std::string& order_id);
  // Gives back `amount_cents` of a captured payment at the provider; conflict when nothing was
  // captured or more than was captured is asked for.
  Result<Payment> refund(const std::string& workspace_id, const std::string& order_id,
                         int64_t amount_cents);
  // Gives up a payment nothing was captured of (manual: just recorded).
  Result<Payment> cancel(const std::string& workspace_id, const std::string& order_id);

  // Verifies a webhook call for `provider` of the workspace (unauthorized for a bad signature,
  // not_found for an unknown provider or one without webhooks) and records what it says about
  // the payment it names. nullopt when the event was handled before, names no payment of this
  // shop, or is not about a payment.
  Result<std::optional<Payment>> apply_webhook(const std::string& workspace_id,
                                               const std::string& provider,
                                               const WebhookCall& call);

 private:
  PaymentProvider* provider(const std::string& id) const;
  // The order's payment as stored, without `method` (of_order adds it).
  Result<std::optional<Payment>> find(const std::string& workspace_id, const std::string& order_id);
  // Sets pay.method from the shop's stored settings `all`.
  void describe(Payment& pay, const nlohmann::json& all) const;
  // The shop's stored settings per provider (defaults for those it never saved).
  Result<nlohmann::json> stored(const std::string& workspace_id);
  Status save(const Payment& p);

  db::Database& db_;
  std::vector<std::unique_ptr<PaymentProvider>> providers_;
};

// The payment as the order JSON shows it: {provider, status, reference, amount_cents,
// captured_cents, refunded_cents, failure_message, client_secret (what Stripe.js needs on the
// customer's order page)}.
nlohmann::json to_json(const Payment& payment);

}  // namespace vitrine::payments
