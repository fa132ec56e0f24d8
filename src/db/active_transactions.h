// The transactions running on this thread, innermost last, so calls made from inside a
// transaction callback reuse its connection instead of waiting for another one (the contract of
// Database::transaction). Internal to the db backends; each instantiates it with its own
// connection type.
#pragma once

#include <vector>

namespace vitrine::db::internal {

template <typename Connection>
struct ActiveTransaction {
  const void* db;  // the Database it belongs to
  Connection* conn;
  int depth;  // savepoints opened inside it
};

template <typename Connection>
std::vector<ActiveTransaction<Connection>>& active_transactions() {
  thread_local std::vector<ActiveTransaction<Connection>> active;
  return active;
}

// The innermost transaction of `db` running on this thread, or nullptr.
template <typename Connection>
ActiveTransaction<Connection>* find_active(const void* db) {
  auto& active = active_transactions<Connection>();
  for (auto it = active.rbegin(); it != active.rend(); ++it) {
    if (it->db == db) return &*it;
  }
  return nullptr;
}

// Registers a transaction of `db` on `conn` for its lifetime.
template <typename Connection>
class ActiveScope {
 public:
  ActiveScope(const void* db, Connection* conn) {
    active_transactions<Connection>().push_back({db, conn, 0});
  }
  ~ActiveScope() { active_transactions<Connection>().pop_back(); }
  ActiveScope(const ActiveScope&) = delete;
  ActiveScope& operator=(const ActiveScope&) = delete;
};

}  // namespace vitrine::db::internal
