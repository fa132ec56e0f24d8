// Webhook delivery: feed changes handed to deliveries, and the signed POSTs that send them.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/hash.h"
#include "http/client.h"
#include "webhooks/webhooks.h"

namespace vitrine::webhooks {
namespace {

using nlohmann::json;

// Feed pages one endpoint reads per round when none of their changes are of its kinds.
constexpr int kPagesPerRound = 20;
// Deliveries claimed per round: one lease covers them all.
constexpr int64_t kClaimBatch = 10;
// What is kept of a receiver's answer: enough to show why it refused.
constexpr uint64_t kMaxAnswerBytes = 64 * 1024;
constexpr size_t kErrorExcerpt = 200;

struct Claimed {
  WebhookDelivery delivery;
  std::string url, secret, payload, workspace_id;
};

}  // namespace

std::string signature(const std::string& secret, int64_t unix_time, const std::string& body) {
  const std::string t = std::to_string(unix_time);
  return "t=" + t + ",v1=" + hmac_sha256_hex(secret, t + "." + body);
}

Status WebhookService::open_deliveries() {
  // Endpoints behind their shop's feed with nothing in flight.
  VITRINE_ASSIGN(auto behind,
                 db_.exec("SELECT e.id, e.workspace_id, e.kinds, e.cursor FROM webhook_endpoints e "
                          "JOIN change_feed_heads h ON h.workspace_id = e.workspace_id "
                          "WHERE h.seq > e.cursor AND NOT EXISTS (SELECT 1 FROM "
                          "webhook_deliveries d WHERE d.endpoint_id = e.id AND "
                          "d.state = 'pending')"));
  for (size_t i = 0; i < behind.rows.size() && !worker_.stopping(); ++i) {
    const std::string id = behind.text(i, "id");
    const std::string workspace_id = behind.text(i, "workspace_id");
    const std::vector<std::string> kinds = behind.strings(i, "kinds");
    int64_t cursor = behind.integer(i, "cursor");
    for (int page_no = 0; page_no < kPagesPerRound; ++page_no) {
      VITRINE_ASSIGN(auto page, feed_.read(workspace_id, cursor, kChangesPerDelivery));
      if (page.items.empty()) break;
      json changes = json::array();
      int64_t first = 0;
      for (const auto& c : page.items) {
        if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end())
          continue;
        if (changes.empty()) first = c.seq;
        changes.push_back(changes::to_json(c));
      }
      bool moved = false;
      VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
        // The old cursor in the WHERE: another sender (thread or node) that took these wins.
        VITRINE_ASSIGN(auto upd, s.exec("UPDATE webhook_endpoints SET cursor = ? WHERE id = ? "
                                        "AND cursor = ?",
                                        {page.cursor, id, cursor}));
        moved = upd.changes == 1;
        if (!moved || changes.empty()) return {};
        const json payload = {
            {"workspace_id", workspace_id}, {"changes", changes}, {"cursor", page.cursor}};
        const std::string now = now_iso8601();
        VITRINE_TRY(
            s.exec("INSERT INTO webhook_deliveries (endpoint_id, workspace_id, first_seq, "
                   "last_seq, changes, payload, state, attempts, next_attempt_at, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
                   {id, workspace_id, first, page.cursor, static_cast<int64_t>(changes.size()),
                    payload.dump(), now, now}));
        return {};
      }));
      if (!moved || !changes.empty() || !page.has_more) break;
      cursor = page.cursor;
    }
  }
  return {};
}

Result<int> WebhookService::deliver_due() {
  int delivered = 0;
  http::HttpClient client;  // one per round: keeps connections to a receiver between attempts
  std::set<int64_t> tried;  // a round attempts each delivery once, however short its backoff
  while (!worker_.stopping()) {
    VITRINE_TRY(open_deliveries());
    std::vector<Claimed> claimed;
    VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
      claimed.clear();
      VITRINE_ASSIGN(auto due, s.exec("SELECT d.*, e.url, e.secret FROM webhook_deliveries d "
                                      "JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                                      "WHERE d.state = 'pending' AND d.next_attempt_at <= ? "
                                      "ORDER BY d.next_attempt_at, d.id LIMIT ?",
                                      {now_iso8601(), kClaimBatch}));
      const std::string lease_end = iso8601_after(options_.lease);
      for (size_t i = 0; i < due.rows.size(); ++i) {
        Claimed c;
        c.delivery.id = due.integer(i, "id");
        if (tried.contains(c.delivery.id)) continue;
        c.delivery.endpoint_id = due.text(i, "endpoint_id");
        c.delivery.attempts = static_cast<int>(due.integer(i, "attempts")) + 1;
        c.url = due.text(i, "url");
        c.secret = due.text(i, "secret");
        c.payload = due.text(i, "payload");
        c.workspace_id = due.text(i, "workspace_id");
        // A lease: another sender skips it, and it is retried if this one dies mid-send.
        VITRINE_ASSIGN(auto upd,
                       s.exec("UPDATE webhook_deliveries SET attempts = attempts + 1, "
                              "next_attempt_at = ? WHERE id = ? AND state = 'pending' "
                              "AND next_attempt_at = ?",
                              {lease_end, c.delivery.id, due.text(i, "next_attempt_at")}));
        if (upd.changes == 1) claimed.push_back(std::move(c));
      }
      return {};
    }));
    if (claimed.empty()) break;
    for (Claimed& c : claimed) {
      tried.insert(c.delivery.id);
      json body = json::parse(c.payload);
      body["id"] = c.delivery.id;
      const std::string text = body.dump();
      http::ClientRequest req;
      req.method = "POST";
      req.url = c.url;
      req.body = text;
      const std::string signed_with = signature(c.secret, unix_seconds_now(), text);
      req.headers = {"Content-Type: application/json",
                     "Vitrine-Webhook-Id: " + std::to_string(c.delivery.id),
                     "Vitrine-Signature: " + signed_with};
      req.user_agent = "Vitrine-Webhooks/1";
      req.use_proxy = false;
      req.connect_timeout = std::min(options_.timeout, std::chrono::milliseconds(10'000));
      req.timeout = options_.timeout;
      req.max_body_bytes = kMaxAnswerBytes;
      req.cancel = &worker_.stopping_flag();
      auto answer = client.send(req);  // outside any transaction: a receiver may take seconds
      std::optional<int64_t> status;
      std::string error;
      if (!answer.ok()) {
        error = answer.error().message;
      } else {
        status = answer->status;
        if (answer->status < 200 || answer->status > 299)
          error = "HTTP " + std::to_string(answer->status) + ": " +
                  answer->body.substr(0, kErrorExcerpt);
      }
      const std::string now = now_iso8601();
      if (error.empty()) {
        VITRINE_TRY(
            db_.exec("UPDATE webhook_deliveries SET state = 'delivered', last_status = ?, "
                     "last_error = NULL, delivered_at = ? WHERE id = ?",
                     {*status, now, c.delivery.id}));
        ++delivered;
        continue;
      }
      const bool give_up = c.delivery.attempts >= options_.max_attempts;
      const auto wait =
          retry_backoff(c.delivery.attempts, options_.first_retry, options_.max_retry);
      if (give_up)
        spdlog::error("webhook delivery {} of shop {} to {} failed {} time(s), giving up: {}",
                      c.delivery.id, c.workspace_id, c.url, c.delivery.attempts, error);
      else
        spdlog::warn(
            "webhook delivery {} of shop {} to {} failed (attempt {}), retrying in {} s: {}",
            c.delivery.id, c.workspace_id, c.url, c.delivery.attempts, wait.count() / 1000, error);
      VITRINE_TRY(
          db_.exec("UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?, "
                   "last_status = ?, last_error = ? WHERE id = ?",
                   {std::string(give_up ? "failed" : "pending"), iso8601_after(wait),
                    db::nullable(status), error, c.delivery.id}));
    }
  }
  return delivered;
}

}  // namespace vitrine::webhooks
