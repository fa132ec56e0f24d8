#include "carts/carts.h"

#include <algorithm>
#include <cmath>

#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/problems.h"
#include "core/text.h"

namespace vitrine::carts {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE carts (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('open', 'completed')),
  currency TEXT NOT NULL DEFAULT '',
  customer_id TEXT,
  email TEXT NOT NULL DEFAULT '',
  shipping_address TEXT,
  shipping_method TEXT NOT NULL DEFAULT '',
  payment_method TEXT NOT NULL DEFAULT '',
  order_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX carts_by_workspace ON carts(workspace_id, updated_at);
CREATE TABLE cart_lines (
  id TEXT PRIMARY KEY,
  cart_id TEXT NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
  variant_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  title TEXT NOT NULL,
  variant_title TEXT NOT NULL,
  url TEXT NOT NULL,
  image TEXT,
  sku TEXT,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
  position BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX cart_lines_variant ON cart_lines(cart_id, variant_id);
)sql";

std::string hash_token(const std::string& token) { return sha256_hex(token); }

// False for what no cart token looks like, which is then not looked up (nor hashed, if huge).
bool could_be_token(const std::string& token) { return !token.empty() && token.size() <= 128; }

Error cart_not_found() {
  return make_error(errc::kNotFound, "cart not found in this shop (it may have expired)");
}

Error cart_completed() {
  return make_error(errc::kConflict, "this cart was checked out already; start a new one");
}

Status check_quantity(int64_t quantity, int64_t min) {
  if (quantity < min || quantity > kMaxLineQuantity)
    return validation_failed_at("/quantity", "must be an integer from " + std::to_string(min) +
                                                 " to " + std::to_string(kMaxLineQuantity));
  return {};
}

// The line as the catalogue has it now (price, titles, image), keeping id and quantity.
void refresh_line(CartLine& line, const catalog::CatalogService::Sellable& s) {
  line.product_id = s.product.id;
  line.title = s.product.title;
  line.variant_title = s.variant.title == "Default" ? "" : s.variant.title;
  line.url = "/products/" + s.product.slug;
  line.image = s.product.image_url;
  line.sku = s.variant.sku;
  line.unit_price_cents = s.variant.price_cents;
}

Status check_stock(const catalog::CatalogService::Sellable& s, int64_t quantity) {
  if (quantity <= s.variant.inventory) return {};
  return fail(
      errc::kInsufficientInventory,
      "only " + std::to_string(s.variant.inventory) + " of " + s.product.title +
          (s.variant.title == "Default" ? "" : " (" + s.variant.title + ")") + " left",
      {{"variant_id", s.variant.id}, {"requested", quantity}, {"available", s.variant.inventory}});
}

void total(Cart& c) {
  c.subtotal_cents = 0;
  c.item_count = 0;
  for (const auto& l : c.lines) {
    c.subtotal_cents += l.line_cents();
    c.item_count += l.quantity;
  }
}

// Writes what differs from `before`, the lines as loaded: lines gone are deleted, new ones
// inserted, changed ones updated, and a line as it was is not written again (an add to a cart of
// three lines writes one row, not six). The cart row is touched only when something changed.
Status save_lines(db::Session& s, const std::vector<CartLine>& before,
                  const std::string& currency_before, const Cart& c) {
  bool changed = c.currency != currency_before;
  auto position_in = [](const std::vector<CartLine>& lines, const std::string& id) {
    return std::find_if(lines.begin(), lines.end(), [&](const CartLine& l) { return l.id == id; }) -
           lines.begin();
  };
  for (const CartLine& old : before) {
    if (static_cast<size_t>(position_in(c.lines, old.id)) != c.lines.size()) continue;
    VITRINE_TRY(s.exec("DELETE FROM cart_lines WHERE id = ?", {old.id}));
    changed = true;
  }
  const std::string now = now_iso8601();
  for (size_t i = 0; i < c.lines.size(); ++i) {
    const CartLine& l = c.lines[i];
    const auto was = static_cast<size_t>(position_in(before, l.id));
    if (was == before.size()) {
      VITRINE_TRY(s.exec(
          "INSERT INTO cart_lines (id, cart_id, variant_id, product_id, title, variant_title, "
          "url, image, sku, quantity, unit_price_cents, position, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {l.id, c.id, l.variant_id, l.product_id, l.title, l.variant_title, l.url,
           db::nullable(l.image), db::nullable(l.sku), l.quantity, l.unit_price_cents,
           static_cast<int64_t>(i), now}));
    } else if (before[was] != l || was != i) {
      VITRINE_TRY(s.exec(
          "UPDATE cart_lines SET product_id = ?, title = ?, variant_title = ?, url = ?, "
          "image = ?, sku = ?, quantity = ?, unit_price_cents = ?, position = ? "
          "WHERE id = ?",
          {l.product_id, l.title, l.variant_title, l.url, db::nullable(l.image),
           db::nullable(l.sku), l.quantity, l.unit_price_cents, static_cast<int64_t>(i), l.id}));
    } else {
      continue;
    }
    changed = true;
  }
  if (!changed) return {};
  VITRINE_TRY(s.exec("UPDATE carts SET currency = ?, updated_at = ? WHERE id = ?",
                     {c.currency, now, c.id}));
  return {};
}

// A trimmed string field of `body` at `key`, at most `max` bytes; problems otherwise.
std::optional<std::string> text_field(const json& body, const char* key, const std::string& at,
                                      size_t max, json& problems) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    problems.push_back({{"pointer", at + "/" + key}, {"message", "must be a string"}});
    return std::nullopt;
  }
  std::string v = trim_space(it->get<std::string>());
  if (v.size() > max)
    problems.push_back({{"pointer", at + "/" + key},
                        {"message", "must be at most " + std::to_string(max) + " bytes"}});
  return v;
}

}  // namespace

Result<CartDetails> cart_details_from_json(const json& body) {
  json problems = json::array();
  if (!body.is_object()) return validation_failed_at("", "cart details must be a JSON object");
  for (const auto& [key, value] : body.items())
    if (key != "email" && key != "shipping_address" && key != "shipping_method" &&
        key != "payment_method" && key != "discount_code")
      problems.push_back({{"pointer", "/" + key}, {"message", "unknown field"}});
  CartDetails d;
  d.email = text_field(body, "email", "", kMaxEmailLength, problems);
  if (d.email && !d.email->empty()) {
    const auto at = d.email->find('@');
    if (at == std::string::npos || at == 0 || d.email->find('.', at) == std::string::npos ||
        d.email->find_first_of(" <>\"") != std::string::npos)
      problems.push_back({{"pointer", "/email"}, {"message", "must be an email address"}});
  }
  d.shipping_method = text_field(body, "shipping_method", "", 64, problems);
  d.payment_method = text_field(body, "payment_method", "", 64, problems);
  if (auto it = body.find("discount_code"); it != body.end())
    d.discount_code = it->is_null()
                          ? std::string()
                          : text_field(body, "discount_code", "", 64, problems).value_or("");
  if (auto it = body.find("shipping_address"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) {
      problems.push_back({{"pointer", "/shipping_address"}, {"message", "must be an object"}});
    } else {
      Address a;
      const std::string at = "/shipping_address";
      for (const auto& [key, value] : it->items()) {
        static const std::vector<std::string> known = {
            "name", "address1", "address2", "city", "postal_code", "region", "country", "phone"};
        if (std::find(known.begin(), known.end(), key) == known.end())
          problems.push_back({{"pointer", at + "/" + key}, {"message", "unknown field"}});
      }
      a.name = text_field(*it, "name", at, kMaxAddressField, problems).value_or("");
      a.address1 = text_field(*it, "address1", at, kMaxAddressField, problems).value_or("");
      a.address2 = text_field(*it, "address2", at, kMaxAddressField, problems).value_or("");
      a.city = text_field(*it, "city", at, kMaxAddressField, problems).value_or("");
      a.postal_code = text_field(*it, "postal_code", at, 20, problems).value_or("");
      a.region = text_field(*it, "region", at, kMaxAddressField, problems).value_or("");
      a.phone = text_field(*it, "phone", at, 40, problems).value_or("");
      a.country = text_field(*it, "country", at, 64, problems).value_or("");
      a.country = ascii_upper(a.country);
      if (!a.country.empty() &&
          (a.country.size() != 2 || !std::isalpha(a.country[0]) || !std::isalpha(a.country[1])))
        problems.push_back({{"pointer", at + "/country"},
                            {"message", "must be an ISO 3166-1 alpha-2 code, like PT"}});
      d.shipping_address = a;
    }
  }
  if (!problems.empty()) return validation_failed("invalid cart details", problems);
  return d;
}

std::vector<db::Migration> CartService::migrations() {
  return {{"carts", 1, kSchema},
          {"carts", 2, "ALTER TABLE carts ADD COLUMN discount_code TEXT"},
          // Nothing read carts by (workspace, updated_at), yet every change of a cart moved its
          // entry; a login looks a customer's other carts up, which scanned the shop's carts.
          {"carts", 3,
           "DROP INDEX carts_by_workspace;\n"
           "CREATE INDEX carts_by_customer ON carts(workspace_id, customer_id) "
           "WHERE customer_id IS NOT NULL;"}};
}

Result<CartService::Created> CartService::create(const std::string& workspace_id) {
  Created out;
  out.token = random_alnum(32);
  Cart& c = out.cart;
  c.id = new_uuid();
  c.workspace_id = workspace_id;
  c.status = "open";
  c.created_at = c.updated_at = now_iso8601();
  VITRINE_TRY(
      db_.exec("INSERT INTO carts (id, workspace_id, token_hash, status, created_at, updated_at) "
               "VALUES (?, ?, ?, 'open', ?, ?)",
               {c.id, workspace_id, hash_token(out.token), c.created_at, c.updated_at}));
  return out;
}

Result<Cart> CartService::load(db::Session& s, const std::string& workspace_id,
                               const std::string& token) {
  if (!could_be_token(token)) return cart_not_found();
  VITRINE_ASSIGN(auto r, s.exec("SELECT * FROM carts WHERE token_hash = ? AND workspace_id = ?",
                                {hash_token(token), workspace_id}));
  if (r.empty()) return cart_not_found();
  Cart c;
  c.id = r.text(0, "id");
  c.workspace_id = workspace_id;
  c.status = r.text(0, "status");
  c.currency = r.text(0, "currency");
  c.customer_id = r.optional_text(0, "customer_id");
  c.email = r.text(0, "email");
  if (auto a = r.optional_text(0, "shipping_address")) {
    auto parsed = json::parse(*a, nullptr, false);
    if (parsed.is_object()) c.shipping_address = address_from_json(parsed);
  }
  c.shipping_method = r.text(0, "shipping_method");
  c.payment_method = r.text(0, "payment_method");
  c.order_id = r.optional_text(0, "order_id");
  c.discount_code = r.optional_text(0, "discount_code");
  c.created_at = r.text(0, "created_at");
  c.updated_at = r.text(0, "updated_at");
  VITRINE_ASSIGN(auto lines,
                 s.exec("SELECT * FROM cart_lines WHERE cart_id = ? ORDER BY position", {c.id}));
  for (size_t i = 0; i < lines.rows.size(); ++i) {
    CartLine l;
    l.id = lines.text(i, "id");
    l.variant_id = lines.text(i, "variant_id");
    l.product_id = lines.text(i, "product_id");
    l.title = lines.text(i, "title");
    l.variant_title = lines.text(i, "variant_title");
    l.url = lines.text(i, "url");
    l.image = lines.optional_text(i, "image");
    l.sku = lines.optional_text(i, "sku");
    l.quantity = lines.integer(i, "quantity");
    l.unit_price_cents = lines.integer(i, "unit_price_cents");
    c.lines.push_back(std::move(l));
  }
  total(c);
  return c;
}

Result<Cart> CartService::get(const std::string& workspace_id, const std::string& token) {
  Cart c;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(c, load(s, workspace_id, token));
    return {};
  }));
  return c;
}

Result<bool> CartService::is_open(const std::string& workspace_id, const std::string& token) {
  if (!could_be_token(token)) return false;
  VITRINE_ASSIGN(auto r, db_.exec("SELECT 1 FROM carts WHERE token_hash = ? AND workspace_id = ? "
                                  "AND status = 'open'",
                                  {hash_token(token), workspace_id}));
  return !r.empty();
}

Result<Cart> CartService::change(const std::string& workspace_id, const std::string& token,
                                 const std::function<Status(db::Session&, Cart&)>& fn) {
  Cart c;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(c, load(s, workspace_id, token));
    if (c.status != "open") return cart_completed();
    const std::vector<CartLine> before = c.lines;
    const std::string currency_before = c.currency;
    VITRINE_TRY(fn(s, c));
    VITRINE_TRY(save_lines(s, before, currency_before, c));
    total(c);
    return {};
  }));
  return c;
}

Result<Cart> CartService::add_line(const std::string& workspace_id, const std::string& token,
                                   const std::string& variant_id, int64_t quantity) {
  VITRINE_TRY(check_quantity(quantity, 1));
  return change(workspace_id, token, [&](db::Session&, Cart& c) -> Status {
    auto sellable = catalog_.sellable_variant(workspace_id, variant_id);
    if (!sellable.ok()) {
      Error e = sellable.error();
      if (e.code == errc::kNotFound) e.details["pointer"] = "/variant_id";
      return e;
    }
    if (!c.currency.empty() && sellable->product.currency != c.currency)
      return fail(errc::kConflict,
                  "this cart is in " + c.currency + "; " + sellable->product.title +
                      " is priced in " + sellable->product.currency,
                  {{"pointer", "/variant_id"}});
    auto it = std::find_if(c.lines.begin(), c.lines.end(),
                           [&](const CartLine& l) { return l.variant_id == variant_id; });
    if (it == c.lines.end()) {
      if (c.lines.size() >= kMaxLines)
        return validation_failed_at(
            "/variant_id",
            "the cart is full (at most " + std::to_string(kMaxLines) + " different items)");
      CartLine line;
      line.id = new_uuid();
      line.variant_id = variant_id;
      c.lines.push_back(line);
      it = c.lines.end() - 1;
    }
    const int64_t wanted = std::min(it->quantity + quantity, kMaxLineQuantity);
    VITRINE_TRY(check_stock(*sellable, wanted));
    it->quantity = wanted;
    c.currency = sellable->product.currency;
    // Every change re-prices the whole cart from the catalogue.
    for (auto& line : c.lines) {
      if (line.variant_id == variant_id) {
        refresh_line(line, *sellable);
      } else if (auto other = catalog_.sellable_variant(workspace_id, line.variant_id);
                 other.ok()) {
        refresh_line(line, *other);
      }
    }
    return {};
  });
}

Result<Cart> CartService::set_quantity(const std::string& workspace_id, const std::string& token,
                                       const std::string& line_id, int64_t quantity) {
  VITRINE_TRY(check_quantity(quantity, 0));
  return change(workspace_id, token, [&](db::Session&, Cart& c) -> Status {
    auto it = std::find_if(c.lines.begin(), c.lines.end(),
                           [&](const CartLine& l) { return l.id == line_id; });
    if (it == c.lines.end())
      return fail(errc::kNotFound, "no line '" + line_id + "' in this cart",
                  {{"pointer", "/line_id"}});
    if (quantity == 0) {
      c.lines.erase(it);
    } else {
      auto sellable = catalog_.sellable_variant(workspace_id, it->variant_id);
      if (!sellable.ok()) return sellable.error();
      VITRINE_TRY(check_stock(*sellable, quantity));
      it->quantity = quantity;
    }
    std::vector<CartLine> kept;
    for (auto& line : c.lines) {
      auto sellable = catalog_.sellable_variant(workspace_id, line.variant_id);
      if (!sellable.ok()) continue;  // no longer for sale: the line goes
      refresh_line(line, *sellable);
      kept.push_back(line);
    }
    c.lines = std::move(kept);
    if (c.lines.empty()) c.currency.clear();
    return {};
  });
}

Result<Cart> CartService::update_details(const std::string& workspace_id, const std::string& token,
                                         const CartDetails& d) {
  return change(workspace_id, token,
                [&](db::Session& s, Cart& c) -> Status { return save_details(s, c, d); });
}

Status CartService::save_details(db::Session& s, Cart& c, const CartDetails& d) {
  if (d.email) c.email = *d.email;
  if (d.shipping_address) c.shipping_address = *d.shipping_address;
  if (d.shipping_method) c.shipping_method = *d.shipping_method;
  if (d.payment_method) c.payment_method = *d.payment_method;
  if (d.discount_code) c.discount_code = d.discount_code->empty() ? std::nullopt : d.discount_code;
  VITRINE_TRY(s.exec(
      "UPDATE carts SET email = ?, shipping_address = ?, shipping_method = ?, "
      "payment_method = ?, discount_code = ?, updated_at = ? WHERE id = ?",
      {c.email,
       c.shipping_address ? db::Value(to_json(*c.shipping_address).dump())
                          : db::Value(std::monostate{}),
       c.shipping_method, c.payment_method, db::nullable(c.discount_code), now_iso8601(), c.id}));
  return {};
}

Result<Cart> CartService::attach_customer(const std::string& workspace_id, const std::string& token,
                                          const std::string& customer_id) {
  return change(workspace_id, token, [&](db::Session& s, Cart& c) -> Status {
    VITRINE_ASSIGN(auto others, s.exec("SELECT id FROM carts WHERE workspace_id = ? AND "
                                       "customer_id = ? AND status = 'open' AND id <> ?",
                                       {workspace_id, customer_id, c.id}));
    for (size_t i = 0; i < others.rows.size(); ++i) {
      const std::string other = others.text(i, "id");
      VITRINE_ASSIGN(auto lines, s.exec("SELECT variant_id, quantity FROM cart_lines WHERE "
                                        "cart_id = ? ORDER BY position",
                                        {other}));
      for (size_t j = 0; j < lines.rows.size(); ++j) {
        const std::string variant = lines.text(j, "variant_id");
        auto it = std::find_if(c.lines.begin(), c.lines.end(),
                               [&](const CartLine& l) { return l.variant_id == variant; });
        if (it == c.lines.end()) {
          if (c.lines.size() >= kMaxLines) continue;
          CartLine line;
          line.id = new_uuid();
          line.variant_id = variant;
          c.lines.push_back(line);
          it = c.lines.end() - 1;
        }
        it->quantity = std::min(it->quantity + lines.integer(j, "quantity"), kMaxLineQuantity);
      }
      VITRINE_TRY(s.exec("DELETE FROM carts WHERE id = ?", {other}));
    }
    std::vector<CartLine> kept;
    for (auto& line : c.lines) {
      auto sellable = catalog_.sellable_variant(workspace_id, line.variant_id);
      if (!sellable.ok()) continue;
      if (!c.currency.empty() && sellable->product.currency != c.currency) continue;
      c.currency = sellable->product.currency;
      refresh_line(line, *sellable);
      line.quantity = std::min(line.quantity, std::max<int64_t>(sellable->variant.inventory, 0));
      if (line.quantity > 0) kept.push_back(line);
    }
    c.lines = std::move(kept);
    c.customer_id = customer_id;
    VITRINE_TRY(s.exec("UPDATE carts SET customer_id = ? WHERE id = ?", {customer_id, c.id}));
    return {};
  });
}

Result<Cart> CartService::checkout_view(db::Session& s, const std::string& workspace_id,
                                        const std::string& token) {
  VITRINE_ASSIGN(Cart c, load(s, workspace_id, token));
  if (c.status != "open") return cart_completed();
  std::vector<CartLine> kept;
  for (auto& line : c.lines) {
    auto sellable = catalog_.sellable_variant(workspace_id, line.variant_id);
    if (!sellable.ok()) {
      if (sellable.error().code != errc::kNotFound) return sellable.error();
      continue;
    }
    refresh_line(line, *sellable);
    kept.push_back(line);
  }
  c.lines = std::move(kept);
  total(c);
  return c;
}

Status CartService::mark_completed(db::Session& s, const std::string& cart_id,
                                   const std::string& order_id) {
  VITRINE_ASSIGN(auto r, s.exec("UPDATE carts SET status = 'completed', order_id = ?, "
                                "updated_at = ? WHERE id = ? AND status = 'open'",
                                {order_id, now_iso8601(), cart_id}));
  if (r.changes == 0) return cart_completed();
  return {};
}

Result<std::optional<std::string>> CartService::completed_order(db::Session& s,
                                                                const std::string& workspace_id,
                                                                const std::string& token) {
  VITRINE_ASSIGN(auto r, s.exec("SELECT order_id FROM carts WHERE token_hash = ? AND "
                                "workspace_id = ? AND status = 'completed'",
                                {hash_token(token), workspace_id}));
  if (r.empty()) return std::optional<std::string>();
  return r.optional_text(0, "order_id");
}

json to_json(const Address& a) {
  return {{"name", a.name},
          {"address1", a.address1},
          {"address2", a.address2},
          {"city", a.city},
          {"postal_code", a.postal_code},
          {"region", a.region},
          {"country", a.country},
          {"phone", a.phone}};
}

Address address_from_json(const json& j) {
  Address a;
  a.name = j.value("name", "");
  a.address1 = j.value("address1", "");
  a.address2 = j.value("address2", "");
  a.city = j.value("city", "");
  a.postal_code = j.value("postal_code", "");
  a.region = j.value("region", "");
  a.country = j.value("country", "");
  a.phone = j.value("phone", "");
  return a;
}

json to_json(const Cart& c) {
  json items = json::array();
  for (const auto& l : c.lines)
    items.push_back({{"id", l.id},
                     {"variant_id", l.variant_id},
                     {"product_id", l.product_id},
                     {"title", l.title},
                     {"variant_title", l.variant_title},
                     {"url", l.url},
                     {"image", l.image ? json(*l.image) : json(nullptr)},
                     {"sku", l.sku ? json(*l.sku) : json(nullptr)},
                     {"quantity", l.quantity},
                     {"unit_price_cents", l.unit_price_cents},
                     {"line_price_cents", l.line_cents()},
                     {"unit_price", catalog::major_units(l.unit_price_cents, c.currency)},
                     {"line_price", catalog::major_units(l.line_cents(), c.currency)}});
  return {{"id", c.id},
          {"status", c.status},
          {"currency", c.currency.empty() ? json(nullptr) : json(c.currency)},
          {"email", c.email},
          {"shipping_address", c.shipping_address ? to_json(*c.shipping_address) : json(nullptr)},
          {"shipping_method", c.shipping_method},
          {"payment_method", c.payment_method},
          {"discount_code", c.discount_code ? json(*c.discount_code) : json(nullptr)},
          {"items", std::move(items)},
          {"item_count", c.item_count},
          {"subtotal_cents", c.subtotal_cents},
          {"subtotal", catalog::major_units(c.subtotal_cents, c.currency)},
          {"order_id", c.order_id ? json(*c.order_id) : json(nullptr)},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

}  // namespace vitrine::carts
