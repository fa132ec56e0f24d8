#include "github/rows.h"

namespace vitrine::github::internal {

using nlohmann::json;

// Stored JSON text back to JSON; null when absent (or, defensively, unreadable).
json stored_json(const db::QueryResult& r, size_t i, std::string_view col) {
  if (r.is_null(i, col)) return nullptr;
  auto j = json::parse(r.text(i, col), nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

db::Value json_value(const json& j) { return j.is_null() ? db::Value{} : db::Value{j.dump()}; }

RepositoryLink link_from_row(const db::QueryResult& r, size_t i) {
  RepositoryLink l;
  l.slug = r.text(i, "slug");
  l.repo = r.text(i, "repo");
  l.linked_by_user = r.text(i, "linked_by_user");
  l.linked_by_admin = r.integer(i, "linked_by_admin") != 0;
  l.created_at = r.text(i, "created_at");
  l.updated_at = r.text(i, "updated_at");
  return l;
}

Delivery delivery_from_row(const db::QueryResult& r, size_t i) {
  Delivery d;
  d.id = r.text(i, "id");
  d.event = r.text(i, "event");
  d.repo = r.text(i, "repo");
  d.slug = r.text(i, "slug");
  d.tag = r.text(i, "tag");
  d.version = r.text(i, "version");
  d.state = r.text(i, "state");
  d.reason = r.text(i, "reason");
  d.error = r.text(i, "error");
  d.error_details = stored_json(r, i, "error_details");
  d.result = stored_json(r, i, "result");
  d.attempts = static_cast<int>(r.integer(i, "attempts"));
  d.received_at = r.text(i, "received_at");
  d.started_at = r.text(i, "started_at");
  d.finished_at = r.text(i, "finished_at");
  return d;
}

Result<std::optional<RepositoryLink>> find_link(db::Session& s, std::string_view sql,
                                                const std::string& key) {
  VITRINE_ASSIGN(auto r, s.exec(sql, {key}));
  if (r.empty()) return std::optional<RepositoryLink>();
  return std::optional<RepositoryLink>(link_from_row(r, 0));
}

}  // namespace vitrine::github::internal
