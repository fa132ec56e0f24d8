// The built-in VibeCode block and per-block visibility rules, saved through CustomizationService
// on a real database: faulty code is refused with line and column and nothing is saved; good
// code and rules round-trip; theme version changes do not warn about them.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "customize/customizations.h"
#include "customize_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::customize {
namespace {

using nlohmann::json;
using testing::block;
using testing::CustomizeTest;
using testing::document;
using testing::shop_config;

const char* kGoodCode =
    "function render(props, ctx) {\n"
    "  return `<p class=\"note\">${ctx.escapeHtml(props.text)}</p>`;\n"
    "}\n";

json vibe(const std::string& code, json extra = json::object()) {
  json props = {{"code", code}};
  props.update(extra);
  return block(kVibeCodeComponent, props);
}

std::set<std::string> pointers_of(const Error& e) {
  std::set<std::string> out;
  for (const auto& p : e.details.value("problems", json::array()))
    out.insert(p.value("pointer", ""));
  return out;
}

class VibeBlocksTest : public CustomizeTest {
 protected:
  Result<Customization> save_home(const Customization& c, const json& home) {
    CustomizationUpdate change;
    change.puck_data = home;
    return service->update("ws-1", c.id, change);
  }
};

TEST_F(VibeBlocksTest, AValidVibeCodeBlockSavesAndRoundTrips) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  json home = document(
      {block("Hero", {{"id", "hero"}, {"title", "Hi"}}),
       vibe(kGoodCode, {{"id", "note"},
                        {"props", {{"text", "Free shipping"}, {"nested", {{"n", 1}}}}},
                        {"visibility",
                         {{"devices", {"mobile"}},
                          {"dateRange", {{"start", "2025-12-01"}, {"end", "2026-01-01"}}}}}}),
       vibe("const render = (props) => '<hr>';")});
  auto saved = save_home(c, home);
  ASSERT_THAT(saved, IsOk()) << saved.error().message << " " << saved.error().details.dump();
  EXPECT_EQ(fetch(c.id).puck_data(), home);
  EXPECT_EQ(to_json(fetch(c.id))["puck_data"]["content"][1]["props"]["code"], kGoodCode);
}

TEST_F(VibeBlocksTest, FaultyCodeIsRefusedWithLineAndColumnAndNothingIsSaved) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  json before = fetch(c.id).puck_data();
  json home = document({
      block("Hero", {{"title", "Hi"}}),
      vibe("function render(props, ctx) {\n  return `<p>${props.x}</p>`;\n  if (\n}\n"),
      vibe("function render(props) {\n  const fs = require('fs');\n  return '';\n}"),
      vibe("function draw() { return ''; }"),
  });
  auto refused = save_home(c, home);
  ASSERT_THAT(refused, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(fetch(c.id).puck_data(), before);

  std::map<std::string, json> by_pointer;
  for (const auto& p : refused.error().details["problems"]) by_pointer[p["pointer"]] = p;
  ASSERT_EQ(by_pointer.size(), 3u) << refused.error().details.dump(2);

  const json& syntax = by_pointer["/puck_data/content/1/props/code"];
  EXPECT_EQ(syntax["code"], "syntax_error");
  EXPECT_EQ(syntax["line"], 4);  // the "}" that cannot follow "if ("
  EXPECT_EQ(syntax["column"], 1);
  EXPECT_NE(syntax["message"].get<std::string>().find("line 4, column 1"), std::string::npos);

  const json& require = by_pointer["/puck_data/content/2/props/code"];
  EXPECT_EQ(require["code"], "require_not_allowed");
  EXPECT_EQ(require["line"], 2);
  EXPECT_EQ(require["column"], 14);

  const json& missing = by_pointer["/puck_data/content/3/props/code"];
  EXPECT_EQ(missing["code"], "missing_render");

  // Problems outside vibe code carry no position.
  auto plain = save_home(c, document({block("Hero", {{"title", 7}})}));
  ASSERT_THAT(plain, Not(IsOk()));
  json p = plain.error().details["problems"][0];
  EXPECT_EQ(p["pointer"], "/puck_data/content/0/props/title");
  EXPECT_FALSE(p.contains("line"));
  EXPECT_FALSE(p.contains("code"));
}

TEST_F(VibeBlocksTest, VibeCodeBlocksFollowTheBlockRules) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  CustomizationUpdate change;
  change.pages = {
      {"/", document({vibe(kGoodCode, {{"id", "dup"}, {"css", "p{}"}, {"props", "text"}}),
                      block(kVibeCodeComponent, {{"props", json::object()}}),
                      block(kVibeCodeComponent, {{"code", 42}}), block("Hero", {{"id", "dup"}})})},
      {"/about", document({vibe("import x from 'y';\nfunction render() { return ''; }")})}};
  auto refused = service->update("ws-1", c.id, change);
  ASSERT_THAT(refused, Not(IsOk()));
  EXPECT_EQ(pointers_of(refused.error()),
            (std::set<std::string>{
                "/pages/~1/content/0/props/css", "/pages/~1/content/0/props/props",
                "/pages/~1/content/1/props/code", "/pages/~1/content/2/props/code",
                "/pages/~1/content/3/props/id", "/pages/~1about/content/0/props/code"}));
  for (const auto& p : refused.error().details["problems"]) {
    if (p["pointer"] == "/pages/~1about/content/0/props/code") {
      EXPECT_EQ(p["code"], "import_not_allowed");
      EXPECT_EQ(p["line"], 1);
      EXPECT_EQ(p["column"], 1);
    }
  }
}

TEST_F(VibeBlocksTest, EveryBlockMayCarryAVisibilityRuleThatIsValidated) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  json good = document(
      {block("Hero", {{"title", "Members only"}, {"visibility", {{"userTypes", {"customer"}}}}}),
       block("Footer", {{"visibility", {{"devices", json::array()}}}})});
  good["zones"] = {{"sidebar", {block("Promo", {{"visibility", nullptr}})}}};
  ASSERT_THAT(save_home(c, good), IsOk());
  EXPECT_EQ(fetch(c.id).puck_data(), good);

  json bad = document(
      {block("Hero", {{"visibility", {{"devices", {"watch"}}, {"userTypes", {"guest"}}}}}),
       vibe(kGoodCode,
            {{"visibility",
              {{"dateRange", {{"start", "2026-01-02"}, {"end", "2026-01-01T23:59:59Z"}}}}}})});
  bad["zones"] = {{"sidebar", {block("Promo", {{"visibility", {{"audience", "all"}}}})}}};
  auto refused = save_home(c, bad);
  ASSERT_THAT(refused, Not(IsOk()));
  EXPECT_EQ(pointers_of(refused.error()),
            (std::set<std::string>{"/puck_data/content/0/props/visibility/devices/0",
                                   "/puck_data/content/1/props/visibility/dateRange/end",
                                   "/puck_data/zones/sidebar/0/props/visibility/audience"}));
  EXPECT_EQ(fetch(c.id).puck_data(), good);
}

TEST_F(VibeBlocksTest, AThemesOwnVibeCodeComponentWins) {
  register_shop("1.0.0", shop_config({{kVibeCodeComponent,
                                       {{"label", "Vibe"},
                                        {"fields", {{"html", {{"type", "textarea"}}}}},
                                        {"defaultProps", json::object()}}}}));
  auto c = use("ws-1");
  ASSERT_THAT(save_home(c, document({block(kVibeCodeComponent, {{"html", "<b>x</b>"}})})), IsOk());
  auto refused = save_home(c, document({vibe(kGoodCode)}));
  ASSERT_THAT(refused, Not(IsOk()));
  EXPECT_EQ(pointers_of(refused.error()),
            (std::set<std::string>{"/puck_data/content/0/props/code"}));
  EXPECT_NE(refused.error().message.find("is not a field of component VibeCode"), std::string::npos)
      << refused.error().message;
}

TEST_F(VibeBlocksTest, UnknownTypesNameTheBuiltInComponent) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  auto refused = save_home(c, document({block("Vibecode", {{"code", kGoodCode}})}));
  ASSERT_THAT(refused, Not(IsOk()));
  std::string message = refused.error().details["problems"][0]["message"];
  EXPECT_NE(message.find("built-in VibeCode"), std::string::npos) << message;
}

TEST_F(VibeBlocksTest, VersionChangesDoNotWarnAboutVibeCodeOrVisibility) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  json home =
      document({vibe(kGoodCode, {{"id", "v"}, {"visibility", {{"devices", {"desktop"}}}}}),
                block("Hero", {{"title", "Hi"}, {"visibility", {{"userTypes", {"guest"}}}}})});
  ASSERT_THAT(save_home(c, home), IsOk());
  register_shop("1.1.0");
  auto up = service->upgrade(c.id, "1.1.0");
  ASSERT_THAT(up, IsOk());
  EXPECT_TRUE(up->warnings.empty()) << up->warnings.front().pointer;
  EXPECT_EQ(up->customization.puck_data(), home);
  auto down = service->downgrade(c.id, "1.0.0");
  ASSERT_THAT(down, IsOk());
  EXPECT_TRUE(down->warnings.empty());
}

}  // namespace
}  // namespace vitrine::customize
