// ThemeCdn: resolves /cdn/themes/<slug>/<version>/<path> to bytes (docs/architecture.md
// "The request path"). An in-memory index of every registered version and file answers without
// touching the database; asset bytes come from the blob store once and then from a memory-budgeted
// LRU. Registered versions are immutable, so cached bytes never go stale.
//
// Large files are streamed instead: a file whose size exceeds stream_threshold() =
// min(cache budget / 8, 1 MiB) is never read whole nor cached; the caller reads it piecewise with
// read_stream() (blob range reads) while sending it. Above budget / 8 a file would never be cached
// anyway, and above 1 MiB a whole copy per concurrent request costs more memory than buffering
// saves; everything at or below the threshold (stylesheets, scripts, icons) keeps the cached
// in-memory path. The rule looks at the original file's size, so the precompressed .br/.gz copies
// of a large file are streamed too (their sizes come from one blob head each, remembered).
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
  // The bytes of an asset served from memory; null for a streamed one.
  std::shared_ptr<const std::string> bytes;
  uint64_t size = 0;       // bytes in this representation, in memory or streamed
  std::string stream_key;  // a streamed asset's blob, for ThemeCdn::read_stream; "" otherwise
  std::string etag;        // strong, quoted, differs per encoding
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

  // Reads up to `max_bytes` of a streamed asset (Asset::stream_key) from `offset`. Blocks on the
  // blob store: call where blocking is allowed. internal_error when the blob is missing or ends
  // before the registered size.
  Result<std::string> read_stream(const Asset& asset, uint64_t offset, size_t max_bytes);

  // Files larger than this many bytes are streamed rather than read whole (see above).
  uint64_t stream_threshold() const { return stream_threshold_; }

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
    uint64_t size = 0;  // of the original; decides whether every representation is streamed
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
  // Fills a streamed representation's size: the original's from the index, a compressed copy's
  // from a blob head (once per key). kNeedsIo when that head is due and !allow_io.
  Result<AssetLookup> stream(AssetLookup out, const IndexedFile& f, const std::string& key,
                             bool allow_io);

  ThemeRegistry& registry_;
  blob::BlobStore& blobs_;
  const uint64_t cache_budget_;
  const uint64_t stream_threshold_;

  mutable std::mutex index_mu_;
  std::shared_ptr<const Index> index_;
  int64_t generation_ = -1;

  mutable std::mutex cache_mu_;
  using LruList = std::list<std::pair<std::string, std::shared_ptr<const std::string>>>;
  LruList lru_;  // front = most recently used
  std::unordered_map<std::string, LruList::iterator> cache_;
  uint64_t cache_used_ = 0;

  // Sizes of streamed compressed copies, by blob key: immutable, and bounded by the catalogue.
  std::mutex sizes_mu_;
  std::unordered_map<std::string, uint64_t> stream_sizes_;
};

}  // namespace vitrine::themes
