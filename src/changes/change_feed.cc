#include "changes/change_feed.h"

#include "core/clock.h"

namespace vitrine::changes {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE change_feed_heads (
  workspace_id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL
);
CREATE TABLE change_feed (
  workspace_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('product', 'variant', 'inventory', 'order')),
  entity_id TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  data TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, seq)
);
CREATE INDEX change_feed_by_entity ON change_feed (workspace_id, kind, entity_id, seq);
)sql";

// Only product changes are looked up by entity (a product's version is its latest change's
// number): stock and order changes, most of the feed, no longer write this index.
constexpr const char* kProductIndex = R"sql(
DROP INDEX change_feed_by_entity;
CREATE INDEX change_feed_products ON change_feed (workspace_id, entity_id, seq)
  WHERE kind = 'product';
)sql";

// Rows per INSERT: well under both databases' parameter limits.
constexpr size_t kRowsPerInsert = 100;

}  // namespace

std::vector<db::Migration> ChangeFeed::migrations() {
  return {{"changes", 1, kSchema}, {"changes", 2, kProductIndex}};
}

Result<int64_t> ChangeFeed::append(db::Session& s, const std::string& workspace_id,
                                   std::vector<Change>& changes) {
  if (changes.empty()) return int64_t{0};
  VITRINE_TRY(
      s.exec("INSERT INTO change_feed_heads (workspace_id, seq) VALUES (?, 0) "
             "ON CONFLICT (workspace_id) DO NOTHING",
             {workspace_id}));
  // The row lock taken here is what orders the feed: it is held until this transaction commits.
  VITRINE_ASSIGN(auto head, s.exec("UPDATE change_feed_heads SET seq = seq + ? WHERE "
                                   "workspace_id = ? RETURNING seq",
                                   {static_cast<int64_t>(changes.size()), workspace_id}));
  const int64_t last = head.integer(0, "seq");
  int64_t seq = last - static_cast<int64_t>(changes.size());
  const std::string now = now_iso8601();
  for (auto& c : changes) {
    c.seq = ++seq;
    c.created_at = now;
  }
  for (size_t begin = 0; begin < changes.size(); begin += kRowsPerInsert) {
    const size_t end = std::min(changes.size(), begin + kRowsPerInsert);
    std::string sql =
        "INSERT INTO change_feed (workspace_id, seq, kind, entity_id, op, data, created_at) "
        "VALUES ";
    std::vector<db::Value> params;
    params.reserve((end - begin) * 7);
    for (size_t i = begin; i < end; ++i) {
      const Change& c = changes[i];
      sql += i == begin ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)";
      params.emplace_back(workspace_id);
      params.emplace_back(c.seq);
      params.emplace_back(c.kind);
      params.emplace_back(c.entity_id);
      params.emplace_back(c.op);
      params.emplace_back(c.data.dump());
      params.emplace_back(c.created_at);
    }
    VITRINE_TRY(s.exec(sql, params));
  }
  return last;
}

Result<ChangePage> ChangeFeed::read(const std::string& workspace_id, int64_t cursor, int limit) {
  if (cursor < 0)
    return fail(errc::kInvalidArgument, "cursor must be 0 or a number the feed returned",
                {{"parameter", "cursor"}});
  if (limit < 1 || limit > kMaxPageSize)
    return fail(errc::kInvalidArgument,
                "limit must be between 1 and " + std::to_string(kMaxPageSize),
                {{"parameter", "limit"}});
  // One row more than asked tells whether another page follows.
  VITRINE_ASSIGN(auto r, db_.exec("SELECT seq, kind, entity_id, op, data, created_at FROM "
                                  "change_feed WHERE workspace_id = ? AND seq > ? ORDER BY seq "
                                  "LIMIT ?",
                                  {workspace_id, cursor, int64_t{limit} + 1}));
  ChangePage page;
  page.cursor = cursor;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    if (static_cast<int>(i) == limit) {
      page.has_more = true;
      break;
    }
    Change c;
    c.seq = r.integer(i, "seq");
    c.kind = r.text(i, "kind");
    c.entity_id = r.text(i, "entity_id");
    c.op = r.text(i, "op");
    c.data = json::parse(r.text(i, "data"), nullptr, false);
    c.created_at = r.text(i, "created_at");
    page.cursor = c.seq;
    page.items.push_back(std::move(c));
  }
  return page;
}

Result<int64_t> ChangeFeed::head(const std::string& workspace_id) {
  VITRINE_ASSIGN(
      auto r, db_.exec("SELECT seq FROM change_feed_heads WHERE workspace_id = ?", {workspace_id}));
  return r.empty() ? int64_t{0} : r.integer(0, "seq");
}

json to_json(const Change& c) {
  return {{"seq", c.seq}, {"kind", c.kind}, {"id", c.entity_id},
          {"op", c.op},   {"data", c.data}, {"created_at", c.created_at}};
}

}  // namespace vitrine::changes
