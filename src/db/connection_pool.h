// ConnectionPool: the bounded pool both db backends keep their connections in. Internal to the
// db backends; each instantiates it with its own connection type.
//
// At most `max` connections are open at once; an idle one is reused (the most recently returned
// first, which keeps few warm), a new one is opened by `open` outside the lock, and a caller
// waits while all `max` are lent out. A connection comes back through its Lease's destructor,
// which runs `recycle`: the backend makes it safe for the next user (rolls back a transaction
// left open) or answers false, and the pool closes it and frees its slot.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vitrine::db::internal {

template <typename Connection>
class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;
  using Recycler = std::function<bool(Connection&)>;

  ConnectionPool(size_t max, Opener open, Recycler recycle)
      : max_(max), open_(std::move(open)), recycle_(std::move(recycle)) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A borrowed connection, given back to the pool when the lease ends.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ && conn_) pool_->release(std::move(conn_));
    }
    Connection& conn() { return *conn_; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Opens one connection now and keeps it idle, so a bad URL or path fails when the database is
  // opened rather than on its first query. The error is open's.
  Status warm_up() {
    VITRINE_ASSIGN(auto conn, open_());
    std::lock_guard lock(mu_);
    ++open_count_;
    idle_.push_back(std::move(conn));
    return {};
  }

  // An idle connection, or a new one while fewer than `max` are open; otherwise waits for one
  // to come back. The error is open's (the slot is freed again).
  Result<Lease> acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_count_;  // reserve the slot, then open without holding the lock
    lock.unlock();
    auto opened = open_();
    if (!opened.ok()) {
      lock.lock();
      --open_count_;
      cv_.notify_one();
      return opened.error();
    }
    return Lease(this, std::move(opened).value());
  }

 private:
  void release(std::unique_ptr<Connection> conn) {
    if (!recycle_(*conn)) conn.reset();
    std::lock_guard lock(mu_);
    if (conn) {
      idle_.push_back(std::move(conn));
    } else {
      --open_count_;
    }
    cv_.notify_one();
  }

  const size_t max_;
  const Opener open_;
  const Recycler recycle_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_count_ = 0;
};

}  // namespace vitrine::db::internal
