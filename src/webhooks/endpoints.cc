// Webhook endpoints and their delivery log: the tables, registration, listing, redelivery.
#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/ids.h"
#include "core/problems.h"
#include "core/url.h"
#include "webhooks/webhooks.h"

namespace vitrine::webhooks {
namespace {

using nlohmann::json;

// The secret is kept as given: signing needs it (a hash would not do).
constexpr const char* kSchema = R"sql(
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  url TEXT NOT NULL,
  kinds TEXT NOT NULL,
  secret TEXT NOT NULL,
  cursor BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_by_workspace ON webhook_endpoints (workspace_id, created_at);
CREATE TABLE webhook_deliveries (
  id {auto_id},
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  workspace_id TEXT NOT NULL,
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  changes INTEGER NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
)sql";

const std::set<std::string> kKinds = {"product", "variant", "inventory", "order"};

WebhookEndpoint endpoint_from_row(const db::QueryResult& r, size_t i) {
  WebhookEndpoint e;
  e.id = r.text(i, "id");
  e.workspace_id = r.text(i, "workspace_id");
  e.url = r.text(i, "url");
  e.kinds = r.strings(i, "kinds");
  e.cursor = r.integer(i, "cursor");
  e.created_at = r.text(i, "created_at");
  return e;
}

WebhookDelivery delivery_from_row(const db::QueryResult& r, size_t i) {
  WebhookDelivery d;
  d.id = r.integer(i, "id");
  d.endpoint_id = r.text(i, "endpoint_id");
  d.first_seq = r.integer(i, "first_seq");
  d.last_seq = r.integer(i, "last_seq");
  d.changes = static_cast<int>(r.integer(i, "changes"));
  d.state = r.text(i, "state");
  d.attempts = static_cast<int>(r.integer(i, "attempts"));
  d.next_attempt_at = r.text(i, "next_attempt_at");
  d.last_status = r.optional_integer(i, "last_status");
  d.last_error = r.optional_text(i, "last_error");
  d.created_at = r.text(i, "created_at");
  d.delivered_at = r.optional_text(i, "delivered_at");
  return d;
}

constexpr const char* kDeliveryColumns =
    "id, endpoint_id, first_seq, last_seq, changes, state, attempts, next_attempt_at, "
    "last_status, last_error, created_at, delivered_at";

Error endpoint_not_found(const std::string& id) {
  return make_error(errc::kNotFound, "webhook endpoint '" + id + "' not found",
                    {{"endpoint_id", id}});
}

}  // namespace

std::vector<db::Migration> WebhookService::migrations() { return {{"webhooks", 1, kSchema}}; }

Result<CreatedEndpoint> WebhookService::create(const std::string& workspace_id, const json& body) {
  Problems problems;
  if (!body.is_object()) return validation_failed_at("", "must be a JSON object {url, kinds?}");
  for (const auto& [key, _] : body.items())
    if (key != "url" && key != "kinds") problems.add("/" + key, "is not a field of an endpoint");
  CreatedEndpoint out;
  WebhookEndpoint& e = out.endpoint;
  const json url = body.value("url", json());
  if (!url.is_string() || url.get_ref<const std::string&>().empty()) {
    problems.add("/url", "is required: the http(s) URL that receives the changes");
  } else if (url.get_ref<const std::string&>().size() > kMaxUrlLength) {
    problems.add("/url", "must be at most " + std::to_string(kMaxUrlLength) + " bytes");
  } else {
    e.url = url.get<std::string>();
    auto parts = parse_url(e.url);
    if (!parts.ok() || (parts->scheme != "http" && parts->scheme != "https") || parts->host.empty())
      problems.add("/url", "must be an absolute http:// or https:// URL");
    else if (parts->has_password)
      problems.add("/url", "must not hold credentials (the signature authenticates us)");
  }
  if (auto kinds = body.find("kinds"); kinds != body.end() && !kinds->is_null()) {
    if (!kinds->is_array()) {
      problems.add("/kinds", "must be an array of product, variant, inventory, order");
    } else {
      for (size_t i = 0; i < kinds->size(); ++i) {
        const json& k = (*kinds)[i];
        if (!k.is_string() || !kKinds.contains(k.get<std::string>()))
          problems.add("/kinds/" + std::to_string(i),
                       "must be one of product, variant, inventory, order");
        else if (std::find(e.kinds.begin(), e.kinds.end(), k.get<std::string>()) == e.kinds.end())
          e.kinds.push_back(k.get<std::string>());
      }
    }
  }
  if (!problems.empty()) return problems.error("invalid webhook endpoint");
  e.id = new_uuid();
  e.workspace_id = workspace_id;
  e.created_at = now_iso8601();
  out.secret = "whsec_" + random_hex(32);
  // From now on: the changes already in the feed are not sent.
  VITRINE_ASSIGN(e.cursor, feed_.head(workspace_id));
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto count, s.exec("SELECT COUNT(*) AS n FROM webhook_endpoints WHERE "
                                      "workspace_id = ?",
                                      {workspace_id}));
    if (count.integer(0, "n") >= static_cast<int64_t>(kMaxEndpointsPerWorkspace))
      return fail(errc::kQuotaExceeded,
                  "a shop has at most " + std::to_string(kMaxEndpointsPerWorkspace) +
                      " webhook endpoints: remove one first",
                  {{"limit", kMaxEndpointsPerWorkspace}});
    VITRINE_TRY(s.exec(
        "INSERT INTO webhook_endpoints (id, workspace_id, url, kinds, secret, "
        "cursor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {e.id, e.workspace_id, e.url, json(e.kinds).dump(), out.secret, e.cursor, e.created_at}));
    return {};
  }));
  return out;
}

Result<std::vector<WebhookEndpoint>> WebhookService::list(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM webhook_endpoints WHERE workspace_id = ? "
                                  "ORDER BY created_at, id",
                                  {workspace_id}));
  std::vector<WebhookEndpoint> out;
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(endpoint_from_row(r, i));
  return out;
}

Status WebhookService::remove(const std::string& workspace_id, const std::string& endpoint_id) {
  return db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto gone, s.exec("DELETE FROM webhook_endpoints WHERE id = ? AND "
                                     "workspace_id = ?",
                                     {endpoint_id, workspace_id}));
    if (gone.changes == 0) return endpoint_not_found(endpoint_id);
    return {};  // its deliveries go with it (ON DELETE CASCADE; both databases enforce keys)
  });
}

Result<std::vector<WebhookDelivery>> WebhookService::deliveries(const std::string& workspace_id,
                                                                const std::string& endpoint_id,
                                                                int limit) {
  if (limit < 1 || limit > 100)
    return fail(errc::kInvalidArgument, "limit must be from 1 to 100", {{"parameter", "limit"}});
  VITRINE_ASSIGN(auto known, db_.exec("SELECT id FROM webhook_endpoints WHERE id = ? AND "
                                      "workspace_id = ?",
                                      {endpoint_id, workspace_id}));
  if (known.empty()) return endpoint_not_found(endpoint_id);
  VITRINE_ASSIGN(auto r, db_.exec(std::string("SELECT ") + kDeliveryColumns +
                                      " FROM webhook_deliveries WHERE endpoint_id = ? "
                                      "ORDER BY id DESC LIMIT ?",
                                  {endpoint_id, int64_t{limit}}));
  std::vector<WebhookDelivery> out;
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(delivery_from_row(r, i));
  return out;
}

Result<WebhookDelivery> WebhookService::redeliver(const std::string& workspace_id,
                                                  const std::string& endpoint_id,
                                                  int64_t delivery_id) {
  WebhookDelivery d;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto r, s.exec(std::string("SELECT ") + kDeliveryColumns +
                                      " FROM webhook_deliveries WHERE id = ? AND "
                                      "endpoint_id = ? AND workspace_id = ?",
                                  {delivery_id, endpoint_id, workspace_id}));
    if (r.empty())
      return fail(errc::kNotFound, "webhook delivery " + std::to_string(delivery_id) + " not found",
                  {{"delivery_id", delivery_id}});
    d = delivery_from_row(r, 0);
    if (d.state != "failed")
      return fail(errc::kConflict,
                  "delivery " + std::to_string(delivery_id) + " is " + d.state +
                      ": only a failed delivery is sent again",
                  {{"state", d.state}});
    d.state = "pending";
    d.attempts = 0;
    d.next_attempt_at = now_iso8601();
    VITRINE_TRY(
        s.exec("UPDATE webhook_deliveries SET state = 'pending', attempts = 0, "
               "next_attempt_at = ? WHERE id = ?",
               {d.next_attempt_at, d.id}));
    return {};
  }));
  notify();
  return d;
}

json to_json(const WebhookEndpoint& e) {
  return {{"id", e.id},
          {"url", e.url},
          {"kinds", e.kinds},
          {"cursor", e.cursor},
          {"created_at", e.created_at}};
}

json to_json(const WebhookDelivery& d) {
  return {{"id", d.id},
          {"endpoint_id", d.endpoint_id},
          {"first_seq", d.first_seq},
          {"last_seq", d.last_seq},
          {"changes", d.changes},
          {"state", d.state},
          {"attempts", d.attempts},
          {"next_attempt_at", d.state == "pending" ? json(d.next_attempt_at) : json(nullptr)},
          {"last_status", d.last_status ? json(*d.last_status) : json(nullptr)},
          {"last_error", d.last_error ? json(*d.last_error) : json(nullptr)},
          {"created_at", d.created_at},
          {"delivered_at", d.delivered_at ? json(*d.delivered_at) : json(nullptr)}};
}

}  // namespace vitrine::webhooks
