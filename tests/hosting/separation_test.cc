// Seed 001: hosting owns deployed_sites, hosting_environments, domains and hosting_generation
// (the routing change counter), and writes nothing else. Every other table (theme and
// customization tables included, when a deployment has them) must come out of hosting's work
// exactly as it went in.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "hosting/hosting.h"
#include "hosting/hosting_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::hosting {
namespace {

const std::set<std::string> kHostingTables = {"deployed_sites", "hosting_environments", "domains",
                                              "hosting_generation"};

std::string cell(const db::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "'" + std::get<std::string>(v) + "'";
}

class SeparationTest : public HostingTest {
 protected:
  std::vector<std::string> tables() {
    auto r = db_->dialect() == db::Dialect::kSqlite
                 ? db_->exec(
                       "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                       "name NOT LIKE 'sqlite_%' ORDER BY name")
                 : db_->exec(
                       "SELECT tablename AS name FROM pg_tables WHERE schemaname = "
                       "current_schema() ORDER BY tablename");
    EXPECT_THAT(r, IsOk());
    std::vector<std::string> out;
    for (size_t i = 0; r.ok() && i < r->rows.size(); ++i) out.push_back(r->text(i, "name"));
    return out;
  }

  // Every row of every table hosting does not own, as sorted text.
  std::map<std::string, std::vector<std::string>> foreign_rows() {
    std::map<std::string, std::vector<std::string>> out;
    for (const std::string& t : tables()) {
      if (kHostingTables.count(t)) continue;
      auto r = db_->exec("SELECT * FROM " + t);
      EXPECT_THAT(r, IsOk());
      auto& rows = out[t];
      for (size_t i = 0; r.ok() && i < r->rows.size(); ++i) {
        std::string line;
        for (const db::Value& v : r->rows[i]) line += cell(v) + "|";
        rows.push_back(line);
      }
      std::sort(rows.begin(), rows.end());
    }
    return out;
  }
};

TEST_F(SeparationTest, HostingWritesOnlyItsOwnTables) {
  // The events hosting reacts to are written by other modules; they come first.
  emit("workspace.created",
       {{"workspace_id", "ws-a"}, {"slug", "a-shop"}, {"owner_id", "u1"}, {"tier", "enterprise"}});
  emit("workspace.created",
       {{"workspace_id", "ws-b"}, {"slug", "b-shop"}, {"owner_id", "u1"}, {"tier", "enterprise"}});
  emit("tier.changed", {{"user_id", "u1"}, {"old_tier", "enterprise"}, {"new_tier", "pro"}});
  const auto tables_before = tables();
  auto before = foreign_rows();
  ASSERT_TRUE(before.count("event_outbox"));
  ASSERT_TRUE(before.count("schema_migrations"));

  // Provisioning, then every domain operation, then a downgrade and an upgrade.
  ASSERT_EQ(dispatch(), 3);
  std::vector<Domain> added = {add("ws-a", "one.example.test"), add("ws-a", "two.example.test"),
                               add("ws-a", "three.example.test")};
  verify_with_dns("ws-a", {added[0], added[1]});
  ASSERT_THAT(hosting_->remove_domain("ws-a", added[2].id), IsOk());
  emit("tier.changed", {{"user_id", "u1"}, {"old_tier", "pro"}, {"new_tier", "basic"}});
  emit("tier.changed", {{"user_id", "u1"}, {"old_tier", "basic"}, {"new_tier", "enterprise"}});
  ASSERT_EQ(dispatch(), 2);
  ASSERT_FALSE(domains_of("ws-a")["one.example.test"].suspended);
  auto after = foreign_rows();

  EXPECT_EQ(tables(), tables_before) << "hosting created or dropped a table";
  // The outbox grew by exactly the two events this test emitted: hosting emitted none.
  ASSERT_EQ(after["event_outbox"].size(), before["event_outbox"].size() + 2);
  // The delivery log grew by one row per (event, hosting handler): the bus's bookkeeping.
  std::vector<std::string> deliveries = after["event_deliveries"];
  EXPECT_EQ(deliveries.size(), before["event_deliveries"].size() + 5);
  for (const std::string& row : deliveries)
    EXPECT_NE(row.find("'hosting."), std::string::npos) << row;
  // Everything else is untouched, row for row.
  for (const char* bus_table : {"event_outbox", "event_deliveries"}) {
    before.erase(bus_table);
    after.erase(bus_table);
  }
  EXPECT_EQ(after, before);
}

}  // namespace
}  // namespace vitrine::hosting
