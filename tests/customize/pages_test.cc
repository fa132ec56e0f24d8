// The CMS pages and blocks door onto a customization's Puck documents (customize/pages.h): what
// it writes is the customization's own page data, its problems point into the page body, and
// concurrent page writes to one customization all land.
#include <gtest/gtest.h>

#include <thread>

#include "customize_fixture.h"

namespace vitrine::customize::testing {
namespace {

class PagesTest : public CustomizeTest {
 protected:
  void SetUp() override {
    CustomizeTest::SetUp();
    register_shop("1.0.0");
    c = use("ws-1");
  }

  Result<Customization> create(const json& body) {
    return service->create_page("ws-1", c.id, page_input_from_json(body));
  }

  // The problems of a validation_failed result, as pointer → message.
  static std::map<std::string, std::string> problems(const Result<Customization>& r) {
    std::map<std::string, std::string> out;
    if (r.ok() || r.error().code != errc::kValidationFailed) return out;
    for (const auto& p : r.error().details["problems"])
      out[p.value("pointer", "")] = p.value("message", "");
    return out;
  }

  Customization c;
};

TEST_F(PagesTest, APageWrittenThroughTheApiIsTheCustomizationsPuckDocument) {
  auto saved =
      create({{"path", "/about"},
              {"title", "About us"},
              {"meta_description", "Who we are"},
              {"blocks",
               {{{"type", "Hero"},
                 {"config", {{"title", "Hello"}, {"limit", 3}}},
                 {"visibility", {{"devices", {"mobile"}}}},
                 {"zones", {{"aside", {{{"id", "promo-1"}, {"type", "Promo"}}}}}}},
                {{"id", "footer-1"}, {"type", "Footer"}, {"config", {{"note", "Bye"}}}}}}});
  ASSERT_THAT(saved, IsOk());
  const json doc = fetch(c.id).pages["/about"];
  EXPECT_EQ(doc["root"]["props"]["title"], "About us");
  EXPECT_EQ(doc["root"]["props"]["description"], "Who we are");
  ASSERT_EQ(doc["content"].size(), 2u);
  const json& hero = doc["content"][0];
  EXPECT_EQ(hero["type"], "Hero");
  EXPECT_EQ(hero["props"]["title"], "Hello");
  EXPECT_EQ(hero["props"]["visibility"]["devices"], json::array({"mobile"}));
  const std::string hero_id = hero["props"]["id"];
  EXPECT_TRUE(hero_id.starts_with("Hero-")) << "a block without id gets one: " << hero_id;
  EXPECT_EQ(doc["zones"][hero_id + ":aside"][0]["props"]["id"], "promo-1");

  // Read back in the API's shape: ids and visibility beside config, zones nested.
  json page = page_json(*saved, "/about", true);
  EXPECT_EQ(page["id"], "/about");
  EXPECT_EQ(page["title"], "About us");
  EXPECT_EQ(page["is_published"], false);
  EXPECT_EQ(page["blocks"][0]["config"], json({{"title", "Hello"}, {"limit", 3}}));
  EXPECT_EQ(page["blocks"][0]["visibility"]["devices"], json::array({"mobile"}));
  EXPECT_EQ(page["blocks"][0]["zones"]["aside"][0]["id"], "promo-1");
  EXPECT_EQ(page["blocks"][1]["position"], 1);

  // What GET shows can be sent back unchanged: the document stays the same.
  auto again = service->update_page("ws-1", c.id, "/about",
                                    page_input_from_json({{"blocks", page["blocks"]}}));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->pages["/about"], doc);
}

TEST_F(PagesTest, ProblemsPointIntoThePageBodyAndNothingIsSaved) {
  auto r = create(
      {{"path", "/about"},
       {"title", 7},
       {"root_props", {{"title", "twice"}}},
       {"blocks",
        {{{"type", "Nope"}},
         {{"type", "Hero"},
          {"config", {{"limit", 99}, {"id", "inside"}}},
          {"visibility", {{"devices", {"fridge"}}}},
          {"zones", {{"left", {{{"type", "Promo"}, {"config", {{"code", 5}}}}}}}}},
         {{"type", "Footer"}, {"colour", "red"}}}}});
  ASSERT_THAT(r, StatusIs(errc::kValidationFailed));
  auto found = problems(r);
  for (const char* pointer :
       {"/title", "/root_props/title", "/blocks/0/type", "/blocks/1/config/limit",
        "/blocks/1/config/id", "/blocks/1/visibility/devices/0",
        "/blocks/1/zones/left/0/config/code", "/blocks/2/colour"})
    EXPECT_TRUE(found.contains(pointer)) << pointer << " in " << r.error().details.dump();
  for (const auto& [pointer, message] : found)
    EXPECT_FALSE(pointer.starts_with("/content") || pointer.starts_with("/zones"))
        << "no pointer into the stored document: " << pointer;
  EXPECT_FALSE(fetch(c.id).pages.contains("/about"));
}

TEST_F(PagesTest, PathsAreCheckedAndTheHomePageStays) {
  ASSERT_THAT(create({{"path", "/about"}}), IsOk());
  EXPECT_THAT(create({{"path", "/about"}}), StatusIs(errc::kConflict));
  EXPECT_TRUE(problems(create({{"path", "/a/../b"}})).contains("/path"));
  EXPECT_TRUE(problems(create({{"title", "no path"}})).contains("/path"));
  EXPECT_THAT(service->delete_page("ws-1", c.id, "/"), StatusIs(errc::kConflict));
  EXPECT_TRUE(
      problems(service->update_page("ws-1", c.id, "/", page_input_from_json({{"path", "/home"}})))
          .contains("/path"));
  EXPECT_THAT(service->update_page("ws-1", c.id, "/missing", page_input_from_json({})),
              StatusIs(errc::kNotFound));
  ASSERT_THAT(create({{"path", "/team"}}), IsOk());
  EXPECT_THAT(
      service->update_page("ws-1", c.id, "/team", page_input_from_json({{"path", "/about"}})),
      StatusIs(errc::kConflict));
  auto renamed =
      service->update_page("ws-1", c.id, "/team", page_input_from_json({{"path", "/people"}}));
  ASSERT_THAT(renamed, IsOk());
  EXPECT_TRUE(renamed->pages.contains("/people"));
  EXPECT_FALSE(renamed->pages.contains("/team"));
  ASSERT_THAT(service->delete_page("ws-1", c.id, "/people"), IsOk());
  EXPECT_FALSE(fetch(c.id).pages.contains("/people"));
}

TEST_F(PagesTest, BlocksAreEditedAndRemovedByIdWithTheirZones) {
  ASSERT_THAT(create({{"path", "/about"},
                      {"blocks",
                       {{{"id", "hero-1"},
                         {"type", "Hero"},
                         {"zones",
                          {{"aside",
                            {{{"id", "inner"},
                              {"type", "Hero"},
                              {"zones", {{"deep", {{{"id", "deepest"}, {"type", "Promo"}}}}}}}}}}}},
                        {{"id", "shared"}, {"type", "Footer"}}}}}),
              IsOk());
  ASSERT_THAT(service->update_page(
                  "ws-1", c.id, "/",
                  page_input_from_json({{"blocks", {{{"id", "shared"}, {"type", "Footer"}}}}})),
              IsOk());

  auto edited = service->update_block("ws-1", c.id, "inner", std::nullopt,
                                      block_input_from_json({{"config", {{"title", "Inside"}}}}));
  ASSERT_THAT(edited, IsOk());
  EXPECT_EQ(edited->pages["/about"]["zones"]["hero-1:aside"][0]["props"]["title"], "Inside");
  EXPECT_EQ(edited->pages["/about"]["zones"]["hero-1:aside"][0]["props"]["id"], "inner")
      << "replacing config keeps the id";

  auto bad = service->update_block("ws-1", c.id, "inner", std::nullopt,
                                   block_input_from_json({{"config", {{"limit", 0}}}}));
  EXPECT_TRUE(problems(bad).contains("/config/limit")) << bad.error().details.dump();

  EXPECT_THAT(service->update_block("ws-1", c.id, "shared", std::nullopt, BlockInput{}),
              StatusIs(errc::kConflict))
      << "a block id on two pages needs the page named";
  EXPECT_THAT(
      service->update_block("ws-1", c.id, "shared", "/about",
                            block_input_from_json({{"visibility", {{"userTypes", {"customer"}}}}})),
      IsOk());
  EXPECT_THAT(service->update_block("ws-1", c.id, "ghost", std::nullopt, BlockInput{}),
              StatusIs(errc::kNotFound));

  ASSERT_THAT(service->delete_block("ws-1", c.id, "hero-1", std::nullopt), IsOk());
  const json doc = fetch(c.id).pages["/about"];
  ASSERT_EQ(doc["content"].size(), 1u);
  EXPECT_EQ(doc["content"][0]["props"]["visibility"]["userTypes"], json::array({"customer"}));
  EXPECT_EQ(doc["zones"], json::object()) << "the block's zones and theirs went with it";
}

TEST_F(PagesTest, TheWorkingCustomizationIsTheLiveOneElseTheNewest) {
  EXPECT_EQ(service->working("ws-1", std::nullopt)->id, c.id);
  // Ids are time-ordered to the millisecond: the second is newer.
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  auto second = use("ws-1");
  EXPECT_EQ(service->working("ws-1", std::nullopt)->id, second.id) << "newest, nothing live";
  ASSERT_THAT(service->publish(c.id), IsOk());
  EXPECT_EQ(service->working("ws-1", std::nullopt)->id, c.id) << "the live one";
  EXPECT_EQ(service->working("ws-1", second.id)->id, second.id);
  EXPECT_THAT(service->working("ws-2", c.id), StatusIs(errc::kNotFound));
  EXPECT_THAT(service->working("ws-2", std::nullopt), StatusIs(errc::kNotFound));
  EXPECT_THAT(service->create_page("ws-2", c.id, page_input_from_json({{"path", "/x"}})),
              StatusIs(errc::kNotFound));
}

TEST_F(PagesTest, ConcurrentPageWritesToOneCustomizationAllLand) {
  constexpr int kWriters = 8;
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i)
    writers.emplace_back([&, i] {
      EXPECT_THAT(create({{"path", "/page-" + std::to_string(i)}}), IsOk());
    });
  for (auto& t : writers) t.join();
  const json pages = fetch(c.id).pages;
  for (int i = 0; i < kWriters; ++i)
    EXPECT_TRUE(pages.contains("/page-" + std::to_string(i))) << pages.dump();
}

}  // namespace
}  // namespace vitrine::customize::testing
