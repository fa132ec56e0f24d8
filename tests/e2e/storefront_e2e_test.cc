// The catalog API through the real binary: a workspace member creates products and a
// collection, edits and lists them; bad input answers 422 naming the fields; another tenant gets
// 404 on every route, exactly as for an unknown workspace.
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

class StorefrontE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    for (const char* email : {"owner@example.com", "helper@example.com", "rival@example.com"}) {
      std::vector<std::string> argv{vitrine_binary(), "user", "create",
                                    "--email",        email,  "--password-stdin"};
      auto flags = instance_flags();
      argv.insert(argv.end(), flags.begin(), flags.end());
      auto r = run_process(argv, {}, tmp.path().string(), std::string("pw-") + email + "\n");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    server = serve();
    ASSERT_TRUE(server->started());
    owner = login("owner@example.com");
    helper = login("helper@example.com");
    rival = login("rival@example.com");
    auto w = request("POST", "/api/workspaces", owner, json{{"name", "Clay Corner"}});
    ASSERT_EQ(w.status, 201) << w.body;
    workspace = json_of(w)["id"];
    auto m = request("POST", "/api/workspaces/" + workspace + "/members", owner,
                     json{{"email", "helper@example.com"}});
    ASSERT_EQ(m.status, 201) << m.body;
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0);
    }
  }

  HttpResult request(const std::string& method, const std::string& path, const std::string& token,
                     const json& body = nullptr) {
    std::vector<std::pair<std::string, std::string>> headers{{"Authorization", "Bearer " + token}};
    if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
    return http_request(method, server->url(path), headers, body.is_null() ? "" : body.dump());
  }
  std::string login(const std::string& email) {
    auto r =
        http_request("POST", server->url("/api/auth/login"), {{"Content-Type", "application/json"}},
                     json({{"email", email}, {"password", "pw-" + email}}).dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r).value("token", "");
  }
  std::string base() const { return "/api/workspaces/" + workspace; }

  std::unique_ptr<ServerProcess> server;
  std::string owner, helper, rival, workspace;
};

TEST_F(StorefrontE2eTest, MemberBuildsACatalogAndOtherTenantsSeeNothing) {
  // A member (not the owner) creates products.
  auto mug = request("POST", base() + "/products", helper,
                     {{"title", "Speckled Mug"},
                      {"price_cents", 2800},
                      {"currency", "EUR"},
                      {"image_url", "/cdn/themes/kendustorenew/1.0.0/build/images/product-mug.svg"},
                      {"inventory", 12}});
  ASSERT_EQ(mug.status, 201) << mug.body;
  json m = json_of(mug);
  EXPECT_EQ(m["slug"], "speckled-mug");
  EXPECT_EQ(m["price_cents"], 2800);
  EXPECT_DOUBLE_EQ(m["price"].get<double>(), 28.0);
  EXPECT_EQ(m["currency"], "EUR");
  EXPECT_EQ(m["status"], "active");
  EXPECT_EQ(m["url"], "/products/speckled-mug");
  auto vase = request("POST", base() + "/products", owner,
                      {{"title", "Bud Vase"}, {"price_cents", 3600}, {"status", "draft"}});
  ASSERT_EQ(vase.status, 201) << vase.body;
  const std::string vase_id = json_of(vase)["id"];

  // Invalid input: 422 with every field named; nothing saved.
  auto bad = request("POST", base() + "/products", owner,
                     {{"title", ""}, {"price_cents", -5}, {"currency", "euro"}});
  json e = expect_error(bad, 422, "validation_failed");
  std::vector<std::string> pointers;
  for (const auto& p : e["details"]["problems"]) pointers.push_back(p["pointer"]);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/title", "/price_cents", "/currency"})) << e;
  auto taken = request("POST", base() + "/products", owner,
                       {{"title", "Mug"}, {"price_cents", 1}, {"slug", "speckled-mug"}});
  expect_error(taken, 409, "already_exists");

  // A collection with both products, the vase first.
  auto featured = request("POST", base() + "/collections", helper, {{"title", "Featured"}});
  ASSERT_EQ(featured.status, 201) << featured.body;
  const std::string cid = json_of(featured)["id"];
  EXPECT_EQ(json_of(featured)["slug"], "featured");
  auto add_mug = request("POST", base() + "/collections/" + cid + "/products", helper,
                         {{"product_id", m["id"]}});
  ASSERT_EQ(add_mug.status, 200) << add_mug.body;
  auto add_vase = request("POST", base() + "/collections/featured/products", helper,
                          {{"product_id", vase_id}, {"position", 0}});
  ASSERT_EQ(add_vase.status, 200) << add_vase.body;
  EXPECT_EQ(json_of(add_vase)["product_ids"], json::array({vase_id, m["id"]}));

  // Edits and reads.
  auto patched =
      request("PATCH", base() + "/products/speckled-mug", owner, {{"price_cents", 2600}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_of(patched)["price_cents"], 2600);
  auto list = request("GET", base() + "/products?page_size=1", helper);
  ASSERT_EQ(list.status, 200) << list.body;
  json page = json_of(list);
  EXPECT_EQ(page["total"], 2);
  EXPECT_EQ(page["total_pages"], 2);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["title"], "Speckled Mug");
  auto drafts = request("GET", base() + "/products?status=draft", helper);
  ASSERT_EQ(drafts.status, 200);
  ASSERT_EQ(json_of(drafts)["items"].size(), 1u);
  EXPECT_EQ(json_of(drafts)["items"][0]["title"], "Bud Vase");
  auto collections = request("GET", base() + "/collections", helper);
  ASSERT_EQ(collections.status, 200);
  EXPECT_EQ(json_of(collections)["items"][0]["product_ids"].size(), 2u);

  // Another tenant: 404 on every route, reads and writes alike, and nothing changes.
  const std::string pid = m["id"];
  std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/products"},
      {"POST", "/products"},
      {"GET", "/products/" + pid},
      {"PATCH", "/products/" + pid},
      {"DELETE", "/products/" + pid},
      {"GET", "/collections"},
      {"POST", "/collections"},
      {"GET", "/collections/" + cid},
      {"PATCH", "/collections/" + cid},
      {"DELETE", "/collections/" + cid},
      {"POST", "/collections/" + cid + "/products"},
      {"DELETE", "/collections/" + cid + "/products/" + pid},
  };
  for (const auto& [method, path] : routes) {
    json body = method == "POST" || method == "PATCH"
                    ? json{{"title", "Hijack"}, {"price_cents", 0}, {"product_id", pid}}
                    : json(nullptr);
    auto r = request(method, base() + path, rival, body);
    expect_error(r, 404, "not_found");
    EXPECT_EQ(r.body.find("Speckled"), std::string::npos) << method << " " << path;
  }
  // The rival's own workspace cannot reach these rows by id either.
  auto rw = request("POST", "/api/workspaces", rival, json{{"name", "Rival Shop"}});
  ASSERT_EQ(rw.status, 201);
  const std::string rival_ws = json_of(rw)["id"];
  expect_error(request("GET", "/api/workspaces/" + rival_ws + "/products/" + pid, rival), 404,
               "not_found");
  EXPECT_EQ(json_of(request("GET", "/api/workspaces/" + rival_ws + "/products", rival))["total"],
            0);
  // Without a token: 401.
  expect_error(http_get(server->url(base() + "/products")), 401, "unauthorized");

  auto still = request("GET", base() + "/products/" + pid, owner);
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(json_of(still)["price_cents"], 2600);

  // Removing and deleting.
  auto out = request("DELETE", base() + "/collections/" + cid + "/products/" + vase_id, helper);
  EXPECT_EQ(out.status, 204) << out.body;
  auto gone = request("DELETE", base() + "/products/" + pid, helper);
  EXPECT_EQ(gone.status, 204) << gone.body;
  expect_error(request("GET", base() + "/products/" + pid, helper), 404, "not_found");
  auto c = request("GET", base() + "/collections/" + cid, helper);
  ASSERT_EQ(c.status, 200);
  EXPECT_EQ(json_of(c)["product_ids"], json::array());
  auto deleted = request("DELETE", base() + "/collections/" + cid, owner);
  EXPECT_EQ(deleted.status, 204);
}

}  // namespace
}  // namespace vitrine::e2e
