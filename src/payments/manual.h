// ManualProvider: payments that happen outside the platform — a bank transfer, cash on delivery,
// paying at pickup. The order waits as pending until the merchant says the money arrived
// (capture = "mark paid"); refunds are recorded, the merchant gives the money back by hand.
#pragma once

#include "payments/provider.h"

namespace vitrine::payments {

inline constexpr size_t kMaxInstructionsLength = 1000;
inline constexpr size_t kMaxMethodNameLength = 80;

class ManualProvider final : public PaymentProvider {
 public:
  std::string id() const override { return "manual"; }
  // Settings {enabled, name, instructions}: instructions (≤ 1000 characters) are shown on the
  // order page and in the confirmation e-mail ("Transfer to IBAN ..., reference: the order").
  Result<nlohmann::json> check_settings(const nlohmann::json& body,
                                        const nlohmann::json& previous) const override;
  nlohmann::json public_settings(const nlohmann::json& settings) const override;
  nlohmann::json checkout_method(const nlohmann::json& settings) const override;
  bool starts_locally() const override { return true; }
  // pending, for the whole amount: nothing to call.
  Result<ProviderPayment> authorize(const nlohmann::json& settings,
                                    const PaymentRequest& request) override;
  Result<ProviderPayment> capture(const nlohmann::json& settings, const ProviderPayment& payment,
                                  const std::string& order_id) override;
  Result<ProviderPayment> refund(const nlohmann::json& settings, const ProviderPayment& payment,
                                 int64_t amount_cents, const std::string& idempotency_key) override;
  Result<ProviderPayment> cancel(const nlohmann::json& settings, const ProviderPayment& payment,
                                 const std::string& order_id) override;
  // not_found: nobody calls back about a bank transfer.
  Result<WebhookEvent> read_webhook(const nlohmann::json& settings,
                                    const WebhookCall& call) const override;
};

}  // namespace vitrine::payments
