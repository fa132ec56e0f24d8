// EventBus: domain events through a transactional outbox (at-least-once delivery, exactly-once
// effect). A module emits an event inside its own database transaction, so the event exists if
// and only if the change that caused it committed. Delivery runs each (event, handler) pair in
// its own transaction that also records the pair as delivered: a handler's writes and the
// "delivered" mark commit together, so a crash at any point loses nothing and repeats nothing.
//
// Events in use: "workspace.created" {workspace_id, slug, owner_id, tier},
//                "tier.changed"      {user_id, old_tier, new_tier},
//                "order.created", "order.paid", "order.fulfilled", "order.cancelled",
//                "order.refunded"    {order_id, workspace_id, number, status, total_cents,
//                                     currency, email} (orders queue the customer's e-mails).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/background_worker.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::events {

struct Event {
  int64_t id = 0;
  std::string type;
  nlohmann::json payload;
  std::string created_at;
};

// A handler applies one event inside the delivery transaction `s`. Returning an error rolls
// the delivery back; it is retried on the next dispatch. Handlers should use `s` (or nested
// Database::transaction calls on the same thread, which join it) for their writes.
using Handler = std::function<Status(db::Session& s, const Event& event)>;

// Runs after a handler's delivery transaction committed (never after a rollback or a delivery
// another dispatcher made), outside any transaction of the bus: for work that must see the
// handler's writes as committed, such as reloading an in-memory copy of the tables it wrote.
// When dispatch is itself called inside a caller's transaction, the delivery joins it and this
// runs before that outer commit.
using CommitHook = std::function<void(const Event& event)>;

class EventBus {
 public:
  explicit EventBus(db::Database& db) : db_(db) {}
  ~EventBus();  // stops the background dispatcher
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // Tables: event_outbox (the events) and event_deliveries (which handler applied which event).
  static std::vector<db::Migration> migrations();

  // Appends an event to the outbox inside the caller's transaction `s`. The event becomes
  // visible to dispatchers only when that transaction commits.
  static Status emit(db::Session& s, std::string_view type, const nlohmann::json& payload);

  // Registers `fn` under the stable name `handler` for events of `type`. Call before the first
  // dispatch; names are recorded with deliveries, so renaming a handler replays old events.
  // `on_committed`, when given, runs after each delivery of `fn` commits.
  void subscribe(std::string type, std::string handler, Handler fn, CommitHook on_committed = {});

  // Delivers every event not yet applied by each of its handlers, oldest first. Returns how many
  // deliveries committed; a failing delivery is logged, left for the next call, and reported as
  // the error after the other deliveries were tried. Safe to call from several threads and
  // processes at once (a delivery recorded by another dispatcher is skipped).
  Result<int> dispatch_pending();

  // Starts a background thread that dispatches at startup, whenever notify() is called, and
  // every `poll` (for events committed by other processes or left by a crash).
  void start(std::chrono::milliseconds poll = std::chrono::milliseconds(500));
  // Wakes the background dispatcher (call after committing a transaction that emitted events).
  void notify();
  // Stops and joins the background thread; idempotent.
  void stop();

 private:
  struct Subscription {
    std::string type;
    std::string handler;
    Handler fn;
    CommitHook on_committed;
  };

  db::Database& db_;
  // dispatch_pending without its failpoint: what the background thread runs.
  Result<int> dispatch();

  std::vector<Subscription> subscriptions_;
  std::mutex dispatch_mu_;  // one dispatch at a time per process

  BackgroundWorker worker_;
};

}  // namespace vitrine::events
