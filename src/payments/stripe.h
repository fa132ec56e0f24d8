// StripeProvider: card payments through Stripe's PaymentIntents API
// (https://docs.stripe.com/api/payment_intents), written to Stripe's documentation:
// authorize creates a PaymentIntent (form-encoded POST /v1/payment_intents, Bearer secret key,
// Idempotency-Key per order) whose client_secret the order page hands to Stripe.js; capture,
// cancel and refunds (POST /v1/refunds) follow; webhooks are verified by the Stripe-Signature
// scheme (HMAC-SHA256 of "<t>.<body>" under the endpoint's whsec_ secret, at most 5 minutes old).
// Stripe cannot be reached from the machines that build Vitrine, so the tests run it against a
// local server that answers as Stripe does (tests/testing/stripe_server.h).
#pragma once

#include <chrono>
#include <string>

#include "payments/provider.h"

namespace vitrine::payments {

// The API version requests pin (Stripe-Version), so Stripe answers in the shape read here.
inline constexpr const char* kStripeApiVersion = "2024-06-20";
// How old a webhook signature may be (Stripe's libraries use the same default).
inline constexpr std::chrono::seconds kStripeWebhookTolerance{300};

class StripeProvider final : public PaymentProvider {
 public:
  // `api_base`: "https://api.stripe.com", or the tests' local server.
  explicit StripeProvider(std::string api_base) : api_base_(std::move(api_base)) {}

  std::string id() const override { return "stripe"; }
  // Settings {enabled, name, publishable_key (pk_test_/pk_live_), secret_key (sk_ or rk_, same
  // mode as the publishable key), webhook_secret (whsec_), capture_method ("automatic": paid as
  // soon as the card is charged; "manual": authorized, the merchant captures)}.
  Result<nlohmann::json> check_settings(const nlohmann::json& body,
                                        const nlohmann::json& previous) const override;
  // secret_key and webhook_secret shown as their prefix and last four characters.
  nlohmann::json public_settings(const nlohmann::json& settings) const override;
  // {id, name, publishable_key}: what Stripe.js needs in the browser.
  nlohmann::json checkout_method(const nlohmann::json& settings) const override;

  Result<ProviderPayment> authorize(const nlohmann::json& settings,
                                    const PaymentRequest& request) override;
  Result<ProviderPayment> capture(const nlohmann::json& settings, const ProviderPayment& payment,
                                  const std::string& order_id) override;
  Result<ProviderPayment> refund(const nlohmann::json& settings, const ProviderPayment& payment,
                                 int64_t amount_cents, const std::string& idempotency_key) override;
  Result<ProviderPayment> cancel(const nlohmann::json& settings, const ProviderPayment& payment,
                                 const std::string& order_id) override;
  // Reads payment_intent.* events (and charge.refunded) after checking Stripe-Signature against
  // the shop's webhook_secret; other event types come back without a payment.
  Result<WebhookEvent> read_webhook(const nlohmann::json& settings,
                                    const WebhookCall& call) const override;

  // Stripe-Signature's value for `body` signed at `t` under `secret`: "t=<t>,v1=<hex>". The tests'
  // Stripe server signs its webhooks with it.
  static std::string sign_webhook(const std::string& secret, int64_t t, const std::string& body);

 private:
  // A POST to `path` with form fields; Stripe's JSON answer, or its error as an Error.
  Result<nlohmann::json> post(const nlohmann::json& settings, const std::string& path,
                              const std::vector<std::pair<std::string, std::string>>& form,
                              const std::string& idempotency_key) const;

  std::string api_base_;
};

// The payment a PaymentIntent object describes (its status, amount_received, client_secret,
// last_payment_error).
ProviderPayment payment_from_intent(const nlohmann::json& intent);

}  // namespace vitrine::payments
