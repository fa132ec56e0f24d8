#include "orders/orders.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "changes/change_feed.h"
#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/problems.h"
#include "events/event_bus.h"

namespace vitrine::orders {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  number BIGINT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  cart_id TEXT NOT NULL UNIQUE,
  customer_id TEXT,
  email TEXT NOT NULL,
  currency TEXT NOT NULL,
  subtotal_cents BIGINT NOT NULL,
  shipping_cents BIGINT NOT NULL,
  tax_cents BIGINT NOT NULL,
  discount_cents BIGINT NOT NULL,
  total_cents BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'partially_fulfilled', 'fulfilled',
                                         'cancelled', 'refunded')),
  payment_method TEXT NOT NULL,
  shipping_method TEXT NOT NULL,
  shipping_address TEXT,
  tracking_number TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX orders_number ON orders(workspace_id, number);
CREATE INDEX orders_by_status ON orders(workspace_id, status, number);
CREATE TABLE order_lines (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  variant_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  title TEXT NOT NULL,
  variant_title TEXT NOT NULL,
  sku TEXT,
  quantity BIGINT NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  line_cents BIGINT NOT NULL,
  fulfilled_quantity BIGINT NOT NULL DEFAULT 0,
  position BIGINT NOT NULL
);
CREATE INDEX order_lines_by_order ON order_lines(order_id, position);
CREATE TABLE order_events (
  id {auto_id},
  order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  message TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  at TEXT NOT NULL
);
CREATE INDEX order_events_by_order ON order_events(order_id, id);
CREATE TABLE order_numbers (
  workspace_id TEXT PRIMARY KEY,
  last BIGINT NOT NULL
);
CREATE TABLE checkout_keys (
  workspace_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  cart_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, idempotency_key)
);
)sql";

// conflict (details {status, action}) unless the order's status is one of `from`.
Status allows(const Order& o, const char* action, std::initializer_list<const char*> from) {
  if (std::any_of(from.begin(), from.end(), [&](const char* st) { return o.status == st; }))
    return {};
  return fail(errc::kConflict, "order " + o.name + " is " + o.status + ": it cannot be " + action,
              {{"status", o.status}, {"action", action}});
}

Error order_not_found(const std::string& key) {
  return make_error(errc::kNotFound, "order '" + key + "' not found", {{"order", key}});
}

Status add_event(db::Session& s, const Order& o, const std::string& type,
                 const std::string& message, const json& data = json::object()) {
  VITRINE_TRY(
      s.exec("INSERT INTO order_events (order_id, type, message, data, at) VALUES (?, ?, ?, ?, ?)",
             {o.id, type, message, data.dump(), now_iso8601()}));
  return events::EventBus::emit(s, "order." + type,
                                {{"order_id", o.id},
                                 {"workspace_id", o.workspace_id},
                                 {"number", o.number},
                                 {"status", o.status},
                                 {"total_cents", o.total_cents},
                                 {"currency", o.currency},
                                 {"email", o.email}});
}

// What the cart still needs before it can be an order, as validation problems.
// `methods` are the shop's ways to pay (PaymentService::checkout_methods).
json checkout_problems(const carts::Cart& c, bool pickup, const json& methods) {
  json problems = json::array();
  if (c.email.empty())
    problems.push_back({{"pointer", "/email"}, {"message", "is required to send the order"}});
  if (!c.shipping_address) {
    problems.push_back(
        {{"pointer", "/shipping_address"},
         {"message", pickup ? "needs the name of who collects the order" : "is required"}});
  } else {
    const carts::Address& a = *c.shipping_address;
    if (a.name.empty())
      problems.push_back({{"pointer", "/shipping_address/name"}, {"message", "is required"}});
    if (!pickup) {
      if (a.address1.empty())
        problems.push_back({{"pointer", "/shipping_address/address1"}, {"message", "is required"}});
      if (a.city.empty())
        problems.push_back({{"pointer", "/shipping_address/city"}, {"message", "is required"}});
      if (a.postal_code.empty())
        problems.push_back(
            {{"pointer", "/shipping_address/postal_code"}, {"message", "is required"}});
      if (a.country.empty())
        problems.push_back({{"pointer", "/shipping_address/country"}, {"message", "is required"}});
    }
  }
  std::string offered;
  bool known = c.payment_method.empty();
  for (const auto& m : methods) {
    offered += (offered.empty() ? "" : ", ") + m.value("id", "");
    known = known || m.value("id", "") == c.payment_method;
  }
  if (!known)
    problems.push_back({{"pointer", "/payment_method"},
                        {"message", "must be a way to pay this shop offers: " + offered}});
  return problems;
}

Order order_from_row(const db::QueryResult& r, size_t i) {
  Order o;
  o.id = r.text(i, "id");
  o.workspace_id = r.text(i, "workspace_id");
  o.number = r.integer(i, "number");
  o.name = "#" + std::to_string(o.number);
  o.token = r.text(i, "token");
  o.cart_id = r.text(i, "cart_id");
  o.customer_id = r.optional_text(i, "customer_id");
  o.email = r.text(i, "email");
  o.currency = r.text(i, "currency");
  o.subtotal_cents = r.integer(i, "subtotal_cents");
  o.shipping_cents = r.integer(i, "shipping_cents");
  o.tax_cents = r.integer(i, "tax_cents");
  o.discount_cents = r.integer(i, "discount_cents");
  o.total_cents = r.integer(i, "total_cents");
  o.status = r.text(i, "status");
  o.payment_method = r.text(i, "payment_method");
  o.shipping_method = r.text(i, "shipping_method");
  if (auto a = r.optional_text(i, "shipping_address")) {
    auto j = json::parse(*a, nullptr, false);
    if (j.is_object()) o.shipping_address = carts::address_from_json(j);
  }
  o.tracking_number = r.optional_text(i, "tracking_number");
  o.created_at = r.text(i, "created_at");
  o.updated_at = r.text(i, "updated_at");
  return o;
}

template <typename Exec>
Status load_lines(Exec& s, Order& o) {
  VITRINE_ASSIGN(auto r,
                 s.exec("SELECT * FROM order_lines WHERE order_id = ? ORDER BY position", {o.id}));
  for (size_t i = 0; i < r.rows.size(); ++i) {
    OrderLine l;
    l.id = r.text(i, "id");
    l.variant_id = r.text(i, "variant_id");
    l.product_id = r.text(i, "product_id");
    l.title = r.text(i, "title");
    l.variant_title = r.text(i, "variant_title");
    l.sku = r.optional_text(i, "sku");
    l.quantity = r.integer(i, "quantity");
    l.unit_price_cents = r.integer(i, "unit_price_cents");
    l.line_cents = r.integer(i, "line_cents");
    l.fulfilled_quantity = r.integer(i, "fulfilled_quantity");
    o.lines.push_back(std::move(l));
  }
  return {};
}

}  // namespace

std::vector<db::Migration> OrderService::migrations() { return {{"orders", 1, kSchema}}; }

Result<Order> OrderService::load(db::Session& s, const std::string& workspace_id,
                                 const std::string& key, bool by_token) {
  Result<db::QueryResult> r =
      by_token
          ? s.exec("SELECT * FROM orders WHERE workspace_id = ? AND token = ?", {workspace_id, key})
          : s.exec("SELECT * FROM orders WHERE workspace_id = ? AND id = ?", {workspace_id, key});
  if (!r.ok()) return r.error();
  if (r->empty() && !by_token) {
    std::string digits = key.starts_with('#') ? key.substr(1) : key;
    if (!digits.empty() && digits.size() < 18 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      r = s.exec("SELECT * FROM orders WHERE workspace_id = ? AND number = ?",
                 {workspace_id, std::stoll(digits)});
    if (!r.ok()) return r.error();
  }
  if (r->empty()) return order_not_found(by_token ? "by token" : key);
  Order o = order_from_row(*r, 0);
  VITRINE_TRY(load_lines(s, o));
  VITRINE_ASSIGN(auto ev,
                 s.exec("SELECT * FROM order_events WHERE order_id = ? ORDER BY id", {o.id}));
  for (size_t i = 0; i < ev.rows.size(); ++i) {
    auto data = json::parse(ev.text(i, "data"), nullptr, false);
    o.events.push_back({ev.text(i, "type"), ev.text(i, "message"),
                        data.is_discarded() ? json::object() : data, ev.text(i, "at")});
  }
  return o;
}

Result<Order> OrderService::complete_cart(const std::string& workspace_id,
                                          const std::string& cart_token,
                                          const std::string& idempotency_key,
                                          const std::optional<carts::CartDetails>& details) {
  if (idempotency_key.size() > kMaxIdempotencyKeyLength)
    return fail(
        errc::kInvalidArgument,
        "Idempotency-Key: at most " + std::to_string(kMaxIdempotencyKeyLength) + " characters");
  VITRINE_ASSIGN(const json methods, payments_.checkout_methods(workspace_id));
  std::string order_id;
  // One transaction: the key, the cart, the stock, the number, the order and its event.
  Status st = db_.transaction([&](db::Session& s) -> Status {
    order_id.clear();
    if (!idempotency_key.empty()) {
      VITRINE_ASSIGN(auto used, s.exec("SELECT cart_id, order_id FROM checkout_keys WHERE "
                                       "workspace_id = ? AND idempotency_key = ?",
                                       {workspace_id, idempotency_key}));
      if (!used.empty()) {
        VITRINE_ASSIGN(auto mine, carts_.completed_order(s, workspace_id, cart_token));
        if (!mine || *mine != used.text(0, "order_id"))
          return fail(errc::kConflict,
                      "Idempotency-Key '" + idempotency_key + "' was used for another cart",
                      {{"idempotency_key", idempotency_key}});
        order_id = used.text(0, "order_id");
        return {};
      }
    }
    // A cart completed before (a double-submitted form) answers with its order.
    VITRINE_ASSIGN(auto done, carts_.completed_order(s, workspace_id, cart_token));
    if (done) {
      order_id = *done;
      return {};
    }
    VITRINE_ASSIGN(carts::Cart cart, carts_.checkout_view(s, workspace_id, cart_token));
    if (details) VITRINE_TRY(carts_.save_details(s, cart, *details));
    if (cart.lines.empty())
      return fail(errc::kConflict, "the cart is empty: add something before checking out");
    // The shop's prices for this cart: its shipping method, tax rate and discount code.
    std::string country, region;
    if (cart.shipping_address) {
      country = cart.shipping_address->country;
      region = cart.shipping_address->region;
    }
    VITRINE_ASSIGN(pricing::Quote quote,
                   pricing_.quote(workspace_id, cart.subtotal_cents, cart.shipping_method, country,
                                  region, cart.discount_code));
    json problems = checkout_problems(cart, quote.pickup, methods);
    if (!problems.empty()) return validation_failed("the cart cannot be checked out yet", problems);
    std::vector<catalog::CatalogService::StockLine> stock;
    for (const auto& l : cart.lines) stock.push_back({l.variant_id, l.quantity});
    VITRINE_TRY(catalog_.take_stock(s, workspace_id, stock));
    if (quote.discount_code) VITRINE_TRY(pricing_.redeem(s, workspace_id, *quote.discount_code));

    VITRINE_TRY(
        s.exec("INSERT INTO order_numbers (workspace_id, last) VALUES (?, ?) "
               "ON CONFLICT (workspace_id) DO NOTHING",
               {workspace_id, kFirstOrderNumber - 1}));
    VITRINE_TRY(
        s.exec("UPDATE order_numbers SET last = last + 1 WHERE workspace_id = ?", {workspace_id}));
    VITRINE_ASSIGN(auto n,
                   s.exec("SELECT last FROM order_numbers WHERE workspace_id = ?", {workspace_id}));
    Order o;
    o.id = new_uuid();
    o.workspace_id = workspace_id;
    o.number = n.integer(0, "last");
    o.name = "#" + std::to_string(o.number);
    o.token = random_alnum(32);
    o.cart_id = cart.id;
    o.customer_id = cart.customer_id;
    o.email = cart.email;
    o.currency = cart.currency;
    o.subtotal_cents = quote.subtotal_cents;
    o.discount_cents = quote.discount_cents;
    o.shipping_cents = quote.shipping_cents;
    o.tax_cents = quote.tax_cents;
    o.total_cents = quote.total_cents;
    // Nothing to pay (a 100 % discount, a free sample): the order is paid as it is placed and no
    // provider is asked (Stripe refuses amounts under its minimum charge).
    const bool nothing_to_pay = o.total_cents == 0;
    o.status = nothing_to_pay ? "paid" : "pending";
    o.payment_method = nothing_to_pay                 ? "none"
                       : !cart.payment_method.empty() ? cart.payment_method
                       : methods.empty()              ? "manual"
                                                      : methods[0].value("id", "manual");
    o.shipping_method = quote.shipping_method;
    o.shipping_address = cart.shipping_address;
    o.created_at = o.updated_at = now_iso8601();
    VITRINE_TRY(
        s.exec("INSERT INTO orders (id, workspace_id, number, token, cart_id, customer_id, email, "
               "currency, subtotal_cents, shipping_cents, tax_cents, discount_cents, total_cents, "
               "status, payment_method, shipping_method, shipping_address, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {o.id, o.workspace_id, o.number, o.token, o.cart_id, db::nullable(o.customer_id),
                o.email, o.currency, o.subtotal_cents, o.shipping_cents, o.tax_cents,
                o.discount_cents, o.total_cents, o.status, o.payment_method, o.shipping_method,
                o.shipping_address ? db::Value(carts::to_json(*o.shipping_address).dump())
                                   : db::Value(std::monostate{}),
                o.created_at, o.updated_at}));
    o.lines.clear();
    for (size_t i = 0; i < cart.lines.size(); ++i) {
      const carts::CartLine& l = cart.lines[i];
      OrderLine line;
      line.id = new_uuid();
      line.variant_id = l.variant_id;
      line.product_id = l.product_id;
      line.title = l.title;
      line.variant_title = l.variant_title;
      line.sku = l.sku;
      line.quantity = l.quantity;
      line.unit_price_cents = l.unit_price_cents;
      line.line_cents = l.line_cents();
      VITRINE_TRY(s.exec(
          "INSERT INTO order_lines (id, order_id, variant_id, product_id, title, variant_title, "
          "sku, quantity, unit_price_cents, line_cents, position) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {line.id, o.id, l.variant_id, l.product_id, l.title, l.variant_title, db::nullable(l.sku),
           l.quantity, l.unit_price_cents, l.line_cents(), static_cast<int64_t>(i)}));
      o.lines.push_back(std::move(line));
    }
    std::vector<changes::Change> feed{{0, "order", o.id, "upsert", to_json(o, false), ""}};
    VITRINE_TRY(changes::ChangeFeed::append(s, workspace_id, feed));
    VITRINE_TRY(carts_.mark_completed(s, cart.id, o.id));
    // A manual payment starts with the order; a provider that must be called starts after the
    // commit (with_payment), never inside the transaction.
    if (!nothing_to_pay)
      VITRINE_TRY(payments_.start_in(
          s, o.payment_method, {o.workspace_id, o.id, o.name, o.email, o.currency, o.total_cents}));
    if (!idempotency_key.empty())
      VITRINE_TRY(
          s.exec("INSERT INTO checkout_keys (workspace_id, idempotency_key, cart_id, "
                 "order_id, created_at) VALUES (?, ?, ?, ?, ?)",
                 {workspace_id, idempotency_key, cart.id, o.id, o.created_at}));
    VITRINE_TRY(add_event(s, o, "created",
                          "Order " + o.name + " placed; " +
                              (nothing_to_pay ? std::string("nothing to pay")
                                              : "awaiting payment (" + o.payment_method + ")")));
    if (nothing_to_pay)
      VITRINE_TRY(add_event(
          s, o, "paid", "Nothing to pay: the total is " + catalog::format_money(0, o.currency)));
    order_id = o.id;
    return {};
  });
  if (!st.ok()) {
    // A concurrent complete of the same cart or key won the race (its unique row was inserted
    // first): answer with its order.
    if (st.error().code != errc::kAlreadyExists) return st.error();
    Result<Order> winner = fail(st.error().code, st.error().message, st.error().details);
    VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
      std::optional<std::string> id;
      if (!idempotency_key.empty()) {
        VITRINE_ASSIGN(auto used, s.exec("SELECT order_id FROM checkout_keys WHERE "
                                         "workspace_id = ? AND idempotency_key = ?",
                                         {workspace_id, idempotency_key}));
        if (!used.empty()) id = used.text(0, "order_id");
      }
      if (!id) {
        VITRINE_ASSIGN(auto done, carts_.completed_order(s, workspace_id, cart_token));
        if (done) id = *done;
      }
      if (id) winner = load(s, workspace_id, *id);
      return {};
    }));
    if (!winner.ok()) return winner;
    return with_payment(std::move(*winner), /*start=*/true);
  }
  Order out;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(out, load(s, workspace_id, order_id));
    return {};
  }));
  return with_payment(std::move(out), /*start=*/true);
}

Result<Order> OrderService::with_payment(Order o, bool start) {
  if (!start || o.status != "pending") {
    VITRINE_ASSIGN(o.payment, payments_.of_order(o.workspace_id, o.id));
    return o;
  }
  // start() returns a payment already started as it is and retries only a failed start.
  VITRINE_ASSIGN(payments::Payment p,
                 payments_.start(o.payment_method, {o.workspace_id, o.id, o.name, o.email,
                                                    o.currency, o.total_cents}));
  o.payment = std::move(p);
  return o;
}

Result<Order> OrderService::start_payment(const std::string& workspace_id,
                                          const std::string& token) {
  VITRINE_ASSIGN(Order o, get_by_token(workspace_id, token));
  return with_payment(std::move(o), /*start=*/true);
}

Result<std::optional<Order>> OrderService::apply_payment_webhook(
    const std::string& workspace_id, const std::string& provider,
    const payments::WebhookCall& call) {
  VITRINE_ASSIGN(auto changed, payments_.apply_webhook(workspace_id, provider, call));
  if (!changed) return std::optional<Order>();
  const payments::Payment& p = *changed;
  VITRINE_ASSIGN(Order o, get(workspace_id, p.order_id));
  const std::string ref = p.state.reference.empty() ? "" : " (" + p.state.reference + ")";
  const std::string by = " by " + p.provider + ref;
  auto note = [&](const char* type, std::string message) -> Result<Order> {
    // A history entry without a status change: the transition keeps the status it finds.
    return transition(
        workspace_id, o.id, "noted", {o.status.c_str()},
        [&](db::Session& s, Order& order) -> Status {
          return add_event(s, order, type, message, {{"payment_status", p.state.status}});
        });
  };
  Result<Order> out = o;
  if (p.state.status == payments::status::kCaptured && o.status == "pending") {
    out =
        transition(workspace_id, o.id, "marked paid", {"pending"},
                   [&](db::Session& s, Order& order) -> Status {
                     order.status = "paid";
                     return add_event(
                         s, order, "paid",
                         "Payment of " + catalog::format_money(p.state.captured_cents, o.currency) +
                             " captured" + by,
                         {{"payment_status", p.state.status}});
                   });
  } else if (p.state.status == payments::status::kAuthorized && o.status == "pending") {
    out = note("payment_authorized", "Payment of " +
                                         catalog::format_money(p.state.amount_cents, o.currency) +
                                         " authorized" + by + "; capture it to take the money");
  } else if (p.state.status == payments::status::kFailed) {
    out = note("payment_failed", "Payment attempt failed" + by + ": " + p.state.failure_message);
  } else if (p.state.status == payments::status::kRefunded &&
             (o.status == "paid" || o.status == "partially_fulfilled" || o.status == "fulfilled")) {
    out = transition(
        workspace_id, o.id, "refunded", {"paid", "partially_fulfilled", "fulfilled"},
        [&](db::Session& s, Order& order) -> Status {
          order.status = "refunded";
          return add_event(
              s, order, "refunded",
              "Refunded " + catalog::format_money(p.state.refunded_cents, o.currency) + by,
              {{"payment_status", p.state.status}});
        });
  }
  if (!out.ok()) return out.error();
  return std::optional<Order>(std::move(*out));
}

Result<Order> OrderService::get(const std::string& workspace_id, const std::string& key) {
  Order o;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(o, load(s, workspace_id, key));
    return {};
  }));
  return with_payment(std::move(o), /*start=*/false);
}

Result<Order> OrderService::get_by_token(const std::string& workspace_id,
                                         const std::string& token) {
  if (token.empty() || token.size() > 64) return order_not_found("by token");
  Order o;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(o, load(s, workspace_id, token, /*by_token=*/true));
    return {};
  }));
  return with_payment(std::move(o), /*start=*/false);
}

Result<OrderPage> OrderService::list(const std::string& workspace_id, const OrderQuery& q) {
  if (q.page < 1 || q.page_size < 1 || q.page_size > 100)
    return fail(errc::kInvalidArgument, "page must be ≥ 1 and page_size from 1 to 100");
  std::string where = " WHERE workspace_id = ?";
  std::vector<db::Value> params{workspace_id};
  if (q.status) {
    where += " AND status = ?";
    params.emplace_back(*q.status);
  }
  if (q.email) {
    where += " AND LOWER(email) = LOWER(?)";
    params.emplace_back(*q.email);
  }
  if (q.customer_id) {
    where += " AND customer_id = ?";
    params.emplace_back(*q.customer_id);
  }
  OrderPage page;
  page.page = q.page;
  page.page_size = q.page_size;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto count, s.exec("SELECT COUNT(*) AS n FROM orders" + where,
                                      std::span<const db::Value>(params)));
    page.total = count.integer(0, "n");
    std::vector<db::Value> p = params;
    p.emplace_back(q.page_size);
    p.emplace_back((q.page - 1) * q.page_size);
    VITRINE_ASSIGN(auto rows,
                   s.exec("SELECT * FROM orders" + where + " ORDER BY number DESC LIMIT ? OFFSET ?",
                          std::span<const db::Value>(p)));
    for (size_t i = 0; i < rows.rows.size(); ++i) {
      Order o = order_from_row(rows, i);
      VITRINE_TRY(load_lines(s, o));
      page.items.push_back(std::move(o));
    }
    return {};
  }));
  return page;
}

Result<Order> OrderService::transition(const std::string& workspace_id, const std::string& id,
                                       const char* action, std::initializer_list<const char*> from,
                                       const std::function<Status(db::Session&, Order&)>& fn) {
  std::string order_id;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(Order o, load(s, workspace_id, id));
    VITRINE_TRY(allows(o, action, from));
    VITRINE_TRY(fn(s, o));
    o.updated_at = now_iso8601();
    VITRINE_TRY(
        s.exec("UPDATE orders SET status = ?, tracking_number = ?, updated_at = ? WHERE id = ?",
               {o.status, db::nullable(o.tracking_number), o.updated_at, o.id}));
    std::vector<changes::Change> feed{{0, "order", o.id, "upsert", to_json(o, false), ""}};
    VITRINE_TRY(changes::ChangeFeed::append(s, workspace_id, feed));
    order_id = o.id;
    return {};
  }));
  return get(workspace_id, order_id);
}

Result<Order> OrderService::mark_paid(const std::string& workspace_id, const std::string& id) {
  VITRINE_ASSIGN(Order before, get(workspace_id, id));
  VITRINE_TRY(allows(before, "marked paid", {"pending"}));
  // The provider takes the money first (Stripe: captures the authorized intent); a payment
  // still waiting for the customer cannot be marked paid by the merchant.
  std::string how = "received";
  if (before.payment && before.payment->state.status != payments::status::kCaptured) {
    VITRINE_ASSIGN(payments::Payment p, payments_.capture(workspace_id, before.id));
    if (p.provider != "manual") how = "captured by " + p.provider + " (" + p.state.reference + ")";
  }
  return transition(
      workspace_id, before.id, "marked paid", {"pending"}, [&](db::Session& s, Order& o) -> Status {
        o.status = "paid";
        return add_event(
            s, o, "paid",
            "Payment of " + catalog::format_money(o.total_cents, o.currency) + " " + how);
      });
}

Result<Order> OrderService::fulfil(const std::string& workspace_id, const std::string& id,
                                   const Fulfilment& f) {
  if (f.tracking_number && f.tracking_number->size() > kMaxTrackingLength)
    return validation_failed_at("/tracking_number", "must be at most 100 characters");
  return transition(
      workspace_id, id, "fulfilled", {"paid", "partially_fulfilled"},
      [&](db::Session& s, Order& o) -> Status {
        json problems = json::array();
        std::map<std::string, int64_t> shipping;
        if (f.lines.empty()) {
          for (const auto& l : o.lines) shipping[l.id] = l.quantity - l.fulfilled_quantity;
        } else {
          for (size_t i = 0; i < f.lines.size(); ++i) {
            const auto& [line_id, quantity] = f.lines[i];
            auto it = std::find_if(o.lines.begin(), o.lines.end(),
                                   [&](const OrderLine& l) { return l.id == line_id; });
            const std::string at = "/lines/" + std::to_string(i);
            if (it == o.lines.end())
              problems.push_back(
                  {{"pointer", at + "/line_id"}, {"message", "is not a line of this order"}});
            else if (quantity < 1 ||
                     quantity + shipping[line_id] > it->quantity - it->fulfilled_quantity)
              problems.push_back(
                  {{"pointer", at + "/quantity"},
                   {"message", "must be from 1 to " +
                                   std::to_string(it->quantity - it->fulfilled_quantity) +
                                   " (what remains to ship)"}});
            else
              shipping[line_id] += quantity;
          }
        }
        if (!problems.empty()) return validation_failed("invalid fulfilment", problems);
        bool everything = true;
        for (auto& l : o.lines) {
          l.fulfilled_quantity += shipping[l.id];
          everything &= l.fulfilled_quantity == l.quantity;
          if (shipping[l.id] > 0)
            VITRINE_TRY(s.exec("UPDATE order_lines SET fulfilled_quantity = ? WHERE id = ?",
                               {l.fulfilled_quantity, l.id}));
        }
        if (f.tracking_number && !f.tracking_number->empty()) o.tracking_number = f.tracking_number;
        o.status = everything ? "fulfilled" : "partially_fulfilled";
        json shipped = json::object();
        for (const auto& [line, q] : shipping)
          if (q > 0) shipped[line] = q;
        return add_event(s, o, "fulfilled",
                         std::string(everything ? "Shipped" : "Partly shipped") +
                             (o.tracking_number ? ", tracking " + *o.tracking_number : ""),
                         {{"lines", shipped}});
      });
}

Result<Order> OrderService::cancel(const std::string& workspace_id, const std::string& id,
                                   const std::string& reason) {
  VITRINE_ASSIGN(Order before, get(workspace_id, id));
  VITRINE_TRY(allows(before, "cancelled", {"pending", "paid"}));
  // The provider first: an uncaptured payment is given up, a captured one (not manual: that
  // money goes back by hand) is refunded in full.
  std::string payment_note;
  if (before.payment) {
    const payments::Payment& p = *before.payment;
    const int64_t left = p.state.captured_cents - p.state.refunded_cents;
    if (p.state.captured_cents == 0 && p.state.status != payments::status::kCanceled) {
      VITRINE_TRY(payments_.cancel(workspace_id, before.id));
    } else if (p.provider != "manual" && left > 0) {
      VITRINE_TRY(payments_.refund(workspace_id, before.id, left));
      payment_note =
          " (" + catalog::format_money(left, before.currency) + " refunded by " + p.provider + ")";
    }
  }
  return transition(
      workspace_id, before.id, "cancelled", {"pending", "paid"},
      [&](db::Session& s, Order& o) -> Status {
        std::vector<catalog::CatalogService::StockLine> back;
        for (const auto& l : o.lines)
          back.push_back({l.variant_id, l.quantity - l.fulfilled_quantity});
        VITRINE_TRY(catalog_.return_stock(s, workspace_id, back));
        const bool was_paid = o.status == "paid";
        o.status = "cancelled";
        return add_event(
            s, o, "cancelled",
            "Cancelled" + (reason.empty() ? "" : ": " + reason) +
                (was_paid && payment_note.empty() ? " (payment to refund)" : payment_note) +
                "; stock returned",
            {{"reason", reason}});
      });
}

Result<Order> OrderService::refund(const std::string& workspace_id, const std::string& id,
                                   const std::string& reason) {
  VITRINE_ASSIGN(Order before, get(workspace_id, id));
  VITRINE_TRY(allows(before, "refunded", {"paid", "partially_fulfilled", "fulfilled"}));
  std::string by;
  if (before.payment) {
    const int64_t left =
        before.payment->state.captured_cents - before.payment->state.refunded_cents;
    if (left > 0) VITRINE_TRY(payments_.refund(workspace_id, before.id, left));
    if (before.payment->provider != "manual") by = " by " + before.payment->provider;
  }
  return transition(
      workspace_id, before.id, "refunded", {"paid", "partially_fulfilled", "fulfilled"},
      [&](db::Session& s, Order& o) -> Status {
        o.status = "refunded";
        return add_event(s, o, "refunded",
                         "Refunded " + catalog::format_money(o.total_cents, o.currency) + by +
                             (reason.empty() ? "" : ": " + reason),
                         {{"reason", reason}});
      });
}

json OrderService::priced(const std::string& workspace_id, const carts::Cart& cart) {
  json out = carts::to_json(cart);
  const auto major = [&](int64_t cents) { return catalog::major_units(cents, cart.currency); };
  out["shipping_methods"] = out["payment_methods"] = json::array();
  auto settings = pricing_.settings(workspace_id);
  if (!settings.ok()) return out;  // the cart without totals; the error shows at checkout
  json methods = json::array();
  for (const auto& m : settings->shipping_methods)
    methods.push_back({{"id", m.id},
                       {"name", m.name},
                       {"type", m.type},
                       {"price", major(m.price_cents)},
                       {"price_cents", m.price_cents}});
  out["shipping_methods"] = std::move(methods);
  auto ways = payments_.checkout_methods(workspace_id);
  out["payment_methods"] = ways.ok() ? *ways : json::array();
  std::string country, region;
  if (cart.shipping_address) {
    country = cart.shipping_address->country;
    region = cart.shipping_address->region;
  }
  auto quote = pricing_.quote(*settings, workspace_id, cart.subtotal_cents, cart.shipping_method,
                              country, region, cart.discount_code);
  if (!quote.ok() && cart.discount_code) {
    // A code that stopped working is shown as such; the rest of the quote still holds.
    out["discount_error"] = quote.error().message;
    quote = pricing_.quote(*settings, workspace_id, cart.subtotal_cents, cart.shipping_method,
                           country, region, std::nullopt);
  }
  if (quote.ok()) {
    const json totals = pricing::to_json(*quote);  // items() must not outlive its object
    for (const auto& [k, v] : totals.items()) out[k] = v;
    out["discount_total"] = major(quote->discount_cents);
    out["shipping_total"] = major(quote->shipping_cents);
    out["tax_total"] = major(quote->tax_cents);
    out["total"] = major(quote->total_cents);
  }
  return out;
}

namespace {

// "2 x Mug (Blue)": a line of an order e-mail, with `quantity` of it.
std::string email_line(const OrderLine& l, int64_t quantity) {
  return std::to_string(quantity) + " x " + l.title +
         (l.variant_title.empty() ? "" : " (" + l.variant_title + ")");
}

}  // namespace

void OrderService::send_confirmations(
    events::EventBus& bus, mail::MailQueue& mail,
    std::function<Result<ShopContact>(const std::string&)> shop_of) {
  // Each e-mail is written from the order as it is now and the shop; nullopt sends none.
  using Compose = std::function<std::optional<mail::Email>(const Order&, const ShopContact&)>;
  auto send_on = [&](const char* type, const char* handler, Compose compose) {
    bus.subscribe(
        type, handler,
        [this, shop_of, compose = std::move(compose)](db::Session& s,
                                                      const events::Event& e) -> Status {
          const std::string ws = e.payload.value("workspace_id", "");
          VITRINE_ASSIGN(Order o, get(ws, e.payload.value("order_id", "")));
          VITRINE_ASSIGN(ShopContact shop, shop_of(ws));
          auto email = compose(o, shop);
          if (!email) return {};
          return mail::MailQueue::enqueue(s, *email);
        },
        [&mail](const events::Event&) { mail.notify(); });
  };
  const auto order_link = [](const Order& o, const ShopContact& shop) {
    return "\nYour order: " + shop.url + "/orders/" + o.token + "\n";
  };

  send_on("order.created", "orders.confirmation_email",
          [order_link](const Order& o, const ShopContact& shop) -> std::optional<mail::Email> {
            auto money = [&](int64_t cents) { return catalog::format_money(cents, o.currency); };
            std::string text = "Thank you for your order " + o.name + " at " + shop.name + ".\n\n";
            for (const auto& l : o.lines)
              text += email_line(l, l.quantity) + "  " + money(l.line_cents) + "\n";
            text += "\nSubtotal  " + money(o.subtotal_cents) + "\n";
            if (o.discount_cents) text += "Discount  -" + money(o.discount_cents) + "\n";
            text += "Delivery  " + money(o.shipping_cents) + "\n";
            if (o.tax_cents) text += "Tax       " + money(o.tax_cents) + "\n";
            text += "Total     " + money(o.total_cents) + "\n\n";
            if (o.payment_method == "manual") {
              const std::string how =
                  o.payment ? o.payment->method.value("instructions", std::string()) : "";
              if (!how.empty()) text += "How to pay: " + how + "\n";
              text += "We will confirm once your payment has arrived.\n";
            }
            if (o.shipping_method == "pickup")
              text += "Collect your order at the shop; we will tell you when it is ready.\n";
            else if (o.shipping_address)
              text += "Delivery to: " + o.shipping_address->name + ", " +
                      o.shipping_address->address1 + ", " + o.shipping_address->postal_code + " " +
                      o.shipping_address->city + ", " + o.shipping_address->country + "\n";
            text += order_link(o, shop);
            return mail::Email{o.email, "Order " + o.name + " at " + shop.name, text};
          });

  // The payment arrived (mark-paid or the provider's webhook). An order with nothing to pay was
  // paid as it was placed: its confirmation says so already.
  send_on("order.paid", "orders.paid_email",
          [order_link](const Order& o, const ShopContact& shop) -> std::optional<mail::Email> {
            if (o.payment_method == "none") return std::nullopt;
            std::string text = "We received your payment of " +
                               catalog::format_money(o.total_cents, o.currency) + " for order " +
                               o.name + " at " + shop.name + ". Thank you.\n\n";
            text += o.shipping_method == "pickup"
                        ? "We will tell you when it is ready to collect.\n"
                        : "We will tell you when it ships.\n";
            text += order_link(o, shop);
            return mail::Email{o.email, "Payment received for order " + o.name, text};
          });

  // Lines shipped (all or some), with the tracking number; "ready" for a pickup order.
  send_on("order.fulfilled", "orders.fulfilled_email",
          [order_link](const Order& o, const ShopContact& shop) -> std::optional<mail::Email> {
            // The lines of the latest shipment, from its history entry.
            json shipped = json::object();
            for (auto it = o.events.rbegin(); it != o.events.rend(); ++it)
              if (it->type == "fulfilled") {
                shipped = it->data.value("lines", json::object());
                break;
              }
            const bool pickup = o.shipping_method == "pickup";
            const bool all = o.status == "fulfilled";
            const std::string done = pickup ? (all ? " is ready" : " is partly ready")
                                            : (all ? " has shipped" : " has partly shipped");
            std::string text = "Your order " + o.name + " at " + shop.name + done +
                               (pickup && all ? " to collect" : "") + ".\n\n";
            for (const auto& l : o.lines)
              if (shipped.contains(l.id))
                text += email_line(l, shipped[l.id].get<int64_t>()) + "\n";
            if (o.tracking_number && !pickup)
              text += "\nTracking number: " + *o.tracking_number + "\n";
            if (!all) text += "\nThe rest follows; we will write again when it does.\n";
            text += order_link(o, shop);
            return mail::Email{o.email, "Order " + o.name + done, text};
          });
}

std::string checkout_error_message(const std::string& code) {
  if (code == errc::kInsufficientInventory)
    return "Some items are no longer in stock in that quantity. Your cart shows what is left.";
  if (code == errc::kValidationFailed)
    return "Some details are missing or not valid: check the email, name and address.";
  if (code == errc::kNotFound) return "That item is no longer for sale.";
  if (code == errc::kConflict) return "Your cart is empty or was already checked out.";
  if (code == errc::kForbidden) return "That request did not come from this shop's pages.";
  return "Something went wrong. Please try again.";
}

json to_json(const Order& o, bool with_history) {
  json lines = json::array();
  for (const auto& l : o.lines)
    lines.push_back({{"id", l.id},
                     {"variant_id", l.variant_id},
                     {"product_id", l.product_id},
                     {"title", l.title},
                     {"variant_title", l.variant_title},
                     {"sku", l.sku ? json(*l.sku) : json(nullptr)},
                     {"quantity", l.quantity},
                     {"fulfilled_quantity", l.fulfilled_quantity},
                     {"unit_price_cents", l.unit_price_cents},
                     {"line_price_cents", l.line_cents},
                     {"unit_price", catalog::major_units(l.unit_price_cents, o.currency)},
                     {"line_price", catalog::major_units(l.line_cents, o.currency)}});
  json out = {{"id", o.id},
              {"number", o.number},
              {"name", o.name},
              {"url", "/orders/" + o.token},
              {"email", o.email},
              {"currency", o.currency},
              {"status", o.status},
              {"payment_method", o.payment_method},
              {"payment", o.payment ? payments::to_json(*o.payment) : json(nullptr)},
              {"shipping_method", o.shipping_method},
              {"shipping_address",
               o.shipping_address ? carts::to_json(*o.shipping_address) : json(nullptr)},
              {"tracking_number", o.tracking_number ? json(*o.tracking_number) : json(nullptr)},
              {"subtotal_cents", o.subtotal_cents},
              {"shipping_cents", o.shipping_cents},
              {"tax_cents", o.tax_cents},
              {"discount_cents", o.discount_cents},
              {"total_cents", o.total_cents},
              {"subtotal", catalog::major_units(o.subtotal_cents, o.currency)},
              {"total", catalog::major_units(o.total_cents, o.currency)},
              {"lines", std::move(lines)},
              {"created_at", o.created_at},
              {"updated_at", o.updated_at}};
  if (with_history) {
    json history = json::array();
    for (const auto& e : o.events)
      history.push_back({{"type", e.type}, {"message", e.message}, {"data", e.data}, {"at", e.at}});
    out["events"] = std::move(history);
  }
  return out;
}

}  // namespace vitrine::orders
