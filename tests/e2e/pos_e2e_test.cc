// Point-of-sale sync through the real binary: a shop makes a scoped POS key; with it, a POS reads
// the shop's change feed (catalogue writes, storefront orders and the stock they take) page by
// page and as Server-Sent Events, and sees nothing of other shops.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/hash.h"
#include "e2e_support.h"
#include "testing/webhook_receiver.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

// Reads a streamed response from 127.0.0.1:`port` until `needle` arrives or `timeout` passes;
// returns what arrived (head included).
std::string read_stream_until(int port, const std::string& request, const std::string& needle,
                              std::chrono::milliseconds timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string got;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (got.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return got;
}

class PosE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = demo();
    ASSERT_TRUE(server->started()) << server->output() << server->error_output();
    admin = admin_token();
    ws = workspace_id(*server, admin, "da-lucia");
    other_ws = workspace_id(*server, admin, "demo-shop");
    ASSERT_FALSE(ws.empty());
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0);
    }
  }
  std::string make_key(const std::string& workspace, const json& scopes) {
    auto made = api_call(*server, "POST", "/api/workspaces/" + workspace + "/pos-keys", admin,
                         {{"name", "Front counter"}, {"scopes", scopes}});
    EXPECT_EQ(made.status, 201) << made.body;
    return json_of(made).value("key", "");
  }
  // Every change after `cursor`, paged `limit` at a time.
  std::vector<json> read_all(const std::string& key, int64_t& cursor, int limit = 7) {
    std::vector<json> out;
    for (;;) {
      auto r = api_call(
          *server, "GET",
          "/api/pos/changes?cursor=" + std::to_string(cursor) + "&limit=" + std::to_string(limit),
          key);
      EXPECT_EQ(r.status, 200) << r.body;
      const json page = json_of(r);
      for (const auto& c : page["items"]) out.push_back(c);
      cursor = page.value("cursor", cursor);
      if (!page.value("has_more", false)) return out;
    }
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin, ws, other_ws;
};

TEST_F(PosE2eTest, APosReadsTheShopsChangesPageByPageAndAsAStream) {
  const std::string key = make_key(ws, {"pos:read"});
  ASSERT_TRUE(key.starts_with("vpos_"));
  int64_t cursor = 0;
  const auto seeded = read_all(key, cursor);
  const json products =
      json_of(api_call(*server, "GET", "/api/workspaces/" + ws + "/products?page_size=100", admin));
  std::set<std::string> fed;
  for (size_t i = 0; i < seeded.size(); ++i) {
    EXPECT_EQ(seeded[i]["seq"], static_cast<int64_t>(i) + 1) << "every number once, in order";
    if (seeded[i]["kind"] == "product") fed.insert(seeded[i]["id"].get<std::string>());
  }
  for (const auto& p : products["items"])
    EXPECT_TRUE(fed.contains(p["id"].get<std::string>())) << "the demo's products are in the feed";

  // A merchant's edit and a storefront order arrive after the cursor.
  const json dish = json_of(api_call(
      *server, "GET", "/api/workspaces/" + ws + "/products/tonnarelli-cacio-e-pepe", admin));
  const std::string variant = dish["variants"][0]["id"];
  const int64_t stock = dish["variants"][0]["inventory"];
  ASSERT_EQ(api_call(*server, "PATCH",
                     "/api/workspaces/" + ws + "/products/" + dish["id"].get<std::string>(), admin,
                     {{"title", "Tonnarelli cacio e pepe (large)"}})
                .status,
            200);
  const std::string host = "da-lucia.localhost:" + std::to_string(server->port());
  auto shop = [&](const std::string& method, const std::string& path, const json& body,
                  const std::string& cart) {
    return http_request(method, server->url(path),
                        {{"Host", host},
                         {"Origin", "http://" + host},
                         {"Content-Type", "application/json"},
                         {"X-Cart-Token", cart}},
                        body.dump());
  };
  auto cart = http_request(
      "POST", server->url("/api/store/carts"),
      {{"Host", host}, {"Origin", "http://" + host}, {"Content-Type", "application/json"}}, "{}");
  ASSERT_EQ(cart.status, 201) << cart.body;
  const std::string token = json_of(cart)["token"];
  ASSERT_EQ(shop("POST", "/api/store/cart/lines", {{"variant_id", variant}, {"quantity", 2}}, token)
                .status,
            200);
  ASSERT_EQ(shop("PATCH", "/api/store/cart",
                 {{"email", "marco@example.com"},
                  {"shipping_method", "pickup"},
                  {"shipping_address", {{"name", "Marco"}, {"phone", "+39 06 1234"}}}},
                 token)
                .status,
            200);
  auto order = shop("POST", "/api/store/cart/complete", json::object(), token);
  ASSERT_EQ(order.status, 201) << order.body;

  const int64_t before = cursor;
  const auto fresh = read_all(key, cursor, 2);
  ASSERT_EQ(fresh.size(), 3u) << json(fresh).dump();
  EXPECT_EQ(fresh[0]["kind"], "product");
  EXPECT_EQ(fresh[0]["data"]["title"], "Tonnarelli cacio e pepe (large)");
  EXPECT_EQ(fresh[1]["kind"], "inventory");
  EXPECT_EQ(fresh[1]["data"]["available"], stock - 2) << "the sale took stock";
  EXPECT_EQ(fresh[2]["kind"], "order");
  EXPECT_EQ(fresh[2]["id"], json_of(order)["id"]);
  EXPECT_EQ(fresh[2]["data"]["lines"][0]["quantity"], 2);
  EXPECT_EQ(fresh[0]["seq"], before + 1);

  // The stream from the first fresh change's cursor replays them, then follows new ones.
  const std::string request =
      "GET /api/pos/changes/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer " +
      key + "\r\nLast-Event-ID: " + std::to_string(before) + "\r\n\r\n";
  const std::string replay = read_stream_until(
      server->port(), request, "id: " + std::to_string(cursor) + "\n", std::chrono::seconds(5));
  std::string head = replay.substr(0, replay.find("\r\n\r\n"));
  std::transform(head.begin(), head.end(), head.begin(), ::tolower);
  EXPECT_NE(head.find("content-type: text/event-stream"), std::string::npos) << replay;
  EXPECT_NE(head.find("transfer-encoding: chunked"), std::string::npos) << replay;
  EXPECT_NE(replay.find("id: " + std::to_string(before + 1) + "\nevent: change\ndata: {"),
            std::string::npos)
      << replay;
  EXPECT_EQ(replay.find("id: " + std::to_string(before) + "\n"), std::string::npos)
      << "nothing at or before Last-Event-ID";

  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    api_call(*server, "PATCH",
             "/api/workspaces/" + ws + "/products/" + dish["id"].get<std::string>(), admin,
             {{"title", "Tonnarelli (streamed)"}});
  });
  const std::string followed = read_stream_until(
      server->port(),
      "GET /api/pos/changes/stream?cursor=" + std::to_string(cursor) +
          " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n",
      "Tonnarelli (streamed)", std::chrono::seconds(5));
  later.join();
  EXPECT_NE(followed.find("id: " + std::to_string(cursor + 1) + "\n"), std::string::npos)
      << followed;
  EXPECT_NE(followed.find("Tonnarelli (streamed)"), std::string::npos);
}

TEST_F(PosE2eTest, KeysAreScopedRevocableAndSeeOnlyTheirShop) {
  const std::string writer = make_key(ws, {"pos:write"});
  expect_error(api_call(*server, "GET", "/api/pos/changes", writer), 403, "forbidden");
  expect_error(api_call(*server, "GET", "/api/pos/changes", ""), 401, "unauthorized");
  // A user's token is not a POS key.
  expect_error(api_call(*server, "GET", "/api/pos/changes", admin), 401, "unauthorized");
  expect_error(api_call(*server, "GET", "/api/pos/changes", "vpos_0000"), 401, "unauthorized");

  const std::string reader = make_key(ws, {"pos:read", "pos:read"});
  const json keys = json_of(api_call(*server, "GET", "/api/workspaces/" + ws + "/pos-keys", admin));
  ASSERT_EQ(keys["items"].size(), 2u);
  EXPECT_EQ(keys["items"][0]["scopes"], json::array({"pos:read"}));
  EXPECT_FALSE(keys["items"][0].contains("key")) << "the secret is shown once";
  for (const char* bad : {"cursor=abc", "cursor=-1", "limit=0", "limit=1001", "cursor=1.5"})
    expect_error(api_call(*server, "GET", std::string("/api/pos/changes?") + bad, reader), 400,
                 "invalid_argument");
  auto invalid = api_call(*server, "POST", "/api/workspaces/" + ws + "/pos-keys", admin,
                          {{"name", ""}, {"scopes", {"admin"}}, {"colour", 1}});
  auto e = expect_error(invalid, 422, "validation_failed");
  EXPECT_EQ(e["details"]["problems"].size(), 3u) << invalid.body;

  // Another shop's key reads another feed; another user cannot make or revoke this shop's keys.
  const std::string theirs = make_key(other_ws, {"pos:read"});
  int64_t cursor = 0;
  std::set<std::string> mine_ids, their_ids;
  for (const auto& c : read_all(reader, cursor, 100)) mine_ids.insert(c["id"].get<std::string>());
  cursor = 0;
  for (const auto& c : read_all(theirs, cursor, 100)) their_ids.insert(c["id"].get<std::string>());
  for (const auto& id : their_ids) EXPECT_FALSE(mine_ids.contains(id)) << id;
  const std::string other = user_token(*server, admin, "other@example.com");
  expect_error(api_call(*server, "POST", "/api/workspaces/" + ws + "/pos-keys", other,
                        {{"name", "x"}, {"scopes", {"pos:read"}}}),
               404, "not_found");
  const std::string id = keys["items"][0]["id"];
  expect_error(api_call(*server, "DELETE", "/api/workspaces/" + ws + "/pos-keys/" + id, other), 404,
               "not_found");
  EXPECT_EQ(api_call(*server, "DELETE", "/api/workspaces/" + ws + "/pos-keys/" + id, admin).status,
            204);
  // A revoked key stops at once.
  expect_error(api_call(*server, "GET", "/api/pos/changes", reader), 401, "unauthorized");
}

TEST_F(PosE2eTest, APosWritesProductsInIdempotentBatchesThatTheShopShows) {
  const std::string writer = make_key(ws, {"pos:write"});
  const std::string reader = make_key(ws, {"pos:read"});
  const json body = {{"products",
                      {{{"external_id", "sq-1001"},
                        {"title", "Till-only tiramisù tin"},
                        {"price_cents", 450},
                        {"currency", "EUR"},
                        {"inventory", 40}}}}};
  auto post = [&](const std::string& key, const std::string& idempotency, const json& b) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
    if (!idempotency.empty()) headers.push_back({"Idempotency-Key", idempotency});
    return http_request("POST", server->url("/api/pos/products/batch"), headers, b.dump());
  };
  auto first = post(writer, "till-7-0001", body);
  ASSERT_EQ(first.status, 200) << first.body;
  const json result = json_of(first)["results"][0];
  EXPECT_EQ(result["status"], "created");
  auto retry = post(writer, "till-7-0001", body);
  ASSERT_EQ(retry.status, 200);
  EXPECT_EQ(json_of(retry)["replayed"], true);
  EXPECT_EQ(json_of(retry)["results"][0]["id"], result["id"]);
  const json listed =
      json_of(api_call(*server, "GET", "/api/workspaces/" + ws + "/products?page_size=100", admin));
  int named = 0;
  for (const auto& p : listed["items"]) named += p["title"] == "Till-only tiramisù tin";
  EXPECT_EQ(named, 1) << "the retry wrote nothing";
  auto page = http_get(server->url("/products/till-only-tiramisu-tin"),
                       {{"Host", "da-lucia.localhost:" + std::to_string(server->port())}});
  EXPECT_EQ(page.status, 200);

  // A stale write loses with the current version; the fresh one wins.
  json stale = body;
  stale["products"][0]["price_cents"] = 500;
  stale["products"][0]["version"] = result["version"].get<int64_t>() - 1;
  const json lost = json_of(post(writer, "till-7-0002", stale))["results"][0];
  EXPECT_EQ(lost["status"], "conflict");
  EXPECT_EQ(lost["version"], result["version"]);
  stale["products"][0]["version"] = result["version"];
  EXPECT_EQ(json_of(post(writer, "till-7-0003", stale))["results"][0]["status"], "updated");

  expect_error(post(writer, "", body), 400, "invalid_argument");
  expect_error(post(writer, "till-7-0001", stale), 409, "conflict");
  expect_error(post(reader, "till-7-0004", body), 403, "forbidden");
  expect_error(post(writer, "till-7-0005", {{"products", json::array()}}), 422,
               "validation_failed");
  auto broken = http_request("POST", server->url("/api/pos/products/batch"),
                             {{"Authorization", "Bearer " + writer},
                              {"Idempotency-Key", "till-7-0006"},
                              {"Content-Type", "application/json"}},
                             "{\"products\": [");
  expect_error(broken, 400, "invalid_json");
}

// The shop registers a URL; a till's batch reaches it signed with the shop's secret, after a
// retry, and the delivery log says so. Another user sees none of it.
TEST_F(PosE2eTest, TheShopsWebhookReceivesItsChangesSigned) {
  testing::WebhookReceiver receiver;
  const std::string base = "/api/workspaces/" + ws + "/webhooks";
  auto made = api_call(*server, "POST", base, admin,
                       {{"url", receiver.url("lucia")}, {"kinds", {"product"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const json endpoint = json_of(made);
  const std::string secret = endpoint["secret"];
  expect_error(api_call(*server, "POST", base, admin, {{"url", "gopher://x"}}), 422,
               "validation_failed");
  const std::string other = user_token(*server, admin, "hooks-other@example.com");
  expect_error(api_call(*server, "GET", base, other), 404, "not_found");

  const std::string writer = make_key(ws, {"pos:write"});
  auto batch = http_request("POST", server->url("/api/pos/products/batch"),
                            {{"Authorization", "Bearer " + writer},
                             {"Content-Type", "application/json"},
                             {"Idempotency-Key", "hook-1"}},
                            json{{"products", json::array({{{"external_id", "sq-hook"},
                                                            {"title", "Hooked biscotti"},
                                                            {"price_cents", 300}}})}}
                                .dump());
  ASSERT_EQ(batch.status, 200) << batch.body;
  const std::string product_id = json_of(batch)["results"][0]["id"];

  // 500 first: the delivery waits its backoff; the log shows the failed attempt.
  ASSERT_TRUE(eventually([&] { return !receiver.hits().empty(); }));
  const std::string deliveries = base + "/" + endpoint["id"].get<std::string>() + "/deliveries";
  const json log = json_of(api_call(*server, "GET", deliveries, admin));
  ASSERT_EQ(log["items"].size(), 1u) << log.dump();
  EXPECT_EQ(log["items"][0]["last_status"], 500);
  receiver.answer(200);
  // The shop need not wait for the backoff: it cannot retry a pending delivery, only a failed
  // one, so the test waits for the sender's retry (10 s after the first failure).
  expect_error(
      api_call(*server, "POST",
               deliveries + "/" + std::to_string(log["items"][0]["id"].get<int64_t>()) + "/retry",
               admin),
      409, "conflict");
  ASSERT_TRUE(eventually(
      [&] {
        const json now = json_of(api_call(*server, "GET", deliveries, admin));
        return now["items"][0]["state"] == "delivered";
      },
      std::chrono::seconds(20)));
  const auto hit = receiver.hits().back();
  const std::string t = hit.signature.substr(2, hit.signature.find(',') - 2);
  EXPECT_EQ(hit.signature, "t=" + t + ",v1=" + hmac_sha256_hex(secret, t + "." + hit.body));
  const json body = json::parse(hit.body);
  EXPECT_EQ(body["workspace_id"], ws);
  EXPECT_EQ(body["changes"][0]["id"], product_id);
  EXPECT_EQ(body["changes"][0]["data"]["title"], "Hooked biscotti");
  EXPECT_EQ(
      api_call(*server, "DELETE", base + "/" + endpoint["id"].get<std::string>(), admin).status,
      204);
}

}  // namespace
}  // namespace vitrine::e2e
