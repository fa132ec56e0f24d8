// PostService against a real database (SQLite, or PostgreSQL in the suite's second pass).
#include "posts/posts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "core/clock.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::HasSubstr;
using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::posts {
namespace {

using nlohmann::json;

class PostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    ASSERT_THAT(db::migrate(*db_, PostService::migrations()), IsOk());
    service_ = std::make_unique<PostService>(*db_);
  }

  Result<Post> create(const std::string& ws, const json& body) {
    VITRINE_ASSIGN(auto in, post_input_from_json(body));
    return service_->create_post(ws, std::move(in));
  }
  Result<Post> update(const std::string& ws, const std::string& id, const json& body) {
    VITRINE_ASSIGN(auto in, post_input_from_json(body));
    return service_->update_post(ws, id, std::move(in));
  }
  // The pointers of a validation error's problems.
  static std::vector<std::string> pointers(const Error& e) {
    std::vector<std::string> out;
    for (const auto& p : e.details.value("problems", json::array()))
      out.push_back(p.value("pointer", ""));
    return out;
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<PostService> service_;
};

TEST_F(PostsTest, APostIsWrittenInMarkdownAndRenderedWithoutTheAuthorsMarkup) {
  auto p = create("ws1", {{"title", "A weekend in Porto"},
                          {"content",
                           "# Tiles\n\nThree families **still** paint azulejos.\n\n"
                           "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n"},
                          {"tags", {"Travel", "Portugal"}},
                          {"author", "Ana"}});
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->slug, "a-weekend-in-porto");
  EXPECT_EQ(p->status, "draft");
  EXPECT_FALSE(p->published_at.has_value());
  EXPECT_THAT(p->html, HasSubstr("<h1>Tiles</h1>"));
  EXPECT_THAT(p->html, HasSubstr("<strong>still</strong>"));
  EXPECT_THAT(p->html, Not(HasSubstr("<script")));
  EXPECT_THAT(p->html, Not(HasSubstr("javascript:")));
  EXPECT_EQ(p->excerpt, "Tiles Three families still paint azulejos. x") << "derived from the text";
}

TEST_F(PostsTest, SlugsAreDerivedUniquePerShopAndAnExplicitDuplicateIsRefused) {
  ASSERT_THAT(create("ws1", {{"title", "Hello"}}), IsOk());
  auto second = create("ws1", {{"title", "Hello"}});
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->slug, "hello-2");
  auto other_shop = create("ws2", {{"title", "Hello"}});
  ASSERT_THAT(other_shop, IsOk());
  EXPECT_EQ(other_shop->slug, "hello") << "slugs are per shop";
  EXPECT_THAT(create("ws1", {{"title", "Again"}, {"slug", "hello"}}),
              StatusIs(errc::kAlreadyExists));
  EXPECT_THAT(update("ws1", second->id, {{"slug", "hello"}}), StatusIs(errc::kAlreadyExists));
}

TEST_F(PostsTest, BadFieldsAreNamedByPointerAndNothingIsStored) {
  auto bad = create("ws1", {{"title", ""},
                            {"slug", "Not A Slug"},
                            {"status", "live"},
                            {"featured_image", "javascript:alert(1)"},
                            {"tags", {"ok", "OK", 3}},
                            {"published_at", "tomorrow"},
                            {"colour", "red"}});
  ASSERT_THAT(bad, StatusIs(errc::kValidationFailed));
  EXPECT_THAT(pointers(bad.error()), ::testing::IsSupersetOf({"/tags/2", "/colour"}))
      << "types first";
  auto values = create("ws1", {{"title", ""},
                               {"slug", "Not A Slug"},
                               {"status", "live"},
                               {"featured_image", "javascript:alert(1)"},
                               {"tags", {"ok", "OK"}},
                               {"published_at", "tomorrow"},
                               {"content", std::string(kMaxContentBytes + 1, 'a')}});
  ASSERT_THAT(values, StatusIs(errc::kValidationFailed));
  EXPECT_THAT(pointers(values.error()),
              ::testing::IsSupersetOf({"/title", "/slug", "/status", "/featured_image", "/tags/1",
                                       "/published_at", "/content"}));
  EXPECT_EQ(service_->list_posts("ws1", {})->total, 0);
  EXPECT_THAT(service_->get_post("ws1", "nope"), StatusIs(errc::kNotFound));
}

TEST_F(PostsTest, OnlyPublishedPostsReachTheStorefrontAndOnlyTheirOwnShop) {
  auto draft = create("ws1", {{"title", "Draft"}});
  auto live = create("ws1", {{"title", "Live"}, {"status", "published"}, {"tags", {"News"}}});
  ASSERT_THAT(live, IsOk());
  ASSERT_TRUE(live->published_at.has_value()) << "publishing dates the post";
  ASSERT_THAT(create("ws2", {{"title", "Elsewhere"}, {"status", "published"}}), IsOk());
  auto snap = service_->shared_snapshot("ws1");
  ASSERT_THAT(snap, IsOk());
  ASSERT_EQ((*snap)->posts.size(), 1u);
  EXPECT_EQ((*snap)->posts[0]["slug"], "live");
  EXPECT_EQ((*snap)->posts[0]["tags"][0]["url"], "/blog/tag/news");
  EXPECT_TRUE((*snap)->by_tag.count("news"));
  EXPECT_THAT(service_->get_post("ws2", live->id), StatusIs(errc::kNotFound))
      << "another shop's post is not found by id";

  // Publishing the draft shows it at once in this process's next snapshot.
  ASSERT_THAT(update("ws1", draft->slug, {{"status", "published"}}), IsOk());
  EXPECT_EQ((*service_->shared_snapshot("ws1"))->posts.size(), 2u);
  ASSERT_THAT(update("ws1", "live", {{"status", "draft"}}), IsOk());
  EXPECT_EQ((*service_->shared_snapshot("ws1"))->posts.size(), 1u) << "unpublished";
  ASSERT_THAT(service_->delete_post("ws1", "draft"), IsOk());
  EXPECT_TRUE((*service_->shared_snapshot("ws1"))->posts.empty());
}

TEST_F(PostsTest, AScheduledPostGoesLiveAtItsTimeWithoutARequest) {
  EXPECT_THAT(create("ws1", {{"title", "Past"},
                             {"status", "scheduled"},
                             {"published_at", "2020-01-01T00:00:00Z"}}),
              StatusIs(errc::kValidationFailed))
      << "a scheduled post needs a future time";
  const std::string soon = to_iso8601(std::chrono::system_clock::now() + std::chrono::seconds(1));
  auto p = create("ws1", {{"title", "Soon"}, {"status", "scheduled"}, {"published_at", soon}});
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->published_at, soon);
  EXPECT_TRUE((*service_->shared_snapshot("ws1"))->posts.empty());
  EXPECT_EQ(*service_->publish_due(), 0) << "not yet";

  service_->start(std::chrono::milliseconds(50));
  Post now;
  for (int i = 0; i < 100; ++i) {  // up to 5 s: the publisher runs every 50 ms
    now = *service_->get_post("ws1", p->id);
    if (now.status == "published") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  service_->stop();
  EXPECT_EQ(now.status, "published");
  EXPECT_EQ(now.published_at, soon) << "dated by its schedule, not by the publisher";
  EXPECT_EQ((*service_->shared_snapshot("ws1"))->posts.size(), 1u);
}

TEST_F(PostsTest, ListsFilterByStatusAndTagNewestFirst) {
  ASSERT_THAT(create("ws1", {{"title", "Old"},
                             {"status", "published"},
                             {"published_at", "2024-01-01T00:00:00Z"},
                             {"tags", {"Travel"}}}),
              IsOk());
  ASSERT_THAT(create("ws1", {{"title", "New"},
                             {"status", "published"},
                             {"published_at", "2025-01-01T00:00:00Z"},
                             {"tags", {"Food"}}}),
              IsOk());
  ASSERT_THAT(create("ws1", {{"title", "Idea"}}), IsOk());
  PostQuery q;
  q.status = "published";
  auto page = service_->list_posts("ws1", q);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].slug, "new");
  q.tag = "travel";
  page = service_->list_posts("ws1", q);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].slug, "old");
}

}  // namespace
}  // namespace vitrine::posts
