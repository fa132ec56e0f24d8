// ChangeFeed: every workspace's changes to products, variants, inventory and orders, in commit
// order, for point-of-sale systems that sync incrementally (seed 002 §4 SyncService; docs/
// architecture.md "The change feed"). A change is appended inside the transaction that makes it.
// Its number comes from the workspace's feed head row, which the appending transaction keeps
// locked until it commits: numbers are gapless per workspace, and a reader that sees number n
// sees every number below it (on SQLite the single writer gives the same order). A cursor is the
// last number read, so reading after it never skips or repeats a change, across pages,
// concurrent writers and restarts.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace vitrine::changes {

struct Change {
  int64_t seq = 0;        // filled in by append
  std::string kind;       // product | variant | inventory | order
  std::string entity_id;  // the storefront's id of the record
  std::string op;         // upsert | delete
  nlohmann::json data;    // the record after the change; null for a delete
  std::string created_at;
};

struct ChangePage {
  std::vector<Change> items;
  int64_t cursor = 0;     // the last number in items (the given cursor when there are none)
  bool has_more = false;  // more changes follow this page already
};

inline constexpr int kMaxPageSize = 1000;

class ChangeFeed {
 public:
  explicit ChangeFeed(db::Database& db) : db_(db) {}

  // Tables change_feed_heads and change_feed.
  static std::vector<db::Migration> migrations();

  // Appends `changes` to the workspace's feed within `s`, numbering them (seq, created_at) in
  // order. Takes the workspace's head row lock until `s` commits. Returns the last number.
  static Result<int64_t> append(db::Session& s, const std::string& workspace_id,
                                std::vector<Change>& changes);

  // At most `limit` (1..kMaxPageSize) changes numbered after `cursor`, oldest first.
  // invalid_argument for a negative cursor or a limit out of range.
  Result<ChangePage> read(const std::string& workspace_id, int64_t cursor, int limit);

  // The workspace's last number (0 before its first change).
  Result<int64_t> head(const std::string& workspace_id);

 private:
  db::Database& db_;
};

nlohmann::json to_json(const Change& c);

}  // namespace vitrine::changes
