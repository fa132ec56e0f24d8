// ThemeCdn: resolves /cdn/themes/<slug>/<version>/<path> to bytes (ARCHITECTURE.md "Asset
// delivery"). An in-memory index of every registered version and file answers without touching
// the database; asset bytes come from the blob store once and then from a memory-budgeted LRU.
// Registered versions are immutable, so cached bytes never go stale.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "blob/blob_store.h"
#include "core/result.h"
#include "themes/registry.h"

namespace vitrine::themes {

struct AssetQuery {
  std::string slug, version_spec, path;         // path relative to the version folder, decoded
  bool accept_br = false, accept_gzip = false;  // from Accept-Encoding; false for Range requests
};

struct Asset {
  std::shared_ptr<const std::string> bytes;
  std::string etag;  // strong, quoted, differs per encoding
  std::string content_type;
  std::string encoding;       // "" (identity), "br" or "gzip"
  bool has_variants = false;  // compressed copies exist: responses vary on Accept-Encoding
};

struct AssetLookup {
  enum class Kind {
    kAsset,     // `asset` is ready to send
    kRedirect,  // a moving alias ("latest", "1.2", "^1.2"): send `redirect_path`
    kNeedsIo,   // bytes are not in memory and I/O was not allowed: ask again with allow_io
  };
  Kind kind = Kind::kAsset;
  Asset asset;
  std::string redirect_path;  // "/cdn/themes/<slug>/<exact version>/<path>"
};

class ThemeCdn {
 public:
  ThemeCdn(ThemeRegistry& registry, blob::BlobStore& blobs, uint64_t cache_bytes);

  // Reloads the index from the registry when its generation changed (cheap otherwise: one
  // small query). Call at start-up, after syncs, and periodically for other processes' syncs.
  Status refresh();

  // Resolves a request. Exact versions give the asset (or kNeedsIo when !allow_io and the bytes
  // are not cached); ranges and "latest" give a redirect. not_found for an unknown theme,
  // version or file; invalid_argument for a path with "..", backslashes, NUL or empty segments.
  Result<AssetLookup> lookup(const AssetQuery& query, bool allow_io);

  // Bytes currently held by the asset cache.
  uint64_t cached_bytes() const;

 private:
  // One stored form of a file: its blob key and ETag, built once per index refresh so the hot
  // path concatenates no strings.
  struct Representation {
    std::string key, etag, encoding;
  };
  struct IndexedFile {
    std::string content_type;
    Representation identity;
    std::optional<Representation> br, gzip;
  };
  struct VersionEntry {
    std::string version;
    std::unordered_map<std::string, IndexedFile> files;
  };
  struct ThemeEntry {
    std::vector<Version> versions;
    std::unordered_map<std::string, VersionEntry> by_version;
  };
  using Index = std::unordered_map<std::string, ThemeEntry>;

  std::shared_ptr<const Index> index() const;
  std::shared_ptr<const std::string> cache_get(const std::string& key);
  void cache_put(const std::string& key, std::shared_ptr<const std::string> bytes);

  ThemeRegistry& registry_;
  blob::BlobStore& blobs_;
  const uint64_t cache_budget_;

  mutable std::mutex index_mu_;
  std::shared_ptr<const Index> index_;
  int64_t generation_ = -1;

  mutable std::mutex cache_mu_;
  using LruList = std::list<std::pair<std::string, std::shared_ptr<const std::string>>>;
  LruList lru_;  // front = most recently used
  std::unordered_map<std::string, LruList::iterator> cache_;
  uint64_t cache_used_ = 0;
};

}  // namespace vitrine::themes
