// /api/store/...: the shopper's side of a shop, scoped by the request's Host (or
// X-Store-Hostname, for apps that call from elsewhere): carts, checkout and the customer's order
// page. And the storefront's HTML forms, POST /cart and POST /checkout, which call the same
// services and answer with 303 redirects. A cart is named by its token: the vitrine_cart cookie
// (HttpOnly, SameSite=Lax) or the X-Cart-Token header. Cookie-carried POSTs must come from the
// shop's own pages (Origin, else Referer, names the shop's host): no cross-site request can
// change a cart. A cart or order of another shop is 404 here, like one that never existed.
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/request_helpers.h"
#include "carts/carts.h"
#include "core/problems.h"
#include "core/text.h"
#include "core/url.h"
#include "hosting/hostnames.h"
#include "orders/orders.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kCartCookie = "vitrine_cart";
constexpr const char* kCustomerCookie = "vitrine_customer";
constexpr int64_t kCartCookieSeconds = 30 * 24 * 3600;
// Per client address and per shop, per second (hosting admit_action).
constexpr int64_t kLoginsPerClient = 1, kLoginsPerShop = 20;
constexpr int64_t kCheckoutsPerClient = 5, kCheckoutsPerShop = 500;

// The active shop the request is for.
Result<hosting::SiteRef> shop_of(Services& s, const Request& req) {
  std::string host(req.headers.get("x-store-hostname").value_or(""));
  if (host.empty()) host = std::string(req.headers.get("host").value_or(""));
  auto match = s.hosting.lookup_host(host);
  if (match.kind != hosting::HostKind::kSite || match.site->status != "active")
    return fail(errc::kNotFound, "no open shop at '" + host + "'", {{"host", host}});
  return *match.site;
}

struct CartToken {
  std::string value;
  bool from_cookie = false;
};

std::optional<CartToken> cart_token(const Request& req) {
  if (auto h = req.headers.get("x-cart-token"); h && !h->empty())
    return CartToken{std::string(*h), false};
  if (auto c = req.cookie(kCartCookie); c && !c->empty()) return CartToken{*c, true};
  return std::nullopt;
}

// The authority ("host[:port]") of an http(s) URL, lower-case; "" when it has none.
std::string authority_of(std::string_view url) {
  auto parsed = parse_url(url);
  if (!parsed.ok() || parsed->host.empty()) return "";
  std::string a = hosting::normalize_request_host(parsed->host);
  if (!parsed->port.empty()) a += ":" + parsed->port;
  return a;
}

// Cookie-authenticated writes must come from a page of this shop.
Status same_origin(const Request& req) {
  std::string host(req.headers.get("host").value_or(""));
  std::transform(host.begin(), host.end(), host.begin(), ::tolower);
  std::string from;
  if (auto origin = req.headers.get("origin"); origin && *origin != "null")
    from = authority_of(*origin);
  else if (auto referer = req.headers.get("referer"))
    from = authority_of(*referer);
  if (!from.empty() && from == host) return {};
  return fail(errc::kForbidden,
              "cross-site request refused: a cart changes only from the shop's own pages "
              "(Origin or Referer must be this shop), or with the X-Cart-Token header",
              {{"origin", std::string(req.headers.get("origin").value_or(""))}});
}

std::string cookie_header(const Services& s, const char* name, const std::string& value,
                          int64_t max_age) {
  const bool secure = s.public_url.rfind("https://", 0) == 0;
  return std::string(name) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

void set_cart_cookie(Response& r, const Services& s, const std::string& token) {
  r.headers.set("set-cookie", cookie_header(s, kCartCookie, token, kCartCookieSeconds));
}

// The request's cart token, or a new cart's (then `created` holds it for the cookie). A header
// token is used as it is (a wrong one fails where it is used); a cookie of a cart that is gone or
// checked out starts a new cart.
Result<std::string> token_or_new_cart(Services& s, const Request& req, const std::string& ws,
                                      std::optional<std::string>& created) {
  if (auto t = cart_token(req)) {
    if (!t->from_cookie) return t->value;
    VITRINE_TRY(same_origin(req));
    VITRINE_ASSIGN(bool open, s.carts.is_open(ws, t->value));
    if (open) return t->value;
  } else if (req.headers.get("origin") || req.headers.get("referer")) {
    VITRINE_TRY(same_origin(req));
  }
  VITRINE_ASSIGN(auto fresh, s.carts.create(ws));
  created = fresh.token;
  return fresh.token;
}

Result<std::string> existing_token(const Request& req, bool write) {
  auto t = cart_token(req);
  if (!t) return fail(errc::kNotFound, "no cart: add something first");
  if (write && t->from_cookie) VITRINE_TRY(same_origin(req));
  return t->value;
}

Response cart_response(int status, const carts::Cart& cart, Services& s,
                       const std::optional<std::string>& created) {
  json body = s.orders.priced(cart.workspace_id, cart);
  if (created) body["token"] = *created;
  Response r = Response::json(status, body);
  r.headers.set("cache-control", "no-store");
  if (created) set_cart_cookie(r, s, *created);
  return r;
}

Result<int64_t> quantity_of(const json& body, int64_t fallback) {
  auto it = body.find("quantity");
  if (it == body.end()) return fallback;
  if (!it->is_number_integer()) return validation_failed_at("/quantity", "must be an integer");
  return it->get<int64_t>();
}

// The shop's storefront URL with public_url's scheme and port: "http://kendu.localhost:8080".
std::string shop_url(const Services& s, const hosting::SiteRef& shop) {
  return url_origin(s.public_url).for_host(shop.canonical_host);
}

Response see_other(const std::string& location) {
  Response r;
  r.status = 303;
  r.headers.set("location", location);
  r.headers.set("cache-control", "no-store");
  return r;
}

// Where a form goes back to after an error: its page with ?error=<code> (the template shows it).
Response back_with_error(const std::string& page, const Error& e) {
  return see_other(page + "?error=" + percent_encode(e.code));
}

std::string field(const Request& req, const char* name) {
  return form_field(req.body, name).value_or("");
}

}  // namespace

void register_store_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/store/carts", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (req.headers.get("origin") || req.headers.get("referer")) VITRINE_TRY(same_origin(req));
    VITRINE_ASSIGN(auto created, s.carts.create(shop.workspace_id));
    return cart_response(201, created.cart, s, created.token);
  });

  router.add("GET", "/api/store/cart", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_ASSIGN(auto token, existing_token(req, false));
    VITRINE_ASSIGN(auto cart, s.carts.get(shop.workspace_id, token));
    return cart_response(200, cart, s, std::nullopt);
  });

  router.add("POST", "/api/store/cart/lines", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto variant, required_string(body, "variant_id"));
    VITRINE_ASSIGN(int64_t quantity, quantity_of(body, 1));
    std::optional<std::string> created;
    VITRINE_ASSIGN(auto token, token_or_new_cart(s, req, shop.workspace_id, created));
    VITRINE_ASSIGN(auto cart, s.carts.add_line(shop.workspace_id, token, variant, quantity));
    return cart_response(created ? 201 : 200, cart, s, created);
  });

  router.add("PATCH", "/api/store/cart/lines/{line}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(int64_t quantity, quantity_of(body, -1));
    VITRINE_ASSIGN(auto token, existing_token(req, true));
    VITRINE_ASSIGN(auto cart,
                   s.carts.set_quantity(shop.workspace_id, token, req.params.at("line"), quantity));
    return cart_response(200, cart, s, std::nullopt);
  });

  router.add("DELETE", "/api/store/cart/lines/{line}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_ASSIGN(auto token, existing_token(req, true));
    VITRINE_ASSIGN(auto cart,
                   s.carts.set_quantity(shop.workspace_id, token, req.params.at("line"), 0));
    return cart_response(200, cart, s, std::nullopt);
  });

  router.add("PATCH", "/api/store/cart", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto details, carts::cart_details_from_json(body));
    if (details.discount_code && !details.discount_code->empty())
      VITRINE_TRY(s.pricing.usable_discount(shop.workspace_id, *details.discount_code));
    VITRINE_ASSIGN(auto token, existing_token(req, true));
    VITRINE_ASSIGN(auto cart, s.carts.update_details(shop.workspace_id, token, details));
    return cart_response(200, cart, s, std::nullopt);
  });

  router.add("POST", "/api/store/cart/complete", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_ASSIGN(auto token, existing_token(req, true));
    const std::string key(req.headers.get("idempotency-key").value_or(""));
    // The body may carry the cart details too (as PATCH /api/store/cart), for a one-step
    // checkout; they are kept only if the order is placed.
    VITRINE_ASSIGN(auto body, json_object_body(req, {}, true));
    std::optional<carts::CartDetails> details;
    if (!body.empty()) {
      VITRINE_ASSIGN(details, carts::cart_details_from_json(body));
    }
    VITRINE_TRY(s.hosting.admit_action(shop, "checkout", req.remote_address, kCheckoutsPerClient,
                                       kCheckoutsPerShop));
    VITRINE_ASSIGN(auto order, s.orders.complete_cart(shop.workspace_id, token, key, details));
    Response r = Response::json(201, orders::to_json(order));
    r.headers.set("cache-control", "no-store");
    return r;
  });

  router.add("GET", "/api/store/orders/{token}", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_ASSIGN(auto order, s.orders.get_by_token(shop.workspace_id, req.params.at("token")));
    Response r = Response::json(200, orders::to_json(order));
    r.headers.set("cache-control", "no-store");
    return r;
  });

  // Starts the order's payment again after its provider failed (the order page's "try again").
  router.add("POST", "/api/store/orders/{token}/payment", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    VITRINE_TRY(s.hosting.admit_action(shop, "checkout", req.remote_address, kCheckoutsPerClient,
                                       kCheckoutsPerShop));
    VITRINE_ASSIGN(auto order, s.orders.start_payment(shop.workspace_id, req.params.at("token")));
    Response r = Response::json(200, orders::to_json(order));
    r.headers.set("cache-control", "no-store");
    return r;
  });

  // A payment provider's webhook, on the shop's host: Stripe's endpoint is
  // https://<shop>/api/store/payments/stripe/webhook. The signature is the authentication.
  router.add(
      "POST", "/api/store/payments/{provider}/webhook", [&s](Request& req) -> Result<Response> {
        VITRINE_ASSIGN(auto shop, shop_of(s, req));
        payments::WebhookCall call;
        for (const auto& [k, v] : req.headers.all()) call.headers.emplace_back(ascii_lower(k), v);
        call.body = req.body;
        VITRINE_ASSIGN(auto changed, s.orders.apply_payment_webhook(
                                         shop.workspace_id, req.params.at("provider"), call));
        return Response::json(
            200, {{"received", true}, {"order", changed ? json(changed->name) : json()}});
      });

  // ---- the storefront's forms (application/x-www-form-urlencoded, no JavaScript) ----

  router.add("POST", "/cart", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (Status origin = same_origin(req); !origin.ok()) return origin.error();
    const std::string action = field(req, "action");
    const std::string ws = shop.workspace_id;
    int64_t quantity = 1;
    if (auto q = form_field(req.body, "quantity")) {
      try {
        quantity = std::stoll(*q);
      } catch (...) {
        quantity = -1;
      }
    }
    std::optional<std::string> created;
    auto token = token_or_new_cart(s, req, ws, created);
    if (!token.ok()) return back_with_error("/cart", token.error());
    Result<carts::Cart> changed = fail(errc::kInvalidArgument, "unknown cart action");
    if (action == "add" || action.empty())
      changed = s.carts.add_line(ws, *token, field(req, "variant"), quantity);
    else if (action == "update")
      changed = s.carts.set_quantity(ws, *token, field(req, "line"), quantity);
    else if (action == "remove")
      changed = s.carts.set_quantity(ws, *token, field(req, "line"), 0);
    else if (action == "discount") {
      carts::CartDetails d;
      d.discount_code = field(req, "code");
      Status usable;
      if (!d.discount_code->empty()) {
        auto found = s.pricing.usable_discount(ws, *d.discount_code);
        if (!found.ok()) usable = Status(found.error());
      }
      if (usable.ok())
        changed = s.carts.update_details(ws, *token, d);
      else
        changed = usable.error();
    }
    Response r = changed.ok() ? see_other("/cart") : back_with_error("/cart", changed.error());
    if (created) set_cart_cookie(r, s, *created);
    if (auto session = req.cookie(kCustomerCookie); created && session && !session->empty())
      if (auto customer = s.customers.authenticate(ws, *session); customer.ok())
        (void)s.carts.attach_customer(ws, *created, customer->id);
    return r;
  });

  router.add("POST", "/checkout", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (Status origin = same_origin(req); !origin.ok()) return origin.error();
    auto token = cart_token(req);
    if (!token) return see_other("/cart");
    carts::CartDetails d;
    d.email = field(req, "email");
    carts::Address a;
    a.name = field(req, "name");
    a.address1 = field(req, "address1");
    a.address2 = field(req, "address2");
    a.city = field(req, "city");
    a.postal_code = field(req, "postal_code");
    a.region = field(req, "region");
    a.country = field(req, "country");
    a.phone = field(req, "phone");
    json body = {{"email", *d.email}, {"shipping_address", carts::to_json(a)}};
    if (auto m = form_field(req.body, "shipping_method")) body["shipping_method"] = *m;
    if (auto m = form_field(req.body, "payment_method")) body["payment_method"] = *m;
    auto details = carts::cart_details_from_json(body);
    if (!details.ok()) return back_with_error("/checkout", details.error());
    const std::string key(req.headers.get("idempotency-key").value_or(""));
    Status admitted = s.hosting.admit_action(shop, "checkout", req.remote_address,
                                             kCheckoutsPerClient, kCheckoutsPerShop);
    auto order = admitted.ok()
                     ? s.orders.complete_cart(shop.workspace_id, token->value, key, *details)
                     : Result<orders::Order>(admitted.error());
    if (!order.ok()) {
      // The form shows again with what the shopper typed, and says what went wrong.
      (void)s.carts.update_details(shop.workspace_id, token->value, *details);
      return back_with_error("/checkout", order.error());
    }
    return see_other("/orders/" + order->token);
  });

  // The order page's "try again" when its card payment could not be started.
  router.add("POST", "/orders/{token}/payment", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (Status origin = same_origin(req); !origin.ok()) return origin.error();
    const std::string page = "/orders/" + req.params.at("token");
    if (Status admitted = s.hosting.admit_action(shop, "checkout", req.remote_address,
                                                 kCheckoutsPerClient, kCheckoutsPerShop);
        !admitted.ok())
      return back_with_error(page, admitted.error());
    auto order = s.orders.start_payment(shop.workspace_id, req.params.at("token"));
    if (!order.ok()) return back_with_error(page, order.error());
    return see_other(page);
  });

  // ---- customer accounts (forms of the account template) ----

  router.add("POST", "/account/register", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (Status origin = same_origin(req); !origin.ok()) return origin.error();
    // The newsletter form posts here with newsletter=1 and only an email.
    if (field(req, "newsletter") == "1" && field(req, "password").empty()) {
      auto subscribed = s.customers.subscribe(shop.workspace_id, field(req, "email"));
      if (!subscribed.ok()) return back_with_error("/account/register", subscribed.error());
      return see_other("/account/register?message=subscribed");
    }
    if (Status admitted = s.hosting.admit_action(shop, "login", req.remote_address,
                                                 kLoginsPerClient, kLoginsPerShop);
        !admitted.ok())
      return back_with_error("/account/register", admitted.error());
    auto customer = s.customers.register_customer(shop.workspace_id, field(req, "email"),
                                                  field(req, "password"), field(req, "name"),
                                                  field(req, "accepts_marketing") == "1");
    if (!customer.ok()) return back_with_error("/account/register", customer.error());
    auto session =
        s.customers.login(shop.workspace_id, field(req, "email"), field(req, "password"));
    if (!session.ok()) return back_with_error("/account/login", session.error());
    Response r = see_other("/account?message=registered");
    r.headers.set("set-cookie",
                  cookie_header(s, kCustomerCookie, session->token, kCartCookieSeconds));
    return r;
  });

  router.add("POST", "/account/login", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (Status origin = same_origin(req); !origin.ok()) return origin.error();
    if (Status admitted = s.hosting.admit_action(shop, "login", req.remote_address,
                                                 kLoginsPerClient, kLoginsPerShop);
        !admitted.ok())
      return back_with_error("/account/login", admitted.error());
    auto session =
        s.customers.login(shop.workspace_id, field(req, "email"), field(req, "password"));
    if (!session.ok()) return back_with_error("/account/login", session.error());
    Response r = see_other("/account");
    r.headers.set("set-cookie",
                  cookie_header(s, kCustomerCookie, session->token, kCartCookieSeconds));
    // What the shopper put in the cart before signing in joins the account's cart.
    if (auto cart = req.cookie(kCartCookie); cart && !cart->empty())
      (void)s.carts.attach_customer(shop.workspace_id, *cart, session->customer.id);
    return r;
  });

  router.add("POST", "/account/logout", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (Status origin = same_origin(req); !origin.ok()) return origin.error();
    if (auto token = req.cookie(kCustomerCookie); token && !token->empty())
      VITRINE_TRY(s.customers.logout(shop.workspace_id, *token));
    Response r = see_other("/account/login?message=signed_out");
    r.headers.set("set-cookie", cookie_header(s, kCustomerCookie, "", 0));
    return r;
  });

  router.add("POST", "/account/reset", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto shop, shop_of(s, req));
    if (Status origin = same_origin(req); !origin.ok()) return origin.error();
    if (Status admitted = s.hosting.admit_action(shop, "login", req.remote_address,
                                                 kLoginsPerClient, kLoginsPerShop);
        !admitted.ok())
      return back_with_error("/account/reset", admitted.error());
    const std::string token = field(req, "token");
    if (!token.empty()) {
      auto changed = s.customers.reset_password(shop.workspace_id, token, field(req, "password"));
      if (!changed.ok())
        return see_other("/account/reset?token=" + percent_encode(token) +
                         "&error=" + changed.error().code);
      return see_other("/account/login?message=password_changed");
    }
    auto reset = s.customers.password_reset_token(shop.workspace_id, field(req, "email"));
    if (!reset.ok()) return back_with_error("/account/reset", reset.error());
    if (!reset->empty()) {
      const std::string link = shop_url(s, shop) + "/account/reset?token=" + *reset;
      const mail::Email email{field(req, "email"), "Choose a new password",
                              "Someone (we hope you) asked to reset the password of your "
                              "account at " +
                                  shop.canonical_host +
                                  ".\n\nChoose a new one here within the hour:\n" + link +
                                  "\n\nIf it was not you, ignore this e-mail: nothing changes.\n"};
      auto queued =
          s.db.transaction([&](db::Session& tx) { return mail::MailQueue::enqueue(tx, email); });
      if (!queued.ok()) return back_with_error("/account/reset", queued.error());
      s.mail.notify();
    }
    return see_other("/account/reset?message=reset_sent");
  });
}

}  // namespace vitrine::api
