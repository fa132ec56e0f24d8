// Carts and orders against a real database (SQLite, or PostgreSQL in the suite's second pass):
// prices come from the catalogue, checkout takes stock without ever overselling, a retried
// complete returns the same order, orders follow their status machine and one shop never sees
// another's carts or orders.
#include "orders/orders.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "core/clock.h"
#include "events/event_bus.h"
#include "payments/manual.h"
#include "payments/stripe.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/stripe_server.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::orders {
namespace {

using nlohmann::json;

class OrdersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    std::vector<db::Migration> m = events::EventBus::migrations();
    for (auto& x : catalog::CatalogService::migrations()) m.push_back(x);
    for (auto& x : carts::CartService::migrations()) m.push_back(x);
    for (auto& x : pricing::PricingService::migrations()) m.push_back(x);
    for (auto& x : payments::PaymentService::migrations()) m.push_back(x);
    for (auto& x : OrderService::migrations()) m.push_back(x);
    ASSERT_THAT(db::migrate(*db_, m), IsOk());
    catalog_ = std::make_unique<catalog::CatalogService>(*db_);
    carts_ = std::make_unique<carts::CartService>(*db_, *catalog_);
    pricing_ = std::make_unique<pricing::PricingService>(*db_);
    std::vector<std::unique_ptr<payments::PaymentProvider>> providers;
    providers.push_back(std::make_unique<payments::ManualProvider>());
    providers.push_back(std::make_unique<payments::StripeProvider>(stripe_.url()));
    payments_ = std::make_unique<payments::PaymentService>(*db_, std::move(providers));
    orders_ = std::make_unique<OrderService>(*db_, *catalog_, *carts_, *pricing_, *payments_);
  }

  catalog::Product product(const std::string& ws, const std::string& title, int64_t price,
                           int64_t stock) {
    catalog::ProductInput in;
    in.title = title;
    in.price_cents = price;
    in.inventory = stock;
    auto p = catalog_->create_product(ws, in);
    EXPECT_THAT(p, IsOk());
    return p.ok() ? *p : catalog::Product{};
  }

  // A cart of `ws` holding `quantity` of `variant`, with an email and an address.
  std::string ready_cart(const std::string& ws, const std::string& variant, int64_t quantity) {
    auto c = carts_->create(ws);
    EXPECT_THAT(c, IsOk());
    EXPECT_THAT(carts_->add_line(ws, c->token, variant, quantity), IsOk());
    carts::CartDetails d;
    d.email = "ana@example.com";
    d.shipping_address = carts::Address{.name = "Ana Lima",
                                        .address1 = "Rua das Flores 28",
                                        .city = "Lisboa",
                                        .postal_code = "1200-195",
                                        .country = "PT"};
    EXPECT_THAT(carts_->update_details(ws, c->token, d), IsOk());
    return c->token;
  }

  int64_t stock(const std::string& ws, const std::string& product_id) {
    auto p = catalog_->get_product(ws, product_id);
    EXPECT_THAT(p, IsOk());
    return p.ok() ? p->variants.at(0).inventory : -1;
  }

  // Turns Stripe on for `ws` with the stand-in's test keys.
  void enable_stripe(const std::string& ws) {
    ASSERT_THAT(
        payments_->save_settings(ws, {{"stripe",
                                       {{"publishable_key", testing::kStripePublishableKey},
                                        {"secret_key", testing::kStripeSecretKey},
                                        {"webhook_secret", testing::kStripeWebhookSecret}}}}),
        IsOk());
  }

  int64_t outbox(const std::string& type) {
    auto r = db_->exec("SELECT COUNT(*) AS n FROM event_outbox WHERE type = ?", {type});
    EXPECT_THAT(r, IsOk());
    return r.ok() ? r->integer(0, "n") : -1;
  }

  TempDir tmp_;
  testing::StripeServer stripe_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<payments::PaymentService> payments_;
  std::unique_ptr<catalog::CatalogService> catalog_;
  std::unique_ptr<carts::CartService> carts_;
  std::unique_ptr<pricing::PricingService> pricing_;
  std::unique_ptr<OrderService> orders_;
  const std::string ws_ = "shop-a", other_ = "shop-b";
};

// A customer pays by card: complete creates one PaymentIntent for the order's total; Stripe's
// signed webhook marks the order paid once; a refund goes back through Stripe.
TEST_F(OrdersTest, AStripeOrderIsPaidByItsWebhookAndRefundedThroughStripe) {
  enable_stripe(ws_);
  auto mug = product(ws_, "Mug", 2400, 5);
  const std::string token = ready_cart(ws_, mug.variants.at(0).id, 2);
  carts::CartDetails pay;
  pay.payment_method = "stripe";
  ASSERT_THAT(carts_->update_details(ws_, token, pay), IsOk());
  auto order = orders_->complete_cart(ws_, token, "k-stripe");
  ASSERT_THAT(order, IsOk());
  ASSERT_TRUE(order->payment.has_value());
  EXPECT_EQ(order->payment->provider, "stripe");
  EXPECT_EQ(order->payment->state.status, payments::status::kPending);
  const std::string intent = order->payment->state.reference;
  EXPECT_EQ(stripe_.intent(intent)["amount"], order->total_cents);
  // The merchant cannot mark it paid before the customer paid.
  EXPECT_THAT(orders_->mark_paid(ws_, order->id), StatusIs(errc::kConflict));
  // A retried complete returns the same order and the same intent.
  auto again = orders_->complete_cart(ws_, token, "k-stripe");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->payment->state.reference, intent);

  const json paid = stripe_.confirm(intent, "pm_card_visa");
  payments::WebhookCall call;
  call.body =
      json{{"id", "evt_paid"}, {"type", "payment_intent.succeeded"}, {"data", {{"object", paid}}}}
          .dump();
  call.headers = {
      {"stripe-signature", payments::StripeProvider::sign_webhook(testing::kStripeWebhookSecret,
                                                                  unix_seconds_now(), call.body)}};
  auto applied = orders_->apply_payment_webhook(ws_, "stripe", call);
  ASSERT_THAT(applied, IsOk());
  ASSERT_TRUE(applied->has_value());
  EXPECT_EQ((*applied)->status, "paid");
  EXPECT_EQ(outbox("order.paid"), 1);
  auto dup = orders_->apply_payment_webhook(ws_, "stripe", call);
  ASSERT_THAT(dup, IsOk());
  EXPECT_FALSE(dup->has_value());
  EXPECT_EQ(outbox("order.paid"), 1);
  // Another shop cannot apply it (its own settings have no webhook secret).
  EXPECT_THAT(orders_->apply_payment_webhook(other_, "stripe", call),
              StatusIs(errc::kUnauthorized));

  auto refunded = orders_->refund(ws_, order->id, "damaged");
  ASSERT_THAT(refunded, IsOk());
  EXPECT_EQ(refunded->status, "refunded");
  EXPECT_EQ(refunded->payment->state.status, payments::status::kRefunded);
  EXPECT_EQ(stripe_.refunds_of(intent), 1);
}

// A card shop's free order (a 100 % code, free delivery): Stripe would refuse an amount under its
// minimum, so no provider is asked; the order is paid as it is placed and can ship at once.
TEST_F(OrdersTest, AnOrderWithNothingToPayIsPaidWithoutAskingTheProvider) {
  enable_stripe(ws_);
  auto gift =
      pricing::discount_from_json({{"code", "GIFT"}, {"type", "percentage"}, {"value", 100}});
  ASSERT_THAT(gift, IsOk());
  ASSERT_THAT(pricing_->create_discount(ws_, *gift), IsOk());
  auto mug = product(ws_, "Mug", 2400, 5);
  const std::string token = ready_cart(ws_, mug.variants.at(0).id, 1);
  carts::CartDetails d;
  d.payment_method = "stripe";
  d.discount_code = "gift";
  ASSERT_THAT(carts_->update_details(ws_, token, d), IsOk());
  const size_t calls = stripe_.requests().size();
  auto order = orders_->complete_cart(ws_, token, "");
  ASSERT_THAT(order, IsOk());
  EXPECT_EQ(order->total_cents, 0);
  EXPECT_EQ(order->status, "paid");
  EXPECT_EQ(order->payment_method, "none");
  EXPECT_FALSE(order->payment.has_value());
  EXPECT_EQ(stripe_.requests().size(), calls) << "Stripe was not asked";
  EXPECT_EQ(outbox("order.created"), 1);
  EXPECT_EQ(outbox("order.paid"), 1);
  EXPECT_EQ(stock(ws_, mug.id), 4);
  auto shipped = orders_->fulfil(ws_, order->id, {});
  ASSERT_THAT(shipped, IsOk());
  EXPECT_EQ(shipped->status, "fulfilled");
}

TEST_F(OrdersTest, AWayToPayTheShopDoesNotOfferIsRefusedAtCheckout) {
  auto mug = product(ws_, "Mug", 2400, 5);
  const std::string token = ready_cart(ws_, mug.variants.at(0).id, 1);
  carts::CartDetails pay;
  pay.payment_method = "stripe";  // not configured here
  ASSERT_THAT(carts_->update_details(ws_, token, pay), IsOk());
  auto order = orders_->complete_cart(ws_, token, "");
  ASSERT_THAT(order, StatusIs(errc::kValidationFailed));
  EXPECT_NE(order.error().details.dump().find("/payment_method"), std::string::npos);
  EXPECT_EQ(stock(ws_, mug.id), 5);
}

TEST_F(OrdersTest, CartPricesComeFromTheCatalogueOnEveryChange) {
  auto mug = product(ws_, "Mug", 2800, 5);
  auto c = carts_->create(ws_);
  ASSERT_THAT(c, IsOk());
  auto cart = carts_->add_line(ws_, c->token, mug.variants[0].id, 2);
  ASSERT_THAT(cart, IsOk());
  EXPECT_EQ(cart->subtotal_cents, 5600);
  EXPECT_EQ(cart->item_count, 2);
  // The merchant changes the price: the next change of the cart shows it.
  catalog::ProductInput cheaper;
  cheaper.price_cents = 2500;
  ASSERT_THAT(catalog_->update_product(ws_, mug.id, cheaper), IsOk());
  cart = carts_->add_line(ws_, c->token, mug.variants[0].id, 1);
  ASSERT_THAT(cart, IsOk());
  ASSERT_EQ(cart->lines.size(), 1u) << "the same variant adds up on one line";
  EXPECT_EQ(cart->lines[0].quantity, 3);
  EXPECT_EQ(cart->subtotal_cents, 7500);

  EXPECT_THAT(carts_->add_line(ws_, c->token, mug.variants[0].id, 3),
              StatusIs(errc::kInsufficientInventory))
      << "6 wanted, 5 in stock";
  EXPECT_THAT(carts_->add_line(ws_, c->token, mug.variants[0].id, 0),
              StatusIs(errc::kValidationFailed));
  EXPECT_THAT(carts_->add_line(ws_, c->token, "no-such-variant", 1), StatusIs(errc::kNotFound));
  cart = carts_->set_quantity(ws_, c->token, cart->lines[0].id, 0);
  ASSERT_THAT(cart, IsOk());
  EXPECT_TRUE(cart->lines.empty());
  EXPECT_THAT(orders_->complete_cart(ws_, c->token, ""), StatusIs(errc::kConflict))
      << "an empty cart cannot be checked out";
}

// A change writes only the lines it changed: what comes back from the database is still the
// whole cart, in the order the lines were added, with the catalogue's current prices.
TEST_F(OrdersTest, ACartReadBackKeepsItsLinesInOrderAfterOneInTheMiddleGoes) {
  auto mug = product(ws_, "Mug", 2800, 5), bowl = product(ws_, "Bowl", 3200, 5),
       vase = product(ws_, "Vase", 4100, 5);
  auto c = carts_->create(ws_);
  ASSERT_THAT(c, IsOk());
  for (const auto* p : {&mug, &bowl, &vase})
    ASSERT_THAT(carts_->add_line(ws_, c->token, p->variants[0].id, 1), IsOk());
  auto cart = carts_->get(ws_, c->token);
  ASSERT_THAT(cart, IsOk());
  ASSERT_EQ(cart->lines.size(), 3u);
  ASSERT_THAT(carts_->set_quantity(ws_, c->token, cart->lines[1].id, 0), IsOk());
  catalog::ProductInput dearer;
  dearer.price_cents = 3000;
  ASSERT_THAT(catalog_->update_product(ws_, mug.id, dearer), IsOk());
  ASSERT_THAT(carts_->add_line(ws_, c->token, bowl.variants[0].id, 2), IsOk());
  cart = carts_->get(ws_, c->token);
  ASSERT_THAT(cart, IsOk());
  ASSERT_EQ(cart->lines.size(), 3u);
  EXPECT_EQ(cart->lines[0].title, "Mug");
  EXPECT_EQ(cart->lines[0].unit_price_cents, 3000) << "re-priced by the bowl's add";
  EXPECT_EQ(cart->lines[1].title, "Vase");
  EXPECT_EQ(cart->lines[2].title, "Bowl");
  EXPECT_EQ(cart->lines[2].quantity, 2);
  EXPECT_EQ(cart->subtotal_cents, 3000 + 4100 + 2 * 3200);
}

TEST_F(OrdersTest, CheckoutTakesStockNumbersOrdersAndAnswersRetriesWithTheSameOrder) {
  auto mug = product(ws_, "Mug", 2800, 5);
  const std::string token = ready_cart(ws_, mug.variants[0].id, 2);
  auto first = orders_->complete_cart(ws_, token, "key-1");
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->name, "#1001");
  EXPECT_EQ(first->status, "pending");
  EXPECT_EQ(first->total_cents, 5600);
  ASSERT_EQ(first->lines.size(), 1u);
  EXPECT_EQ(first->lines[0].unit_price_cents, 2800) << "the price paid is kept";
  EXPECT_EQ(stock(ws_, mug.id), 3);
  EXPECT_EQ(outbox("order.created"), 1);

  auto again = orders_->complete_cart(ws_, token, "key-1");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->id, first->id) << "the same key returns the same order";
  auto resubmitted = orders_->complete_cart(ws_, token, "");
  ASSERT_THAT(resubmitted, IsOk());
  EXPECT_EQ(resubmitted->id, first->id) << "a double-submitted form too";
  EXPECT_EQ(stock(ws_, mug.id), 3) << "and no stock is taken twice";

  const std::string second_cart = ready_cart(ws_, mug.variants[0].id, 1);
  EXPECT_THAT(orders_->complete_cart(ws_, second_cart, "key-1"), StatusIs(errc::kConflict))
      << "a key belongs to one cart";
  auto second = orders_->complete_cart(ws_, second_cart, "key-2");
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->number, 1002);
  EXPECT_THAT(carts_->add_line(ws_, token, mug.variants[0].id, 1), StatusIs(errc::kConflict))
      << "a completed cart is closed";
}

// Details given with complete are the order's; when the checkout fails they are not kept.
TEST_F(OrdersTest, DetailsGivenWithCompleteArePartOfTheCheckout) {
  auto mug = product(ws_, "Mug", 2800, 1);
  auto c = carts_->create(ws_);
  ASSERT_THAT(c, IsOk());
  ASSERT_THAT(carts_->add_line(ws_, c->token, mug.variants[0].id, 1), IsOk());
  carts::CartDetails d;
  d.email = "rui@example.com";
  d.shipping_method = "pickup";
  d.shipping_address = carts::Address{.name = "Rui"};
  const std::string rival = ready_cart(ws_, mug.variants[0].id, 1);
  ASSERT_THAT(orders_->complete_cart(ws_, rival, ""), IsOk()) << "the last mug goes";
  EXPECT_THAT(orders_->complete_cart(ws_, c->token, "", d), StatusIs(errc::kInsufficientInventory));
  auto cart = carts_->get(ws_, c->token);
  ASSERT_THAT(cart, IsOk());
  EXPECT_EQ(cart->email, "") << "nothing of the failed checkout is kept";

  catalog::ProductInput restocked;
  restocked.inventory = 3;
  ASSERT_THAT(catalog_->update_product(ws_, mug.id, restocked), IsOk());
  auto order = orders_->complete_cart(ws_, c->token, "", d);
  ASSERT_THAT(order, IsOk());
  EXPECT_EQ(order->email, "rui@example.com");
  EXPECT_EQ(order->shipping_method, "pickup");
  ASSERT_TRUE(order->shipping_address.has_value());
  EXPECT_EQ(order->shipping_address->name, "Rui");
}

TEST_F(OrdersTest, CheckoutNamesWhatTheCartLacksAndChangesNothing) {
  auto mug = product(ws_, "Mug", 2800, 5);
  auto c = carts_->create(ws_);
  ASSERT_THAT(carts_->add_line(ws_, c->token, mug.variants[0].id, 1), IsOk());
  auto refused = orders_->complete_cart(ws_, c->token, "");
  ASSERT_THAT(refused, StatusIs(errc::kValidationFailed));
  std::vector<std::string> pointers;
  for (const auto& p : refused.error().details["problems"]) pointers.push_back(p["pointer"]);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/email", "/shipping_address"}));
  EXPECT_EQ(stock(ws_, mug.id), 5);
  // Pickup needs only who collects it.
  carts::CartDetails d;
  d.email = "ana@example.com";
  d.shipping_method = "pickup";
  d.shipping_address = carts::Address{.name = "Ana"};
  ASSERT_THAT(carts_->update_details(ws_, c->token, d), IsOk());
  EXPECT_THAT(orders_->complete_cart(ws_, c->token, ""), IsOk());

  auto bad = carts::cart_details_from_json(
      {{"email", "not-an-email"}, {"shipping_address", {{"country", "Portugal"}, {"x", 1}}}});
  ASSERT_THAT(bad, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(bad.error().details["problems"].size(), 3u) << bad.error().message;
}

TEST_F(OrdersTest, FiftyConcurrentCheckoutsForTenUnitsMakeTenOrders) {
  auto scarce = product(ws_, "Last batch", 4000, 10);
  constexpr int kBuyers = 50;
  std::vector<std::string> tokens;
  for (int i = 0; i < kBuyers; ++i) tokens.push_back(ready_cart(ws_, scarce.variants[0].id, 1));
  std::atomic<int> ok{0}, sold_out{0}, other{0};
  std::latch go(kBuyers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kBuyers; ++i)
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      auto r = orders_->complete_cart(ws_, tokens[i], "buyer-" + std::to_string(i));
      if (r.ok())
        ++ok;
      else if (r.error().code == errc::kInsufficientInventory)
        ++sold_out;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(sold_out.load(), 40);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(stock(ws_, scarce.id), 0) << "never below zero";
  auto page = orders_->list(ws_, OrderQuery{.page_size = 100});
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->total, 10);
  EXPECT_EQ(page->items.front().number, 1010) << "numbers without gaps";
}

TEST_F(OrdersTest, OrdersFollowTheirStatusMachine) {
  auto mug = product(ws_, "Mug", 2800, 5);
  auto bowl = product(ws_, "Bowl", 1900, 5);
  auto c = carts_->create(ws_);
  ASSERT_THAT(carts_->add_line(ws_, c->token, mug.variants[0].id, 2), IsOk());
  ASSERT_THAT(carts_->add_line(ws_, c->token, bowl.variants[0].id, 1), IsOk());
  carts::CartDetails d;
  d.email = "ana@example.com";
  d.shipping_address = carts::Address{
      .name = "Ana", .address1 = "Rua 1", .city = "Lisboa", .postal_code = "1000", .country = "PT"};
  ASSERT_THAT(carts_->update_details(ws_, c->token, d), IsOk());
  auto order = orders_->complete_cart(ws_, c->token, "");
  ASSERT_THAT(order, IsOk());
  const std::string id = order->id;

  EXPECT_THAT(orders_->fulfil(ws_, id, {}), StatusIs(errc::kConflict)) << "not paid yet";
  auto paid = orders_->mark_paid(ws_, "#1001");
  ASSERT_THAT(paid, IsOk());
  EXPECT_EQ(paid->status, "paid");
  Fulfilment part;
  part.lines = {{order->lines[0].id, 1}};
  part.tracking_number = "CTT-123";
  auto partial = orders_->fulfil(ws_, id, part);
  ASSERT_THAT(partial, IsOk());
  EXPECT_EQ(partial->status, "partially_fulfilled");
  Fulfilment too_many;
  too_many.lines = {{order->lines[0].id, 2}};
  EXPECT_THAT(orders_->fulfil(ws_, id, too_many), StatusIs(errc::kValidationFailed))
      << "only one mug is left to ship";
  auto shipped = orders_->fulfil(ws_, id, {});
  ASSERT_THAT(shipped, IsOk());
  EXPECT_EQ(shipped->status, "fulfilled");
  EXPECT_EQ(shipped->tracking_number, "CTT-123");
  EXPECT_THAT(orders_->cancel(ws_, id, ""), StatusIs(errc::kConflict)) << "shipped already";
  auto refunded = orders_->refund(ws_, id, "damaged in transit");
  ASSERT_THAT(refunded, IsOk());
  EXPECT_EQ(refunded->status, "refunded");
  std::vector<std::string> history;
  for (const auto& e : refunded->events) history.push_back(e.type);
  EXPECT_EQ(history,
            (std::vector<std::string>{"created", "paid", "fulfilled", "fulfilled", "refunded"}));
  EXPECT_EQ(outbox("order.refunded"), 1);

  // Cancelling returns the stock of what was not shipped.
  const std::string token = ready_cart(ws_, mug.variants[0].id, 3);
  auto second = orders_->complete_cart(ws_, token, "");
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(stock(ws_, mug.id), 0);
  auto cancelled = orders_->cancel(ws_, second->id, "customer asked");
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_EQ(cancelled->status, "cancelled");
  EXPECT_EQ(stock(ws_, mug.id), 3);
  EXPECT_THAT(orders_->mark_paid(ws_, second->id), StatusIs(errc::kConflict));
}

TEST_F(OrdersTest, OrdersChargeTheShopsShippingTaxAndDiscountAndCountTheCode) {
  auto mug = product(ws_, "Mug", 2000, 10);
  auto settings = pricing::checkout_settings_from_json(
      {{"shipping_methods",
        {{{"id", "post"}, {"name", "Post"}, {"type", "flat"}, {"price_cents", 495}}}},
       {"tax_rates", {{{"country", "PT"}, {"rate_basis_points", 2300}, {"name", "IVA"}}}}});
  ASSERT_THAT(settings, IsOk());
  ASSERT_THAT(pricing_->save_settings(ws_, *settings), IsOk());
  auto once = pricing::discount_from_json(
      {{"code", "ONCE"}, {"type", "percentage"}, {"value", 25}, {"usage_limit", 1}});
  ASSERT_THAT(pricing_->create_discount(ws_, *once), IsOk());

  std::vector<std::string> tokens;
  for (int i = 0; i < 2; ++i) {
    tokens.push_back(ready_cart(ws_, mug.variants[0].id, 2));
    carts::CartDetails d;
    d.shipping_method = "post";
    d.discount_code = "once";
    ASSERT_THAT(carts_->update_details(ws_, tokens.back(), d), IsOk());
  }
  auto first = orders_->complete_cart(ws_, tokens[0], "");
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->subtotal_cents, 4000);
  EXPECT_EQ(first->discount_cents, 1000);
  EXPECT_EQ(first->shipping_cents, 495);
  EXPECT_EQ(first->tax_cents, 690) << "23 % of the discounted 30.00";
  EXPECT_EQ(first->total_cents, 3000 + 495 + 690);
  auto second = orders_->complete_cart(ws_, tokens[1], "");
  ASSERT_THAT(second, StatusIs(errc::kValidationFailed)) << "the code was used once already";
  EXPECT_EQ(second.error().details["problems"][0]["pointer"], "/discount_code");
  EXPECT_EQ(stock(ws_, mug.id), 8) << "the refused checkout took no stock";
}

TEST_F(OrdersTest, AnotherShopSeesNoCartOrOrder) {
  auto mug = product(ws_, "Mug", 2800, 5);
  const std::string token = ready_cart(ws_, mug.variants[0].id, 1);
  EXPECT_THAT(carts_->get(other_, token), StatusIs(errc::kNotFound));
  auto theirs = carts_->create(other_);
  ASSERT_THAT(theirs, IsOk());
  EXPECT_THAT(carts_->add_line(other_, theirs->token, mug.variants[0].id, 1),
              StatusIs(errc::kNotFound))
      << "shop A's variant is not for sale in shop B";
  auto order = orders_->complete_cart(ws_, token, "");
  ASSERT_THAT(order, IsOk());
  EXPECT_THAT(orders_->complete_cart(other_, token, ""), StatusIs(errc::kNotFound));
  EXPECT_THAT(orders_->get(other_, order->id), StatusIs(errc::kNotFound));
  EXPECT_THAT(orders_->get(other_, "#1001"), StatusIs(errc::kNotFound));
  EXPECT_THAT(orders_->get_by_token(other_, order->token), StatusIs(errc::kNotFound));
  EXPECT_THAT(orders_->mark_paid(other_, order->id), StatusIs(errc::kNotFound));
}

}  // namespace
}  // namespace vitrine::orders
