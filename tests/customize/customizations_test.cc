// CustomizationService on a real database with themes registered by the real ThemeSync.
#include "customize/customizations.h"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <map>
#include <set>
#include <thread>

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

std::set<std::string> pointers_of(const Error& e) {
  std::set<std::string> out;
  for (const auto& p : e.details.value("problems", json::array()))
    out.insert(p.value("pointer", ""));
  return out;
}

std::set<std::string> pointers_of(const std::vector<PuckProblem>& problems) {
  std::set<std::string> out;
  for (const auto& p : problems) out.insert(p.pointer);
  return out;
}

// Every table's rows, as text, keyed by table name: to see which tables an operation wrote.
std::map<std::string, std::string> snapshot(db::Database& db) {
  auto tables = db.exec(db.dialect() == db::Dialect::kSqlite
                            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                              "LIKE 'sqlite_%'"
                            : "SELECT table_name AS name FROM information_schema.tables "
                              "WHERE table_schema = current_schema()");
  EXPECT_THAT(tables, IsOk());
  std::map<std::string, std::string> out;
  for (size_t i = 0; tables.ok() && i < tables->rows.size(); ++i) {
    std::string name = tables->text(i, "name");
    auto rows = db.exec("SELECT * FROM " + name);
    EXPECT_THAT(rows, IsOk()) << name;
    std::multiset<std::string> lines;  // row order is not part of a table's content
    for (size_t r = 0; rows.ok() && r < rows->rows.size(); ++r) {
      std::string line;
      for (size_t c = 0; c < rows->columns.size(); ++c)
        line += rows->text(r, rows->columns[c]) + "|";
      lines.insert(line);
    }
    for (const auto& l : lines) out[name] += l + "\n";
  }
  return out;
}

std::set<std::string> changed_tables(const std::map<std::string, std::string>& before,
                                     const std::map<std::string, std::string>& after) {
  std::set<std::string> out;
  for (const auto& [name, rows] : after) {
    auto it = before.find(name);
    if (it == before.end() || it->second != rows) out.insert(name);
  }
  return out;
}

int active_count(CustomizationService& s, const std::string& workspace) {
  auto all = s.list(workspace);
  EXPECT_THAT(all, IsOk());
  int n = 0;
  for (const auto& c : *all) n += c.is_active ? 1 : 0;
  return n;
}

TEST_F(CustomizeTest, UsePinsTheLatestVersionByDefaultAndSeedsRootDefaults) {
  register_shop("1.0.0");
  register_shop("1.2.0");
  register_shop("1.1.0");
  auto c = use("ws-1");
  EXPECT_EQ(c.version, "1.2.0");
  EXPECT_EQ(c.status, "draft");
  EXPECT_FALSE(c.is_active);
  EXPECT_EQ(c.source, "platform");
  EXPECT_EQ(c.theme.slug, "shop");
  EXPECT_EQ(c.name, "Theme shop");
  // The sample themes ship no page data: a home page with the root's defaults and no blocks.
  EXPECT_EQ(c.puck_data()["content"], json::array());
  EXPECT_EQ(c.puck_data()["root"]["props"]["title"], "My shop");
  EXPECT_EQ(fetch(c.id).pages, c.pages);
}

TEST_F(CustomizeTest, UsePinsTheRequestedVersionAndRejectsUnknownOnes) {
  register_shop("1.0.0");
  register_shop("1.1.0");
  EXPECT_EQ(use("ws-1", "shop", "1.0.0").version, "1.0.0");

  auto missing = service->use("ws-1", "owner-1", "shop", "3.0.0");
  ASSERT_THAT(missing, StatusIs(errc::kNotFound));
  EXPECT_EQ(missing.error().details["available"], json({"1.1.0", "1.0.0"}));

  auto bad = service->use("ws-1", "owner-1", "shop", "one");
  ASSERT_THAT(bad, StatusIs(errc::kInvalidArgument));

  auto unknown = service->use("ws-1", "owner-1", "no-such-theme");
  ASSERT_THAT(unknown, StatusIs(errc::kNotFound));
  EXPECT_EQ(service->list("ws-1")->size(), 1u);
}

TEST_F(CustomizeTest, UseTakesPageDataTheThemeShips) {
  json home = document({block("Hero", {{"id", "hero-1"}, {"title", "Shipped"}})});
  register_shop("1.0.0", shop_config(), {{"default_puck_data", home}});
  auto c = use("ws-1");
  EXPECT_EQ(c.puck_data(), home);
}

TEST_F(CustomizeTest, ValidationReportsEveryProblemWithItsPointerAndSavesNothing) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  CustomizationUpdate change;
  change.puck_data = document({
      block("Hero", {{"id", "a"}, {"title", "Fine"}}),                       // 0: valid
      block("Carousel", {{"id", "b"}}),                                      // 1: unknown type
      block("Hero", {{"id", "a"}}),                                          // 2: duplicate id
      block("Hero", {{"id", "c"}, {"title", 5}}),                            // 3: wrong type
      block("Hero", {{"id", "d"}, {"layout", "diagonal"}, {"columns", 3}}),  // 4: bad option
      block("Header", {{"id", "e"},                                          // 5: nested
                       {"links",
                        {{{"label", "Shop"}, {"url", 3}},
                         {{"label", "More"}, {"children", {{{"label", 7}}}}}}}}),
      block("Hero", {{"id", "f"}, {"limit", 99}, {"colour", "red"}}),  // 6: range, unknown
      json{{"type", "Footer"}},                                        // 7: no props
  });
  change.puck_data->at("zones")["e:inner"] = {
      block("Footer", {{"id", "b"}})};  // id used in content
  change.pages = json{{"/about", document({block("Nope", {{"id", "x"}})})}, {"bad path", nullptr}};
  change.custom_css = std::string(kMaxCustomCodeBytes + 1, 'a');
  change.settings = json::array();

  auto r = service->update("ws-1", c.id, change);
  ASSERT_THAT(r, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(r.error().http_status(), 422);
  auto pointers = pointers_of(r.error());
  for (const char* expected :
       {"/puck_data/content/1/type", "/puck_data/content/2/props/id",
        "/puck_data/content/3/props/title", "/puck_data/content/4/props/layout",
        "/puck_data/content/5/props/links/0/url",
        "/puck_data/content/5/props/links/1/children/0/label", "/puck_data/content/6/props/limit",
        "/puck_data/content/6/props/colour", "/puck_data/content/7/props",
        "/puck_data/zones/e:inner/0/props/id", "/pages/~1about/content/0/type", "/pages/bad path",
        "/custom_css", "/settings"}) {
    EXPECT_TRUE(pointers.count(expected))
        << "missing " << expected << " in " << r.error().details.dump(2);
  }
  EXPECT_EQ(pointers.size(), 14u) << r.error().details.dump(2);
  // Column 3 is one of the select's options: not reported.
  EXPECT_FALSE(pointers.count("/puck_data/content/4/props/columns"));

  auto after = fetch(c.id);
  EXPECT_EQ(after.pages, c.pages);
  EXPECT_EQ(after.custom_css, "");
  EXPECT_EQ(after.settings, json::object());
  EXPECT_EQ(after.updated_at, c.updated_at);
}

TEST_F(CustomizeTest, ValidUpdateSavesPagesCodeAndSettings) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  CustomizationUpdate change;
  json home = document(
      {block("Hero", {{"id", "h"}, {"title", "Hello"}, {"columns", 2}}),
       block("Header",
             {{"id", "n"},
              {"links", {{{"label", "A"}, {"url", "/a"}, {"children", {{{"label", "B"}}}}}}}}),
       block("Hero", {{"id", "o"},
                      {"style", {{"tone", "dark"}}},
                      {"picker", {{"anything", true}}},
                      {"subtitle", nullptr}})});
  change.puck_data = home;
  change.pages = json{{"/about", document(json::array())}};
  change.custom_css = ".x { color: red }";
  change.custom_js = "console.log(1)";
  change.settings = json{{"--color-primary", "#000000"}};
  auto r = service->update("ws-1", c.id, change);
  ASSERT_THAT(r, IsOk()) << r.error().message << r.error().details.dump(2);
  EXPECT_EQ(r->puck_data(), home);
  EXPECT_EQ(r->pages.size(), 2u);
  EXPECT_EQ(r->custom_css, ".x { color: red }");
  EXPECT_EQ(fetch(c.id).pages, r->pages);

  // A null page removes it; the home page cannot be removed.
  CustomizationUpdate remove;
  remove.pages = json{{"/about", nullptr}};
  ASSERT_THAT(service->update("ws-1", c.id, remove), IsOk());
  EXPECT_FALSE(fetch(c.id).pages.contains("/about"));
  CustomizationUpdate remove_home;
  remove_home.pages = json{{"/", nullptr}};
  auto refused = service->update("ws-1", c.id, remove_home);
  ASSERT_THAT(refused, Not(IsOk()));
  EXPECT_EQ(pointers_of(refused.error()), std::set<std::string>{"/pages/~1"});
}

TEST_F(CustomizeTest, PageCountIsLimited) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  CustomizationUpdate change;
  change.pages = json::object();
  for (size_t i = 0; i < kMaxPages; ++i)
    (*change.pages)["/p" + std::to_string(i)] = document(json::array());
  auto r = service->update("ws-1", c.id, change);
  ASSERT_THAT(r, Not(IsOk()));
  EXPECT_EQ(pointers_of(r.error()), std::set<std::string>{"/pages"});  // 50 + the home page
}

TEST_F(CustomizeTest, TemplateOverridesAreValidatedSavedAndRemovedLikePages) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  EXPECT_EQ(c.templates, json::object());  // every template is the theme's own at first

  // Every problem at once, nothing saved: an unknown template name, an unknown block type.
  CustomizationUpdate bad;
  bad.templates = json{{"product", document({block("Hero", {{"id", "h"}, {"title", 5}})})},
                       {"checkout-v2", document(json::array())},
                       {"cart", document({block("Carousel", {{"id", "x"}})})}};
  auto refused = service->update("ws-1", c.id, bad);
  ASSERT_THAT(refused, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(pointers_of(refused.error()),
            (std::set<std::string>{"/templates/product/content/0/props/title",
                                   "/templates/checkout-v2", "/templates/cart/content/0/type"}));
  EXPECT_EQ(fetch(c.id).templates, json::object());
  CustomizationUpdate not_object;
  not_object.templates = json::array();
  EXPECT_EQ(pointers_of(service->update("ws-1", c.id, not_object).error()),
            std::set<std::string>{"/templates"});

  // A valid override is saved and read back; null goes back to the theme's own.
  json product = document({block("Hero", {{"id", "h"}, {"title", "Our products"}})});
  CustomizationUpdate change;
  change.templates = json{{"product", product}};
  auto saved = service->update("ws-1", c.id, change);
  ASSERT_THAT(saved, IsOk()) << saved.error().details.dump(2);
  EXPECT_EQ(fetch(c.id).templates, (json{{"product", product}}));
  EXPECT_EQ(fetch(c.id).pages, c.pages);  // templates are not pages
  CustomizationUpdate reset;
  reset.templates = json{{"product", nullptr}};
  ASSERT_THAT(service->update("ws-1", c.id, reset), IsOk());
  EXPECT_EQ(fetch(c.id).templates, json::object());

  // An upgrade reports what the new version drops from a template, as for pages.
  ASSERT_THAT(service->update("ws-1", c.id, change), IsOk());
  register_shop("2.0.0", shop_config({{"Hero", nullptr}}));
  auto up = service->upgrade(c.id, "2.0.0");
  ASSERT_THAT(up, IsOk());
  EXPECT_TRUE(pointers_of(up->warnings).count("/templates/product/content/0/type"))
      << json(pointers_of(up->warnings)).dump();
  EXPECT_EQ(up->customization.templates, (json{{"product", product}}));
}

TEST_F(CustomizeTest, UpdateOfAnotherWorkspacesCustomizationIsNotFound) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  CustomizationUpdate change;
  change.custom_css = "body {}";
  auto r = service->update("ws-2", c.id, change);
  ASSERT_THAT(r, StatusIs(errc::kNotFound));
  EXPECT_EQ(fetch(c.id).custom_css, "");
}

TEST_F(CustomizeTest, PublishSwapsTheActiveCustomizationAndBumpsTheRevision) {
  register_shop("1.0.0");
  auto a = use("ws-1");
  auto b = use("ws-1");
  auto other = use("ws-2");
  EXPECT_EQ(service->active("ws-1").error().code, errc::kNotFound);
  EXPECT_EQ(service->active("ws-1").error().message, "workspace has no published template");

  auto pa = service->publish(a.id);
  ASSERT_THAT(pa, IsOk());
  EXPECT_TRUE(pa->is_active);
  EXPECT_EQ(pa->status, "published");
  EXPECT_TRUE(pa->published_at.has_value());
  EXPECT_EQ(pa->revision, 1);
  ASSERT_THAT(service->publish(other.id), IsOk());

  auto pb = service->publish(b.id);
  ASSERT_THAT(pb, IsOk());
  EXPECT_EQ(pb->revision, 2);
  EXPECT_EQ(service->active("ws-1")->id, b.id);
  EXPECT_FALSE(fetch(a.id).is_active);
  EXPECT_EQ(fetch(a.id).status, "published");  // was published once
  EXPECT_EQ(active_count(*service, "ws-1"), 1);
  EXPECT_TRUE(fetch(other.id).is_active);  // other workspaces are untouched

  // Publishing the live one again changes nothing.
  auto again = service->publish(b.id);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->revision, 2);
  auto history = service->history("ws-1");
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].customization_id, a.id);
  EXPECT_EQ((*history)[1].action, "publish");
  EXPECT_EQ((*history)[1].revision, 2);
}

TEST_F(CustomizeTest, PublishingWritesOnlyCustomizationTables) {
  register_shop("1.0.0");
  auto a = use("ws-1");
  auto b = use("ws-1");
  auto before = snapshot(*db);
  ASSERT_THAT(service->publish(a.id), IsOk());
  ASSERT_THAT(service->publish(b.id), IsOk());
  ASSERT_THAT(service->rollback("ws-1"), IsOk());
  ASSERT_THAT(service->unpublish(a.id), IsOk());
  // Theme tables (and, in the full application, hosting's deployed_sites) stay untouched.
  EXPECT_EQ(changed_tables(before, snapshot(*db)),
            (std::set<std::string>{"customizations", "content_revisions", "publish_history"}));
}

TEST_F(CustomizeTest, TheDatabaseRefusesASecondActiveCustomization) {
  register_shop("1.0.0");
  auto a = use("ws-1");
  auto b = use("ws-1");
  ASSERT_THAT(service->publish(a.id), IsOk());
  auto r = db->exec("UPDATE customizations SET is_active = 1 WHERE id = ?", {b.id});
  ASSERT_THAT(r, StatusIs(errc::kAlreadyExists));
}

TEST_F(CustomizeTest, ConcurrentPublishesEndWithExactlyOneActive) {
  register_shop("1.0.0");
  constexpr int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    std::string ws = "ws-" + std::to_string(round);
    auto a = use(ws);
    auto b = use(ws);
    std::barrier start(2);
    std::atomic<int> ok{0};
    auto publish = [&](const std::string& id) {
      start.arrive_and_wait();
      auto r = service->publish(id);
      EXPECT_THAT(r, IsOk());
      if (r.ok()) ++ok;
    };
    std::thread t1(publish, a.id), t2(publish, b.id);
    t1.join();
    t2.join();
    EXPECT_EQ(ok.load(), 2);
    EXPECT_EQ(active_count(*service, ws), 1) << "round " << round;
    EXPECT_EQ(*service->revision(ws), 2);
    EXPECT_EQ(service->history(ws)->size(), 2u);
    // The one left active is the one published last.
    EXPECT_EQ(service->active(ws)->id, service->history(ws)->back().customization_id);
  }
}

TEST_F(CustomizeTest, UnpublishTakesTheSiteOffline) {
  register_shop("1.0.0");
  auto a = use("ws-1");
  ASSERT_THAT(service->publish(a.id), IsOk());
  auto r = service->unpublish(a.id);
  ASSERT_THAT(r, IsOk());
  EXPECT_FALSE(r->is_active);
  EXPECT_EQ(r->status, "published");
  EXPECT_EQ(r->revision, 2);
  EXPECT_EQ(service->active("ws-1").error().code, errc::kNotFound);
  EXPECT_EQ(service->public_page("ws-1").error().code, errc::kNotFound);
  EXPECT_EQ(service->history("ws-1")->back().action, "unpublish");
  // Unpublishing what is offline changes nothing.
  EXPECT_EQ(service->unpublish(a.id)->revision, 2);
}

TEST_F(CustomizeTest, RollbackWalksBackThroughPublishedCustomizations) {
  register_shop("1.0.0");
  auto a = use("ws-1");
  auto b = use("ws-1");
  auto c = use("ws-1");
  auto none = service->rollback("ws-1");
  ASSERT_THAT(none, StatusIs(errc::kConflict));

  ASSERT_THAT(service->publish(a.id), IsOk());
  auto first_only = service->rollback("ws-1");
  ASSERT_THAT(first_only, StatusIs(errc::kConflict));

  ASSERT_THAT(service->publish(b.id), IsOk());
  ASSERT_THAT(service->publish(c.id), IsOk());
  auto r1 = service->rollback("ws-1");
  ASSERT_THAT(r1, IsOk());
  EXPECT_EQ(r1->id, b.id);
  EXPECT_TRUE(r1->is_active);
  EXPECT_EQ(r1->revision, 4);
  auto r2 = service->rollback("ws-1");
  ASSERT_THAT(r2, IsOk());
  EXPECT_EQ(r2->id, a.id);
  EXPECT_EQ(active_count(*service, "ws-1"), 1);
  EXPECT_EQ(service->rollback("ws-1").error().code, errc::kConflict);
  EXPECT_EQ(service->history("ws-1")->back().action, "rollback");
}

TEST_F(CustomizeTest, EditingTheLiveCustomizationBumpsTheRevisionAndDraftsDoNot) {
  register_shop("1.0.0");
  auto live = use("ws-1");
  auto draft = use("ws-1");
  ASSERT_THAT(service->publish(live.id), IsOk());
  CustomizationUpdate change;
  change.puck_data = document({block("Hero", {{"id", "h"}, {"title", "Live edit"}})});
  ASSERT_THAT(service->update("ws-1", draft.id, change), IsOk());
  EXPECT_EQ(*service->revision("ws-1"), 1);
  ASSERT_THAT(service->update("ws-1", live.id, change), IsOk());
  EXPECT_EQ(*service->revision("ws-1"), 2);
  auto page = service->public_page("ws-1", "/");
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->data["content"][0]["props"]["title"], "Live edit");
  EXPECT_EQ(page->revision, 2);
  EXPECT_EQ(page->theme.slug, "shop");
  EXPECT_EQ(service->public_page("ws-1", "/missing").error().code, errc::kNotFound);
}

TEST_F(CustomizeTest, DuplicateOfTheLiveSiteIsADraftWhosePublishRollsBackToTheOriginal) {
  register_shop("1.0.0");
  auto live = use("ws-1");
  CustomizationUpdate original;
  original.puck_data = document({block("Hero", {{"id", "h"}, {"title", "Before"}})});
  original.custom_css = "body{color:red}";
  original.settings = json{{"variables", {{"--accent", "#123456"}}}};
  ASSERT_THAT(service->update("ws-1", live.id, original), IsOk());
  ASSERT_THAT(service->publish(live.id), IsOk());
  auto revision = *service->revision("ws-1");

  auto copy = service->duplicate(live.id);
  ASSERT_THAT(copy, IsOk());
  EXPECT_NE(copy->id, live.id);
  EXPECT_EQ(copy->workspace_id, "ws-1");
  EXPECT_FALSE(copy->is_active);
  EXPECT_EQ(copy->status, "draft");
  EXPECT_EQ(copy->version, "1.0.0");
  EXPECT_EQ(copy->custom_css, "body{color:red}");
  EXPECT_EQ(copy->settings["variables"]["--accent"], "#123456");
  EXPECT_EQ(copy->puck_data()["content"][0]["props"]["title"], "Before");
  EXPECT_EQ(*service->revision("ws-1"), revision) << "a copy changes nothing the site shows";

  CustomizationUpdate edit;
  edit.puck_data = document({block("Hero", {{"id", "h"}, {"title", "After"}})});
  ASSERT_THAT(service->update("ws-1", copy->id, edit), IsOk());
  EXPECT_EQ(service->public_page("ws-1", "/")->data["content"][0]["props"]["title"], "Before");
  ASSERT_THAT(service->publish(copy->id), IsOk());
  EXPECT_EQ(service->public_page("ws-1", "/")->data["content"][0]["props"]["title"], "After");
  auto back = service->rollback("ws-1");
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->id, live.id);
  EXPECT_EQ(service->public_page("ws-1", "/")->data["content"][0]["props"]["title"], "Before");
  EXPECT_EQ(service->duplicate("no-such-id").error().code, errc::kNotFound);
}

TEST_F(CustomizeTest, PinnedVersionStaysWhenANewVersionArrives) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  EXPECT_FALSE(service->update_available(c)->has_value());
  register_shop("1.1.0");
  auto after = fetch(c.id);
  EXPECT_EQ(after.version, "1.0.0");
  auto update = service->update_available(after);
  ASSERT_THAT(update, IsOk());
  ASSERT_TRUE(update->has_value());
  EXPECT_EQ((*update)->version, "1.1.0");
  EXPECT_EQ((*update)->changelog, "Release 1.1.0");
}

TEST_F(CustomizeTest, UpgradeKeepsThePagesAndReportsWhatTheNewVersionDropped) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  ASSERT_THAT(service->publish(c.id), IsOk());
  CustomizationUpdate change;
  json home = document({block("Hero", {{"id", "h"}, {"title", "Hi"}}),
                        block("Promo", {{"id", "p"}, {"code", "SAVE10"}}),
                        block("Footer", {{"id", "f"}, {"note", "Bye"}, {"year", 2024}})});
  change.puck_data = home;
  ASSERT_THAT(service->update("ws-1", c.id, change), IsOk());
  EXPECT_EQ(*service->revision("ws-1"), 2);

  // 2.0.0 removes the Promo component and the Footer's note field.
  json v2 = shop_config({{"Promo", nullptr}});
  v2["components"]["Footer"]["fields"].erase("note");
  v2["components"]["Footer"]["defaultProps"] = json::object();
  register_shop("2.0.0", v2);

  auto older = service->upgrade(c.id, "0.9.0");
  EXPECT_EQ(older.error().code, errc::kNotFound);
  auto up = service->upgrade(c.id, "2.0.0");
  ASSERT_THAT(up, IsOk());
  EXPECT_EQ(up->from_version, "1.0.0");
  EXPECT_EQ(up->customization.version, "2.0.0");
  EXPECT_EQ(up->customization.puck_data(), home);  // nothing dropped
  EXPECT_EQ(pointers_of(up->warnings),
            (std::set<std::string>{"/pages/~1/content/1/type", "/pages/~1/content/2/props/note"}));
  EXPECT_EQ(up->customization.revision, 3);  // live: the site follows
  EXPECT_EQ(service->history("ws-1")->back().action, "upgrade");
  EXPECT_EQ(service->history("ws-1")->back().version, "2.0.0");
  EXPECT_FALSE(service->update_available(up->customization)->has_value());

  // Upgrading to an older version or the same one is refused; downgrade goes back.
  EXPECT_EQ(service->upgrade(c.id, "1.0.0").error().code, errc::kInvalidArgument);
  EXPECT_EQ(service->downgrade(c.id, "2.0.0").error().code, errc::kInvalidArgument);
  auto down = service->downgrade(c.id, "1.0.0");
  ASSERT_THAT(down, IsOk());
  EXPECT_EQ(down->customization.version, "1.0.0");
  EXPECT_TRUE(down->warnings.empty());
  EXPECT_EQ(down->customization.puck_data(), home);
  EXPECT_EQ(service->history("ws-1")->back().action, "downgrade");

  // Saving against 2.0.0 validates against 2.0.0.
  ASSERT_THAT(service->upgrade(c.id, "2.0.0"), IsOk());
  CustomizationUpdate again;
  again.puck_data = home;
  auto refused = service->update("ws-1", c.id, again);
  ASSERT_THAT(refused, Not(IsOk()));
  EXPECT_EQ(
      pointers_of(refused.error()),
      (std::set<std::string>{"/puck_data/content/1/type", "/puck_data/content/2/props/note"}));
}

TEST_F(CustomizeTest, PromotedTemplateIsUsableByTheOwnersOtherWorkspacesOnly) {
  register_shop("1.0.0");
  auto c = use("ws-1");
  CustomizationUpdate change;
  change.puck_data = document({block("Hero", {{"id", "h"}, {"title", "Mine"}})});
  change.custom_css = ".mine {}";
  ASSERT_THAT(service->update("ws-1", c.id, change), IsOk());

  auto missing_name = service->promote(c.id, "owner-1", PromoteRequest{"", "desc", {}});
  ASSERT_THAT(missing_name, StatusIs(errc::kValidationFailed));

  auto t = service->promote(c.id, "owner-1",
                            PromoteRequest{"My look", "Teal and calm", "https://x.test/t.png"});
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(t->source, "user");
  EXPECT_EQ(t->version, "1.0.0");
  auto mine = service->user_templates("owner-1");
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].theme.slug, "shop");
  EXPECT_TRUE(service->user_templates("owner-2")->empty());

  // A new version meanwhile does not change what the template pins.
  register_shop("1.1.0");
  auto copy = service->use("ws-2", "owner-1", t->id);
  ASSERT_THAT(copy, IsOk());
  EXPECT_EQ(copy->source, "user");
  EXPECT_EQ(copy->user_template_id, t->id);
  EXPECT_EQ(copy->version, "1.0.0");
  EXPECT_EQ(copy->puck_data()["content"][0]["props"]["title"], "Mine");
  EXPECT_EQ(copy->custom_css, ".mine {}");
  EXPECT_EQ(copy->name, "My look");

  auto stranger = service->use("ws-3", "owner-2", t->id);
  ASSERT_THAT(stranger, StatusIs(errc::kNotFound));
  EXPECT_TRUE(service->list("ws-3")->empty());
}

}  // namespace
}  // namespace vitrine::customize
