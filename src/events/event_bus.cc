#include "events/event_bus.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/clock.h"
#include "core/failpoint.h"

namespace vitrine::events {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE event_outbox (
  id {auto_id},
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX event_outbox_type ON event_outbox (type, id);
CREATE TABLE event_deliveries (
  event_id BIGINT NOT NULL REFERENCES event_outbox (id),
  handler TEXT NOT NULL,
  delivered_at TEXT NOT NULL,
  PRIMARY KEY (event_id, handler)
);
)sql";

// Pending deliveries are fetched in batches so a long backlog never loads at once.
constexpr int kBatch = 500;

}  // namespace

EventBus::~EventBus() { stop(); }

std::vector<db::Migration> EventBus::migrations() { return {db::Migration{"events", 1, kSchema}}; }

Status EventBus::emit(db::Session& s, std::string_view type, const nlohmann::json& payload) {
  if (type.empty()) return fail(errc::kInvalidArgument, "event type must not be empty");
  VITRINE_TRY(s.exec("INSERT INTO event_outbox (type, payload, created_at) VALUES (?, ?, ?)",
                     {std::string(type), payload.dump(), now_iso8601()}));
  return {};
}

void EventBus::subscribe(std::string type, std::string handler, Handler fn,
                         CommitHook on_committed) {
  std::lock_guard lock(dispatch_mu_);
  subscriptions_.push_back(
      Subscription{std::move(type), std::move(handler), std::move(fn), std::move(on_committed)});
}

Result<int> EventBus::dispatch_pending() {
  // Requests call this right after committing; a test can stop the process here, after the
  // emitting transaction committed and before any handler ran: the case the outbox exists for.
  crash_if_failpoint("events.after_commit");
  return dispatch();
}

Result<int> EventBus::dispatch() {
  std::lock_guard lock(dispatch_mu_);
  struct Pending {
    Event event;
    const Subscription* sub;
  };
  int delivered = 0;
  std::optional<Error> first_error;
  // Events whose delivery failed in this call are not retried until the next call.
  std::vector<std::pair<int64_t, const Subscription*>> failed;
  while (true) {
    std::vector<Pending> pending;
    for (const Subscription& sub : subscriptions_) {
      VITRINE_ASSIGN(db::QueryResult r,
                     db_.exec("SELECT o.id, o.type, o.payload, o.created_at FROM event_outbox o "
                              "WHERE o.type = ? AND NOT EXISTS (SELECT 1 FROM event_deliveries d "
                              "WHERE d.event_id = o.id AND d.handler = ?) ORDER BY o.id LIMIT ?",
                              {sub.type, sub.handler, int64_t{kBatch}}));
      for (size_t i = 0; i < r.rows.size(); ++i) {
        Event e;
        e.id = r.integer(i, "id");
        if (std::find(failed.begin(), failed.end(), std::make_pair(e.id, &sub)) != failed.end())
          continue;
        e.type = r.text(i, "type");
        e.payload = nlohmann::json::parse(r.text(i, "payload"), nullptr, false);
        e.created_at = r.text(i, "created_at");
        pending.push_back(Pending{std::move(e), &sub});
      }
    }
    if (pending.empty()) break;
    // Oldest event first across handlers, so handlers see events in the order they happened.
    std::stable_sort(pending.begin(), pending.end(),
                     [](const Pending& a, const Pending& b) { return a.event.id < b.event.id; });
    for (const Pending& p : pending) {
      bool already_delivered = false;
      Status st = db_.transaction([&](db::Session& s) -> Status {
        // Recording the delivery first makes a second dispatcher (another thread or node) wait
        // on this row and then skip the event instead of applying it twice.
        auto mark = s.exec(
            "INSERT INTO event_deliveries (event_id, handler, delivered_at) VALUES (?, ?, ?)",
            {p.event.id, p.sub->handler, now_iso8601()});
        if (!mark.ok()) {
          if (mark.error().code == errc::kAlreadyExists) already_delivered = true;
          return mark.error();
        }
        if (p.event.payload.is_discarded()) {
          return fail(errc::kInternal,
                      "event " + std::to_string(p.event.id) + " has a payload that is not JSON");
        }
        VITRINE_TRY(p.sub->fn(s, p.event));
        crash_if_failpoint("events.before_delivery_commit");
        return {};
      });
      if (st.ok()) {
        ++delivered;
        if (p.sub->on_committed) p.sub->on_committed(p.event);
      } else if (!already_delivered) {
        spdlog::error("event {} ({}) to handler {} failed: {}", p.event.id, p.event.type,
                      p.sub->handler, st.error().message);
        failed.emplace_back(p.event.id, p.sub);
        if (!first_error) first_error = st.error();
      }
    }
  }
  if (first_error) return *first_error;
  return delivered;
}

void EventBus::start(std::chrono::milliseconds poll) {
  // Failures are logged and retried on the next round.
  worker_.start(poll, [this] { (void)dispatch(); });
}

void EventBus::notify() { worker_.notify(); }

void EventBus::stop() { worker_.stop(); }

}  // namespace vitrine::events
