// ChangeFeed against a real database (SQLite, or PostgreSQL in the suite's second pass): writers
// racing a reader that pages through the feed, and a reader that resumes from its cursor in
// another process, see every change exactly once, in number order.
#include "changes/change_feed.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::changes {
namespace {

using nlohmann::json;

class ChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::test_database_url(tmp_);
    auto db = db::Database::open(url_);
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    ASSERT_THAT(db::migrate(*db_, ChangeFeed::migrations()), IsOk());
    feed_ = std::make_unique<ChangeFeed>(*db_);
  }

  // Appends `n` changes for writer `w` in one transaction; `rollback` aborts it after appending.
  Status append(const std::string& ws, int w, int first, int n, bool rollback = false) {
    return db_->transaction([&](db::Session& s) -> Status {
      std::vector<Change> batch;
      for (int i = 0; i < n; ++i)
        batch.push_back({0,
                         "product",
                         "p-" + std::to_string(w) + "-" + std::to_string(first + i),
                         "upsert",
                         {{"writer", w}, {"index", first + i}},
                         ""});
      VITRINE_TRY(ChangeFeed::append(s, ws, batch));
      if (rollback) return fail(errc::kConflict, "rolled back on purpose");
      return {};
    });
  }

  TempDir tmp_;
  std::string url_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<ChangeFeed> feed_;
};

TEST_F(ChangeFeedTest, PagesReturnEveryChangeOnceInOrder) {
  ASSERT_THAT(append("ws-1", 0, 0, 25), IsOk());
  ASSERT_THAT(append("ws-2", 1, 0, 3), IsOk());
  EXPECT_EQ(*feed_->head("ws-1"), 25);
  EXPECT_EQ(*feed_->head("ws-2"), 3) << "numbers are per workspace";
  EXPECT_EQ(*feed_->head("ws-3"), 0);

  int64_t cursor = 0;
  std::vector<int64_t> seen;
  for (;;) {
    auto page = feed_->read("ws-1", cursor, 10);
    ASSERT_THAT(page, IsOk());
    for (const auto& c : page->items) seen.push_back(c.seq);
    cursor = page->cursor;
    if (!page->has_more) break;
  }
  ASSERT_EQ(seen.size(), 25u);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int64_t>(i) + 1);
  EXPECT_TRUE(feed_->read("ws-1", cursor, 10)->items.empty());
  EXPECT_EQ(feed_->read("ws-1", cursor, 10)->cursor, cursor) << "an empty page keeps the cursor";
  auto first = feed_->read("ws-1", 0, 1);
  EXPECT_EQ(first->items[0].data["index"], 0);
  EXPECT_EQ(first->items[0].entity_id, "p-0-0");

  EXPECT_THAT(feed_->read("ws-1", -1, 10), StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(feed_->read("ws-1", 0, 0), StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(feed_->read("ws-1", 0, kMaxPageSize + 1), StatusIs(errc::kInvalidArgument));
}

TEST_F(ChangeFeedTest, ARolledBackWriteLeavesNoNumberBehind) {
  ASSERT_THAT(append("ws-1", 0, 0, 2), IsOk());
  EXPECT_THAT(append("ws-1", 0, 2, 5, /*rollback=*/true), StatusIs(errc::kConflict));
  ASSERT_THAT(append("ws-1", 0, 2, 1), IsOk());
  auto page = feed_->read("ws-1", 0, 100);
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[2].seq, 3) << "no gap where the rolled-back batch was";
}

TEST_F(ChangeFeedTest, WritersRacingAPagingReaderLoseAndRepeatNothing) {
  constexpr int kWriters = 4, kBatches = 25;
  std::atomic<int> written{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      int next = 0;
      for (int b = 0; b < kBatches; ++b) {
        const int n = 1 + (b * 7 + w) % 4;
        if (!append("ws-1", w, next, n).ok()) failed = true;
        next += n;
        written += n;
      }
    });

  // The reader pages with a small limit while the writers run, then reads what is left.
  std::set<std::pair<int, int>> seen;
  int64_t cursor = 0, last_seq = 0;
  bool duplicate = false, out_of_order = false, read_failed = false;
  auto read_page = [&](int limit) {
    auto page = feed_->read("ws-1", cursor, limit);
    if (!page.ok()) {
      read_failed = true;
      return false;
    }
    for (const auto& c : page->items) {
      if (c.seq != last_seq + 1) out_of_order = true;
      last_seq = c.seq;
      duplicate |= !seen.insert({c.data["writer"].get<int>(), c.data["index"].get<int>()}).second;
    }
    cursor = page->cursor;
    return page->has_more;
  };
  std::atomic<bool> writers_done{false};
  std::thread reader([&] {
    while (!writers_done && !read_failed)
      if (!read_page(7)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  for (auto& t : writers) t.join();
  writers_done = true;
  reader.join();
  ASSERT_FALSE(failed);
  ASSERT_FALSE(read_failed);
  const size_t seen_while_writing = seen.size();
  while (read_page(50)) {
  }
  EXPECT_GT(seen_while_writing, 0u) << "the reader ran alongside the writers";
  EXPECT_FALSE(duplicate);
  EXPECT_FALSE(out_of_order) << "numbers are read without gaps, in order";
  EXPECT_EQ(seen.size(), static_cast<size_t>(written.load()));
  EXPECT_EQ(last_seq, written.load());
}

TEST_F(ChangeFeedTest, AReaderInAnotherProcessResumesFromItsCursor) {
  ASSERT_THAT(append("ws-1", 0, 0, 10), IsOk());
  auto page = feed_->read("ws-1", 0, 4);
  ASSERT_THAT(page, IsOk());
  const int64_t cursor = page->cursor;
  ASSERT_THAT(append("ws-1", 0, 10, 3), IsOk());

  auto other_db = db::Database::open(url_);  // a restarted process: its own connections
  ASSERT_THAT(other_db, IsOk());
  ChangeFeed restarted(**other_db);
  auto rest = restarted.read("ws-1", cursor, 100);
  ASSERT_THAT(rest, IsOk());
  ASSERT_EQ(rest->items.size(), 9u);
  EXPECT_EQ(rest->items.front().seq, 5);
  EXPECT_EQ(rest->items.back().seq, 13);
}

}  // namespace
}  // namespace vitrine::changes
