// A local server that answers as Stripe's API does, for the calls Vitrine makes
// (https://docs.stripe.com/api): PaymentIntents create, retrieve, confirm, capture and cancel,
// refunds, Bearer secret-key authentication, Idempotency-Key replay, Stripe's error objects
// (402 card_error for a declined card, 400 invalid_request_error, 401 for a wrong key) and
// webhooks signed with Stripe-Signature. Stripe itself cannot be reached from the machines that
// build Vitrine; this is the one stand-in the tests use for it.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vitrine::testing {

inline constexpr const char* kStripeSecretKey = "sk_test_vitrine51Hx0000";
inline constexpr const char* kStripePublishableKey = "pk_test_vitrine51Hx0000";
inline constexpr const char* kStripeWebhookSecret = "whsec_vitrine_test_0000";

class StripeServer {
 public:
  // Listens on 127.0.0.1, an ephemeral port, until destroyed.
  StripeServer();
  ~StripeServer();

  // "http://127.0.0.1:PORT": the api base to configure (stripe_api_url).
  std::string url() const;

  // The customer pays in the browser (what Stripe.js's confirmPayment does): POST
  // /v1/payment_intents/<id>/confirm with a test payment method, "pm_card_visa" (succeeds) or
  // "pm_card_chargeDeclined" (402 card_declined). Returns the intent afterwards.
  nlohmann::json confirm(const std::string& intent_id, const std::string& payment_method);
  // The intent as Stripe holds it now.
  nlohmann::json intent(const std::string& intent_id) const;
  // How many refunds were created for the intent, and their sum in Stripe's units.
  int refunds_of(const std::string& intent_id) const;
  int64_t refunded_amount(const std::string& intent_id) const;

  // Delivers event `type` with `object` as data.object to `url` (Host header `host`), signed with
  // `secret` at `signed_at` (unix seconds; 0 = now), as Stripe's webhooks do. Returns the HTTP
  // status the receiver answered (0 when it could not be reached).
  long send_event(const std::string& url, const std::string& host, const std::string& type,
                  const nlohmann::json& object, const std::string& event_id = "",
                  const std::string& secret = kStripeWebhookSecret, int64_t signed_at = 0);

  // "POST /v1/payment_intents" for every request received, in order.
  std::vector<std::string> requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vitrine::testing
