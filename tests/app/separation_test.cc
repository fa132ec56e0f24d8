// The module boundary of docs/architecture.md "Shops, hosting and customizations", checked on the
// whole application (every module's tables in one database): publishing, unpublishing, rolling back
// and upgrading a theme write only the customize module's tables, never hosting's; provisioning,
// tier migration and custom domains write only hosting's tables, never a customization.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/app.h"
#include "testing/blob.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kHostingTables = {"deployed_sites", "hosting_environments",
                                                 "domains"};
const std::vector<std::string> kThemeTables = {"customizations", "content_revisions",
                                               "publish_history", "user_templates"};

class SeparationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Only kendustorenew 1.0.0 at first; 1.1.0 arrives later in the upgrade test.
    fs::create_directories(tmp.path() / "themes" / "kendustorenew");
    fs::copy(fs::path(source_dir()) / "themes/kendustorenew/v1.0.0",
             tmp.path() / "themes/kendustorenew/v1.0.0", fs::copy_options::recursive);
    auto config = load_config("", {{"data_dir", (tmp.path() / "data").string()},
                                   {"themes_dir", (tmp.path() / "themes").string()},
                                   {"database_url", testing::test_database_url(tmp)},
                                   {"blob_url", testing::test_blob_url(tmp)}});
    ASSERT_THAT(config, IsOk());
    auto opened = App::open(*config);
    ASSERT_THAT(opened, IsOk());
    app = std::move(*opened);
    ASSERT_THAT(app->sync().sync(std::nullopt), IsOk());

    auto u = app->users().create_user("owner@example.com", "long enough", "pro");
    ASSERT_THAT(u, IsOk());
    owner = u->id;
    auto w = app->workspaces().create(owner, "Owner Shop");
    ASSERT_THAT(w, IsOk());
    workspace = w->id;
    ASSERT_THAT(app->events().dispatch_pending(), IsOk());
    ASSERT_THAT(app->hosting().site_for_workspace(workspace), IsOk()) << "hosting provisioned";
  }

  // Every row of `tables`, in a stable order, as one string: equal snapshots = no write.
  std::string snapshot(const std::vector<std::string>& tables) {
    std::string out;
    for (const auto& t : tables) {
      auto r = app->database().exec("SELECT * FROM " + t + " ORDER BY 1");
      EXPECT_THAT(r, IsOk()) << t;
      if (!r.ok()) continue;
      out += "## " + t + " (" + std::to_string(r->rows.size()) + " rows)\n";
      for (size_t i = 0; i < r->rows.size(); ++i) {
        for (const auto& c : r->columns) out += c + "=" + r->text(i, c) + ";";
        out += "\n";
      }
    }
    return out;
  }

  std::string use_theme() {
    auto c = app->customizations().use(workspace, owner, "kendustorenew", std::nullopt);
    EXPECT_THAT(c, IsOk());
    return c.ok() ? c->id : "";
  }

  TempDir tmp;
  std::unique_ptr<App> app;
  std::string owner, workspace;
};

TEST_F(SeparationTest, ThemePublishUnpublishRollbackAndUpgradeNeverWriteHostingTables) {
  std::string before = snapshot(kHostingTables);
  ASSERT_NE(before.find("deployed_sites (1 rows)"), std::string::npos) << before;
  std::string first = use_theme();
  std::string second = use_theme();
  auto& c = app->customizations();
  ASSERT_THAT(c.publish(first), IsOk());
  ASSERT_THAT(c.publish(second), IsOk());
  ASSERT_THAT(c.rollback(workspace), IsOk());
  EXPECT_EQ(c.active(workspace)->id, first);

  // A new version arrives and the active customization moves to it.
  fs::copy(fs::path(source_dir()) / "themes/kendustorenew/v1.1.0",
           tmp.path() / "themes/kendustorenew/v1.1.0", fs::copy_options::recursive);
  ASSERT_THAT(app->sync().sync(std::nullopt), IsOk());
  auto up = c.upgrade(first, "1.1.0");
  ASSERT_THAT(up, IsOk());
  ASSERT_THAT(c.unpublish(first), IsOk());
  ASSERT_THAT(app->events().dispatch_pending(), IsOk());

  EXPECT_EQ(snapshot(kHostingTables), before) << "theme operations wrote hosting tables";
}

TEST_F(SeparationTest, ProvisioningTierMigrationAndDomainsNeverWriteCustomizations) {
  std::string id = use_theme();
  ASSERT_THAT(app->customizations().publish(id), IsOk());
  std::string before = snapshot(kThemeTables);
  ASSERT_NE(before.find("customizations (1 rows)"), std::string::npos) << before;

  // Another workspace of the same owner is provisioned, domains come and go, the tier moves.
  ASSERT_THAT(app->workspaces().create(owner, "Second Shop"), IsOk());
  auto d = app->hosting().add_domain(workspace, "shop.example.com");
  ASSERT_THAT(d, IsOk());
  ASSERT_THAT(app->users().set_tier(owner, "basic"), IsOk());
  ASSERT_THAT(app->events().dispatch_pending(), IsOk());
  ASSERT_THAT(app->users().set_tier(owner, "enterprise"), IsOk());
  ASSERT_THAT(app->events().dispatch_pending(), IsOk());
  EXPECT_EQ(app->hosting().site_for_workspace(workspace)->environment.model, "silo");
  ASSERT_THAT(app->hosting().remove_domain(workspace, d->id), IsOk());

  EXPECT_EQ(snapshot(kThemeTables), before) << "hosting operations wrote theme tables";
  EXPECT_EQ(app->customizations().active(workspace)->id, id) << "the live theme is unchanged";
}

}  // namespace
}  // namespace vitrine
