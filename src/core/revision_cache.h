// RevisionCache: immutable snapshots of a tenant's data kept in memory per (key, revision), for
// the render path. A module bumps a revision row in every write transaction; the cache trusts
// the revision it last read for `check_interval`, so writes by other processes (nodes, the CLI)
// show within that time, and writes through this process show at once (note_write). The
// catalogue snapshot and the blog's posts snapshot use it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/result.h"

namespace vitrine {

// T: an immutable snapshot with an `int64_t revision` member, the revision it was read at.
template <typename T>
class RevisionCache {
 public:
  // The key's current revision from the database (0 before its first write).
  using ReadRevision = std::function<Result<int64_t>(const std::string& key)>;
  // Reads the key's data and its revision in one transaction.
  using Build = std::function<Result<std::shared_ptr<const T>>(const std::string& key)>;

  RevisionCache(ReadRevision read_revision, Build build, size_t max_keys = 4096,
                std::chrono::steady_clock::duration check_interval = std::chrono::seconds(1))
      : read_revision_(std::move(read_revision)),
        build_(std::move(build)),
        max_keys_(max_keys),
        check_interval_(check_interval) {}

  // The key's revision, from memory when checked less than check_interval ago and no write was
  // noted since.
  Result<int64_t> revision(const std::string& key) {
    const auto now = std::chrono::steady_clock::now();
    uint64_t epoch = 0;
    {
      std::lock_guard lock(mu_);
      Entry& e = entry_locked(key);
      e.last_used = now;
      if (e.checked && now - e.checked_at < check_interval_) return e.revision;
      epoch = e.epoch;
    }
    VITRINE_ASSIGN(int64_t revision, read_revision_(key));
    std::lock_guard lock(mu_);
    Entry& e = entry_locked(key);
    // A write noted since the read started may have bumped it: trust the value only if none was.
    if (e.epoch == epoch) {
      e.revision = revision;
      e.checked = true;
      e.checked_at = now;
    }
    return revision;
  }

  // The snapshot at the key's current revision, built once per revision and then shared.
  Result<std::shared_ptr<const T>> shared(const std::string& key) {
    VITRINE_ASSIGN(int64_t current, revision(key));
    uint64_t epoch = 0;
    {
      std::lock_guard lock(mu_);
      Entry& e = entry_locked(key);
      if (e.snapshot && e.snapshot->revision == current) return e.snapshot;
      epoch = e.epoch;
    }
    VITRINE_ASSIGN(std::shared_ptr<const T> built, build_(key));
    std::lock_guard lock(mu_);
    Entry& e = entry_locked(key);
    if (!e.snapshot || e.snapshot->revision <= built->revision) e.snapshot = built;
    // The build read the revision with the data: when it is newer than the cached one (another
    // node wrote meanwhile), adopt it so the next call is a hit.
    if (e.epoch == epoch && built->revision >= e.revision) {
      e.revision = built->revision;
      e.checked = true;
      e.checked_at = std::chrono::steady_clock::now();
    }
    return built;
  }

  // What shared() would return, from memory only: null when there is none for the current
  // revision or the revision is due for its check. Never queries (safe on an I/O thread).
  std::shared_ptr<const T> cached(const std::string& key) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    Entry& e = it->second;
    if (!e.checked || now - e.checked_at >= check_interval_ || !e.snapshot ||
        e.snapshot->revision != e.revision)
      return nullptr;
    e.last_used = now;
    return e.snapshot;
  }

  // Call after committing a write of the key: the next revision() reads the database.
  void note_write(const std::string& key) {
    std::lock_guard lock(mu_);
    Entry& e = entry_locked(key);
    ++e.epoch;
    e.checked = false;
  }

 private:
  struct Entry {
    int64_t revision = -1;  // last revision read from the database
    std::chrono::steady_clock::time_point checked_at;
    bool checked = false;  // revision is fresh as of checked_at
    uint64_t epoch = 0;    // bumped by note_write
    std::shared_ptr<const T> snapshot;
    std::chrono::steady_clock::time_point last_used;
  };

  Entry& entry_locked(const std::string& key) {
    auto it = entries_.find(key);
    if (it != entries_.end()) return it->second;
    if (entries_.size() >= max_keys_) {
      // The least recently used key goes.
      auto oldest = std::min_element(
          entries_.begin(), entries_.end(),
          [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
      entries_.erase(oldest);
    }
    return entries_[key];
  }

  ReadRevision read_revision_;
  Build build_;
  size_t max_keys_;
  std::chrono::steady_clock::duration check_interval_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace vitrine
