// Selling through the real binary: a shopper fills a cart with the storefront's own forms (no
// JavaScript), checks out and lands on the order page; an app does the same through the store
// API with a retried complete; the merchant lists, pays and ships the order; cross-site form
// posts and other shops' hosts get nothing.
#include <regex>

#include "e2e_support.h"
#include "testing/smtp_server.h"
#include "testing/stripe_server.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class StoreE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = demo();
    ASSERT_TRUE(server->started()) << server->output() << server->error_output();
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0);
    }
  }

  std::string host(const std::string& shop) const {
    return shop + ".localhost:" + std::to_string(server->port());
  }
  // A request as the shop's own page would send it (Host, Origin, the cart cookie).
  HttpResult on_shop(const std::string& method, const std::string& shop, const std::string& path,
                     const std::string& body = "", const std::string& cookie = "",
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.push_back({"Host", host(shop)});
    if (method != "GET") headers.push_back({"Origin", "http://" + host(shop)});
    if (!cookie.empty()) headers.push_back({"Cookie", cookie});
    if (!body.empty() && body[0] != '{')
      headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    else if (!body.empty())
      headers.push_back({"Content-Type", "application/json"});
    return http_request(method, server->url(path), headers, body);
  }

  // The id of the first variant of a product, from the store's product page form.
  std::string variant_on_page(const std::string& shop, const std::string& product) {
    auto page = on_shop("GET", shop, "/products/" + product);
    std::smatch m;
    static const std::regex kVariant(R"re(name="variant" value="([^"]+)")re");
    EXPECT_TRUE(std::regex_search(page.body, m, kVariant)) << page.body.substr(0, 2000);
    return m.size() > 1 ? m[1].str() : "";
  }

  std::unique_ptr<ServerProcess> server;
};

TEST_F(StoreE2eTest, AShopperBuysWithTheStorefrontsFormsAlone) {
  const std::string variant = variant_on_page("demo-shop", "speckled-stoneware-mug");
  ASSERT_FALSE(variant.empty());
  auto added =
      on_shop("POST", "demo-shop", "/cart", "action=add&variant=" + variant + "&quantity=2");
  ASSERT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(added.headers["location"], "/cart");
  const std::string set_cookie = added.headers["set-cookie"];
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));

  auto cart = on_shop("GET", "demo-shop", "/cart", "", cookie);
  ASSERT_EQ(cart.status, 200);
  EXPECT_NE(cart.body.find("Speckled Stoneware Mug"), std::string::npos);
  EXPECT_NE(cart.body.find("$56.00"), std::string::npos) << "2 × $28.00, priced by the shop";
  EXPECT_EQ(cart.headers["cache-control"], "no-store");
  // Another visitor's cart page is still empty: nothing leaked through a cache.
  EXPECT_NE(on_shop("GET", "demo-shop", "/cart").body.find("Your cart is empty"),
            std::string::npos);
  // The header's count: the cached product page is the same bytes for both visitors and carries
  // no count; the header's script reads it from the store API with the visitor's own cookie.
  auto mine = on_shop("GET", "demo-shop", "/products/speckled-stoneware-mug", "", cookie);
  auto theirs = on_shop("GET", "demo-shop", "/products/speckled-stoneware-mug");
  EXPECT_EQ(mine.body, theirs.body);
  EXPECT_NE(mine.body.find("data-cart-count hidden"), std::string::npos);
  EXPECT_NE(mine.body.find("fetch('/api/store/cart'"), std::string::npos);
  auto count = on_shop("GET", "demo-shop", "/api/store/cart", "", cookie);
  ASSERT_EQ(count.status, 200) << count.body;
  EXPECT_EQ(json_of(count)["item_count"], 2);
  EXPECT_EQ(count.headers["cache-control"], "no-store");
  EXPECT_EQ(on_shop("GET", "demo-shop", "/api/store/cart").status, 404) << "no cookie, no cart";

  // A form posted from another site changes nothing.
  auto forged = http_request("POST", server->url("/cart"),
                             {{"Host", host("demo-shop")},
                              {"Origin", "https://evil.example"},
                              {"Cookie", cookie},
                              {"Content-Type", "application/x-www-form-urlencoded"}},
                             "action=add&variant=" + variant + "&quantity=1");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(json_of(forged)["error"]["code"], "forbidden");

  auto checkout = on_shop("GET", "demo-shop", "/checkout", "", cookie);
  EXPECT_NE(checkout.body.find("action=\"/checkout\""), std::string::npos);
  auto missing = on_shop("POST", "demo-shop", "/checkout", "email=&name=", cookie);
  ASSERT_EQ(missing.status, 303);
  EXPECT_EQ(missing.headers["location"], "/checkout?error=validation_failed");
  EXPECT_NE(on_shop("GET", "demo-shop", missing.headers["location"], "", cookie)
                .body.find("Some details are missing"),
            std::string::npos);

  auto placed = on_shop("POST", "demo-shop", "/checkout",
                        "email=ana%40example.com&name=Ana+Lima&address1=Rua+das+Flores+28"
                        "&postal_code=1200-195&city=Lisboa&country=PT&shipping_method=standard"
                        "&payment_method=manual",
                        cookie);
  ASSERT_EQ(placed.status, 303) << placed.body;
  const std::string order_page = placed.headers["location"];
  ASSERT_EQ(order_page.rfind("/orders/", 0), 0u) << order_page;
  auto order = on_shop("GET", "demo-shop", order_page);
  ASSERT_EQ(order.status, 200);
  EXPECT_NE(order.body.find("Order #1001"), std::string::npos);
  EXPECT_NE(order.body.find("Awaiting payment"), std::string::npos);
  EXPECT_EQ(order.headers["cache-control"], "no-store");
  // The order page of one shop is not on another's host, and a made-up token is a 404.
  EXPECT_EQ(on_shop("GET", "da-lucia", order_page).status, 404);
  EXPECT_EQ(on_shop("GET", "demo-shop", "/orders/not-a-token").status, 404);
  // The cart is closed: its cookie starts a new, empty cart.
  EXPECT_NE(on_shop("GET", "demo-shop", "/cart", "", cookie).body.find("Your cart is empty"),
            std::string::npos);
}

TEST_F(StoreE2eTest, AnAppChecksOutThroughTheStoreApiAndARetryGetsTheSameOrder) {
  const std::string variant = variant_on_page("da-lucia", "tonnarelli-cacio-e-pepe");
  auto created = on_shop("POST", "da-lucia", "/api/store/carts", "{}");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = json_of(created)["token"];
  std::vector<std::pair<std::string, std::string>> cart_header{{"X-Cart-Token", token}};
  auto line = on_shop("POST", "da-lucia", "/api/store/cart/lines",
                      json{{"variant_id", variant}, {"quantity", 3}}.dump(), "", cart_header);
  ASSERT_EQ(line.status, 200) << line.body;
  EXPECT_EQ(json_of(line)["subtotal_cents"], 4200);
  EXPECT_EQ(json_of(line)["currency"], "EUR");
  auto bad = on_shop("PATCH", "da-lucia", "/api/store/cart",
                     json{{"email", "nope"}, {"shipping_address", {{"country", "Italia"}}}}.dump(),
                     "", cart_header);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json_of(bad)["error"]["details"]["problems"][0]["pointer"], "/email");
  auto details = on_shop("PATCH", "da-lucia", "/api/store/cart",
                         json{{"email", "marco@example.com"},
                              {"shipping_method", "pickup"},
                              {"shipping_address", {{"name", "Marco"}, {"phone", "+39 06 1234"}}}}
                             .dump(),
                         "", cart_header);
  ASSERT_EQ(details.status, 200) << details.body;

  auto headers = cart_header;
  headers.push_back({"Idempotency-Key", "order-attempt-1"});
  auto first = on_shop("POST", "da-lucia", "/api/store/cart/complete", "{}", "", headers);
  ASSERT_EQ(first.status, 201) << first.body;
  auto retry = on_shop("POST", "da-lucia", "/api/store/cart/complete", "{}", "", headers);
  ASSERT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(json_of(first)["id"], json_of(retry)["id"]);
  EXPECT_EQ(json_of(first)["name"], "#1001") << "numbers are per shop";
  EXPECT_EQ(json_of(first)["total_cents"], 4200);

  // The cart token means nothing on another shop's host.
  EXPECT_EQ(on_shop("GET", "demo-shop", "/api/store/cart", "", "", cart_header).status, 404);
  // Asking for more than the kitchen has left is refused with the count.
  const std::string lamb = variant_on_page("da-lucia", "abbacchio-a-scottadito");
  auto greedy = on_shop("POST", "da-lucia", "/api/store/cart/lines",
                        json{{"variant_id", lamb}, {"quantity", 16}}.dump());
  EXPECT_EQ(greedy.status, 409) << greedy.body;
  EXPECT_EQ(json_of(greedy)["error"]["code"], "insufficient_inventory");
  EXPECT_EQ(json_of(greedy)["error"]["details"]["available"], 15);
}

// A one-step checkout: complete carries the email, address and method itself. Bad details are
// refused with their pointer and place no order; good ones end up on the order.
TEST_F(StoreE2eTest, CompleteTakesTheCheckoutDetailsInItsBody) {
  const std::string variant = variant_on_page("da-lucia", "tonnarelli-cacio-e-pepe");
  auto line = on_shop("POST", "da-lucia", "/api/store/cart/lines",
                      json{{"variant_id", variant}, {"quantity", 2}}.dump());
  ASSERT_EQ(line.status, 201) << line.body;
  std::vector<std::pair<std::string, std::string>> h{{"X-Cart-Token", json_of(line)["token"]}};
  auto bad = on_shop("POST", "da-lucia", "/api/store/cart/complete",
                     json{{"email", "marco"}, {"shipping_method", "pickup"}}.dump(), "", h);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(json_of(bad)["error"]["details"]["problems"][0]["pointer"], "/email");
  auto unknown = on_shop("POST", "da-lucia", "/api/store/cart/complete",
                         json{{"email", "marco@example.com"}, {"total_cents", 1}}.dump(), "", h);
  EXPECT_EQ(unknown.status, 422) << "a total from the client is refused: " << unknown.body;
  EXPECT_EQ(json_of(unknown)["error"]["details"]["problems"][0]["pointer"], "/total_cents");
  auto cart = on_shop("GET", "da-lucia", "/api/store/cart", "", "", h);
  EXPECT_EQ(json_of(cart)["status"], "open") << "no order was placed";
  EXPECT_EQ(json_of(cart)["email"], "");

  auto placed = on_shop("POST", "da-lucia", "/api/store/cart/complete",
                        json{{"email", "marco@example.com"},
                             {"shipping_method", "pickup"},
                             {"shipping_address", {{"name", "Marco"}, {"phone", "+39 06 1234"}}}}
                            .dump(),
                        "", h);
  ASSERT_EQ(placed.status, 201) << placed.body;
  EXPECT_EQ(json_of(placed)["email"], "marco@example.com");
  EXPECT_EQ(json_of(placed)["shipping_method"], "pickup");
  EXPECT_EQ(json_of(placed)["total_cents"], 2800);
}

TEST_F(StoreE2eTest, ACustomerRegistersBuysAndFindsTheOrderInTheAccount) {
  auto cookie_of = [](const HttpResult& r, const std::string& name) {
    std::string all = r.headers.count("set-cookie") ? r.headers.at("set-cookie") : "";
    const auto at = all.find(name + "=");
    if (at == std::string::npos) return std::string();
    return all.substr(at, all.find(';', at) - at);
  };
  auto registered = on_shop("POST", "demo-shop", "/account/register",
                            "name=Ana&email=ana%40example.com&password=correct+horse");
  ASSERT_EQ(registered.status, 303) << registered.body;
  EXPECT_EQ(registered.headers["location"], "/account?message=registered");
  const std::string session = cookie_of(registered, "vitrine_customer");
  ASSERT_FALSE(session.empty());
  EXPECT_NE(registered.headers["set-cookie"].find("HttpOnly"), std::string::npos);
  auto account = on_shop("GET", "demo-shop", "/account", "", session);
  EXPECT_NE(account.body.find("Signed in as <strong>ana@example.com</strong>"), std::string::npos);
  EXPECT_NE(account.body.find("not placed any orders"), std::string::npos);
  EXPECT_NE(on_shop("GET", "demo-shop", "/account/register", "", "").body.find("Create an account"),
            std::string::npos);

  // Shopping while signed in: the order shows in the account.
  const std::string variant = variant_on_page("demo-shop", "ribbed-bud-vase");
  auto added = on_shop("POST", "demo-shop", "/cart", "action=add&variant=" + variant, session);
  const std::string cart = cookie_of(added, "vitrine_cart");
  const std::string both = session + "; " + cart;
  auto placed = on_shop("POST", "demo-shop", "/checkout",
                        "email=ana%40example.com&name=Ana&address1=Rua+1&postal_code=1000"
                        "&city=Lisboa&country=PT",
                        both);
  ASSERT_EQ(placed.status, 303) << placed.body;
  auto orders = on_shop("GET", "demo-shop", "/account", "", session);
  EXPECT_NE(orders.body.find("#1001"), std::string::npos) << orders.body.substr(0, 4000);

  // Signing out ends the session; a wrong password is told in words; too many tries wait.
  auto out = on_shop("POST", "demo-shop", "/account/logout", "", session);
  EXPECT_EQ(out.headers["location"], "/account/login?message=signed_out");
  EXPECT_NE(on_shop("GET", "demo-shop", "/account", "", session).body.find("Sign in"),
            std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the register attempt's token
  auto wrong =
      on_shop("POST", "demo-shop", "/account/login", "email=ana%40example.com&password=nope");
  EXPECT_EQ(wrong.headers["location"], "/account/login?error=unauthorized");
  EXPECT_NE(on_shop("GET", "demo-shop", wrong.headers["location"])
                .body.find("Email or password is wrong."),
            std::string::npos);
  // Reset requests share the login budget and cost no password hash, so a quick burst of them
  // runs into the limit whatever the machine's speed.
  HttpResult limited;
  for (int i = 0; i < 4; ++i)
    limited = on_shop("POST", "demo-shop", "/account/reset", "email=nobody%40example.com");
  EXPECT_EQ(limited.headers["location"], "/account/reset?error=rate_limited")
      << "one attempt per second per address, bursts of two";
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto back = on_shop("POST", "demo-shop", "/account/login",
                      "email=ana%40example.com&password=correct+horse");
  EXPECT_EQ(back.headers["location"], "/account");
  EXPECT_FALSE(cookie_of(back, "vitrine_customer").empty());

  // A password reset: the link is logged until e-mail exists; it sets a new password once.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto reset = on_shop("POST", "demo-shop", "/account/reset", "email=ana%40example.com");
  EXPECT_EQ(reset.headers["location"], "/account/reset?message=reset_sent");
  std::smatch m;
  const std::regex link("/account/reset\\?token=([A-Za-z0-9.\\-]+)");
  std::string log;
  for (int i = 0;
       i < 50 && !std::regex_search(log = server->error_output() + server->output(), m, link); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(std::regex_search(log, m, link)) << log;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto changed = on_shop("POST", "demo-shop", "/account/reset",
                         "token=" + m[1].str() + "&password=a+new+password");
  EXPECT_EQ(changed.headers["location"], "/account/login?message=password_changed");
}

TEST_F(StoreE2eTest, TheMerchantPaysAndShipsAndOtherTenantsSeeNothing) {
  for (const char* email : {"owner@example.com", "rival@example.com"}) {
    std::vector<std::string> argv{vitrine_binary(), "user", "create",
                                  "--email",        email,  "--password-stdin"};
    for (const auto& f : instance_flags()) argv.push_back(f);
    ASSERT_EQ(run_process(argv, {}, tmp.path().string(), "a long password\n").exit_code, 0);
  }
  auto login = [&](const std::string& email) {
    auto r =
        http_request("POST", server->url("/api/auth/login"), {{"Content-Type", "application/json"}},
                     json{{"email", email}, {"password", "a long password"}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r).value("token", "");
  };
  const std::string owner = login("owner@example.com"), rival = login("rival@example.com");
  auto call = [&](const std::string& method, const std::string& path, const std::string& token,
                  const json& body = nullptr) {
    std::vector<std::pair<std::string, std::string>> h{{"Authorization", "Bearer " + token}};
    if (!body.is_null()) h.push_back({"Content-Type", "application/json"});
    return http_request(method, server->url(path), h, body.is_null() ? "" : body.dump());
  };
  auto ws = call("POST", "/api/workspaces", owner, {{"name", "Clay Corner"}});
  ASSERT_EQ(ws.status, 201) << ws.body;
  const std::string base = "/api/workspaces/" + json_of(ws)["id"].get<std::string>();
  const std::string shop = json_of(ws)["slug"];
  auto p = call(
      "POST", base + "/products", owner,
      {{"title", "Bowl"},
       {"option_names", {"Glaze"}},
       {"variants",
        {{{"options", {"Celadon"}}, {"price_cents", 3200}, {"inventory", 4}, {"sku", "BOWL-CEL"}},
         {{"options", {"Tenmoku"}}, {"price_cents", 3400}, {"inventory", 1}}}}});
  ASSERT_EQ(p.status, 201) << p.body;
  const std::string tenmoku = json_of(p)["variants"][1]["id"];

  // The shop charges for delivery, adds Norwegian VAT and gives a code.
  auto saved =
      call("PUT", base + "/checkout-settings", owner,
           {{"shipping_methods",
             {{{"id", "post"}, {"name", "Posten"}, {"type", "flat"}, {"price_cents", 500}}}},
            {"tax_rates", {{{"country", "NO"}, {"rate_basis_points", 2500}, {"name", "MVA"}}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(
      call("PUT", base + "/checkout-settings", owner, {{"tax_rates", {{{"country", "Norway"}}}}})
          .status,
      422);
  ASSERT_EQ(call("POST", base + "/discounts", owner,
                 {{"code", "thanks"}, {"type", "fixed"}, {"value", 400}})
                .status,
            201);
  EXPECT_EQ(call("GET", base + "/discounts", rival).status, 404);

  // Buy one through the store API on the shop's host (no storefront published: the API works).
  // The site is provisioned by the workspace.created event, moments after the workspace.
  HttpResult cart;
  for (int i = 0; i < 100 && cart.status != 201; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cart = on_shop("POST", shop, "/api/store/carts", "{}");
  }
  ASSERT_EQ(cart.status, 201) << cart.body;
  std::vector<std::pair<std::string, std::string>> h{{"X-Cart-Token", json_of(cart)["token"]}};
  ASSERT_EQ(on_shop("POST", shop, "/api/store/cart/lines",
                    json{{"variant_id", tenmoku}, {"quantity", 1}}.dump(), "", h)
                .status,
            200);
  ASSERT_EQ(on_shop("PATCH", shop, "/api/store/cart",
                    json{{"email", "kim@example.com"},
                         {"shipping_address",
                          {{"name", "Kim"},
                           {"address1", "1 Main St"},
                           {"city", "Oslo"},
                           {"postal_code", "0150"},
                           {"country", "no"}}},
                         {"shipping_method", "post"}}
                        .dump(),
                    "", h)
                .status,
            200);
  auto wrong_code =
      on_shop("PATCH", shop, "/api/store/cart", json{{"discount_code", "NOPE"}}.dump(), "", h);
  EXPECT_EQ(wrong_code.status, 422);
  EXPECT_EQ(json_of(wrong_code)["error"]["details"]["problems"][0]["pointer"], "/discount_code");
  auto priced =
      on_shop("PATCH", shop, "/api/store/cart", json{{"discount_code", "thanks"}}.dump(), "", h);
  ASSERT_EQ(priced.status, 200) << priced.body;
  EXPECT_EQ(json_of(priced)["discount_cents"], 400);
  EXPECT_EQ(json_of(priced)["shipping_cents"], 500);
  EXPECT_EQ(json_of(priced)["tax_cents"], 750) << "25 % of 34.00 - 4.00";
  EXPECT_EQ(json_of(priced)["total_cents"], 3000 + 500 + 750);
  ASSERT_EQ(on_shop("POST", shop, "/api/store/cart/complete", "{}", "", h).status, 201);

  auto list = call("GET", base + "/orders?status=pending", owner);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(json_of(list)["total"], 1);
  EXPECT_EQ(json_of(list)["items"][0]["total_cents"], 4250) << "the order charges the quote";
  EXPECT_EQ(json_of(list)["items"][0]["shipping_address"]["country"], "NO");
  EXPECT_EQ(call("GET", base + "/orders/1001", rival).status, 404) << "another tenant";
  EXPECT_EQ(call("POST", base + "/orders/1001/mark-paid", rival).status, 404);
  auto early = call("POST", base + "/orders/1001/fulfil", owner, json::object());
  EXPECT_EQ(early.status, 409) << "unpaid orders do not ship";
  EXPECT_EQ(json_of(early)["error"]["details"]["status"], "pending");
  EXPECT_EQ(json_of(call("POST", base + "/orders/1001/mark-paid", owner))["status"], "paid");
  auto shipped =
      call("POST", base + "/orders/%231001/fulfil", owner, {{"tracking_number", "POSTEN-42"}});
  ASSERT_EQ(shipped.status, 200) << shipped.body;
  EXPECT_EQ(json_of(shipped)["status"], "fulfilled");
  EXPECT_EQ(json_of(shipped)["events"].size(), 3u);
  // The sold-out glaze is gone from the cart of the next shopper.
  auto product = call("GET", base + "/products/bowl", owner);
  EXPECT_EQ(json_of(product)["variants"][1]["inventory"], 0);
  EXPECT_EQ(json_of(product)["inventory"], 4);
}

// Tests that start their own `vitrine demo` (with flags) and buy on the demo shop.
class DemoShopTest : public E2eTest {
 protected:
  // Store API headers (Host, X-Cart-Token) of a new cart on `host` holding one walnut serving
  // board, its variant read from the product page's form; empty when a step failed.
  static std::vector<std::pair<std::string, std::string>> cart_with_a_board(
      const ServerProcess& server, const std::string& host) {
    std::vector<std::pair<std::string, std::string>> h{{"Host", host},
                                                       {"Content-Type", "application/json"}};
    auto cart = http_request("POST", server.url("/api/store/carts"), h, "{}");
    EXPECT_EQ(cart.status, 201) << cart.body;
    if (cart.status != 201) return {};
    h.push_back({"X-Cart-Token", json_of(cart)["token"]});
    auto page = http_get(server.url("/products/walnut-serving-board"), {{"Host", host}});
    std::smatch m;
    static const std::regex kVariant(R"re(name="variant" value="([^"]+)")re");
    EXPECT_TRUE(std::regex_search(page.body, m, kVariant)) << page.body.substr(0, 2000);
    if (m.size() < 2) return {};
    auto added = http_request("POST", server.url("/api/store/cart/lines"), h,
                              json{{"variant_id", m[1].str()}}.dump());
    EXPECT_EQ(added.status, 200) << added.body;
    if (added.status != 200) return {};
    return h;
  }
};

// The order confirmation reaches a real SMTP server (Debian's python3-aiosmtpd) through the
// outbox and the mail queue.
TEST_F(DemoShopTest, CheckoutSendsTheOrderConfirmationByEmail) {
  testing::SmtpServer smtp(tmp.path());
  ASSERT_TRUE(smtp.listening()) << smtp.output();
  auto server = demo({"--smtp-url", smtp.url(), "--mail-from", "orders@kendu.example"});
  ASSERT_TRUE(server->started()) << server->output() << server->error_output();
  const std::string host = "demo-shop.localhost:" + std::to_string(server->port());
  const auto h = cart_with_a_board(*server, host);
  ASSERT_FALSE(h.empty());
  ASSERT_EQ(http_request("PATCH", server->url("/api/store/cart"), h,
                         json{{"email", "ana@example.com"},
                              {"shipping_method", "pickup"},
                              {"shipping_address", {{"name", "Ana"}}}}
                             .dump())
                .status,
            200);
  ASSERT_EQ(http_request("POST", server->url("/api/store/cart/complete"), h, "{}").status, 201);
  auto first = smtp.wait_for(1);
  ASSERT_FALSE(first.empty()) << "no e-mail arrived: " << smtp.output() << server->error_output();
  const std::string mail = first[0];
  ASSERT_FALSE(mail.empty()) << "no e-mail arrived: " << smtp.output() << server->error_output();
  EXPECT_NE(mail.find("From: orders@kendu.example"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: Order #1001 at Kendu"), std::string::npos) << mail;
  EXPECT_NE(mail.find("1 x Walnut Serving Board  64.00 USD"), std::string::npos) << mail;
  EXPECT_NE(mail.find("/orders/"), std::string::npos) << "the link to the order page";

  // The merchant marks it paid and ready: a receipt and a "ready to collect" follow.
  const std::string admin = admin_token();
  const std::string ws_id = workspace_id(*server, admin, "demo-shop");
  const std::string order = "/api/workspaces/" + ws_id + "/orders/1001";
  ASSERT_EQ(api_call(*server, "POST", order + "/mark-paid", admin).status, 200);
  ASSERT_EQ(api_call(*server, "POST", order + "/fulfil", admin, json::object()).status, 200);
  const auto mails = smtp.wait_for(3);
  ASSERT_EQ(mails.size(), 3u) << server->error_output();
  auto with = [&](const std::string& subject) {
    for (const auto& m : mails)
      if (m.find("Subject: " + subject) != std::string::npos) return m;
    return std::string();
  };
  EXPECT_NE(with("Payment received for order #1001").find("64.00 USD"), std::string::npos);
  const std::string ready = with("Order #1001 is ready");
  EXPECT_NE(ready.find("1 x Walnut Serving Board"), std::string::npos) << ready;
  EXPECT_NE(ready.find("ready to collect"), std::string::npos) << ready;
  EXPECT_EQ(server->stop(), 0);
}

// A card payment through the real binary: the merchant turns Stripe on for the demo shop, the
// shopper checks out with it, pays in the browser (the Stripe stand-in confirms the intent) and
// Stripe's signed webhook on the shop's host marks the order paid; a forged one is refused.
TEST_F(DemoShopTest, ACardPaymentIsConfirmedByStripesWebhookOnTheShopsHost) {
  testing::StripeServer stripe;
  auto server = demo({"--stripe-api-url", stripe.url()});
  ASSERT_TRUE(server->started()) << server->output() << server->error_output();
  const std::string admin = admin_token();
  const std::string ws_id = workspace_id(*server, admin, "demo-shop");
  ASSERT_FALSE(ws_id.empty());
  const std::string base = "/api/workspaces/" + ws_id;
  auto saved = api_call(*server, "PUT", base + "/payment-settings", admin,
                        {{"stripe",
                          {{"enabled", true},
                           {"publishable_key", testing::kStripePublishableKey},
                           {"secret_key", testing::kStripeSecretKey},
                           {"webhook_secret", testing::kStripeWebhookSecret}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.body.find(testing::kStripeSecretKey), std::string::npos) << "shown masked";

  const std::string host = "demo-shop.localhost:" + std::to_string(server->port());
  const auto h = cart_with_a_board(*server, host);
  ASSERT_FALSE(h.empty());
  auto details = http_request("PATCH", server->url("/api/store/cart"), h,
                              json{{"email", "ana@example.com"},
                                   {"shipping_method", "pickup"},
                                   {"payment_method", "stripe"},
                                   {"shipping_address", {{"name", "Ana"}}}}
                                  .dump());
  ASSERT_EQ(details.status, 200) << details.body;
  bool offered = false;
  const json quoted = json_of(details);
  for (const auto& pm : quoted["payment_methods"]) offered |= pm.value("id", "") == "stripe";
  EXPECT_TRUE(offered) << details.body;
  auto placed = http_request("POST", server->url("/api/store/cart/complete"), h, "{}");
  ASSERT_EQ(placed.status, 201) << placed.body;
  const json order = json_of(placed);
  EXPECT_EQ(order["status"], "pending");
  ASSERT_EQ(order["payment"]["provider"], "stripe") << placed.body;
  const std::string intent = order["payment"]["reference"];
  EXPECT_EQ(stripe.intent(intent)["amount"], order["total_cents"]);
  EXPECT_FALSE(order["payment"]["client_secret"].get<std::string>().empty());

  // The order page mounts Stripe's card form on the intent, with the shop's publishable key.
  const std::string order_page = order["url"];
  auto pay_page = http_get(server->url(order_page), {{"Host", host}});
  ASSERT_EQ(pay_page.status, 200) << pay_page.body.substr(0, 2000);
  EXPECT_NE(pay_page.body.find("https://js.stripe.com/v3/"), std::string::npos);
  EXPECT_NE(pay_page.body.find(std::string("data-publishable-key=\"") +
                               testing::kStripePublishableKey + "\""),
            std::string::npos);
  EXPECT_NE(pay_page.body.find("data-client-secret=\"" +
                               order["payment"]["client_secret"].get<std::string>() + "\""),
            std::string::npos);
  EXPECT_EQ(pay_page.body.find(testing::kStripeSecretKey), std::string::npos);

  const std::string hook = server->url("/api/store/payments/stripe/webhook");
  const json paid = stripe.confirm(intent, "pm_card_visa");
  EXPECT_EQ(
      stripe.send_event(hook, host, "payment_intent.succeeded", paid, "evt_forged", "whsec_other"),
      401)
      << "a webhook signed with another secret";
  const std::string order_path = base + "/orders/" + std::to_string(order["number"].get<int>());
  EXPECT_EQ(json_of(api_call(*server, "GET", order_path, admin))["status"], "pending");
  EXPECT_EQ(stripe.send_event(hook, host, "payment_intent.succeeded", paid, "evt_paid"), 200);
  EXPECT_EQ(stripe.send_event(hook, host, "payment_intent.succeeded", paid, "evt_paid"), 200)
      << "Stripe retries; the event counts once";
  auto after = json_of(api_call(*server, "GET", order_path, admin));
  EXPECT_EQ(after["status"], "paid") << after.dump();
  EXPECT_EQ(after["payment"]["status"], "captured");
  int paid_events = 0;
  for (const auto& e : after["events"]) paid_events += e.value("type", "") == "paid";
  EXPECT_EQ(paid_events, 1) << after["events"].dump();
  auto paid_page = http_get(server->url(order_page), {{"Host", host}});
  EXPECT_NE(paid_page.body.find("<strong>Paid</strong>"), std::string::npos);
  EXPECT_EQ(paid_page.body.find("kd-pay-element"), std::string::npos) << "no card form once paid";
  EXPECT_EQ(server->stop(), 0);
}

}  // namespace
}  // namespace vitrine::e2e
