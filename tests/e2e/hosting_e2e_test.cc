// Hosting through the real binary: a pro user's workspace gets its site, adds a custom domain,
// verifies it against a real DNS server (dnsmasq on loopback, named by VITRINE_DNS_RESOLVER),
// and the domain becomes the storefront host that Caddy's TLS `ask` accepts. Tier changes made
// with the CLI suspend and restore it.
#include "e2e_support.h"
#include "testing/dns_server.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;
using vitrine::testing::LocalDnsServer;

class HostingE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    create_user("pro@example.com", "pro");
    create_user("basic@example.com", "basic");
    dns_port = free_local_port();
    ASSERT_NE(dns_port, 0);
    std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0", "--base-domain",
                                  "vitrine.test"};
    for (const auto& f : instance_flags()) args.push_back(f);
    server = std::make_unique<ServerProcess>(
        args,
        std::vector<std::pair<std::string, std::string>>{
            {"VITRINE_DNS_RESOLVER", "127.0.0.1:" + std::to_string(dns_port)}},
        tmp.path().string());
    ASSERT_TRUE(server->started());
    pro = login("pro@example.com");
    basic = login("basic@example.com");
  }
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }

  void create_user(const std::string& email, const std::string& tier) {
    std::vector<std::string> argv{vitrine_binary(),   "user",   "create", "--email", email,
                                  "--password-stdin", "--tier", tier};
    for (const auto& f : instance_flags()) argv.push_back(f);
    auto r = run_process(argv, {}, tmp.path().string(), "pw-" + email + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void set_tier(const std::string& email, const std::string& tier) {
    auto r = vitrine({"user", "set-tier", "--email", email, "--tier", tier});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }

  std::string login(const std::string& email) {
    auto r = call("POST", "/api/auth/login", "", {{"email", email}, {"password", "pw-" + email}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r).value("token", "");
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                  const json& body = nullptr) {
    return api_call(*server, method, path, token, body);
  }

  long tls_ask(const std::string& host) {
    return http_get(server->url("/api/hosting/tls-ask?domain=" + host)).status;
  }

  uint16_t dns_port = 0;
  std::unique_ptr<ServerProcess> server;
  std::string pro, basic;
};

TEST_F(HostingE2eTest, ProUserVerifiesACustomDomain) {
  auto created = call("POST", "/api/workspaces", pro, {{"name", "Johns Shop"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string ws = json_of(created)["id"];
  const std::string slug = json_of(created)["slug"];
  const std::string platform_host = slug + ".vitrine.test";

  // The site exists from the start, on the pro plan's infrastructure.
  HttpResult site_r;
  ASSERT_TRUE(eventually([&] {
    site_r = call("GET", "/api/workspaces/" + ws + "/site", pro);
    return site_r.status == 200;
  })) << site_r.body;
  json site = json_of(site_r);
  EXPECT_EQ(site["subdomain"], slug);
  EXPECT_EQ(site["status"], "active");
  EXPECT_EQ(site["storefront_domain"], platform_host);
  EXPECT_EQ(site["environment"]["tier"], "pro");
  EXPECT_EQ(site["environment"]["model"], "bridge");
  EXPECT_EQ(site["environment"]["max_custom_domains"], 3);
  EXPECT_EQ(site["domains"], json::array());
  EXPECT_EQ(tls_ask(platform_host), 200);
  EXPECT_EQ(tls_ask("shop.example.test"), 404);

  // Adding: bad names are refused with the problem named; a good one answers the record.
  auto bad = expect_error(call("POST", "/api/workspaces/" + ws + "/domains", pro,
                               {{"hostname", "https://shop.example.test"}}),
                          400, "invalid_argument");
  EXPECT_EQ(bad["details"]["pointer"], "/hostname");
  EXPECT_NE(bad["message"].get<std::string>().find("scheme"), std::string::npos);
  expect_error(call("POST", "/api/workspaces/" + ws + "/domains", pro,
                    {{"hostname", "www." + platform_host}}),
               400, "invalid_argument");
  auto added =
      call("POST", "/api/workspaces/" + ws + "/domains", pro, {{"hostname", "Shop.Example.Test."}});
  ASSERT_EQ(added.status, 201) << added.body;
  json domain = json_of(added);
  const std::string domain_id = domain["id"];
  EXPECT_EQ(domain["hostname"], "shop.example.test");
  EXPECT_EQ(domain["state"], "pending");
  EXPECT_EQ(domain["txt_record"]["name"], "_vitrine-challenge.shop.example.test");
  EXPECT_EQ(domain["txt_record"]["type"], "TXT");
  const std::string token = domain["txt_record"]["value"];
  EXPECT_TRUE(token.starts_with("vitrine-verify=")) << token;
  expect_error(
      call("POST", "/api/workspaces/" + ws + "/domains", pro, {{"hostname", "shop.example.test"}}),
      409, "already_exists");
  EXPECT_EQ(tls_ask("shop.example.test"), 404) << "pending domains get no certificate";

  const std::string verify_path = "/api/workspaces/" + ws + "/domains/" + domain_id + "/verify";
  {
    // DNS does not have the record yet: the check runs and says so.
    LocalDnsServer dns({}, {"test"}, {}, dns_port);
    ASSERT_TRUE(dns.started());
    auto r = call("POST", verify_path, pro);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json_of(r)["state"], "failed");
    EXPECT_TRUE(json_of(r)["last_error"].get<std::string>().starts_with("NXDOMAIN")) << r.body;
  }
  {
    LocalDnsServer dns({{"_vitrine-challenge.shop.example.test", token}}, {"test"}, {}, dns_port);
    ASSERT_TRUE(dns.started());
    auto r = call("POST", verify_path, pro);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json_of(r)["state"], "verified") << r.body << "\n" << dns.log();
    EXPECT_EQ(json_of(r)["last_error"], nullptr);
    EXPECT_EQ(json_of(r)["is_primary"], true);
  }

  site = json_of(call("GET", "/api/workspaces/" + ws + "/site", pro));
  EXPECT_EQ(site["storefront_domain"], "shop.example.test");
  ASSERT_EQ(site["domains"].size(), 1u);
  EXPECT_EQ(site["domains"][0]["state"], "verified");
  auto listed = json_of(call("GET", "/api/workspaces/" + ws + "/domains", pro));
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["hostname"], "shop.example.test");
  EXPECT_EQ(json_of(call("GET", "/api/workspaces/" + ws, pro))["domain"], "shop.example.test");
  EXPECT_EQ(tls_ask("shop.example.test"), 200);
  EXPECT_EQ(tls_ask("SHOP.example.test."), 200);
  expect_error(http_get(server->url("/api/hosting/tls-ask")), 400, "invalid_argument");

  // Another tenant sees nothing and changes nothing.
  expect_error(call("GET", "/api/workspaces/" + ws + "/site", basic), 404, "not_found");
  expect_error(call("DELETE", "/api/workspaces/" + ws + "/domains/" + domain_id, basic), 404,
               "not_found");

  // A downgrade suspends the domain (kept, not served); the upgrade brings it back.
  set_tier("pro@example.com", "basic");
  site = json_of(call("GET", "/api/workspaces/" + ws + "/site", pro));
  EXPECT_EQ(site["environment"]["model"], "pool");
  EXPECT_EQ(site["storefront_domain"], platform_host);
  ASSERT_EQ(site["domains"].size(), 1u);
  EXPECT_EQ(site["domains"][0]["suspended"], true);
  // The CLI is another process: the server routes (and answers tls-ask) from its in-memory
  // directory, which follows other processes' writes at its refresh, once a second.
  EXPECT_TRUE(eventually([&] { return tls_ask("shop.example.test") == 404; }));
  auto refused = expect_error(
      call("POST", "/api/workspaces/" + ws + "/domains", pro, {{"hostname", "www.example.test"}}),
      403, "forbidden");
  EXPECT_EQ(refused["details"]["limit"], 0);
  EXPECT_EQ(refused["details"]["tier"], "basic");
  set_tier("pro@example.com", "pro");
  site = json_of(call("GET", "/api/workspaces/" + ws + "/site", pro));
  EXPECT_EQ(site["environment"]["model"], "bridge");
  EXPECT_EQ(site["domains"][0]["suspended"], false);
  EXPECT_EQ(site["storefront_domain"], "shop.example.test");
  EXPECT_TRUE(eventually([&] { return tls_ask("shop.example.test") == 200; }));

  auto removed = call("DELETE", "/api/workspaces/" + ws + "/domains/" + domain_id, pro);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(tls_ask("shop.example.test"), 404);
  expect_error(call("POST", verify_path, pro), 404, "not_found");
}

TEST_F(HostingE2eTest, BasicPlanServesTheSubdomainOnly) {
  auto created = call("POST", "/api/workspaces", basic, {{"name", "Corner Store"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string ws = json_of(created)["id"];
  auto site = json_of(call("GET", "/api/workspaces/" + ws + "/site", basic));
  EXPECT_EQ(site["environment"]["model"], "pool");
  EXPECT_EQ(site["environment"]["max_custom_domains"], 0);
  auto e = expect_error(call("POST", "/api/workspaces/" + ws + "/domains", basic,
                             {{"hostname", "corner.example.test"}}),
                        403, "forbidden");
  EXPECT_EQ(e["details"]["limit"], 0);
  EXPECT_EQ(e["details"]["tier"], "basic");
  expect_error(call("POST", "/api/workspaces/" + ws + "/domains", "", {{"hostname", "x.test"}}),
               401, "unauthorized");
}

TEST_F(HostingE2eTest, DnsResolverSettingIsChecked) {
  auto ok = vitrine({"config", "--dns-resolver", "127.0.0.1:5353"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("dns_resolver = 127.0.0.1:5353"), std::string::npos) << ok.out;
  auto bad = vitrine({"config", "--dns-resolver", "dns.example.com"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("dns_resolver"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace vitrine::e2e
