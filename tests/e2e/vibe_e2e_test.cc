// The real `vitrine serve`: a shop owner saves a VibeCode block through the API. Faulty code is
// refused with 422 naming the line and column of each problem and nothing changes; good code with
// a visibility rule is saved and served back by the storefront's public page data.
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;
using testing::write_theme;

class VibeE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    write_theme(themes(), "shop", "1.0.0", {{"name", "Kendu Shop"}});
    auto r = vitrine({"sync", "--all"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    server = serve();
    ASSERT_TRUE(server->started());
    admin = admin_token();
  }
  void TearDown() override {
    if (server) EXPECT_EQ(server->stop(), 0);
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                  const json& body = nullptr) {
    return api_call(*server, method, path, token, body);
  }

  std::string user_token(const std::string& email) {
    return E2eTest::user_token(*server, admin, email);
  }

  static json page(json content) {
    return {{"content", std::move(content)},
            {"root", {{"props", json::object()}}},
            {"zones", json::object()}};
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin;
};

TEST_F(VibeE2eTest, FaultyVibeCodeIsRefusedWithPositionsAndGoodCodeIsServed) {
  std::string owner = user_token("vibe@example.com");
  auto ws = call("POST", "/api/workspaces", owner, {{"name", "Vibe Shop"}});
  ASSERT_EQ(ws.status, 201) << ws.body;
  std::string ws_id = json_of(ws)["id"];
  std::string host = json_of(ws)["slug"].get<std::string>() + ".localhost";
  auto used = call("POST", "/api/themes/shop/use", owner, {{"workspace_id", ws_id}});
  ASSERT_EQ(used.status, 201) << used.body;
  std::string customization = json_of(used)["id"];
  json original = json_of(used)["puck_data"];

  json faulty = page({
      {{"type", "Hero"}, {"props", {{"title", "Hello"}}}},
      {{"type", "VibeCode"},
       {"props",
        {{"code", "function render(props, ctx) {\n  return '<p>' + ;\n}"},
         {"visibility", {{"devices", {"fridge"}}}}}}},
      {{"type", "VibeCode"},
       {"props", {{"code", "function render() {\n  return require('os').hostname();\n}"}}}},
  });
  auto refused = call("POST", "/api/workspaces/" + ws_id + "/template/update", owner,
                      {{"customization_id", customization}, {"puck_data", faulty}});
  json e = expect_error(refused, 422, "validation_failed");
  std::map<std::string, json> problems;
  for (const auto& p : e["details"]["problems"]) problems[p["pointer"]] = p;
  ASSERT_EQ(problems.size(), 3u) << refused.body;
  const json& syntax = problems["/puck_data/content/1/props/code"];
  EXPECT_EQ(syntax["code"], "syntax_error");
  EXPECT_EQ(syntax["line"], 2);
  EXPECT_EQ(syntax["column"], 18);  // the ";" after "+"
  const json& require = problems["/puck_data/content/2/props/code"];
  EXPECT_EQ(require["code"], "require_not_allowed");
  EXPECT_EQ(require["line"], 2);
  EXPECT_EQ(require["column"], 10);
  EXPECT_TRUE(problems.count("/puck_data/content/1/props/visibility/devices/0")) << refused.body;
  EXPECT_FALSE(problems["/puck_data/content/1/props/visibility/devices/0"].contains("line"));

  auto unchanged = call("GET", "/api/customizations/" + customization, owner);
  ASSERT_EQ(unchanged.status, 200) << unchanged.body;
  EXPECT_EQ(json_of(unchanged)["puck_data"], original);

  // Good code with a visibility rule is saved, published and served as saved.
  json good = page({
      {{"type", "Hero"}, {"props", {{"title", "Hello"}}}},
      {{"type", "VibeCode"},
       {"props",
        {{"id", "banner"},
         {"code",
          "function render(props, ctx) {\n"
          "  return `<div class=\"banner\">${ctx.escapeHtml(props.text)}</div>`;\n"
          "}\n"},
         {"props", {{"text", "Winter sale"}}},
         {"visibility",
          {{"devices", {"mobile", "tablet"}},
           {"userTypes", {"guest"}},
           {"dateRange", {{"start", "2025-12-01"}, {"end", "2026-01-01T00:00:00+01:00"}}}}}}}},
  });
  auto saved = call("POST", "/api/workspaces/" + ws_id + "/template/update", owner,
                    {{"customization_id", customization}, {"puck_data", good}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(json_of(saved)["puck_data"], good);
  auto published = call("POST", "/api/customizations/" + customization + "/publish", owner);
  ASSERT_EQ(published.status, 200) << published.body;
  auto live = http_get(server->url("/api/public/puck-data"), {{"X-Store-Hostname", host}});
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(json_of(live)["data"], good);
}

}  // namespace
}  // namespace vitrine::e2e
