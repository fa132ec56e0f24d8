// CartService: shoppers' carts, one shop each. A cart is named by a secret token (the storefront
// keeps it in an HttpOnly cookie; the store API takes it from that cookie or X-Cart-Token); the
// database keeps only its SHA-256. Every change re-reads the variant's price, title and stock from
// the catalogue: a cart never stores a price a client sent. A cart of shop A is not_found in
// shop B, exactly like a token that never existed.
// The module's SQL lives in carts.cc.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::carts {

inline constexpr int64_t kMaxLineQuantity = 99;  // units of one variant in one cart
inline constexpr size_t kMaxLines = 50;          // different variants in one cart
inline constexpr size_t kMaxEmailLength = 254;
inline constexpr size_t kMaxAddressField = 200;  // characters of one address field

// One variant in a cart, with what the catalogue said at the cart's last change.
struct CartLine {
  std::string id, variant_id, product_id;
  std::string title, variant_title, url;  // url: /products/<slug>
  std::optional<std::string> image;
  std::optional<std::string> sku;
  int64_t quantity = 0;
  int64_t unit_price_cents = 0;
  int64_t line_cents() const { return unit_price_cents * quantity; }
  bool operator==(const CartLine&) const = default;
};

// Where an order goes (or, for pickup, who collects it).
struct Address {
  std::string name, address1, address2, city, postal_code, region, phone;
  std::string country;  // ISO 3166-1 alpha-2, upper case ("PT", "US")
};

struct Cart {
  std::string id, workspace_id;
  std::string status;  // open | completed
  std::string currency;
  std::optional<std::string> customer_id;
  std::string email;
  std::optional<Address> shipping_address;
  std::string shipping_method, payment_method;
  std::optional<std::string> discount_code;  // as entered; checked by pricing when applied
  std::optional<std::string> order_id;       // set once completed
  std::vector<CartLine> lines;               // in the order they were added
  int64_t subtotal_cents = 0;
  int64_t item_count = 0;
  std::string created_at, updated_at;
};

// What a checkout form or the store API sets on a cart; members present are set.
struct CartDetails {
  std::optional<std::string> email, shipping_method, payment_method;
  std::optional<std::string> discount_code;  // "" removes the code
  std::optional<Address> shipping_address;
};

// Reads a cart details request body ({email?, shipping_address?: {name, address1, address2?,
// city, postal_code, region?, country, phone?}, shipping_method?, payment_method?,
// discount_code? (null or "" removes it)}).
// validation_failed lists every problem as details.problems [{pointer, message}].
Result<CartDetails> cart_details_from_json(const nlohmann::json& body);

class CartService {
 public:
  CartService(db::Database& db, catalog::CatalogService& catalog) : db_(db), catalog_(catalog) {}

  // Tables carts and cart_lines (v2: carts.discount_code).
  static std::vector<db::Migration> migrations();

  // A new empty open cart in the workspace and its token (shown once; keep it in a cookie).
  struct Created {
    Cart cart;
    std::string token;
  };
  Result<Created> create(const std::string& workspace_id);

  // The cart of `token` in the workspace (open or completed); not_found otherwise.
  Result<Cart> get(const std::string& workspace_id, const std::string& token);
  // True when `token` is an open cart of the workspace; false when unknown or checked out. One
  // read, for deciding whether a cookie's cart is still the one to add to.
  Result<bool> is_open(const std::string& workspace_id, const std::string& token);

  // Adds `quantity` (1..99) of a variant for sale in the workspace, at the catalogue's price now;
  // a variant already in the cart gets the quantities added. not_found (pointer /variant_id) for
  // a variant not for sale here; insufficient_inventory when the stock is lower than the line's
  // quantity; validation_failed for a bad quantity or a cart with kMaxLines lines; conflict once
  // the cart is completed.
  Result<Cart> add_line(const std::string& workspace_id, const std::string& token,
                        const std::string& variant_id, int64_t quantity);

  // Sets a line's quantity (0 removes it), re-reading its price. not_found for another cart's
  // line; the other errors as add_line.
  Result<Cart> set_quantity(const std::string& workspace_id, const std::string& token,
                            const std::string& line_id, int64_t quantity);

  // Sets the contact, address and methods given (validated as cart_details_from_json does).
  Result<Cart> update_details(const std::string& workspace_id, const std::string& token,
                              const CartDetails& details);

  // Makes the cart of `token` the signed-in customer's: lines of the customer's other open carts
  // in the workspace are merged into it (quantities added, at most 99 per line) and those carts
  // deleted, so what a shopper added before signing in and what they left in their account come
  // together. Prices are re-read. not_found / conflict (completed) as get.
  Result<Cart> attach_customer(const std::string& workspace_id, const std::string& token,
                               const std::string& customer_id);

  // ---- for checkout (orders module), inside its transaction `s` ----

  // The open cart of `token` with every line re-priced from the catalogue now (lines of variants
  // no longer for sale are dropped from the returned cart). not_found / conflict (completed).
  Result<Cart> checkout_view(db::Session& s, const std::string& workspace_id,
                             const std::string& token);
  // Sets the details given on `cart` (as loaded by checkout_view) and stores them.
  Status save_details(db::Session& s, Cart& cart, const CartDetails& details);
  // Marks the cart completed by `order_id`; conflict when it was completed meanwhile.
  Status mark_completed(db::Session& s, const std::string& cart_id, const std::string& order_id);
  // The order that completed the cart of `token`, if any (for retried completes).
  Result<std::optional<std::string>> completed_order(db::Session& s,
                                                     const std::string& workspace_id,
                                                     const std::string& token);

 private:
  Result<Cart> load(db::Session& s, const std::string& workspace_id, const std::string& token);
  Result<Cart> change(const std::string& workspace_id, const std::string& token,
                      const std::function<Status(db::Session&, Cart&)>& fn);

  db::Database& db_;
  catalog::CatalogService& catalog_;
};

// The cart as the store API and theme templates (ctx.cart) show it: minor units (`*_cents`) and
// major units (`subtotal`, `unit_price`, `line_price`), items with {id, variant_id, product_id,
// title, variant_title, url, image, sku, quantity, ...}, item_count, email, shipping_address.
nlohmann::json to_json(const Cart& cart);

// An address as JSON ({name, address1, address2, city, postal_code, region, country, phone})
// and back (missing members are ""): the one shape carts, orders and forms store and show.
nlohmann::json to_json(const Address& address);
Address address_from_json(const nlohmann::json& j);

}  // namespace vitrine::carts
