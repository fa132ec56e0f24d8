#include "payments/stripe.h"

#include <charconv>
#include <set>

#include "core/clock.h"
#include "core/currency.h"
#include "core/hash.h"
#include "core/problems.h"
#include "core/text.h"
#include "core/url.h"
#include "http/client.h"

namespace vitrine::payments {

using nlohmann::json;

namespace {

constexpr const char* kDefaultName = "Card";
constexpr auto kRequestTimeout = std::chrono::seconds(30);

bool starts_with_any(const std::string& s, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes)
    if (s.rfind(p, 0) == 0) return true;
  return false;
}

// "test" or "live" from a key's prefix ("sk_test_…", "rk_live_…"); "" when neither.
std::string key_mode(const std::string& key) {
  if (key.find("_test_") != std::string::npos) return "test";
  if (key.find("_live_") != std::string::npos) return "live";
  return "";
}

std::string masked(const std::string& secret) {
  if (secret.empty()) return "";
  const size_t prefix = secret.find('_', secret.find('_') + 1);
  const std::string head = secret.substr(
      0, prefix == std::string::npos ? std::min<size_t>(3, secret.size()) : prefix + 1);
  return head + "…" + (secret.size() > 12 ? secret.substr(secret.size() - 4) : "");
}

// Digits of `currency` (upper case) in Stripe's amounts (https://docs.stripe.com/currencies):
// zero-decimal currencies in whole units, BHD, JOD, KWD, OMR and TND in thousandths, ISK in
// hundredths for backwards compatibility (though it has no minor unit), the rest in hundredths.
int stripe_digits(std::string_view currency) {
  static const std::set<std::string_view> kZero = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF",
                                                   "KRW", "MGA", "PYG", "RWF", "UGX", "VND",
                                                   "VUV", "XAF", "XOF", "XPF"};
  static const std::set<std::string_view> kThree = {"BHD", "JOD", "KWD", "OMR", "TND"};
  if (kZero.count(currency)) return 0;
  if (kThree.count(currency)) return 3;
  return 2;
}

int64_t power_of_ten(int n) {
  int64_t out = 1;
  while (n-- > 0) out *= 10;
  return out;
}

// An amount in the shop's minor units (core/currency.h) as Stripe takes it. payment_failed when
// Stripe cannot charge it: a fraction of a unit Stripe charges whole (MGA), or thousandths not
// ending in 0 (Stripe rounds three-decimal currencies to the hundredth).
Result<int64_t> to_stripe_amount(int64_t minor, const std::string& currency) {
  const std::string code = ascii_upper(currency);
  const int ours = currency_minor_digits(code), theirs = stripe_digits(code);
  const json details = {{"provider", "stripe"}, {"currency", code}};
  if (theirs < ours) {
    const int64_t unit = power_of_ten(ours - theirs);
    if (minor % unit != 0)
      return fail(errc::kPaymentFailed,
                  "Stripe charges " + code + " in whole units; " + std::to_string(minor) +
                      " minor units are not a whole amount",
                  details);
    return minor / unit;
  }
  const int64_t amount = minor * power_of_ten(theirs - ours);
  if (theirs == 3 && amount % 10 != 0)
    return fail(errc::kPaymentFailed,
                "Stripe charges " + code + " in multiples of 10 thousandths; " +
                    std::to_string(minor) + " is not one",
                details);
  return amount;
}

// An amount Stripe reports, in `currency`'s minor units as the shop stores them.
int64_t from_stripe_amount(int64_t amount, const std::string& currency) {
  const std::string code = ascii_upper(currency);
  const int ours = currency_minor_digits(code), theirs = stripe_digits(code);
  return theirs >= ours ? amount / power_of_ten(theirs - ours)
                        : amount * power_of_ten(ours - theirs);
}

std::string form_body(const std::vector<std::pair<std::string, std::string>>& form) {
  std::string out;
  for (const auto& [k, v] : form) {
    if (!out.empty()) out += '&';
    out += percent_encode(k, "[]") + "=" + percent_encode(v);
  }
  return out;
}

// Stripe's error object ({"error": {type, code, decline_code, message, param}}) as an Error: a
// declined card or a refused request is payment_failed; a key Stripe does not accept says to
// fix the settings; rate limits and Stripe's own failures are unavailable (retry later).
Error stripe_error(long http_status, const std::string& body) {
  const json doc = json::parse(body, nullptr, false);
  json err = doc.is_object() && doc.contains("error") && doc["error"].is_object() ? doc["error"]
                                                                                  : json::object();
  const std::string message = err.value("message", "");
  json details = {{"provider", "stripe"},
                  {"http_status", http_status},
                  {"stripe_type", err.value("type", "")},
                  {"stripe_code", err.value("code", "")}};
  if (err.contains("decline_code")) details["decline_code"] = err["decline_code"];
  if (err.contains("param")) details["param"] = err["param"];
  if (http_status == 401 || http_status == 403)
    return make_error(
        errc::kPaymentFailed,
        "Stripe refused the shop's secret key (check the payment settings): " + message, details);
  if (http_status == 429 || http_status >= 500)
    return make_error(
        errc::kUnavailable,
        "Stripe is unavailable for now (HTTP " + std::to_string(http_status) + "); try again",
        details);
  return make_error(errc::kPaymentFailed,
                    message.empty()
                        ? "Stripe refused the request (HTTP " + std::to_string(http_status) + ")"
                        : message,
                    details);
}

}  // namespace

ProviderPayment payment_from_intent(const json& intent) {
  ProviderPayment p;
  p.reference = intent.value("id", "");
  const std::string currency = intent.value("currency", "");
  p.amount_cents = from_stripe_amount(intent.value("amount", int64_t{0}), currency);
  p.captured_cents = from_stripe_amount(intent.value("amount_received", int64_t{0}), currency);
  p.currency = ascii_upper(currency);
  p.client_secret = intent.value("client_secret", "");
  const std::string s = intent.value("status", "");
  const bool failed_attempt =
      intent.contains("last_payment_error") && intent["last_payment_error"].is_object();
  if (failed_attempt)
    p.failure_message = intent["last_payment_error"].value("message", "the payment was declined");
  if (s == "succeeded")
    p.status = status::kCaptured;
  else if (s == "requires_capture")
    p.status = status::kAuthorized;
  else if (s == "canceled")
    p.status = status::kCanceled;
  else if (s == "requires_payment_method" && failed_attempt)
    p.status = status::kFailed;
  else  // requires_payment_method, requires_confirmation, requires_action, processing
    p.status = status::kPending;
  return p;
}

Result<json> StripeProvider::check_settings(const json& body, const json& previous) const {
  if (!body.is_object()) return validation_failed_at("", "must be an object");
  Problems problems;
  json out = {{"enabled", true},
              {"name", kDefaultName},
              {"publishable_key", ""},
              {"secret_key", previous.is_object() ? previous.value("secret_key", "") : ""},
              {"webhook_secret", previous.is_object() ? previous.value("webhook_secret", "") : ""},
              {"capture_method", "automatic"}};
  for (const auto& [key, value] : body.items()) {
    if (key == "enabled") {
      if (!value.is_boolean())
        problems.add("/enabled", "must be true or false");
      else
        out["enabled"] = value;
      continue;
    }
    if (key != "name" && key != "publishable_key" && key != "secret_key" &&
        key != "webhook_secret" && key != "capture_method") {
      problems.add("/" + key,
                   "is not a setting of Stripe payments (enabled, name, publishable_key, "
                   "secret_key, webhook_secret, capture_method)");
      continue;
    }
    if (!value.is_string() || value.get<std::string>().size() > 255) {
      problems.add("/" + key, "must be a string of at most 255 bytes");
      continue;
    }
    const std::string v = trim_space(value.get<std::string>());
    if (key == "name" && v.empty())
      problems.add("/name", "must not be empty");
    else if (key == "publishable_key" && !starts_with_any(v, {"pk_test_", "pk_live_"}))
      problems.add("/publishable_key", "must be a Stripe publishable key (pk_test_… or pk_live_…)");
    else if (key == "secret_key" &&
             !starts_with_any(v, {"sk_test_", "sk_live_", "rk_test_", "rk_live_"}))
      problems.add("/secret_key",
                   "must be a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_…)");
    else if (key == "webhook_secret" && v.rfind("whsec_", 0) != 0)
      problems.add("/webhook_secret", "must be a webhook signing secret (whsec_…)");
    else if (key == "capture_method" && v != "automatic" && v != "manual")
      problems.add("/capture_method", "must be automatic or manual");
    else
      out[key] = v;
  }
  if (out["enabled"].get<bool>() && problems.empty()) {
    for (const char* required : {"publishable_key", "secret_key", "webhook_secret"})
      if (out[required].get<std::string>().empty())
        problems.add(std::string("/") + required, "is required to take payments with Stripe");
    const std::string pk = out["publishable_key"], sk = out["secret_key"];
    if (problems.empty() && key_mode(pk) != key_mode(sk))
      problems.add("/secret_key", "is a " + key_mode(sk) + " key but the publishable key is a " +
                                      key_mode(pk) + " key");
  }
  if (!problems.empty()) return problems.error("invalid Stripe payment settings");
  return out;
}

json StripeProvider::public_settings(const json& settings) const {
  json out = settings;
  out["secret_key"] = masked(settings.value("secret_key", ""));
  out["webhook_secret"] = masked(settings.value("webhook_secret", ""));
  return out;
}

json StripeProvider::checkout_method(const json& settings) const {
  return {{"id", id()},
          {"name", settings.value("name", kDefaultName)},
          {"publishable_key", settings.value("publishable_key", "")}};
}

Result<json> StripeProvider::post(const json& settings, const std::string& path,
                                  const std::vector<std::pair<std::string, std::string>>& form,
                                  const std::string& idempotency_key) const {
  const std::string body = form_body(form);
  http::ClientRequest req;
  req.method = "POST";
  req.url = api_base_ + path;
  req.headers = {"Authorization: Bearer " + settings.value("secret_key", ""),
                 "Content-Type: application/x-www-form-urlencoded",
                 std::string("Stripe-Version: ") + kStripeApiVersion,
                 "Idempotency-Key: " + idempotency_key};
  req.body = body;
  req.user_agent = "Vitrine";
  req.timeout = kRequestTimeout;
  req.max_body_bytes = 1 << 20;
  auto res = http::send_request(req);
  if (!res.ok())
    return fail(errc::kUnavailable, "Stripe could not be reached: " + res.error().message,
                {{"provider", "stripe"}});
  if (res->status < 200 || res->status >= 300) return stripe_error(res->status, res->body);
  json doc = json::parse(res->body, nullptr, false);
  if (!doc.is_object())
    return fail(errc::kUnavailable, "Stripe answered " + path + " with something not JSON",
                {{"provider", "stripe"}});
  return doc;
}

Result<ProviderPayment> StripeProvider::authorize(const json& settings, const PaymentRequest& r) {
  VITRINE_ASSIGN(const int64_t amount, to_stripe_amount(r.amount_cents, r.currency));
  std::vector<std::pair<std::string, std::string>> form = {
      {"amount", std::to_string(amount)},
      {"currency", ascii_lower(r.currency)},
      {"capture_method", settings.value("capture_method", "automatic")},
      {"automatic_payment_methods[enabled]", "true"},
      {"description", "Order " + r.order_name},
      {"metadata[order_id]", r.order_id},
      {"metadata[workspace_id]", r.workspace_id},
      {"metadata[order_name]", r.order_name}};
  if (!r.email.empty()) form.emplace_back("receipt_email", r.email);
  VITRINE_ASSIGN(json intent,
                 post(settings, "/v1/payment_intents", form, "vitrine-pi-" + r.order_id));
  return payment_from_intent(intent);
}

Result<ProviderPayment> StripeProvider::capture(const json& settings, const ProviderPayment& p,
                                                const std::string& order_id) {
  VITRINE_ASSIGN(json intent,
                 post(settings, "/v1/payment_intents/" + percent_encode(p.reference) + "/capture",
                      {}, "vitrine-capture-" + order_id));
  ProviderPayment out = payment_from_intent(intent);
  out.refunded_cents = p.refunded_cents;
  return out;
}

Result<ProviderPayment> StripeProvider::cancel(const json& settings, const ProviderPayment& p,
                                               const std::string& order_id) {
  VITRINE_ASSIGN(json intent,
                 post(settings, "/v1/payment_intents/" + percent_encode(p.reference) + "/cancel",
                      {{"cancellation_reason", "abandoned"}}, "vitrine-cancel-" + order_id));
  return payment_from_intent(intent);
}

Result<ProviderPayment> StripeProvider::refund(const json& settings, const ProviderPayment& p,
                                               int64_t amount_cents,
                                               const std::string& idempotency_key) {
  VITRINE_ASSIGN(const int64_t amount, to_stripe_amount(amount_cents, p.currency));
  VITRINE_ASSIGN(
      json refund,
      post(settings, "/v1/refunds",
           {{"payment_intent", p.reference}, {"amount", std::to_string(amount)}}, idempotency_key));
  const std::string s = refund.value("status", "");
  if (s == "failed" || s == "canceled")
    return fail(errc::kPaymentFailed, "Stripe did not refund: " + refund.value("failure_reason", s),
                {{"provider", "stripe"}, {"refund", refund.value("id", "")}});
  ProviderPayment out = p;
  out.refunded_cents += refund.contains("amount") && refund["amount"].is_number_integer()
                            ? from_stripe_amount(refund["amount"].get<int64_t>(), p.currency)
                            : amount_cents;
  out.status =
      out.refunded_cents >= out.captured_cents ? status::kRefunded : status::kPartiallyRefunded;
  return out;
}

std::string StripeProvider::sign_webhook(const std::string& secret, int64_t t,
                                         const std::string& body) {
  return "t=" + std::to_string(t) +
         ",v1=" + hmac_sha256_hex(secret, std::to_string(t) + "." + body);
}

Result<WebhookEvent> StripeProvider::read_webhook(const json& settings,
                                                  const WebhookCall& call) const {
  const std::string secret = settings.value("webhook_secret", "");
  if (secret.empty())
    return fail(errc::kUnauthorized, "this shop has no Stripe webhook secret configured");
  const std::string* header = call.header("stripe-signature");
  if (!header) return fail(errc::kUnauthorized, "missing Stripe-Signature header");
  // "t=1492774577,v1=5257a8…,v1=…,v0=…": one timestamp, any number of signatures.
  int64_t t = -1;
  std::vector<std::string> signatures;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view k = item.substr(0, eq), v = item.substr(eq + 1);
    if (k == "t") {
      int64_t parsed = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
      if (ec == std::errc() && end == v.data() + v.size()) t = parsed;
    } else if (k == "v1") {
      signatures.emplace_back(v);
    }
  }
  if (t < 0 || signatures.empty())
    return fail(errc::kUnauthorized, "Stripe-Signature has no timestamp or no v1 signature");
  const std::string expected = hmac_sha256_hex(secret, std::to_string(t) + "." + call.body);
  bool valid = false;
  for (const auto& s : signatures) valid = valid || constant_time_equal(s, expected);
  if (!valid)
    return fail(errc::kUnauthorized,
                "Stripe-Signature does not match this body under the shop's webhook secret");
  const int64_t now = unix_seconds_now();
  if (t < now - kStripeWebhookTolerance.count() || t > now + kStripeWebhookTolerance.count())
    return fail(errc::kUnauthorized, "Stripe-Signature is older than 5 minutes (a replay?)",
                {{"timestamp", t}});

  const json event = json::parse(call.body, nullptr, false);
  if (!event.is_object() || !event.contains("id") || !event["id"].is_string() ||
      !event.contains("type") || !event["type"].is_string() || !event.contains("data") ||
      !event["data"].is_object() || !event["data"].contains("object") ||
      !event["data"]["object"].is_object())
    return fail(errc::kInvalidArgument, "the body is not a Stripe event (id, type, data.object)");
  WebhookEvent out;
  out.id = event["id"];
  out.type = event["type"];
  const json& object = event["data"]["object"];
  if (out.type.rfind("payment_intent.", 0) == 0 && object.value("object", "") == "payment_intent") {
    out.payment = payment_from_intent(object);
  } else if (out.type == "charge.refunded" && object.value("object", "") == "charge" &&
             object.contains("payment_intent") && object["payment_intent"].is_string()) {
    ProviderPayment p;
    p.reference = object["payment_intent"];
    const std::string currency = object.value("currency", "");
    p.currency = ascii_upper(currency);
    p.amount_cents = from_stripe_amount(object.value("amount", int64_t{0}), currency);
    p.captured_cents = from_stripe_amount(object.value("amount_captured", int64_t{0}), currency);
    p.refunded_cents = from_stripe_amount(object.value("amount_refunded", int64_t{0}), currency);
    p.status =
        p.refunded_cents >= p.captured_cents ? status::kRefunded : status::kPartiallyRefunded;
    out.payment = p;
  }
  return out;
}

}  // namespace vitrine::payments
