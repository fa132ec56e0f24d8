// The in-memory content revisions the storefront keys its render cache by (issue 4): this
// process's own writes show at once, other processes' writes after refresh_revisions().
#include <gtest/gtest.h>

#include "customize/customizations.h"
#include "customize_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::customize {
namespace {

using testing::block;
using testing::CustomizeTest;
using testing::document;

class RevisionCacheTest : public CustomizeTest {
 protected:
  // The cached revision, checked against the database's.
  int64_t cached(const std::string& workspace) {
    int64_t in_memory = service->cached_revision(workspace);
    auto stored = service->revision(workspace);
    EXPECT_THAT(stored, IsOk());
    if (stored.ok()) {
      EXPECT_EQ(in_memory, *stored) << "cache and database disagree";
    }
    return in_memory;
  }

  CustomizationUpdate live_edit(const std::string& title) {
    CustomizationUpdate change;
    change.puck_data = document({block("Hero", {{"id", "h"}, {"title", title}})});
    return change;
  }
};

TEST_F(RevisionCacheTest, OwnWritesShowAtOnce) {
  register_shop("1.0.0");
  EXPECT_EQ(service->cached_revision("ws-1"), 0) << "nothing published yet";
  EXPECT_EQ(service->cached_revision("ws-unknown"), 0);
  auto first = use("ws-1", "shop", "1.0.0");
  auto second = use("ws-1", "shop", "1.0.0");
  EXPECT_EQ(cached("ws-1"), 0);

  ASSERT_THAT(service->publish(first.id), IsOk());
  EXPECT_EQ(cached("ws-1"), 1);
  ASSERT_THAT(service->publish(first.id), IsOk());  // already live: no new revision
  EXPECT_EQ(cached("ws-1"), 1);
  ASSERT_THAT(service->update("ws-1", second.id, live_edit("Draft")), IsOk());
  EXPECT_EQ(cached("ws-1"), 1) << "editing a draft changes nothing live";
  ASSERT_THAT(service->update("ws-1", first.id, live_edit("Live")), IsOk());
  EXPECT_EQ(cached("ws-1"), 2);
  ASSERT_THAT(service->publish(second.id), IsOk());
  EXPECT_EQ(cached("ws-1"), 3);
  ASSERT_THAT(service->rollback("ws-1"), IsOk());
  EXPECT_EQ(cached("ws-1"), 4);

  register_shop("1.1.0");
  ASSERT_THAT(service->upgrade(second.id, "1.1.0"), IsOk());
  EXPECT_EQ(cached("ws-1"), 4) << "upgrading a customization that is not live";
  ASSERT_THAT(service->upgrade(first.id, "1.1.0"), IsOk());
  EXPECT_EQ(cached("ws-1"), 5);
  ASSERT_THAT(service->downgrade(first.id, "1.0.0"), IsOk());
  EXPECT_EQ(cached("ws-1"), 6);
  ASSERT_THAT(service->unpublish(first.id), IsOk());
  EXPECT_EQ(cached("ws-1"), 7);
  // A failed write leaves the revision alone.
  EXPECT_THAT(service->rollback("ws-1"), Not(IsOk()));
  EXPECT_EQ(cached("ws-1"), 7);
  // Other workspaces are counted apart.
  EXPECT_EQ(service->cached_revision("ws-2"), 0);
}

// Another process (its own connection and service) publishes: this one sees the new revision
// only after refresh_revisions, as the App's one-second refresh does, and never moves back.
TEST_F(RevisionCacheTest, OtherProcessesWritesShowAfterRefresh) {
  register_shop("1.0.0");
  auto opened = db::Database::open(database_url);
  ASSERT_THAT(opened, IsOk());
  std::unique_ptr<db::Database> other_db = std::move(opened).value();
  themes::ThemeRegistry other_registry(*other_db);
  CustomizationService other(*other_db, other_registry);

  auto first = use("ws-1");
  auto second = use("ws-1");
  ASSERT_THAT(service->publish(first.id), IsOk());
  ASSERT_THAT(other.refresh_revisions(), IsOk());
  EXPECT_EQ(other.cached_revision("ws-1"), 1);

  ASSERT_THAT(other.publish(second.id), IsOk());
  EXPECT_EQ(other.cached_revision("ws-1"), 2);
  EXPECT_EQ(service->cached_revision("ws-1"), 1) << "not refreshed yet";
  ASSERT_THAT(service->refresh_revisions(), IsOk());
  EXPECT_EQ(service->cached_revision("ws-1"), 2);

  ASSERT_THAT(other.rollback("ws-1"), IsOk());
  ASSERT_THAT(service->update("ws-1", first.id, live_edit("Edited here")), IsOk());
  EXPECT_EQ(service->cached_revision("ws-1"), 4) << "own write after the other's rollback";
  EXPECT_EQ(other.cached_revision("ws-1"), 3);
  ASSERT_THAT(other.refresh_revisions(), IsOk());
  EXPECT_EQ(other.cached_revision("ws-1"), 4);
  // Refreshing again changes nothing; a workspace published elsewhere shows up.
  auto elsewhere = other.use("ws-2", "owner-2", "shop");
  ASSERT_THAT(elsewhere, IsOk());
  ASSERT_THAT(other.publish(elsewhere->id), IsOk());
  EXPECT_EQ(service->cached_revision("ws-2"), 0);
  ASSERT_THAT(service->refresh_revisions(), IsOk());
  EXPECT_EQ(service->cached_revision("ws-1"), 4);
  EXPECT_EQ(service->cached_revision("ws-2"), 1);
}

}  // namespace
}  // namespace vitrine::customize
