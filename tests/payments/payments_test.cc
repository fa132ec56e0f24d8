// Payments end to end below the HTTP layer: the shop's settings, manual payments, and Stripe
// PaymentIntents against the local server that answers as Stripe does (the one stand-in for
// Stripe, which cannot be reached from here), on a real database.
#include "payments/payments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/text.h"
#include "payments/manual.h"
#include "payments/stripe.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/stripe_server.h"
#include "testing/temp_dir.h"

using ::testing::HasSubstr;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::payments {
namespace {

using nlohmann::json;

class PaymentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    ASSERT_THAT(db::migrate(*db_, PaymentService::migrations()), IsOk());
    std::vector<std::unique_ptr<PaymentProvider>> providers;
    providers.push_back(std::make_unique<ManualProvider>());
    providers.push_back(std::make_unique<StripeProvider>(stripe_.url()));
    payments_ = std::make_unique<PaymentService>(*db_, std::move(providers));
  }
  void enable_stripe(const std::string& capture = "automatic") {
    ASSERT_THAT(
        payments_->save_settings(shop_, {{"stripe",
                                          {{"publishable_key", testing::kStripePublishableKey},
                                           {"secret_key", testing::kStripeSecretKey},
                                           {"webhook_secret", testing::kStripeWebhookSecret},
                                           {"capture_method", capture}}}}),
        IsOk());
  }
  PaymentRequest order(const std::string& id, int64_t cents = 2450) {
    return {shop_, id, "#1001", "ana@example.com", "USD", cents};
  }
  WebhookCall signed_call(const json& event, const std::string& secret, int64_t t = 0) {
    WebhookCall call;
    call.body = event.dump();
    call.headers = {{"stripe-signature",
                     StripeProvider::sign_webhook(secret, t ? t : unix_seconds_now(), call.body)}};
    return call;
  }
  json event(const std::string& id, const std::string& type, const json& object) {
    return {{"id", id}, {"object", "event"}, {"type", type}, {"data", {{"object", object}}}};
  }

  TempDir tmp_;
  testing::StripeServer stripe_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<PaymentService> payments_;
  std::string shop_ = "ws-1";
};

TEST_F(PaymentsTest, AShopPaysManuallyUntilItConfiguresStripe) {
  auto methods = payments_->checkout_methods(shop_);
  ASSERT_THAT(methods, IsOk());
  ASSERT_EQ(methods->size(), 1u);
  EXPECT_EQ((*methods)[0]["id"], "manual");
  EXPECT_FALSE(*payments_->accepts(shop_, "stripe"));

  enable_stripe();
  methods = payments_->checkout_methods(shop_);
  ASSERT_EQ(methods->size(), 2u);
  EXPECT_EQ((*methods)[1]["id"], "stripe");
  EXPECT_EQ((*methods)[1]["publishable_key"], testing::kStripePublishableKey);
  // The merchant API never shows the secrets again.
  auto shown = payments_->settings(shop_);
  ASSERT_THAT(shown, IsOk());
  EXPECT_EQ(shown->dump().find(testing::kStripeSecretKey), std::string::npos);
  EXPECT_EQ(shown->dump().find(testing::kStripeWebhookSecret), std::string::npos);
  EXPECT_THAT((*shown)["stripe"]["secret_key"].get<std::string>(), HasSubstr("sk_test_"));
}

TEST_F(PaymentsTest, BadSettingsNameTheirFieldAndSaveNothing) {
  auto bad = payments_->save_settings(
      shop_, {{"stripe", {{"publishable_key", "pk_live_x"}, {"secret_key", "hello"}}},
              {"paypal", json::object()}});
  ASSERT_THAT(bad, StatusIs(errc::kValidationFailed));
  const std::string all = bad.error().details.dump();
  EXPECT_THAT(all, HasSubstr("/stripe/secret_key"));
  EXPECT_THAT(all, HasSubstr("/paypal"));
  EXPECT_FALSE(*payments_->accepts(shop_, "stripe"));
  // Test and live keys do not mix; every way to pay cannot be switched off.
  auto mixed = payments_->save_settings(shop_, {{"stripe",
                                                 {{"publishable_key", "pk_live_abc"},
                                                  {"secret_key", testing::kStripeSecretKey},
                                                  {"webhook_secret", "whsec_x"}}}});
  ASSERT_THAT(mixed, StatusIs(errc::kValidationFailed));
  EXPECT_THAT(mixed.error().message, HasSubstr("live"));
  auto none = payments_->save_settings(shop_, {{"manual", {{"enabled", false}}}});
  ASSERT_THAT(none, StatusIs(errc::kValidationFailed));
  EXPECT_TRUE(*payments_->accepts(shop_, "manual"));
}

TEST_F(PaymentsTest, SavingAgainWithoutTheSecretKeepsIt) {
  enable_stripe();
  ASSERT_THAT(
      payments_->save_settings(shop_, {{"stripe",
                                        {{"publishable_key", testing::kStripePublishableKey},
                                         {"name", "Card or Apple Pay"}}}}),
      IsOk());
  auto started = payments_->start("stripe", order("o-keep"));
  ASSERT_THAT(started, IsOk());
  EXPECT_EQ(started->state.status, status::kPending) << started->state.failure_message;
  EXPECT_EQ((*payments_->checkout_methods(shop_))[1]["name"], "Card or Apple Pay");
}

TEST_F(PaymentsTest, ManualPaymentsWaitForTheMerchant) {
  auto p = payments_->start("manual", order("o-1"));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->state.status, status::kPending);
  auto paid = payments_->capture(shop_, "o-1");
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->state.status, status::kCaptured);
  EXPECT_EQ(paid->state.captured_cents, 2450);
  auto too_much = payments_->refund(shop_, "o-1", 2451);
  EXPECT_THAT(too_much, StatusIs(errc::kConflict));
  auto back = payments_->refund(shop_, "o-1", 2450);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->state.status, status::kRefunded);
  EXPECT_THAT(payments_->capture(shop_, "o-1"), StatusIs(errc::kConflict));
}

TEST_F(PaymentsTest, StripeIntentIsCreatedOncePerOrder) {
  enable_stripe();
  auto first = payments_->start("stripe", order("o-2"));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->state.status, status::kPending);
  EXPECT_THAT(first->state.reference, HasSubstr("pi_"));
  EXPECT_THAT(first->state.client_secret, HasSubstr("_secret_"));
  auto again = payments_->start("stripe", order("o-2"));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->state.reference, first->state.reference);
  const json intent = stripe_.intent(first->state.reference);
  EXPECT_EQ(intent["amount"], 2450);
  EXPECT_EQ(intent["currency"], "usd");
  EXPECT_EQ(intent["metadata"]["order_id"], "o-2");
  EXPECT_EQ(intent["receipt_email"], "ana@example.com");
  int creates = 0;
  for (const auto& r : stripe_.requests()) creates += r == "POST /v1/payment_intents";
  EXPECT_EQ(creates, 1);
}

TEST_F(PaymentsTest, AStartStripeRefusesIsAFailedPaymentThatCanBeRetried) {
  enable_stripe();
  // Stripe's minimum charge is 50 cents: its invalid_request_error becomes the failure message.
  auto small = payments_->start("stripe", order("o-3", 10));
  ASSERT_THAT(small, IsOk());
  EXPECT_EQ(small->state.status, status::kFailed);
  EXPECT_THAT(small->state.failure_message, HasSubstr("at least 50 cents"));
  auto retried = payments_->start("stripe", order("o-3", 500));
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->state.status, status::kPending);
  EXPECT_EQ(retried->attempts, 2);
}

TEST_F(PaymentsTest, AnUnreachableStripeIsAFailedStartNotALostOrder) {
  std::vector<std::unique_ptr<PaymentProvider>> providers;
  providers.push_back(std::make_unique<ManualProvider>());
  providers.push_back(std::make_unique<StripeProvider>("http://127.0.0.1:1"));
  PaymentService offline(*db_, std::move(providers));
  enable_stripe();
  auto p = offline.start("stripe", order("o-4"));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->state.status, status::kFailed);
  EXPECT_THAT(p->state.failure_message, HasSubstr("could not be reached"));
}

TEST_F(PaymentsTest, WebhookMarksTheIntentCapturedOnceAndRefundsGoThroughStripe) {
  enable_stripe();
  auto p = payments_->start("stripe", order("o-5"));
  ASSERT_THAT(p, IsOk());
  const json paid = stripe_.confirm(p->state.reference, "pm_card_visa");
  ASSERT_EQ(paid["status"], "succeeded");
  const json ev = event("evt_1", "payment_intent.succeeded", paid);
  auto applied =
      payments_->apply_webhook(shop_, "stripe", signed_call(ev, testing::kStripeWebhookSecret));
  ASSERT_THAT(applied, IsOk());
  ASSERT_TRUE(applied->has_value());
  EXPECT_EQ((*applied)->state.status, status::kCaptured);
  EXPECT_EQ((*applied)->state.captured_cents, 2450);
  // Stripe retries deliveries: the same event again changes nothing.
  auto twice =
      payments_->apply_webhook(shop_, "stripe", signed_call(ev, testing::kStripeWebhookSecret));
  ASSERT_THAT(twice, IsOk());
  EXPECT_FALSE(twice->has_value());

  auto part = payments_->refund(shop_, "o-5", 450);
  ASSERT_THAT(part, IsOk());
  EXPECT_EQ(part->state.status, status::kPartiallyRefunded);
  auto rest = payments_->refund(shop_, "o-5", 2000);
  ASSERT_THAT(rest, IsOk());
  EXPECT_EQ(rest->state.status, status::kRefunded);
  EXPECT_EQ(stripe_.refunds_of(p->state.reference), 2);
  EXPECT_THAT(payments_->refund(shop_, "o-5", 1), StatusIs(errc::kConflict));
}

// Stripe's amounts are not always the shop's minor units (https://docs.stripe.com/currencies):
// ISK goes as two decimals, MGA as whole ariary, three-decimal currencies must end in 0. The shop
// sees its own units back; an amount Stripe cannot charge is a failed start, with no intent made.
TEST_F(PaymentsTest, AmountsFollowStripesDigitsForEachCurrency) {
  enable_stripe();
  auto in = [&](const std::string& id, const std::string& currency, int64_t minor) {
    PaymentRequest r = order(id, minor);
    r.currency = currency;
    return payments_->start("stripe", r);
  };
  struct Case {
    const char* currency;
    int64_t minor, stripe_amount;
  };
  for (const Case& c : {Case{"USD", 2450, 2450}, Case{"JPY", 1200, 1200}, Case{"ISK", 5000, 500000},
                        Case{"KWD", 12340, 12340}, Case{"MGA", 125000, 1250}}) {
    auto p = in(std::string("o-") + c.currency, c.currency, c.minor);
    ASSERT_THAT(p, IsOk());
    ASSERT_EQ(p->state.status, status::kPending) << c.currency << ": " << p->state.failure_message;
    EXPECT_EQ(stripe_.intent(p->state.reference)["amount"], c.stripe_amount) << c.currency;
    EXPECT_EQ(stripe_.intent(p->state.reference)["currency"], ascii_lower(c.currency));
    EXPECT_EQ(p->state.amount_cents, c.minor) << c.currency << " in the shop's units";
    EXPECT_EQ(p->state.currency, c.currency);
  }
  const size_t before = stripe_.requests().size();
  auto fils = in("o-kwd-odd", "KWD", 12345);
  ASSERT_THAT(fils, IsOk());
  EXPECT_EQ(fils->state.status, status::kFailed);
  EXPECT_THAT(fils->state.failure_message, HasSubstr("multiples of 10"));
  auto ariary = in("o-mga-odd", "MGA", 125050);
  ASSERT_THAT(ariary, IsOk());
  EXPECT_EQ(ariary->state.status, status::kFailed);
  EXPECT_THAT(ariary->state.failure_message, HasSubstr("whole units"));
  EXPECT_EQ(stripe_.requests().size(), before) << "nothing was sent to Stripe";

  // A krona refund goes out in Stripe's units and comes back in the shop's.
  auto isk = payments_->of_order(shop_, "o-ISK");
  ASSERT_THAT(isk, IsOk());
  const json paid = stripe_.confirm((*isk)->state.reference, "pm_card_visa");
  auto captured =
      payments_->apply_webhook(shop_, "stripe",
                               signed_call(event("evt_isk", "payment_intent.succeeded", paid),
                                           testing::kStripeWebhookSecret));
  ASSERT_THAT(captured, IsOk());
  ASSERT_TRUE(captured->has_value());
  EXPECT_EQ((*captured)->state.captured_cents, 5000);
  auto part = payments_->refund(shop_, "o-ISK", 2000);
  ASSERT_THAT(part, IsOk());
  EXPECT_EQ(part->state.refunded_cents, 2000);
  EXPECT_EQ(part->state.status, status::kPartiallyRefunded);
  EXPECT_EQ(stripe_.refunded_amount((*isk)->state.reference), 200000);
}

TEST_F(PaymentsTest, ForgedStaleOrUnsignedWebhooksAreRefused) {
  enable_stripe();
  auto p = payments_->start("stripe", order("o-6"));
  ASSERT_THAT(p, IsOk());
  json object = stripe_.intent(p->state.reference);
  object["status"] = "succeeded";
  object["amount_received"] = 2450;
  const json ev = event("evt_forged", "payment_intent.succeeded", object);
  EXPECT_THAT(payments_->apply_webhook(shop_, "stripe", signed_call(ev, "whsec_someone_else")),
              StatusIs(errc::kUnauthorized));
  EXPECT_THAT(payments_->apply_webhook(
                  shop_, "stripe",
                  signed_call(ev, testing::kStripeWebhookSecret, unix_seconds_now() - 600)),
              StatusIs(errc::kUnauthorized));
  WebhookCall unsigned_call;
  unsigned_call.body = ev.dump();
  EXPECT_THAT(payments_->apply_webhook(shop_, "stripe", unsigned_call),
              StatusIs(errc::kUnauthorized));
  // A body changed after signing does not verify either.
  WebhookCall tampered = signed_call(ev, testing::kStripeWebhookSecret);
  tampered.body.replace(tampered.body.find("2450"), 4, "9999");
  EXPECT_THAT(payments_->apply_webhook(shop_, "stripe", tampered), StatusIs(errc::kUnauthorized));
  EXPECT_EQ((*payments_->of_order(shop_, "o-6"))->state.status, status::kPending);
  // Another shop's payment is not this shop's to change.
  auto other =
      payments_->apply_webhook("ws-2", "stripe", signed_call(ev, testing::kStripeWebhookSecret));
  EXPECT_THAT(other, StatusIs(errc::kUnauthorized));  // ws-2 has no webhook secret
}

TEST_F(PaymentsTest, ManualCaptureAuthorizesFirstAndADeclineIsShown) {
  enable_stripe("manual");
  auto p = payments_->start("stripe", order("o-7"));
  ASSERT_THAT(p, IsOk());
  // Capturing before the customer paid is refused.
  EXPECT_THAT(payments_->capture(shop_, "o-7"), StatusIs(errc::kConflict));
  stripe_.confirm(p->state.reference, "pm_card_chargeDeclined");
  auto declined = payments_->apply_webhook(
      shop_, "stripe",
      signed_call(
          event("evt_d", "payment_intent.payment_failed", stripe_.intent(p->state.reference)),
          testing::kStripeWebhookSecret));
  ASSERT_THAT(declined, IsOk());
  ASSERT_TRUE(declined->has_value());
  EXPECT_EQ((*declined)->state.status, status::kFailed);
  EXPECT_EQ((*declined)->state.failure_message, "Your card was declined.");

  // The customer tries another card; the money is held until the merchant captures it.
  stripe_.confirm(p->state.reference, "pm_card_visa");
  auto held = payments_->apply_webhook(
      shop_, "stripe",
      signed_call(event("evt_h", "payment_intent.amount_capturable_updated",
                        stripe_.intent(p->state.reference)),
                  testing::kStripeWebhookSecret));
  ASSERT_THAT(held, IsOk());
  EXPECT_EQ((*held)->state.status, status::kAuthorized);
  auto captured = payments_->capture(shop_, "o-7");
  ASSERT_THAT(captured, IsOk());
  EXPECT_EQ(captured->state.status, status::kCaptured);
  EXPECT_EQ(stripe_.intent(p->state.reference)["status"], "succeeded");
}

TEST_F(PaymentsTest, CancellingReleasesTheIntent) {
  enable_stripe();
  auto p = payments_->start("stripe", order("o-8"));
  ASSERT_THAT(p, IsOk());
  auto c = payments_->cancel(shop_, "o-8");
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->state.status, status::kCanceled);
  EXPECT_EQ(stripe_.intent(p->state.reference)["status"], "canceled");
}

TEST_F(PaymentsTest, AWrongSecretKeyIsAPaymentErrorThatSaysToCheckTheSettings) {
  ASSERT_THAT(
      payments_->save_settings(shop_, {{"stripe",
                                        {{"publishable_key", "pk_test_other"},
                                         {"secret_key", "sk_test_not_the_right_one"},
                                         {"webhook_secret", testing::kStripeWebhookSecret}}}}),
      IsOk());
  auto p = payments_->start("stripe", order("o-9"));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->state.status, status::kFailed);
  EXPECT_THAT(p->state.failure_message, HasSubstr("check the payment settings"));
}

}  // namespace
}  // namespace vitrine::payments
