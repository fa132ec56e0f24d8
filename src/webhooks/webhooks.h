// WebhookService: outgoing webhooks. A shop registers URLs; every change of its change feed
// (changes/change_feed.h: products, variants, stock, orders) is POSTed to each of them, in feed
// order, signed with the endpoint's secret, and retried with exponential backoff until the
// receiver answers 2xx. The feed is the queue: an endpoint keeps a cursor (the last change
// handed to a delivery), and holds at most one pending delivery (up to kChangesPerDelivery
// changes), so a receiver that is down costs one row, not one per change, and sees changes in
// order once it is back. Every attempt is in the delivery log with its HTTP status or error.
// A delivery that fails max_attempts times is `failed`; the endpoint moves on to the changes
// after it, and the shop may send the failed one again (redeliver).
//
// The request: POST <url>, Content-Type: application/json, body
//   {"id": <delivery id>, "workspace_id", "changes": [feed changes], "cursor": <last seq>}
// with headers Vitrine-Webhook-Id: <delivery id> and
//   Vitrine-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>.
// A receiver recomputes v1 over the raw body, compares in constant time and refuses a t more
// than a few minutes old (a replay). Delivery is at least once: use the changes' seq to skip
// what was seen.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "changes/change_feed.h"
#include "core/background_worker.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::webhooks {

inline constexpr size_t kMaxEndpointsPerWorkspace = 20;
inline constexpr size_t kMaxUrlLength = 2048;
inline constexpr int kChangesPerDelivery = 100;

struct WebhookOptions {
  std::chrono::milliseconds poll{1000};            // how soon a committed change goes out
  std::chrono::milliseconds first_retry{10'000};   // the wait after the first failure, doubled
  std::chrono::milliseconds max_retry{3'600'000};  // after each further one, up to this
  int max_attempts = 10;                           // about 2.5 hours of retries with the above
  std::chrono::milliseconds timeout{10'000};       // one attempt, connect to last byte
  std::chrono::milliseconds lease{60'000};  // a claimed delivery is retried after this if its
                                            // sender died (longer than `timeout`)
};

struct WebhookEndpoint {
  std::string id, workspace_id, url;
  std::vector<std::string> kinds;  // product | variant | inventory | order; empty: every kind
  int64_t cursor = 0;              // the last feed change handed to a delivery
  std::string created_at;
};

// An endpoint just created, with its signing secret (only shown then).
struct CreatedEndpoint {
  WebhookEndpoint endpoint;
  std::string secret;  // "whsec_" + 64 hex digits
};

struct WebhookDelivery {
  int64_t id = 0;
  std::string endpoint_id;
  int64_t first_seq = 0, last_seq = 0;  // the feed changes it carries
  int changes = 0;                      // how many (those of the endpoint's kinds)
  std::string state;                    // pending | delivered | failed
  int attempts = 0;
  std::string next_attempt_at;            // pending: when it is tried (again)
  std::optional<int64_t> last_status;     // the receiver's HTTP status, last attempt
  std::optional<std::string> last_error;  // why the last attempt failed
  std::string created_at;
  std::optional<std::string> delivered_at;
};

class WebhookService {
 public:
  WebhookService(db::Database& db, WebhookOptions options = {})
      : db_(db), feed_(db), options_(options) {}
  ~WebhookService() { stop(); }
  WebhookService(const WebhookService&) = delete;
  WebhookService& operator=(const WebhookService&) = delete;

  // Tables webhook_endpoints and webhook_deliveries.
  static std::vector<db::Migration> migrations();

  // Registers `url` (http or https, at most kMaxUrlLength) for the workspace's changes of
  // `kinds` (empty: all) from now on. validation_failed naming /url or /kinds/N; quota_exceeded
  // past kMaxEndpointsPerWorkspace.
  Result<CreatedEndpoint> create(const std::string& workspace_id, const nlohmann::json& body);

  // The workspace's endpoints, oldest first.
  Result<std::vector<WebhookEndpoint>> list(const std::string& workspace_id);

  // Removes the endpoint and its delivery log. not_found for another workspace's.
  Status remove(const std::string& workspace_id, const std::string& endpoint_id);

  // The endpoint's deliveries, newest first, at most `limit` (1..100). not_found as remove.
  Result<std::vector<WebhookDelivery>> deliveries(const std::string& workspace_id,
                                                  const std::string& endpoint_id, int limit);

  // Sends a failed delivery again, from attempt 1, as soon as the sender runs. not_found as
  // remove; conflict unless it is failed.
  Result<WebhookDelivery> redeliver(const std::string& workspace_id, const std::string& endpoint_id,
                                    int64_t delivery_id);

  // One round: hands new feed changes to deliveries, then attempts every delivery that is due,
  // outside any transaction. Returns how many were delivered; failures are recorded on their
  // rows (and logged), never returned.
  Result<int> deliver_due();

  // Starts the background sender (a round at start, after notify() and every options.poll).
  void start() {
    worker_.start(options_.poll, [this] { (void)deliver_due(); });
  }
  void notify() { worker_.notify(); }
  // Stops and joins the sender after its current attempt; idempotent.
  void stop() { worker_.stop(); }

 private:
  // Hands the feed changes after each endpoint's cursor to a new delivery, for every endpoint
  // with none pending.
  Status open_deliveries();

  db::Database& db_;
  changes::ChangeFeed feed_;
  WebhookOptions options_;
  BackgroundWorker worker_;
};

// The signature header value for `body` sent at `unix_time`: "t=<unix_time>,v1=<hex>".
std::string signature(const std::string& secret, int64_t unix_time, const std::string& body);

nlohmann::json to_json(const WebhookEndpoint& e);
nlohmann::json to_json(const WebhookDelivery& d);

}  // namespace vitrine::webhooks
