#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <future>
#include <stdexcept>
#include <thread>
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

int64_t count_rows(Database& db, const std::string& table) {
  auto r = db.exec("SELECT COUNT(*) AS n FROM " + table);
  return r.ok() ? r->integer(0, "n") : -1;
}

int64_t counter_value(Database& db) {
  auto r = db.exec("SELECT value FROM counter WHERE id = 1");
  return r.ok() && !r->empty() ? r->integer(0, "value") : -1;
}

// Reads the counter and writes it back plus one, so lost updates would show in the total.
Status increment(Database& db) {
  return db.transaction([](Session& s) -> Status {
    VITRINE_ASSIGN(QueryResult r, s.exec("SELECT value FROM counter WHERE id = 1"));
    int64_t value = r.integer(0, "value");
    VITRINE_TRY(s.exec("UPDATE counter SET value = ? WHERE id = 1", {value + 1}));
    return {};
  });
}

void create_counter(Database& db) {
  ASSERT_THAT(db.exec("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, value INTEGER)"),
              IsOk());
  ASSERT_THAT(db.exec("INSERT INTO counter (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING"),
              IsOk());
}

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = test_database_url(dir_);
    db_ = open_or_die(url_);
    ASSERT_THAT(db_->exec("CREATE TABLE notes (" + auto_id(*db_) + ", body TEXT UNIQUE)"), IsOk());
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(TransactionTest, CommitsWhenTheCallbackSucceeds) {
  Status st = db_->transaction([](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES (?)", {std::string("one")}));
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES (?)", {std::string("two")}));
    return {};
  });
  ASSERT_THAT(st, IsOk());
  EXPECT_EQ(count_rows(*db_, "notes"), 2);
}

TEST_F(TransactionTest, RollsBackWhenTheCallbackFails) {
  Status st = db_->transaction([](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES (?)", {std::string("kept?")}));
    return fail(errc::kValidationFailed, "changed my mind");
  });
  ASSERT_THAT(st, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(st.error().message, "changed my mind");
  EXPECT_EQ(count_rows(*db_, "notes"), 0);
}

TEST_F(TransactionTest, RollsBackWhenAStatementFails) {
  ASSERT_THAT(db_->exec("INSERT INTO notes (body) VALUES ('taken')"), IsOk());
  Status st = db_->transaction([](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('fresh')"));
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('taken')"));
    return {};
  });
  ASSERT_THAT(st, StatusIs(errc::kAlreadyExists));
  EXPECT_EQ(count_rows(*db_, "notes"), 1) << "'fresh' must be rolled back too";
}

TEST_F(TransactionTest, RollsBackAndRethrowsWhenTheCallbackThrows) {
  EXPECT_THROW((void)db_->transaction([](Session& s) -> Status {
    (void)s.exec("INSERT INTO notes (body) VALUES ('lost')");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(count_rows(*db_, "notes"), 0);
  // The connection went back to the pool in a clean state.
  EXPECT_THAT(db_->transaction([](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('after')"));
    return {};
  }),
              IsOk());
  EXPECT_EQ(count_rows(*db_, "notes"), 1);
}

TEST_F(TransactionTest, ReadersOnOtherThreadsSeeOnlyCommittedData) {
  std::promise<void> inserted;
  std::promise<void> checked;
  std::future<void> checked_future = checked.get_future();
  std::thread writer([&] {
    Status st = db_->transaction([&](Session& s) -> Status {
      VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('pending')"));
      inserted.set_value();
      checked_future.wait();  // keep the transaction open while the reader looks
      return {};
    });
    EXPECT_THAT(st, IsOk());
  });
  inserted.get_future().wait();
  // The writer holds the write lock; a reader is not blocked and sees the old state.
  EXPECT_EQ(count_rows(*db_, "notes"), 0);
  checked.set_value();
  writer.join();
  EXPECT_EQ(count_rows(*db_, "notes"), 1);
}

TEST_F(TransactionTest, CallsFromInsideTheCallbackJoinTheTransaction) {
  Status st = db_->transaction([&](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('outer')"));
    // Same thread, same Database: uses the transaction's connection instead of deadlocking.
    VITRINE_ASSIGN(QueryResult r, db_->exec("SELECT COUNT(*) AS n FROM notes"));
    EXPECT_EQ(r.integer(0, "n"), 1);
    Status inner = db_->transaction([](Session& s2) -> Status {
      VITRINE_TRY(s2.exec("INSERT INTO notes (body) VALUES ('inner, undone')"));
      return fail(errc::kConflict, "inner fails");
    });
    EXPECT_EQ(inner.error().code, errc::kConflict);
    Status kept = db_->transaction([](Session& s2) -> Status {
      VITRINE_TRY(s2.exec("INSERT INTO notes (body) VALUES ('inner, kept')"));
      return {};
    });
    EXPECT_THAT(kept, IsOk());
    return {};
  });
  ASSERT_THAT(st, IsOk());
  auto r = db_->exec("SELECT body FROM notes ORDER BY id");
  ASSERT_THAT(r, IsOk());
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->text(0, "body"), "outer");
  EXPECT_EQ(r->text(1, "body"), "inner, kept");
}

TEST_F(TransactionTest, ConcurrentWritersLoseNoUpdate) {
  create_counter(*db_);
  constexpr int kThreads = 4;
  constexpr int kIncrements = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        Status st = increment(*db_);
        if (!st.ok()) {
          ++failures;
          ADD_FAILURE() << st.error().message;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(counter_value(*db_), kThreads * kIncrements);
}

TEST_F(TransactionTest, ConcurrentReadersAndWritersOnManyThreads) {
  create_counter(*db_);
  // More threads than pooled connections: callers queue for a connection instead of failing.
  constexpr int kThreads = 12;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        if (t % 2 == 0) {
          if (!increment(*db_).ok()) ++failures;
        } else if (counter_value(*db_) < 0) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(counter_value(*db_), 6 * 30);
}

TEST_F(TransactionTest, SecondHandleOnTheSameDatabaseSeesCommittedData) {
  auto other = open_or_die(url_);
  ASSERT_THAT(db_->exec("INSERT INTO notes (body) VALUES ('from first')"), IsOk());
  EXPECT_EQ(count_rows(*other, "notes"), 1);
  ASSERT_THAT(other->transaction([](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('from second')"));
    return {};
  }),
              IsOk());
  EXPECT_EQ(count_rows(*db_, "notes"), 2);

  // Two handles writing at once, as two processes would, still serialise cleanly.
  create_counter(*db_);
  std::atomic<int> failures{0};
  std::thread a([&] {
    for (int i = 0; i < 100; ++i)
      if (!increment(*db_).ok()) ++failures;
  });
  std::thread b([&] {
    for (int i = 0; i < 100; ++i)
      if (!increment(*other).ok()) ++failures;
  });
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(counter_value(*other), 200);
}

TEST_F(TransactionTest, WritersInSeveralProcessesLoseNoUpdate) {
  create_counter(*db_);
  constexpr int kChildren = 3;
  constexpr int kIncrements = 100;
  std::vector<pid_t> children;
  for (int c = 0; c < kChildren; ++c) {
    std::fflush(nullptr);  // the child must not print what the parent buffered
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // Child: its own handle, then leave without running the parent's test machinery.
      int failed = 0;
      try {
        auto db = open_or_die(url_);
        for (int i = 0; i < kIncrements; ++i)
          if (!increment(*db).ok()) ++failed;
      } catch (...) {
        failed = 1;
      }
      _exit(failed == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  int parent_failures = 0;
  for (int i = 0; i < kIncrements; ++i)
    if (!increment(*db_).ok()) ++parent_failures;
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child " << pid << " failed";
  }
  EXPECT_EQ(parent_failures, 0);
  EXPECT_EQ(counter_value(*db_), (kChildren + 1) * kIncrements);
}

std::vector<std::string> bodies(Database& db) {
  std::vector<std::string> out;
  auto r = db.exec("SELECT body FROM notes ORDER BY id");
  if (r.ok())
    for (size_t i = 0; i < r->rows.size(); ++i) out.push_back(r->text(i, "body"));
  return out;
}

TEST_F(TransactionTest, NestedTransactionsAreSavepointsAtEveryDepth) {
  using Bodies = std::vector<std::string>;
  Status st = db_->transaction([&](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('level 1')"));
    Status level2 = db_->transaction([&](Session& s2) -> Status {
      VITRINE_TRY(s2.exec("INSERT INTO notes (body) VALUES ('level 2')"));
      Status level3_failed = db_->transaction([&](Session& s3) -> Status {
        VITRINE_TRY(s3.exec("INSERT INTO notes (body) VALUES ('level 3, undone')"));
        return fail(errc::kConflict, "level 3 gives up");
      });
      EXPECT_THAT(level3_failed, Not(IsOk()));
      Status level3_kept = db_->transaction([&](Session& s3) -> Status {
        VITRINE_TRY(s3.exec("INSERT INTO notes (body) VALUES ('level 3, kept')"));
        return {};
      });
      EXPECT_THAT(level3_kept, IsOk());
      EXPECT_EQ(bodies(*db_), (Bodies{"level 1", "level 2", "level 3, kept"}))
          << "reads inside see the transaction's own writes";
      return {};
    });
    EXPECT_THAT(level2, IsOk());
    EXPECT_THROW((void)db_->transaction([&](Session& s2) -> Status {
      (void)s2.exec("INSERT INTO notes (body) VALUES ('thrown away')");
      throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    return {};
  });
  ASSERT_THAT(st, IsOk());
  EXPECT_EQ(bodies(*db_), (Bodies{"level 1", "level 2", "level 3, kept"}));
}

TEST_F(TransactionTest, AStatementErrorInANestedTransactionLeavesTheOuterOneUsable) {
  ASSERT_THAT(db_->exec("INSERT INTO notes (body) VALUES ('taken')"), IsOk());
  Status st = db_->transaction([&](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('before')"));
    // The portable way to carry on after an expected error: run the statement in a nested
    // transaction (on PostgreSQL a failed statement otherwise aborts the whole transaction).
    Status dup = db_->transaction([](Session& s2) -> Status {
      VITRINE_TRY(s2.exec("INSERT INTO notes (body) VALUES ('taken')"));
      return {};
    });
    EXPECT_EQ(dup.error().code, errc::kAlreadyExists);
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('after')"));
    return {};
  });
  ASSERT_THAT(st, IsOk());
  EXPECT_EQ(bodies(*db_), (std::vector<std::string>{"taken", "before", "after"}));
}

TEST_F(TransactionTest, IgnoringAFailedStatementOnPostgresFailsTheCommit) {
  if (db_->dialect() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL semantics";
  ASSERT_THAT(db_->exec("INSERT INTO notes (body) VALUES ('taken')"), IsOk());
  Status st = db_->transaction([&](Session& s) -> Status {
    VITRINE_TRY(s.exec("INSERT INTO notes (body) VALUES ('lost')"));
    (void)s.exec("INSERT INTO notes (body) VALUES ('taken')");  // error ignored
    auto next = s.exec("SELECT COUNT(*) AS n FROM notes");
    EXPECT_THAT(next, Not(IsOk()));
    if (!next.ok()) {
      EXPECT_THAT(next.error().message, HasSubstr("earlier statement"));
    }
    return {};
  });
  ASSERT_THAT(st, StatusIs(errc::kAlreadyExists))
      << "the commit reports the failure instead of losing writes silently";
  EXPECT_EQ(bodies(*db_), (std::vector<std::string>{"taken"}));
}

TEST_F(TransactionTest, TransactionsThatDeadlockAreRetriedAndBothCommit) {
  if (db_->dialect() != Dialect::kPostgres) GTEST_SKIP() << "SQLite runs one writer at a time";
  ASSERT_THAT(db_->exec("INSERT INTO notes (id, body) VALUES (1, 'a'), (2, 'b')"), IsOk());
  // Each transaction locks one row, waits until the other has locked the other row, then asks for
  // it: a deadlock (or a serialization failure) that PostgreSQL resolves by aborting one of them,
  // which the backend runs again.
  std::promise<void> a_locked, b_locked;
  std::shared_future<void> a_ready = a_locked.get_future().share();
  std::shared_future<void> b_ready = b_locked.get_future().share();
  auto crossing = [&](int64_t first, int64_t second, std::promise<void>& mine,
                      std::shared_future<void> theirs, std::string tag) {
    bool first_try = true;
    return db_->transaction([&](Session& s) -> Status {
      VITRINE_TRY(s.exec("UPDATE notes SET body = body || ? WHERE id = ?", {tag, first}));
      if (first_try) {
        first_try = false;
        mine.set_value();
        theirs.wait();
      }
      VITRINE_TRY(s.exec("UPDATE notes SET body = body || ? WHERE id = ?", {tag, second}));
      return {};
    });
  };
  Status a_status, b_status;
  std::thread a([&] { a_status = crossing(1, 2, a_locked, b_ready, "+A"); });
  std::thread b([&] { b_status = crossing(2, 1, b_locked, a_ready, "+B"); });
  a.join();
  b.join();
  EXPECT_THAT(a_status, IsOk());
  EXPECT_THAT(b_status, IsOk());
  auto r = db_->exec("SELECT body FROM notes ORDER BY id");
  ASSERT_THAT(r, IsOk());
  // Each row got both suffixes exactly once, in the same order on both rows.
  std::string one = r->text(0, "body"), two = r->text(1, "body");
  EXPECT_TRUE(one == "a+A+B" || one == "a+B+A") << one;
  EXPECT_EQ(two, one == "a+A+B" ? "b+A+B" : "b+B+A");
}

TEST(MemoryTransactionTest, ConcurrentWritersShareOneConnection) {
  auto db = open_or_die("sqlite::memory:");
  create_counter(*db);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (!increment(*db).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(counter_value(*db), 400);
  // Calls from inside a transaction reuse the one connection instead of waiting forever.
  Status st = db->transaction([&](Session&) -> Status {
    VITRINE_ASSIGN(QueryResult r, db->exec("SELECT value FROM counter"));
    EXPECT_EQ(r.integer(0, "value"), 400);
    return {};
  });
  EXPECT_THAT(st, IsOk());
}

}  // namespace
}  // namespace vitrine::db
