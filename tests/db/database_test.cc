#include "db/database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "testing/temp_dir.h"

namespace vitrine::db {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<Database> open_or_die(const std::string& url) {
  auto db = Database::open(url);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
  if (!db.ok()) throw std::runtime_error("cannot open " + url);
  return std::move(db).value();
}

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_or_die("sqlite://" + (dir_.path() / "test.db").string());
    ASSERT_TRUE(db_->exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
                          "price REAL, qty INTEGER, note TEXT)")
                    .ok());
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, InsertsAndReadsBackEveryValueType) {
  auto ins = db_->exec("INSERT INTO items (name, price, qty, note) VALUES (?, ?, ?, ?)",
                       {std::string("lamp"), 19.5, int64_t{3}, std::monostate{}});
  ASSERT_TRUE(ins.ok()) << ins.error().message;
  EXPECT_EQ(ins->changes, 1);
  EXPECT_TRUE(ins->empty());

  auto r = db_->exec("SELECT id, name, price, qty, note FROM items WHERE name = ?",
                     {std::string("lamp")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->columns, (std::vector<std::string>{"id", "name", "price", "qty", "note"}));
  EXPECT_EQ(r->changes, 0);
  const auto& row = r->rows[0];
  EXPECT_TRUE(std::holds_alternative<int64_t>(row[0]));
  EXPECT_EQ(std::get<std::string>(row[1]), "lamp");
  EXPECT_DOUBLE_EQ(std::get<double>(row[2]), 19.5);
  EXPECT_EQ(std::get<int64_t>(row[3]), 3);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(row[4]));

  EXPECT_EQ(r->text(0, "name"), "lamp");
  EXPECT_DOUBLE_EQ(r->real(0, "price"), 19.5);
  EXPECT_EQ(r->integer(0, "qty"), 3);
  EXPECT_TRUE(r->is_null(0, "note"));
  EXPECT_FALSE(r->is_null(0, "name"));
}

TEST_F(DatabaseTest, UpdateAndDeleteReportChangedRows) {
  for (const char* name : {"a", "b", "c"}) {
    ASSERT_TRUE(db_->exec("INSERT INTO items (name, qty) VALUES (?, 1)", {std::string(name)}).ok());
  }
  auto upd =
      db_->exec("UPDATE items SET qty = qty + ? WHERE name <> ?", {int64_t{10}, std::string("a")});
  ASSERT_TRUE(upd.ok());
  EXPECT_EQ(upd->changes, 2);

  auto sum = db_->exec("SELECT SUM(qty) AS total FROM items");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->integer(0, "total"), 23);
  EXPECT_EQ(sum->changes, 0) << "a SELECT changes nothing, whatever ran before it";

  auto del = db_->exec("DELETE FROM items WHERE qty > ?", {int64_t{5}});
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(del->changes, 2);
  auto left = db_->exec("SELECT name FROM items");
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->rows.size(), 1u);
  EXPECT_EQ(left->text(0, "name"), "a");
}

TEST_F(DatabaseTest, NullsReadAsEmptyDefaults) {
  ASSERT_TRUE(db_->exec("INSERT INTO items (name, price, qty, note) VALUES (?, ?, ?, ?)",
                        {std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}})
                  .ok());
  auto r = db_->exec("SELECT name, price, qty, note FROM items");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_TRUE(r->is_null(0, "name"));
  EXPECT_EQ(r->text(0, "name"), "");
  EXPECT_EQ(r->integer(0, "qty"), 0);
  EXPECT_DOUBLE_EQ(r->real(0, "price"), 0.0);

  auto where_null =
      db_->exec("SELECT COUNT(*) AS n FROM items WHERE note IS ?", {std::monostate{}});
  ASSERT_TRUE(where_null.ok());
  EXPECT_EQ(where_null->integer(0, "n"), 1);
}

TEST_F(DatabaseTest, TextWithEmbeddedNulAndUnicodeRoundTrips) {
  std::string tricky("caf\xC3\xA9 \0 end", 12);
  ASSERT_TRUE(db_->exec("INSERT INTO items (name) VALUES (?)", {tricky}).ok());
  auto r = db_->exec("SELECT name FROM items");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text(0, "name"), tricky);
}

TEST_F(DatabaseTest, AccessorsConvertBetweenNumbers) {
  auto r = db_->exec("SELECT 7 AS i, 2.5 AS d, '42' AS s");
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->real(0, "i"), 7.0);
  EXPECT_EQ(r->integer(0, "d"), 2);
  EXPECT_EQ(r->text(0, "i"), "7");
  EXPECT_EQ(r->text(0, "d"), "2.5");
  EXPECT_EQ(r->integer(0, "s"), 42);
  EXPECT_EQ(r->column("s"), 2u);
  EXPECT_THROW((void)r->column("missing"), std::out_of_range);
  EXPECT_THROW((void)r->text(5, "i"), std::out_of_range);
}

TEST_F(DatabaseTest, UniqueViolationIsAlreadyExists) {
  ASSERT_TRUE(db_->exec("INSERT INTO items (name) VALUES (?)", {std::string("dup")}).ok());
  auto again = db_->exec("INSERT INTO items (name) VALUES (?)", {std::string("dup")});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, errc::kAlreadyExists);
  EXPECT_THAT(again.error().message, HasSubstr("UNIQUE constraint failed: items.name"));
  EXPECT_THAT(again.error().message, ::testing::Not(HasSubstr("dup")))
      << "parameter values stay out of messages";

  auto pk = db_->exec("INSERT INTO items (id, name) VALUES (1, 'x'), (1, 'y')");
  ASSERT_FALSE(pk.ok());
  EXPECT_EQ(pk.error().code, errc::kAlreadyExists);
}

TEST_F(DatabaseTest, OtherConstraintViolationsAreConflicts) {
  ASSERT_TRUE(db_->exec("CREATE TABLE parents (id INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE(db_->exec("CREATE TABLE children (id INTEGER PRIMARY KEY, "
                        "parent_id INTEGER NOT NULL REFERENCES parents(id), "
                        "age INTEGER CHECK (age >= 0))")
                  .ok());

  auto fk = db_->exec("INSERT INTO children (parent_id) VALUES (?)", {int64_t{99}});
  ASSERT_FALSE(fk.ok()) << "foreign keys are enforced";
  EXPECT_EQ(fk.error().code, errc::kConflict);
  EXPECT_THAT(fk.error().message, HasSubstr("FOREIGN KEY constraint failed"));

  auto not_null = db_->exec("INSERT INTO children (parent_id) VALUES (NULL)");
  ASSERT_FALSE(not_null.ok());
  EXPECT_EQ(not_null.error().code, errc::kConflict);

  ASSERT_TRUE(db_->exec("INSERT INTO parents (id) VALUES (1)").ok());
  auto check = db_->exec("INSERT INTO children (parent_id, age) VALUES (1, -1)");
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, errc::kConflict);
  EXPECT_THAT(check.error().message, HasSubstr("CHECK constraint failed"));
}

TEST_F(DatabaseTest, MalformedSqlIsDatabaseError) {
  auto r = db_->exec("SELEC * FROM items");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::kDatabase);
  EXPECT_THAT(r.error().message, HasSubstr("syntax error"));

  auto missing = db_->exec("SELECT * FROM no_such_table");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::kDatabase);
  EXPECT_THAT(missing.error().message, HasSubstr("no such table: no_such_table"));

  // The connection stays usable after errors.
  EXPECT_TRUE(db_->exec("SELECT COUNT(*) FROM items").ok());
}

TEST_F(DatabaseTest, WrongParameterCountIsAnError) {
  auto r = db_->exec("INSERT INTO items (name, qty) VALUES (?, ?)", {std::string("x")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::kDatabase);
  EXPECT_THAT(r.error().message, HasSubstr("2 parameters but 1"));
  auto count = db_->exec("SELECT COUNT(*) AS n FROM items");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->integer(0, "n"), 0);
}

TEST_F(DatabaseTest, SeveralStatementsInOneExecAreRefused) {
  auto r =
      db_->exec("INSERT INTO items (name) VALUES ('a'); INSERT INTO items (name) VALUES ('b')");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::kDatabase);
  auto count = db_->exec("SELECT COUNT(*) AS n FROM items;  ");
  ASSERT_TRUE(count.ok()) << "a trailing ';' is fine";
  EXPECT_EQ(count->integer(0, "n"), 0);
}

TEST_F(DatabaseTest, RepeatedStatementsReuseTheirPreparedForm) {
  // Same SQL text many times, with rows left unread in between: results stay right.
  for (int64_t i = 0; i < 50; ++i) {
    ASSERT_TRUE(db_->exec("INSERT INTO items (qty) VALUES (?)", {i}).ok());
    auto r = db_->exec("SELECT qty FROM items ORDER BY qty DESC");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->integer(0, "qty"), i);
    EXPECT_EQ(static_cast<int64_t>(r->rows.size()), i + 1);
  }
}

TEST(DatabaseOpenTest, CreatesTheFileInMissingFolders) {
  TempDir dir;
  auto file = dir.path() / "a" / "b" / "c" / "vitrine.db";
  auto db = open_or_die("sqlite://" + file.string());
  ASSERT_TRUE(db->exec("CREATE TABLE t (x)").ok());
  EXPECT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(db->dialect(), Dialect::kSqlite);
}

TEST(DatabaseOpenTest, UsesWriteAheadLogging) {
  TempDir dir;
  auto db = open_or_die("sqlite://" + (dir.path() / "wal.db").string());
  auto mode = db->exec("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(mode->text(0, "journal_mode"), "wal");
  auto fk = db->exec("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.ok());
  EXPECT_EQ(fk->integer(0, "foreign_keys"), 1);
}

TEST(DatabaseOpenTest, RelativePathIsRelativeToTheWorkingFolder) {
  TempDir dir;
  auto old_cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  {
    auto db = Database::open("sqlite://rel/sub/x.db");
    std::filesystem::current_path(old_cwd);
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE((*db)->exec("CREATE TABLE t (x)").ok());
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "rel" / "sub" / "x.db"));
}

TEST(DatabaseOpenTest, MemoryDatabaseIsSharedByAllCallers) {
  auto db = open_or_die("sqlite::memory:");
  ASSERT_TRUE(db->exec("CREATE TABLE t (x INTEGER)").ok());
  ASSERT_TRUE(db->exec("INSERT INTO t VALUES (1)").ok());
  std::vector<std::thread> threads;
  std::vector<int64_t> seen(4, -1);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto r = db->exec("SELECT COUNT(*) AS n FROM t");
      if (r.ok()) seen[i] = r->integer(0, "n");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen, (std::vector<int64_t>(4, 1)));
}

TEST(DatabaseOpenTest, PostgresIsNotSupportedYet) {
  auto db = Database::open("postgresql://user:secret@localhost/vitrine");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, errc::kConfig);
  EXPECT_THAT(db.error().message, HasSubstr("postgresql:// is not supported by this build yet"));
  EXPECT_THAT(db.error().message, ::testing::Not(HasSubstr("secret")));
}

TEST(DatabaseOpenTest, UnknownSchemeIsConfigError) {
  for (const char* url : {"mysql://localhost/db", "vitrine.db", "", "sqlite:"}) {
    auto db = Database::open(url);
    ASSERT_FALSE(db.ok()) << url;
    EXPECT_EQ(db.error().code, errc::kConfig) << url;
  }
}

TEST(DatabaseOpenTest, FileThatIsNotADatabaseFailsAtOpen) {
  TempDir dir;
  auto file = dir.path() / "junk.db";
  std::ofstream(file, std::ios::binary) << std::string(4096, 'x');
  auto db = Database::open("sqlite://" + file.string());
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, errc::kDatabase);
  EXPECT_THAT(db.error().message, HasSubstr("not a database"));
}

}  // namespace
}  // namespace vitrine::db
