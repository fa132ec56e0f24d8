// Point-of-sale sync (seed 002 §4): /api/workspaces/{id}/pos-keys (members make and revoke the
// shop's POS keys) and /api/pos/... (a POS system, with its key as the bearer token): the change
// feed, paged (GET /api/pos/changes) or as Server-Sent Events (GET /api/pos/changes/stream).
#include <atomic>
#include <charconv>
#include <chrono>

#include "api/api.h"
#include "api/request_helpers.h"
#include "changes/change_feed.h"
#include "pos/pos.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// The POS key of the request, which must carry `scope`: unauthorized without a key, forbidden
// for a key without the scope.
Result<pos::PosKey> pos_key(Services& s, const Request& req, const char* scope) {
  VITRINE_ASSIGN(auto token, auth::bearer_token(req.headers.get("authorization").value_or("")));
  VITRINE_ASSIGN(auto key, s.pos.authenticate(std::string(token)));
  if (!key.has_scope(scope))
    return fail(errc::kForbidden,
                std::string("this point-of-sale key lacks the ") + scope + " scope",
                {{"scope", scope}, {"key_id", key.id}});
  return key;
}

Result<int64_t> cursor_param(const Request& req, const char* header = nullptr) {
  std::optional<std::string> text = req.query_param("cursor");
  if ((!text || text->empty()) && header)
    if (auto h = req.headers.get(header)) text = std::string(*h);
  if (!text || text->empty()) return int64_t{0};
  int64_t cursor = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), cursor);
  if (ec != std::errc() || end != text->data() + text->size() || cursor < 0)
    return fail(errc::kInvalidArgument,
                "cursor: '" + *text + "' is not a cursor (0 or a number the feed returned)",
                {{"parameter", "cursor"}});
  return cursor;
}

// Streams are few and each polls the database four times a second: past this many the
// process answers 503 and the POS falls back to paging.
constexpr int kMaxStreams = 32;
std::atomic<int> open_streams{0};

// The change feed as Server-Sent Events: one `change` event per change (id = its number, so an
// EventSource resumes with Last-Event-ID), a comment every 15 s to keep proxies from closing an
// idle stream, and an end after 5 minutes (the client reconnects from its last id).
class ChangeStream : public http::BodySource {
 public:
  ChangeStream(changes::ChangeFeed& feed, std::string workspace_id, int64_t cursor)
      : feed_(feed), workspace_id_(std::move(workspace_id)), cursor_(cursor) {
    ++open_streams;
  }
  ~ChangeStream() override { --open_streams; }

  uint64_t size() const override { return http::StreamBody::kOpenEnded; }
  bool finished() const override { return finished_; }

  Result<std::string> read(uint64_t, size_t max_bytes) override {
    const auto now = Clock::now();
    if (!started_) {
      started_ = true;
      last_sent_ = now;
      return std::string("retry: 1000\n: cursor " + std::to_string(cursor_) + "\n\n");
    }
    if (now - opened_ > std::chrono::minutes(5)) {
      finished_ = true;
      return std::string();
    }
    VITRINE_ASSIGN(auto page, feed_.read(workspace_id_, cursor_, 100));
    std::string out;
    for (const auto& c : page.items) {
      std::string event = "id: " + std::to_string(c.seq) +
                          "\nevent: change\ndata: " + changes::to_json(c).dump() + "\n\n";
      if (!out.empty() && out.size() + event.size() > max_bytes) break;
      out += event;
      cursor_ = c.seq;
    }
    if (out.empty() && now - last_sent_ > std::chrono::seconds(15)) out = ": keep-alive\n\n";
    if (!out.empty()) last_sent_ = now;
    return out;
  }

 private:
  changes::ChangeFeed& feed_;
  std::string workspace_id_;
  int64_t cursor_;
  bool started_ = false, finished_ = false;
  Clock::time_point opened_ = Clock::now(), last_sent_;
};

}  // namespace

void register_pos_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/workspaces/{id}/pos-keys", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto body, json_object_body(req));
    VITRINE_ASSIGN(auto made, s.pos.create(ws.id, body));
    json j = pos::to_json(made.key);
    j["key"] = made.secret;  // shown this once
    return Response::json(201, j);
  });

  router.add("GET", "/api/workspaces/{id}/pos-keys", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
    VITRINE_ASSIGN(auto keys, s.pos.list(ws.id));
    json items = json::array();
    for (const auto& k : keys) items.push_back(pos::to_json(k));
    return Response::json(200, {{"items", items}});
  });

  router.add("DELETE", "/api/workspaces/{id}/pos-keys/{key}",
             [&s](Request& req) -> Result<Response> {
               VITRINE_ASSIGN(auto ws, authorized_workspace(s, req));
               VITRINE_TRY(s.pos.revoke(ws.id, req.params.at("key")));
               return no_content();
             });

  // A batch write: the key's shop, the JSON body and its Idempotency-Key, handed to `write`.
  using BatchWrite =
      Result<json> (pos::PosService::*)(const std::string&, const std::string&, const json&);
  auto batch = [&s](BatchWrite write) {
    return [&s, write](Request& req) -> Result<Response> {
      VITRINE_ASSIGN(auto key, pos_key(s, req, pos::kScopeWrite));
      VITRINE_ASSIGN(auto body, json_object_body(req));
      const std::string idempotency_key(req.headers.get("idempotency-key").value_or(""));
      VITRINE_ASSIGN(auto answer, (s.pos.*write)(key.workspace_id, idempotency_key, body));
      return Response::json(200, answer);
    };
  };
  router.add("POST", "/api/pos/products/batch", batch(&pos::PosService::upsert_products));
  router.add("POST", "/api/pos/inventory/batch", batch(&pos::PosService::adjust_inventory));

  router.add("GET", "/api/pos/changes", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto key, pos_key(s, req, pos::kScopeRead));
    VITRINE_ASSIGN(auto cursor, cursor_param(req));
    VITRINE_ASSIGN(auto limit, int_param(req, "limit", 100, 1, changes::kMaxPageSize));
    VITRINE_ASSIGN(auto page, s.changes.read(key.workspace_id, cursor, static_cast<int>(limit)));
    json items = json::array();
    for (const auto& c : page.items) items.push_back(changes::to_json(c));
    return Response::json(200,
                          {{"items", items}, {"cursor", page.cursor}, {"has_more", page.has_more}});
  });

  router.add("GET", "/api/pos/changes/stream", [&s](Request& req) -> Result<Response> {
    VITRINE_ASSIGN(auto key, pos_key(s, req, pos::kScopeRead));
    VITRINE_ASSIGN(auto cursor, cursor_param(req, "last-event-id"));
    if (open_streams.load() >= kMaxStreams) {
      Response busy =
          Response::error(make_error(errc::kUnavailable,
                                     "too many change streams are open; page the feed with "
                                     "GET /api/pos/changes or retry shortly"),
                          req.request_id);
      busy.headers.set("retry-after", "5");
      return busy;
    }
    Response r;
    r.headers.set("content-type", "text/event-stream");
    r.headers.set("cache-control", "no-store");
    r.stream = http::StreamBody::open_ended(
        std::make_shared<ChangeStream>(s.changes, key.workspace_id, cursor));
    return r;
  });
}

}  // namespace vitrine::api
