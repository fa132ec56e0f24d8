#include "events/event_bus.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::events {
namespace {

using nlohmann::json;

class EventBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::test_database_url(tmp_);
    db_ = open_db();
    ASSERT_THAT(db::migrate(*db_, EventBus::migrations()), IsOk());
    ASSERT_THAT(db_->exec("CREATE TABLE sites (workspace_id TEXT PRIMARY KEY, n INTEGER)"), IsOk());
  }

  std::unique_ptr<db::Database> open_db() {
    auto db = db::Database::open(url_);
    EXPECT_THAT(db, IsOk());
    return std::move(*db);
  }

  // Emits workspace.created for `id` in a transaction that also writes a row of its own, then
  // commits or (when `commit` is false) fails and rolls back.
  Status create_workspace(const std::string& id, bool commit = true) {
    return db_->transaction([&](db::Session& s) -> Status {
      VITRINE_TRY(s.exec("CREATE TABLE IF NOT EXISTS workspaces (id TEXT PRIMARY KEY)"));
      VITRINE_TRY(s.exec("INSERT INTO workspaces (id) VALUES (?)", {id}));
      VITRINE_TRY(EventBus::emit(s, "workspace.created", {{"workspace_id", id}}));
      if (!commit) return fail(errc::kConflict, "caller changed its mind");
      return {};
    });
  }

  // A handler that creates one site row per workspace, inside the delivery transaction.
  static Handler site_creator(std::atomic<int>* calls = nullptr) {
    return [calls](db::Session& s, const Event& e) -> Status {
      if (calls) ++*calls;
      VITRINE_TRY(s.exec("INSERT INTO sites (workspace_id, n) VALUES (?, 1)",
                         {e.payload.at("workspace_id").get<std::string>()}));
      return {};
    };
  }

  int64_t site_count() {
    auto r = db_->exec("SELECT COUNT(*) AS n FROM sites");
    return r.ok() ? r->integer(0, "n") : -1;
  }

  TempDir tmp_;
  std::string url_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(EventBusTest, CommittedEventIsDeliveredOnceToEachHandler) {
  EventBus bus(*db_);
  std::atomic<int> calls = 0, audit = 0;
  bus.subscribe("workspace.created", "hosting.provision", site_creator(&calls));
  bus.subscribe("workspace.created", "audit.log", [&](db::Session&, const Event& e) -> Status {
    EXPECT_EQ(e.type, "workspace.created");
    EXPECT_EQ(e.payload["workspace_id"], "w1");
    EXPECT_FALSE(e.created_at.empty());
    ++audit;
    return {};
  });
  ASSERT_THAT(create_workspace("w1"), IsOk());
  auto n = bus.dispatch_pending();
  ASSERT_THAT(n, IsOk());
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(audit, 1);
  EXPECT_EQ(site_count(), 1);
  // A second dispatch finds nothing left to do.
  EXPECT_EQ(*bus.dispatch_pending(), 0);
  EXPECT_EQ(calls, 1);
}

TEST_F(EventBusTest, RolledBackTransactionEmitsNothing) {
  EventBus bus(*db_);
  bus.subscribe("workspace.created", "hosting.provision", site_creator());
  EXPECT_THAT(create_workspace("w1", /*commit=*/false), Not(IsOk()));
  EXPECT_EQ(*bus.dispatch_pending(), 0);
  EXPECT_EQ(site_count(), 0);
}

TEST_F(EventBusTest, FailingHandlerRollsBackItsWritesAndIsRetried) {
  EventBus bus(*db_);
  bool broken = true;
  bus.subscribe("workspace.created", "hosting.provision",
                [&](db::Session& s, const Event& e) -> Status {
                  VITRINE_TRY(site_creator()(s, e));
                  if (broken) return fail(errc::kUnavailable, "DNS provider down");
                  return {};
                });
  ASSERT_THAT(create_workspace("w1"), IsOk());
  auto first = bus.dispatch_pending();
  ASSERT_THAT(first, StatusIs(errc::kUnavailable));
  EXPECT_EQ(site_count(), 0) << "the half-applied handler was rolled back";
  broken = false;
  EXPECT_EQ(*bus.dispatch_pending(), 1);
  EXPECT_EQ(site_count(), 1);
}

// The commit hook is how a module refreshes an in-memory copy of what its handler wrote: it runs
// once per committed delivery, when another connection already sees the handler's rows, and
// never for a delivery that rolled back.
TEST_F(EventBusTest, CommitHookRunsAfterEachCommittedDeliveryOnly) {
  auto observer = open_db();  // another connection: sees committed rows only
  EventBus bus(*db_);
  bool broken = true;
  std::vector<std::string> committed;
  std::vector<int64_t> rows_seen;
  bus.subscribe(
      "workspace.created", "hosting.provision",
      [&](db::Session& s, const Event& e) -> Status {
        VITRINE_TRY(site_creator()(s, e));
        if (broken) return fail(errc::kUnavailable, "DNS provider down");
        return {};
      },
      [&](const Event& e) {
        committed.push_back(e.payload["workspace_id"]);
        auto r = observer->exec("SELECT COUNT(*) AS n FROM sites WHERE workspace_id = ?",
                                {e.payload["workspace_id"].get<std::string>()});
        rows_seen.push_back(r.ok() ? r->integer(0, "n") : -1);
      });
  ASSERT_THAT(create_workspace("w1"), IsOk());
  EXPECT_THAT(bus.dispatch_pending(), Not(IsOk()));
  EXPECT_TRUE(committed.empty()) << "a rolled-back delivery must not run the hook";
  broken = false;
  ASSERT_THAT(create_workspace("w2"), IsOk());
  EXPECT_EQ(*bus.dispatch_pending(), 2);
  EXPECT_EQ(committed, (std::vector<std::string>{"w1", "w2"}));
  EXPECT_EQ(rows_seen, (std::vector<int64_t>{1, 1})) << "the hook ran before the commit";
  EXPECT_EQ(*bus.dispatch_pending(), 0);
  EXPECT_EQ(committed.size(), 2u) << "nothing delivered, nothing to hook";
}

TEST_F(EventBusTest, HandlersOnlySeeTheirEventType) {
  EventBus bus(*db_);
  std::atomic<int> tier_calls = 0;
  bus.subscribe("tier.changed", "hosting.migrate", [&](db::Session&, const Event&) -> Status {
    ++tier_calls;
    return {};
  });
  ASSERT_THAT(create_workspace("w1"), IsOk());
  EXPECT_EQ(*bus.dispatch_pending(), 0);
  EXPECT_EQ(tier_calls, 0);
}

TEST_F(EventBusTest, EventsAreDeliveredInTheOrderTheyCommitted) {
  EventBus bus(*db_);
  std::vector<std::string> seen;
  bus.subscribe("workspace.created", "order", [&](db::Session&, const Event& e) -> Status {
    seen.push_back(e.payload["workspace_id"]);
    return {};
  });
  for (const char* id : {"a", "b", "c"}) ASSERT_THAT(create_workspace(id), IsOk());
  EXPECT_EQ(*bus.dispatch_pending(), 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c"}));
}

// Two dispatchers over one database (two nodes, or a request and the background thread) apply
// each event exactly once between them.
TEST_F(EventBusTest, ConcurrentDispatchersApplyEachEventOnce) {
  auto other_db = open_db();
  EventBus bus_a(*db_), bus_b(*other_db);
  std::atomic<int> calls = 0;
  bus_a.subscribe("workspace.created", "hosting.provision", site_creator(&calls));
  bus_b.subscribe("workspace.created", "hosting.provision", site_creator(&calls));
  for (int i = 0; i < 20; ++i) ASSERT_THAT(create_workspace("w" + std::to_string(i)), IsOk());
  std::thread ta([&] { (void)bus_a.dispatch_pending(); });
  std::thread tb([&] { (void)bus_b.dispatch_pending(); });
  ta.join();
  tb.join();
  EXPECT_EQ(site_count(), 20);
  EXPECT_EQ(calls, 20);
}

// The background dispatcher picks up events committed by someone else (another process) without
// being told, and at startup handles what a crashed process left behind.
TEST_F(EventBusTest, BackgroundDispatcherDeliversLeftoverAndNewEvents) {
  ASSERT_THAT(create_workspace("left-by-crash"), IsOk());
  EventBus bus(*db_);
  bus.subscribe("workspace.created", "hosting.provision", site_creator());
  bus.start(std::chrono::milliseconds(20));
  ASSERT_THAT(create_workspace("from-elsewhere"), IsOk());
  for (int i = 0; i < 500 && site_count() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  bus.stop();
  EXPECT_EQ(site_count(), 2);
}

TEST_F(EventBusTest, EmptyEventTypeIsRefused) {
  Status st = db_->transaction(
      [&](db::Session& s) -> Status { return EventBus::emit(s, "", json::object()); });
  ASSERT_THAT(st, StatusIs(errc::kInvalidArgument));
}

}  // namespace
}  // namespace vitrine::events
