// OrderService: a shop's orders. An order is born when a cart is completed: in one transaction
// the cart is re-priced from the catalogue, the stock of every line is taken (no oversell under
// concurrent checkouts), the order gets the shop's next number (#1001, #1002, ...), the cart is
// closed and "order.created" joins the outbox. A retried complete (the same Idempotency-Key, or
// the same cart again) returns the same order, never a second one.
// Status machine (every change is an event in the order's history and on the outbox):
//   pending ──mark_paid──▶ paid ──fulfil──▶ partially_fulfilled ──fulfil──▶ fulfilled
//      │                    │  └───────────fulfil (all)──────────────────────▶ │
//      └──cancel──▶ cancelled ◀──cancel──┘        refund: paid, partially_fulfilled,
//        (stock returned)                         fulfilled ──▶ refunded
// The module's SQL lives in orders.cc.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "carts/carts.h"
#include "catalog/catalog.h"
#include "core/result.h"
#include "db/database.h"
#include "events/event_bus.h"
#include "mail/mail_queue.h"
#include "payments/payments.h"
#include "pricing/pricing.h"

namespace vitrine::orders {

inline constexpr int64_t kFirstOrderNumber = 1001;
inline constexpr size_t kMaxIdempotencyKeyLength = 255;
inline constexpr size_t kMaxTrackingLength = 100;

struct OrderLine {
  std::string id, variant_id, product_id;
  std::string title, variant_title;
  std::optional<std::string> sku;
  int64_t quantity = 0;
  int64_t unit_price_cents = 0;  // the price paid
  int64_t line_cents = 0;
  int64_t fulfilled_quantity = 0;
};

// One entry of an order's history.
struct OrderEvent {
  std::string type;  // created, paid, fulfilled, cancelled, refunded
  std::string message;
  nlohmann::json data;
  std::string at;
};

struct Order {
  std::string id, workspace_id;
  int64_t number = 0;
  std::string name;   // "#1001"
  std::string token;  // secret of the customer's order page /orders/<token>
  std::string cart_id;
  std::optional<std::string> customer_id;
  std::string email, currency;
  int64_t subtotal_cents = 0, shipping_cents = 0, tax_cents = 0, discount_cents = 0,
          total_cents = 0;
  std::string status;  // pending | paid | partially_fulfilled | fulfilled | cancelled | refunded
  std::string payment_method, shipping_method;
  std::optional<carts::Address> shipping_address;
  std::optional<std::string> tracking_number;
  std::vector<OrderLine> lines;
  std::vector<OrderEvent> events;            // oldest first
  std::optional<payments::Payment> payment;  // by get() and get_by_token(); not in list()
  std::string created_at, updated_at;
};

struct OrderQuery {
  int64_t page = 1, page_size = 20;        // page_size 1..100
  std::optional<std::string> status;       // one of the statuses
  std::optional<std::string> email;        // exact, case-insensitive
  std::optional<std::string> customer_id;  // a signed-in customer's own orders
};

struct OrderPage {
  std::vector<Order> items;  // newest first, without events
  int64_t page = 1, page_size = 20, total = 0;
};

// What a fulfilment ships: quantities per order line (empty: everything not shipped yet).
struct Fulfilment {
  std::vector<std::pair<std::string, int64_t>> lines;  // line id → quantity
  std::optional<std::string> tracking_number;
};

class OrderService {
 public:
  OrderService(db::Database& db, catalog::CatalogService& catalog, carts::CartService& carts,
               pricing::PricingService& pricing, payments::PaymentService& payments)
      : db_(db), catalog_(catalog), carts_(carts), pricing_(pricing), payments_(payments) {}

  // Tables orders, order_lines, order_events, order_numbers and checkout_keys.
  static std::vector<db::Migration> migrations();

  // Turns the open cart of `cart_token` into an order (see the file comment). validation_failed
  // (pointers /email, /shipping_address/...) for what the cart still lacks; conflict for an
  // empty cart, or an Idempotency-Key already used for another cart; insufficient_inventory
  // (details {variant_id, requested, available}) when a line's stock ran out, leaving nothing
  // changed. `idempotency_key` may be empty; a completed cart returns its order either way.
  // `details` (a one-step checkout form's email, address and methods) are set on the cart in the
  // same transaction, so when the checkout fails they are not kept either.
  Result<Order> complete_cart(const std::string& workspace_id, const std::string& cart_token,
                              const std::string& idempotency_key,
                              const std::optional<carts::CartDetails>& details = std::nullopt);

  // The order with this id, number (1001) or name ("#1001") in the workspace; not_found
  // otherwise (also another shop's).
  Result<Order> get(const std::string& workspace_id, const std::string& id_or_number);
  // The order of a customer's order page token; not_found otherwise.
  Result<Order> get_by_token(const std::string& workspace_id, const std::string& token);
  // The workspace's orders, newest first, filtered by status and email.
  Result<OrderPage> list(const std::string& workspace_id, const OrderQuery& query);

  // Starts the payment of the order on the customer's order page (`token`) again when its start
  // failed (the provider was unreachable); otherwise returns the order as it is.
  Result<Order> start_payment(const std::string& workspace_id, const std::string& token);
  // Applies a provider's webhook to the order its payment belongs to: captured → the pending
  // order is paid (order.paid), authorized or a declined attempt → an entry in the history
  // (order.payment_authorized, order.payment_failed), refunded at the provider → refunded.
  // unauthorized for a bad signature; nullopt when the event changed nothing (a duplicate).
  Result<std::optional<Order>> apply_payment_webhook(const std::string& workspace_id,
                                                     const std::string& provider,
                                                     const payments::WebhookCall& call);

  // Status changes; conflict (details {status, action}) when the order's status does not allow
  // the action; the provider is called first, so its refusal (payment_failed, unavailable, or
  // conflict for a payment the customer has not made yet) changes nothing.
  // mark_paid: pending → paid (a manual payment arrived; a Stripe authorization is captured).
  Result<Order> mark_paid(const std::string& workspace_id, const std::string& id);
  // Ships lines (all that remain by default): paid or partially_fulfilled → partially_fulfilled
  // or fulfilled. validation_failed for an unknown line or more than remains to ship.
  Result<Order> fulfil(const std::string& workspace_id, const std::string& id,
                       const Fulfilment& fulfilment);
  // pending or paid → cancelled; returns the stock of every line not shipped, gives up an
  // uncaptured payment and refunds a captured one at its provider (manual: by hand).
  Result<Order> cancel(const std::string& workspace_id, const std::string& id,
                       const std::string& reason);
  // paid, partially_fulfilled or fulfilled → refunded (what was captured, at the provider).
  Result<Order> refund(const std::string& workspace_id, const std::string& id,
                       const std::string& reason);

  // Who an e-mail about a shop's order is from: the shop's name and its storefront's base URL
  // ("https://kendu.example").
  struct ShopContact {
    std::string name, url;
  };
  // Sends the customer's e-mails from the outbox: the confirmation for every "order.created"
  // ("orders.confirmation_email": lines, totals, address, how to pay, the order page link), the
  // receipt for "order.paid" ("orders.paid_email") and the shipment for "order.fulfilled"
  // ("orders.fulfilled_email": the lines shipped, tracking). Each is queued in `mail` inside the
  // delivery's transaction and sent after it commits, so SMTP never holds a database lock.
  void send_confirmations(events::EventBus& bus, mail::MailQueue& mail,
                          std::function<Result<ShopContact>(const std::string&)> shop_of);

  // The cart as a checkout shows it (ctx.cart, the store API): carts::to_json plus the shop's
  // shipping_methods [{id, name, type, price, price_cents}], payment_methods, and the quote's
  // totals (discount_cents, shipping_cents, tax_cents, total_cents, taxes_included, tax_name and
  // the same in major units: discount_total, shipping_total, tax_total, total);
  // discount_error when the cart's code no longer applies.
  nlohmann::json priced(const std::string& workspace_id, const carts::Cart& cart);

 private:
  // `o` with its payment, started first when `start` and it has none (or its start failed).
  Result<Order> with_payment(Order o, bool start);
  Result<Order> load(db::Session& s, const std::string& workspace_id, const std::string& key,
                     bool by_token = false);
  Result<Order> transition(const std::string& workspace_id, const std::string& id,
                           const char* action, std::initializer_list<const char*> from,
                           const std::function<Status(db::Session&, Order&)>& fn);

  db::Database& db_;
  catalog::CatalogService& catalog_;
  carts::CartService& carts_;
  pricing::PricingService& pricing_;
  payments::PaymentService& payments_;
};

// Words for a shopper for an error code a storefront form redirected back with (?error=...).
std::string checkout_error_message(const std::string& code);

// The order as the merchant API and the order template (ctx.order) show it: minor and major
// units, lines, "url" (/orders/<token>, the customer's page) and, `with_history`, its events.
nlohmann::json to_json(const Order& order, bool with_history = true);

}  // namespace vitrine::orders
