#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "db/database.h"
#include "db_test_support.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::db {
namespace {

using ::testing::HasSubstr;
using vitrine::testing::test_database_url;

std::vector<Migration> base_migrations() {
  return {
      {"shop", 1,
       "CREATE TABLE shops (id TEXT PRIMARY KEY, name TEXT NOT NULL);\n"
       "CREATE INDEX shops_name ON shops (name);"},
      {"shop", 2, "ALTER TABLE shops ADD COLUMN tier TEXT NOT NULL DEFAULT 'free'"},
      {"theme", 1, "CREATE TABLE themes (slug TEXT PRIMARY KEY)"},
  };
}

std::vector<std::pair<std::string, int64_t>> applied(Database& db) {
  std::vector<std::pair<std::string, int64_t>> out;
  auto r = db.exec(
      "SELECT module, version, applied_at FROM schema_migrations "
      "ORDER BY module, version");
  if (!r.ok()) return out;
  for (size_t i = 0; i < r->rows.size(); ++i) {
    EXPECT_FALSE(r->text(i, "applied_at").empty());
    out.emplace_back(r->text(i, "module"), r->integer(i, "version"));
  }
  return out;
}

using Applied = std::vector<std::pair<std::string, int64_t>>;

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = test_database_url(dir_);
    db_ = open_or_die(url_);
  }
  TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(MigrateTest, AppliesEveryMigrationOnce) {
  auto migrations = base_migrations();
  Status st = migrate(*db_, migrations);
  ASSERT_THAT(st, IsOk());
  EXPECT_EQ(applied(*db_), (Applied{{"shop", 1}, {"shop", 2}, {"theme", 1}}));
  ASSERT_THAT(db_->exec("INSERT INTO shops (id, name) VALUES ('s1', 'Kendu')"), IsOk());
  auto tier = db_->exec("SELECT tier FROM shops");
  ASSERT_THAT(tier, IsOk());
  EXPECT_EQ(tier->text(0, "tier"), "free");
  auto index = db_->exec(
      for_dialect(*db_, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?",
                  "SELECT indexname FROM pg_indexes WHERE indexname = ?"),
      {std::string("shops_name")});
  ASSERT_THAT(index, IsOk());
  EXPECT_EQ(index->rows.size(), 1u) << "every statement of a multi-statement migration runs";
}

TEST_F(MigrateTest, RunningAgainChangesNothing) {
  auto migrations = base_migrations();
  ASSERT_THAT(migrate(*db_, migrations), IsOk());
  ASSERT_THAT(db_->exec("INSERT INTO shops (id, name) VALUES ('s1', 'Kendu')"), IsOk());
  // A second run (ALTER TABLE would fail if it ran twice) is a no-op, from any handle.
  Status again = migrate(*db_, migrations);
  ASSERT_THAT(again, IsOk());
  auto other = open_or_die(url_);
  Status other_run = migrate(*other, migrations);
  ASSERT_THAT(other_run, IsOk());
  EXPECT_EQ(applied(*db_).size(), 3u);
  auto rows = db_->exec("SELECT COUNT(*) AS n FROM shops");
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ(rows->integer(0, "n"), 1);
}

TEST_F(MigrateTest, LaterMigrationsApplyOnTopOfEarlierOnes) {
  auto migrations = base_migrations();
  ASSERT_THAT(migrate(*db_, migrations), IsOk());
  migrations.push_back({"shop", 3, "CREATE TABLE shop_domains (host TEXT PRIMARY KEY)"});
  ASSERT_THAT(migrate(*db_, migrations), IsOk());
  EXPECT_EQ(applied(*db_), (Applied{{"shop", 1}, {"shop", 2}, {"shop", 3}, {"theme", 1}}));
  EXPECT_THAT(db_->exec("SELECT * FROM shop_domains"), IsOk());
}

TEST_F(MigrateTest, FailingMigrationIsRolledBackAndNamed) {
  std::vector<Migration> migrations = {
      {"shop", 1, "CREATE TABLE shops (id TEXT PRIMARY KEY)"},
      {"shop", 2, "CREATE TABLE half_done (x TEXT); CREATE TABEL broken (y TEXT);"},
      {"shop", 3, "CREATE TABLE never (x TEXT)"},
  };
  Status st = migrate(*db_, migrations);
  ASSERT_THAT(st, StatusIs(errc::kDatabase));
  EXPECT_THAT(st.error().message, HasSubstr("migration shop v2"));
  EXPECT_THAT(st.error().message, HasSubstr("syntax error"));
  EXPECT_EQ(applied(*db_), (Applied{{"shop", 1}}));
  EXPECT_THAT(db_->exec("SELECT * FROM half_done"), Not(IsOk()))
      << "the failed migration left nothing";
  EXPECT_THAT(db_->exec("SELECT * FROM never"), Not(IsOk())) << "later migrations did not run";

  migrations[1].sql = "CREATE TABLE half_done (x TEXT); CREATE TABLE fixed (y TEXT);";
  ASSERT_THAT(migrate(*db_, migrations), IsOk());
  EXPECT_EQ(applied(*db_), (Applied{{"shop", 1}, {"shop", 2}, {"shop", 3}}));
}

TEST_F(MigrateTest, ProcessesStartingTogetherApplyEachMigrationOnce) {
  auto migrations = base_migrations();
  constexpr int kChildren = 4;
  std::vector<pid_t> children;
  for (int c = 0; c < kChildren; ++c) {
    std::fflush(nullptr);  // the child must not print what the parent buffered
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      bool ok = false;
      try {
        auto db = open_or_die(url_);
        ok = migrate(*db, migrations).ok();
      } catch (...) {
      }
      _exit(ok ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a process failed to migrate";
  }
  EXPECT_EQ(applied(*db_), (Applied{{"shop", 1}, {"shop", 2}, {"theme", 1}}));
}

TEST_F(MigrateTest, EachDatabaseRunsTheSqlOfItsDialect) {
  std::vector<Migration> migrations = {
      {"shop", 1, "CREATE TABLE orders (id {auto_id}, note TEXT NOT NULL)",
       "CREATE TABLE made_for_sqlite (x TEXT)", "CREATE TABLE made_for_postgres (x TEXT)"}};
  Status st = migrate(*db_, migrations);
  ASSERT_THAT(st, IsOk());
  bool sqlite = db_->dialect() == Dialect::kSqlite;
  EXPECT_EQ(db_->exec("SELECT * FROM made_for_sqlite").ok(), sqlite);
  EXPECT_EQ(db_->exec("SELECT * FROM made_for_postgres").ok(), !sqlite);
  // {auto_id} numbers rows itself on both, and never reuses the number of a deleted row.
  ASSERT_THAT(db_->exec("INSERT INTO orders (note) VALUES ('a'), ('b')"), IsOk());
  ASSERT_THAT(db_->exec("DELETE FROM orders WHERE note = 'b'"), IsOk());
  ASSERT_THAT(db_->exec("INSERT INTO orders (note) VALUES ('c')"), IsOk());
  auto ids = db_->exec("SELECT id FROM orders ORDER BY id");
  ASSERT_THAT(ids, IsOk());
  ASSERT_EQ(ids->rows.size(), 2u);
  EXPECT_EQ(ids->integer(0, "id"), 1);
  EXPECT_EQ(ids->integer(1, "id"), 3);
}

TEST_F(MigrateTest, RejectsMigrationsWithoutModuleOrVersion) {
  std::vector<Migration> bad = {{"", 1, "SELECT 1"}};
  EXPECT_EQ(migrate(*db_, bad).error().code, errc::kInvalidArgument);
  bad = {{"shop", 0, "SELECT 1"}};
  EXPECT_EQ(migrate(*db_, bad).error().code, errc::kInvalidArgument);
}

}  // namespace
}  // namespace vitrine::db
