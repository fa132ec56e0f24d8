// BlobStore: immutable-ish objects by key ("themes/published/shop/v1.0.0/build/app.css").
// Backends: a local folder (file:///abs/path, the default) and S3-compatible storage
// (s3://bucket/prefix?endpoint=...&region=..., src/blob/s3_blob_store.h).
// Keys are relative paths of '/'-separated segments; "..", ".", empty segments, backslashes,
// NUL and other control characters, non-UTF-8 bytes and segments starting with ".vitrine-tmp-"
// (reserved for temporary files) are rejected with invalid_argument before any I/O. Keys are at
// most 1024 bytes, segments at most 255.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vitrine::blob {

struct BlobInfo {
  std::string key;
  uint64_t size = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Opens the store named by `url`: "file:///abs/dir" or "file://rel/dir" (creates the folder),
  // or "s3://bucket/prefix?endpoint=...&region=..." (makes no request). config_error otherwise.
  static Result<std::unique_ptr<BlobStore>> open(const std::string& url);

  // Stores `data` under `key`, replacing any previous object atomically: readers see the old
  // object or the new one, never a partial write.
  virtual Status put(std::string_view key, std::string_view data) = 0;

  // The whole object, or not_found.
  virtual Result<std::string> get(std::string_view key) = 0;

  // `length` bytes from `offset` (clamped to the object's end; empty when `offset` is at or
  // past the end), or not_found.
  virtual Result<std::string> get_range(std::string_view key, uint64_t offset, uint64_t length) = 0;

  // Size of the object, or not_found.
  virtual Result<BlobInfo> head(std::string_view key) = 0;

  // Deletes the object; deleting a missing key succeeds.
  virtual Status remove(std::string_view key) = 0;

  // Every object whose key starts with `prefix` (which may end mid-segment, "themes/pub"),
  // sorted by key.
  virtual Result<std::vector<BlobInfo>> list(std::string_view prefix) = 0;
};

// Checks a key (or key prefix) for the rules above; invalid_argument naming the bad segment.
Status validate_key(std::string_view key);

}  // namespace vitrine::blob
