// The demo shop's catalogue, loaded through CatalogService on a real database (SQLite, or
// PostgreSQL in the suite's second pass).
#include "cli/demo_catalog.h"

#include <gtest/gtest.h>

#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;

namespace vitrine::cli {
namespace {

using nlohmann::json;

class DemoCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = db::Database::open(testing::test_database_url(tmp_));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    auto migrations = catalog::CatalogService::migrations();
    ASSERT_THAT(db::migrate(*db_, migrations), IsOk());
    catalog_ = std::make_unique<catalog::CatalogService>(*db_);
  }
  int64_t revision(const std::string& ws) {
    auto r = catalog_->revision(ws);
    EXPECT_THAT(r, IsOk());
    return r.ok() ? *r : -1;
  }
  json snapshot(const std::string& ws) {
    auto s = catalog_->snapshot(ws);
    EXPECT_THAT(s, IsOk());
    return s.ok() ? *s : json();
  }
  int64_t count_products(const std::string& ws) {
    auto page = catalog_->list_products(ws, {});
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->total : -1;
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<catalog::CatalogService> catalog_;
  const std::string ws_ = "ws-one";
  const std::string other_ws_ = "ws-two";
};

TEST_F(DemoCatalogTest, IsRealisticAndSeededOnce) {
  ASSERT_THAT(seed_demo_catalog(*db_, *catalog_, ws_), IsOk());
  json s = snapshot(ws_);
  EXPECT_GE(s["products"].size(), 8u);
  EXPECT_LE(s["products"].size(), 12u);
  for (const auto& p : s["products"]) {
    EXPECT_GT(p["price"].get<double>(), 0) << p;
    EXPECT_EQ(p["currency"].get<std::string>().size(), 3u);
    EXPECT_EQ(p["image"].get<std::string>().rfind("/cdn/themes/kendustorenew/1.0.0/build/", 0), 0u)
        << p;
  }
  std::vector<std::string> handles;
  for (const auto& c : s["collections"]) handles.push_back(c["handle"]);
  EXPECT_EQ(handles, (std::vector<std::string>{"featured", "ceramics", "home-textiles"}));
  EXPECT_GE(s["collections"][0]["products"].size(), 3u);
  int64_t rev = revision(ws_);
  int64_t products = count_products(ws_);

  // Running it again (every `vitrine demo` start) changes nothing.
  ASSERT_THAT(seed_demo_catalog(*db_, *catalog_, ws_), IsOk());
  EXPECT_EQ(revision(ws_), rev);
  EXPECT_EQ(count_products(ws_), products);
  // Other workspaces are untouched.
  EXPECT_EQ(count_products(other_ws_), 0);
}

}  // namespace
}  // namespace vitrine::cli
