// PaymentProvider: how money for an order is asked for, taken and given back, the same four calls
// for every provider (Medusa's payment providers, Shopify's payment gateways): authorize starts a
// payment, capture takes what authorize held, refund gives money back, and a webhook tells what
// happened at the provider since. A shop's settings for a provider (keys, options) are JSON
// owned by the provider; PaymentService stores them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vitrine::payments {

// Where a payment stands, in the same words for every provider:
//   pending    waiting for the customer (a card not yet entered) or the merchant (a bank transfer
//              not seen yet)
//   authorized the money is held; capture takes it
//   captured   the money is taken
//   partially_refunded, refunded
//   failed     the last attempt was declined; the customer may try again
//   canceled   nothing will be taken
namespace status {
inline constexpr const char* kPending = "pending";
inline constexpr const char* kAuthorized = "authorized";
inline constexpr const char* kCaptured = "captured";
inline constexpr const char* kPartiallyRefunded = "partially_refunded";
inline constexpr const char* kRefunded = "refunded";
inline constexpr const char* kFailed = "failed";
inline constexpr const char* kCanceled = "canceled";
}  // namespace status

// What a provider reports about one payment after a call or in a webhook.
struct ProviderPayment {
  std::string reference;  // the provider's id ("pi_3P..."); "" for manual payments
  std::string status;     // one of status::*
  std::string currency;   // ISO 4217, upper case; amounts in its minor units (core/currency.h)
  int64_t amount_cents = 0;
  int64_t captured_cents = 0;
  int64_t refunded_cents = 0;
  // What the browser needs to finish the payment (Stripe.js confirmPayment); "" when nothing.
  std::string client_secret;
  std::string failure_message;  // why the last attempt failed, in words for the customer
};

// One order's payment to start.
struct PaymentRequest {
  std::string workspace_id, order_id, order_name, email, currency;
  int64_t amount_cents = 0;
};

// A webhook call as it arrived: headers (names lower-case) and the raw body, which signatures
// cover byte for byte.
struct WebhookCall {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The first value of header `name` (lower-case), or nullptr.
  const std::string* header(std::string_view name) const;
};

// What a verified webhook says.
struct WebhookEvent {
  std::string id;    // the provider's event id: providers deliver some twice
  std::string type;  // the provider's name for it ("payment_intent.succeeded")
  // The payment as the event leaves it; nullopt for events about something else.
  std::optional<ProviderPayment> payment;
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;

  // The provider's id, which carts name as payment_method: "manual", "stripe".
  virtual std::string id() const = 0;

  // A shop's settings for this provider from the merchant's `body`, normalised; secrets left
  // out of `body` keep their value in `previous`. validation_failed with pointers relative to
  // the provider's object ("/secret_key").
  virtual Result<nlohmann::json> check_settings(const nlohmann::json& body,
                                                const nlohmann::json& previous) const = 0;
  // The settings as the merchant API shows them: secrets masked.
  virtual nlohmann::json public_settings(const nlohmann::json& settings) const = 0;
  // What a checkout shows about this way to pay: {id, name, instructions?, publishable_key?}.
  virtual nlohmann::json checkout_method(const nlohmann::json& settings) const = 0;

  // Whether authorize() answers without calling anyone (manual): such a payment starts inside the
  // checkout's transaction, so the order and its payment commit together.
  virtual bool starts_locally() const { return false; }

  // Starts the payment of an order. A retry for the same order never starts a second payment.
  // unavailable when the provider cannot be reached; payment_failed when it refuses.
  virtual Result<ProviderPayment> authorize(const nlohmann::json& settings,
                                            const PaymentRequest& request) = 0;
  // Takes the authorized money (manual: records that the merchant received it).
  virtual Result<ProviderPayment> capture(const nlohmann::json& settings,
                                          const ProviderPayment& payment,
                                          const std::string& order_id) = 0;
  // Gives back `amount_cents` of what was captured; `idempotency_key` makes a retried refund
  // the same refund.
  virtual Result<ProviderPayment> refund(const nlohmann::json& settings,
                                         const ProviderPayment& payment, int64_t amount_cents,
                                         const std::string& idempotency_key) = 0;
  // Gives up a payment nothing was captured of (the order was cancelled).
  virtual Result<ProviderPayment> cancel(const nlohmann::json& settings,
                                         const ProviderPayment& payment,
                                         const std::string& order_id) = 0;
  // Verifies a webhook call (signature and age) and reads it. unauthorized when the signature
  // does not verify or is too old; invalid_argument for a body that is not an event;
  // not_found for providers without webhooks.
  virtual Result<WebhookEvent> read_webhook(const nlohmann::json& settings,
                                            const WebhookCall& call) const = 0;
};

}  // namespace vitrine::payments
