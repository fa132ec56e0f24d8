#include "db/database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

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
using ::testing::Not;
using vitrine::testing::test_database_url;
using vitrine::testing::testing_postgres;

// Runs on SQLite, and on PostgreSQL in the suite's PostgreSQL pass.
class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = test_database_url(dir_);
    db_ = open_or_die(url_);
    ASSERT_THAT(db_->exec("CREATE TABLE items (" + auto_id(*db_) + ", name TEXT UNIQUE, price " +
                          for_dialect(*db_, "REAL", "DOUBLE PRECISION") + ", qty " +
                          for_dialect(*db_, "INTEGER", "BIGINT") + ", note TEXT)"),
                IsOk());
  }

  bool sqlite() const { return db_->dialect() == Dialect::kSqlite; }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, InsertsAndReadsBackEveryValueType) {
  auto ins = db_->exec("INSERT INTO items (name, price, qty, note) VALUES (?, ?, ?, ?)",
                       {std::string("lamp"), 19.5, int64_t{3}, std::monostate{}});
  ASSERT_THAT(ins, IsOk());
  EXPECT_EQ(ins->changes, 1);
  EXPECT_TRUE(ins->empty());

  auto r = db_->exec("SELECT id, name, price, qty, note FROM items WHERE name = ?",
                     {std::string("lamp")});
  ASSERT_THAT(r, IsOk());
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
  EXPECT_EQ(r->optional_text(0, "note"), std::nullopt);
  EXPECT_EQ(r->optional_text(0, "name"), "lamp");
  EXPECT_EQ(r->optional_integer(0, "qty"), 3);
  EXPECT_EQ(r->optional_integer(0, "note"), std::nullopt);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(nullable(std::optional<std::string>())));
  EXPECT_EQ(std::get<int64_t>(nullable(std::optional<int64_t>(7))), 7);
}

TEST_F(DatabaseTest, UpdateAndDeleteReportChangedRows) {
  for (const char* name : {"a", "b", "c"}) {
    ASSERT_THAT(db_->exec("INSERT INTO items (name, qty) VALUES (?, 1)", {std::string(name)}),
                IsOk());
  }
  auto upd =
      db_->exec("UPDATE items SET qty = qty + ? WHERE name <> ?", {int64_t{10}, std::string("a")});
  ASSERT_THAT(upd, IsOk());
  EXPECT_EQ(upd->changes, 2);

  auto sum = db_->exec("SELECT SUM(qty) AS total FROM items");
  ASSERT_THAT(sum, IsOk());
  EXPECT_EQ(sum->integer(0, "total"), 23);
  EXPECT_EQ(sum->changes, 0) << "a SELECT changes nothing, whatever ran before it";

  auto del = db_->exec("DELETE FROM items WHERE qty > ?", {int64_t{5}});
  ASSERT_THAT(del, IsOk());
  EXPECT_EQ(del->changes, 2);
  auto left = db_->exec("SELECT name FROM items");
  ASSERT_THAT(left, IsOk());
  ASSERT_EQ(left->rows.size(), 1u);
  EXPECT_EQ(left->text(0, "name"), "a");
}

TEST_F(DatabaseTest, NullsReadAsEmptyDefaults) {
  ASSERT_THAT(db_->exec("INSERT INTO items (name, price, qty, note) VALUES (?, ?, ?, ?)",
                        {std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}}),
              IsOk());
  auto r = db_->exec("SELECT name, price, qty, note FROM items");
  ASSERT_THAT(r, IsOk());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_TRUE(r->is_null(0, "name"));
  EXPECT_EQ(r->text(0, "name"), "");
  EXPECT_EQ(r->integer(0, "qty"), 0);
  EXPECT_DOUBLE_EQ(r->real(0, "price"), 0.0);

  auto where_null = db_->exec("SELECT COUNT(*) AS n FROM items WHERE note IS NOT DISTINCT FROM ?",
                              {std::monostate{}});
  ASSERT_THAT(where_null, IsOk());
  EXPECT_EQ(where_null->integer(0, "n"), 1);
}

TEST_F(DatabaseTest, UnicodeTextRoundTrips) {
  std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9B\x8D '?' \"q\" \\ end";
  ASSERT_THAT(db_->exec("INSERT INTO items (name) VALUES (?)", {text}), IsOk());
  auto r = db_->exec("SELECT name FROM items WHERE name = ?", {text});
  ASSERT_THAT(r, IsOk());
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->text(0, "name"), text);
}

TEST_F(DatabaseTest, TextWithEmbeddedNul) {
  std::string tricky("caf\xC3\xA9 \0 end", 12);
  auto ins = db_->exec("INSERT INTO items (name) VALUES (?)", {tricky});
  if (sqlite()) {
    ASSERT_THAT(ins, IsOk());
    auto r = db_->exec("SELECT name FROM items");
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->text(0, "name"), tricky);
  } else {
    // PostgreSQL text cannot hold NUL: refused with a clear error, never silently truncated.
    ASSERT_THAT(ins, StatusIs(errc::kDatabase));
    EXPECT_THAT(ins.error().message, HasSubstr("NUL"));
    auto count = db_->exec("SELECT COUNT(*) AS n FROM items");
    ASSERT_THAT(count, IsOk());
    EXPECT_EQ(count->integer(0, "n"), 0);
  }
}

TEST_F(DatabaseTest, AccessorsConvertBetweenNumbers) {
  auto r = db_->exec("SELECT 7 AS i, 2.5 AS d, '42' AS s");
  ASSERT_THAT(r, IsOk());
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
  ASSERT_THAT(db_->exec("INSERT INTO items (name) VALUES (?)", {std::string("lamp-42")}), IsOk());
  auto again = db_->exec("INSERT INTO items (name) VALUES (?)", {std::string("lamp-42")});
  ASSERT_THAT(again, StatusIs(errc::kAlreadyExists));
  if (sqlite()) {
    EXPECT_THAT(again.error().message, HasSubstr("UNIQUE constraint failed: items.name"));
  } else {
    EXPECT_THAT(again.error().message,
                HasSubstr("duplicate key value violates unique constraint \"items_name_key\""));
    EXPECT_EQ(again.error().details.value("constraint", ""), "items_name_key");
    EXPECT_EQ(again.error().details.value("sqlstate", ""), "23505");
  }
  EXPECT_THAT(again.error().message, Not(HasSubstr("lamp-42")))
      << "parameter values stay out of messages";
  EXPECT_THAT(again.error().details.dump(), Not(HasSubstr("lamp-42")));

  auto pk = db_->exec("INSERT INTO items (id, name) VALUES (1, 'x'), (1, 'y')");
  ASSERT_THAT(pk, StatusIs(errc::kAlreadyExists));
}

TEST_F(DatabaseTest, OtherConstraintViolationsAreConflicts) {
  ASSERT_THAT(db_->exec("CREATE TABLE parents (id INTEGER PRIMARY KEY)"), IsOk());
  ASSERT_THAT(db_->exec("CREATE TABLE children (" + auto_id(*db_) +
                        ", parent_id INTEGER NOT NULL REFERENCES parents(id), "
                        "age INTEGER CHECK (age >= 0))"),
              IsOk());

  auto fk = db_->exec("INSERT INTO children (parent_id) VALUES (?)", {int64_t{99}});
  ASSERT_THAT(fk, StatusIs(errc::kConflict)) << "foreign keys are enforced";
  EXPECT_THAT(fk.error().message,
              HasSubstr(sqlite() ? "FOREIGN KEY constraint failed" : "violates foreign key"));

  auto not_null = db_->exec("INSERT INTO children (parent_id) VALUES (NULL)");
  ASSERT_THAT(not_null, StatusIs(errc::kConflict));

  ASSERT_THAT(db_->exec("INSERT INTO parents (id) VALUES (1)"), IsOk());
  auto check = db_->exec("INSERT INTO children (parent_id, age) VALUES (1, -1)");
  ASSERT_THAT(check, StatusIs(errc::kConflict));
  EXPECT_THAT(check.error().message,
              HasSubstr(sqlite() ? "CHECK constraint failed" : "violates check constraint"));
}

TEST_F(DatabaseTest, MalformedSqlIsDatabaseError) {
  auto r = db_->exec("SELEC * FROM items");
  ASSERT_THAT(r, StatusIs(errc::kDatabase));
  EXPECT_THAT(r.error().message, HasSubstr("syntax error"));

  auto missing = db_->exec("SELECT * FROM no_such_table");
  ASSERT_THAT(missing, StatusIs(errc::kDatabase));
  EXPECT_THAT(missing.error().message, HasSubstr(sqlite() ? "no such table: no_such_table"
                                                          : "\"no_such_table\" does not exist"));

  // The connection stays usable after errors.
  EXPECT_THAT(db_->exec("SELECT COUNT(*) FROM items"), IsOk());
}

TEST_F(DatabaseTest, WrongParameterCountIsAnError) {
  auto r = db_->exec("INSERT INTO items (name, qty) VALUES (?, ?)", {std::string("x")});
  ASSERT_THAT(r, StatusIs(errc::kDatabase));
  EXPECT_THAT(r.error().message, HasSubstr("2 parameters but 1"));
  auto count = db_->exec("SELECT COUNT(*) AS n FROM items");
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(count->integer(0, "n"), 0);
}

TEST_F(DatabaseTest, SeveralStatementsInOneExecAreRefused) {
  auto r =
      db_->exec("INSERT INTO items (name) VALUES ('a'); INSERT INTO items (name) VALUES ('b')");
  ASSERT_THAT(r, StatusIs(errc::kDatabase));
  auto count = db_->exec("SELECT COUNT(*) AS n FROM items;  ");
  ASSERT_THAT(count, IsOk()) << "a trailing ';' is fine";
  EXPECT_EQ(count->integer(0, "n"), 0);
}

TEST_F(DatabaseTest, RepeatedStatementsReuseTheirPreparedForm) {
  // Same SQL text many times, with rows left unread in between: results stay right.
  for (int64_t i = 0; i < 50; ++i) {
    ASSERT_THAT(db_->exec("INSERT INTO items (qty) VALUES (?)", {i}), IsOk());
    auto r = db_->exec("SELECT qty FROM items ORDER BY qty DESC");
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->integer(0, "qty"), i);
    EXPECT_EQ(static_cast<int64_t>(r->rows.size()), i + 1);
  }
}

TEST_F(DatabaseTest, ParametersMatchTextAndIntegerColumns) {
  ASSERT_THAT(db_->exec("INSERT INTO items (name, price, qty) VALUES (?, ?, ?)",
                        {std::string("7"), 2.25, int64_t{7}}),
              IsOk());
  for (auto [where, value] :
       {std::pair{"name = ?", Value(std::string("7"))}, std::pair{"qty = ?", Value(int64_t{7})},
        std::pair{"qty = ?", Value(std::string("7"))}, std::pair{"price = ?", Value(2.25)},
        std::pair{"price > ?", Value(int64_t{2})}}) {
    auto r = db_->exec(std::string("SELECT COUNT(*) AS n FROM items WHERE ") + where, {value});
    ASSERT_THAT(r, IsOk()) << where;
    EXPECT_EQ(r->integer(0, "n"), 1) << where;
  }
}

TEST_F(DatabaseTest, ValuesComeBackWithTheirTypes) {
  const int64_t big = 9'007'199'254'740'993;  // not representable as a double
  ASSERT_THAT(db_->exec("INSERT INTO items (name, price, qty) VALUES (?, ?, ?)",
                        {std::string("big"), 0.1 + 0.2, big}),
              IsOk());
  auto stored = db_->exec("SELECT price, qty FROM items");
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(std::get<double>(stored->rows[0][0]), 0.1 + 0.2) << "doubles keep every bit";
  EXPECT_EQ(std::get<int64_t>(stored->rows[0][1]), big);

  auto r = db_->exec("SELECT ? AS i, ? AS d, ? AS s, ? AS n, 1 = 1 AS yes, 1 = 2 AS no",
                     {int64_t{-5}, 1.5, std::string("text"), std::monostate{}});
  ASSERT_THAT(r, IsOk());
  const auto& row = r->rows.at(0);
  EXPECT_EQ(std::get<int64_t>(row[0]), -5);
  EXPECT_EQ(std::get<double>(row[1]), 1.5);
  EXPECT_EQ(std::get<std::string>(row[2]), "text");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(row[3]));
  EXPECT_EQ(std::get<int64_t>(row[4]), 1) << "booleans read as 1 and 0";
  EXPECT_EQ(std::get<int64_t>(row[5]), 0);

  auto extremes = db_->exec("SELECT ? AS lo, ? AS hi", {std::numeric_limits<int64_t>::min(),
                                                        std::numeric_limits<int64_t>::max()});
  ASSERT_THAT(extremes, IsOk());
  EXPECT_EQ(extremes->integer(0, "lo"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(extremes->integer(0, "hi"), std::numeric_limits<int64_t>::max());
}

TEST_F(DatabaseTest, ParametersWhoseTypeTheStatementDoesNotFix) {
  // Nothing in these statements says what type the parameter is; both backends cope.
  auto is_null =
      db_->exec("SELECT ? IS NULL AS a, ? IS NULL AS b", {std::monostate{}, std::string("x")});
  ASSERT_THAT(is_null, IsOk());
  EXPECT_EQ(is_null->integer(0, "a"), 1);
  EXPECT_EQ(is_null->integer(0, "b"), 0);
  auto concat = db_->exec("SELECT ? || ? AS s", {std::string("ab"), std::string("cd")});
  ASSERT_THAT(concat, IsOk());
  EXPECT_EQ(concat->text(0, "s"), "abcd");
  // Inside a transaction too (on PostgreSQL the first try aborts it, so it runs again).
  int runs = 0;
  Status st = db_->transaction([&](Session& s) -> Status {
    ++runs;
    VITRINE_TRY(s.exec("INSERT INTO items (name) VALUES (?)", {std::string("in tx")}));
    VITRINE_ASSIGN(QueryResult r,
                   s.exec("SELECT ? IS NULL AS a, COALESCE(?, ?) AS c",
                          {std::monostate{}, std::monostate{}, std::string("fallback")}));
    EXPECT_EQ(r.integer(0, "a"), 1);
    EXPECT_EQ(r.text(0, "c"), "fallback");
    return {};
  });
  ASSERT_THAT(st, IsOk());
  EXPECT_GE(runs, 1);
  auto count = db_->exec("SELECT COUNT(*) AS n FROM items");
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(count->integer(0, "n"), 1) << "a transaction that ran twice committed once";
}

TEST_F(DatabaseTest, QuestionMarksInLiteralsAndCommentsAreNotParameters) {
  auto r = db_->exec(
      "SELECT '?' AS a, 'it''s ?' AS b, ? AS c /* ? */, \"name\" AS \"what?\" -- ?\n"
      "FROM (SELECT 'n' AS \"name\") AS t",
      {std::string("param")});
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->text(0, "a"), "?");
  EXPECT_EQ(r->text(0, "b"), "it's ?");
  EXPECT_EQ(r->text(0, "c"), "param");
  EXPECT_EQ(r->text(0, "what?"), "n");
}

TEST_F(DatabaseTest, StatementsSeeColumnsAddedByAnotherHandle) {
  // A cached prepared statement must not keep the old shape of a table that changed.
  ASSERT_THAT(db_->exec("INSERT INTO items (name) VALUES ('a')"), IsOk());
  auto before = db_->exec("SELECT * FROM items");
  ASSERT_THAT(before, IsOk());
  auto other = open_or_die(url_);
  ASSERT_THAT(other->exec("ALTER TABLE items ADD COLUMN color TEXT DEFAULT 'red'"), IsOk());
  auto after = db_->exec("SELECT * FROM items");
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->columns.size(), before->columns.size() + 1);
  EXPECT_EQ(after->text(0, "color"), "red");
}

TEST(DatabaseOpenTest, CreatesTheFileInMissingFolders) {
  TempDir dir;
  auto file = dir.path() / "a" / "b" / "c" / "vitrine.db";
  auto db = open_or_die("sqlite://" + file.string());
  ASSERT_THAT(db->exec("CREATE TABLE t (x)"), IsOk());
  EXPECT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(db->dialect(), Dialect::kSqlite);
}

TEST(DatabaseOpenTest, UsesWriteAheadLogging) {
  TempDir dir;
  auto db = open_or_die("sqlite://" + (dir.path() / "wal.db").string());
  auto mode = db->exec("PRAGMA journal_mode");
  ASSERT_THAT(mode, IsOk());
  EXPECT_EQ(mode->text(0, "journal_mode"), "wal");
  auto fk = db->exec("PRAGMA foreign_keys");
  ASSERT_THAT(fk, IsOk());
  EXPECT_EQ(fk->integer(0, "foreign_keys"), 1);
}

// Commits only append to the WAL; the checkpointer thread copies it into the database file once
// it holds 4000 pages, long before a committing connection would (40000 pages).
TEST(DatabaseOpenTest, TheWriteAheadLogIsCopiedIntoTheDatabaseFileInTheBackground) {
  TempDir dir;
  const auto file = dir.path() / "wal.db";
  auto db = open_or_die("sqlite://" + file.string());
  ASSERT_THAT(db->exec("CREATE TABLE pages (body BLOB)"), IsOk());
  constexpr int kRows = 6000;  // one page and a bit each: over 4000 pages, under 40000
  const std::string body(4100, 'x');
  for (int i = 0; i < kRows; ++i)
    ASSERT_THAT(db->exec("INSERT INTO pages VALUES (?)", {body}), IsOk());
  const auto wanted = static_cast<std::uintmax_t>(4000) * 4096;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::filesystem::file_size(file) < wanted && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(std::filesystem::file_size(file), wanted)
      << "the rows are still only in " << file.string() << "-wal";
  auto count = db->exec("SELECT COUNT(*) AS n FROM pages");
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(count->integer(0, "n"), kRows);
}
TEST(DatabaseOpenTest, RelativePathIsRelativeToTheWorkingFolder) {
  TempDir dir;
  auto old_cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  {
    auto db = Database::open("sqlite://rel/sub/x.db");
    std::filesystem::current_path(old_cwd);
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT((*db)->exec("CREATE TABLE t (x)"), IsOk());
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "rel" / "sub" / "x.db"));
}

TEST(DatabaseOpenTest, MemoryDatabaseIsSharedByAllCallers) {
  auto db = open_or_die("sqlite::memory:");
  ASSERT_THAT(db->exec("CREATE TABLE t (x INTEGER)"), IsOk());
  ASSERT_THAT(db->exec("INSERT INTO t VALUES (1)"), IsOk());
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

TEST(DatabaseOpenTest, PostgresErrorsNameTheServerButNeverThePassword) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  for (const char* url : {"postgresql://shop:s3cret-pw@127.0.0.1:1/shopdb",
                          "postgres://shop:s3cret-pw@127.0.0.1:1/shopdb?pool_size=2",
                          "postgresql://shop@127.0.0.1:1/shopdb?password=s3cret-pw"}) {
    auto db = Database::open(url);
    ASSERT_THAT(db, Not(IsOk())) << url;
    EXPECT_EQ(db.error().code, errc::kDatabase) << url;
    EXPECT_THAT(db.error().message, HasSubstr("shopdb")) << url;
    EXPECT_THAT(db.error().message, HasSubstr("127.0.0.1")) << url;
    EXPECT_THAT(db.error().message, Not(HasSubstr("s3cret"))) << url;
    EXPECT_THAT(db.error().details.dump(), Not(HasSubstr("s3cret"))) << url;
  }
}

TEST(DatabaseOpenTest, PostgresPoolSizeMustBeAPositiveNumber) {
  for (const char* url : {"postgresql://u@127.0.0.1:1/db?pool_size=0",
                          "postgresql://u@127.0.0.1:1/db?sslmode=disable&pool_size=many"}) {
    auto db = Database::open(url);
    ASSERT_THAT(db, Not(IsOk())) << url;
    EXPECT_EQ(db.error().code, errc::kConfig) << url;
    EXPECT_THAT(db.error().message, HasSubstr("pool_size")) << url;
  }
}

TEST(DatabaseOpenTest, PostgresPoolNeverOpensMoreThanPoolSizeConnections) {
  if (!testing_postgres()) GTEST_SKIP() << "needs VITRINE_TEST_POSTGRES_URL";
  TempDir dir;
  std::string url = test_database_url(dir);
  // postgres:// is accepted as well, and pool_size is not passed on to libpq (which refuses
  // parameters it does not know).
  url.replace(0, url.find("://"), "postgres");
  url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("pool_size=2");
  auto db = open_or_die(url);
  EXPECT_EQ(db->dialect(), Dialect::kPostgres);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::atomic<int64_t> most_seen{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto r = db->exec(
            "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database()");
        if (!r.ok()) {
          ++failures;
          continue;
        }
        int64_t n = r->integer(0, "n");
        int64_t seen = most_seen.load();
        while (n > seen && !most_seen.compare_exchange_weak(seen, n)) {
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0) << "callers wait for a connection instead of failing";
  EXPECT_GE(most_seen.load(), 1);
  EXPECT_LE(most_seen.load(), 2);
}

TEST(DatabaseOpenTest, UnknownSchemeIsConfigError) {
  for (const char* url : {"mysql://localhost/db", "vitrine.db", "", "sqlite:"}) {
    auto db = Database::open(url);
    ASSERT_THAT(db, Not(IsOk())) << url;
    EXPECT_EQ(db.error().code, errc::kConfig) << url;
  }
}

TEST(DatabaseOpenTest, FileThatIsNotADatabaseFailsAtOpen) {
  TempDir dir;
  auto file = dir.path() / "junk.db";
  std::ofstream(file, std::ios::binary) << std::string(4096, 'x');
  auto db = Database::open("sqlite://" + file.string());
  ASSERT_THAT(db, StatusIs(errc::kDatabase));
  EXPECT_THAT(db.error().message, HasSubstr("not a database"));
}

}  // namespace
}  // namespace vitrine::db
