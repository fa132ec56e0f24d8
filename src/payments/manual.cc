#include "payments/manual.h"

#include "core/problems.h"
#include "core/text.h"

namespace vitrine::payments {

using nlohmann::json;

namespace {
constexpr const char* kDefaultName = "Bank transfer, or pay on delivery or at pickup";
}  // namespace

Result<json> ManualProvider::check_settings(const json& body, const json& previous) const {
  (void)previous;  // no secrets
  Problems problems;
  if (!body.is_object()) return validation_failed_at("", "must be an object");
  json out = {{"enabled", true}, {"name", kDefaultName}, {"instructions", ""}};
  for (const auto& [key, value] : body.items()) {
    if (key == "enabled") {
      if (!value.is_boolean())
        problems.add("/enabled", "must be true or false");
      else
        out["enabled"] = value;
    } else if (key == "name" || key == "instructions") {
      const size_t max = key == "name" ? kMaxMethodNameLength : kMaxInstructionsLength;
      if (!value.is_string() || value.get<std::string>().size() > max)
        problems.add("/" + key, "must be a string of at most " + std::to_string(max) + " bytes");
      else if (key == "name" && trim_space(value.get<std::string>()).empty())
        problems.add("/name", "must not be empty");
      else
        out[key] = key == "name" ? json(trim_space(value.get<std::string>())) : value;
    } else {
      problems.add("/" + key, "is not a setting of manual payments (enabled, name, instructions)");
    }
  }
  if (!problems.empty()) return problems.error("invalid manual payment settings");
  return out;
}

json ManualProvider::public_settings(const json& settings) const { return settings; }

json ManualProvider::checkout_method(const json& settings) const {
  return {{"id", id()},
          {"name", settings.value("name", kDefaultName)},
          {"instructions", settings.value("instructions", "")}};
}

Result<ProviderPayment> ManualProvider::authorize(const json&, const PaymentRequest& request) {
  ProviderPayment p;
  p.status = status::kPending;
  p.currency = request.currency;
  p.amount_cents = request.amount_cents;
  return p;
}

Result<ProviderPayment> ManualProvider::capture(const json&, const ProviderPayment& payment,
                                                const std::string&) {
  ProviderPayment p = payment;
  p.status = status::kCaptured;
  p.captured_cents = p.amount_cents;
  return p;
}

Result<ProviderPayment> ManualProvider::refund(const json&, const ProviderPayment& payment,
                                               int64_t amount_cents, const std::string&) {
  ProviderPayment p = payment;
  p.refunded_cents += amount_cents;
  p.status = p.refunded_cents >= p.captured_cents ? status::kRefunded : status::kPartiallyRefunded;
  return p;
}

Result<ProviderPayment> ManualProvider::cancel(const json&, const ProviderPayment& payment,
                                               const std::string&) {
  ProviderPayment p = payment;
  p.status = status::kCanceled;
  return p;
}

Result<WebhookEvent> ManualProvider::read_webhook(const json&, const WebhookCall&) const {
  return fail(errc::kNotFound, "manual payments have no webhooks");
}

const std::string* WebhookCall::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace vitrine::payments
