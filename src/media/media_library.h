// MediaLibrary: a shop's uploaded images (seed 002 `/api/cms/media`, after WordPress's media
// library). An upload is checked and scaled once (media/images.h); the original and its WebP
// variants are stored content-addressed in the blob store under
// media/<workspace>/<sha256 of the original>/ and served from /cdn/media/... with immutable
// caching, so a URL never changes meaning. The original's name carries its size
// ("1600x1200.jpg"), which lets the sandbox's ctx.srcset() list the variants without a lookup.
// Storage counts against the plan's media_bytes through one conditional update of a usage row,
// so concurrent uploads cannot overshoot it. A file a live page, an active product or a
// published post names cannot be deleted (the error lists them). The module's SQL stays here.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "blob/blob_store.h"
#include "core/references.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::media {

inline constexpr uint64_t kMaxUploadBytes = 20u << 20;  // one file
inline constexpr size_t kMaxAltLength = 500;            // characters
inline constexpr size_t kMaxFileNameLength = 200;

struct StoredVariant {
  std::string name;  // "w640.webp", "thumb.webp"
  int width = 0, height = 0;
  int64_t bytes = 0;
};

struct MediaFile {
  std::string id, workspace_id, sha256;
  std::string format, mime, file_name, alt;
  int width = 0, height = 0, frames = 1;
  int64_t bytes = 0;         // the original
  int64_t stored_bytes = 0;  // the original and its variants: what counts against the quota
  std::vector<StoredVariant> variants;
  std::string created_at, updated_at;

  // "/cdn/media/<workspace>/<sha256>/": every URL of the file starts with it.
  std::string url_prefix() const;
  // The original: url_prefix() + "<width>x<height>.<ext>".
  std::string url() const;
};

struct Upload {
  std::string bytes;
  std::string content_type;  // image/* or application/octet-stream (the bytes decide)
  std::string file_name;     // as the user named it, for the library list
  std::string alt;
};

struct UploadResult {
  MediaFile file;
  bool created = true;  // false: the shop already had these exact bytes (nothing stored again)
};

struct Usage {
  int64_t used_bytes = 0, quota_bytes = 0, files = 0;
};

// What names a media file: {kind: page | template | product | collection | post, id, title}.
using Reference = ContentReference;
// Finds what in `workspace_id` that the public can see names a URL starting with `needle`. The
// App wires the customization, catalogue and blog modules into one.
using ReferenceFinder = std::function<Result<std::vector<Reference>>(
    const std::string& workspace_id, const std::string& needle)>;

struct MediaPage {
  std::vector<MediaFile> items;
  int page = 1, page_size = 20;
  int64_t total = 0;
};

class MediaLibrary {
 public:
  MediaLibrary(db::Database& db, blob::BlobStore& blobs, ReferenceFinder references)
      : db_(db), blobs_(blobs), references_(std::move(references)) {}

  // Tables media_files and media_usage.
  static std::vector<db::Migration> migrations();

  // Checks, scales and stores `upload` for the workspace, within `quota_bytes` in all.
  // payload_too_large above kMaxUploadBytes, unsupported_media_type / invalid_argument for
  // bytes that are not an accepted image (images.h), quota_exceeded with {quota_bytes,
  // used_bytes, needed_bytes}, validation_failed for a bad alt or file name. Nothing is stored
  // when it fails. The same bytes uploaded again return the existing file (created false).
  Result<UploadResult> upload(const std::string& workspace_id, Upload upload, int64_t quota_bytes);

  // One file of the workspace; not_found for other workspaces' ids.
  Result<MediaFile> get(const std::string& workspace_id, const std::string& id);
  // The workspace's files, newest first.
  Result<MediaPage> list(const std::string& workspace_id, int page, int page_size);
  // Sets the alt text (at most kMaxAltLength characters; "" clears it).
  Result<MediaFile> set_alt(const std::string& workspace_id, const std::string& id,
                            const std::string& alt);
  // Deletes the file and its variants. conflict with details.references while anything public
  // names it; the bytes go from the blob store after the row is gone.
  Status remove(const std::string& workspace_id, const std::string& id);
  // What the workspace stores, against `quota_bytes`.
  Result<Usage> usage(const std::string& workspace_id, int64_t quota_bytes);

  // The bytes of a stored original or variant for the CDN: not_found for a name that is not a
  // media key (the three parts are checked: a uuid-like id, 64 hex digits, a variant name).
  Result<std::string> read(const std::string& workspace_id, const std::string& sha256,
                           const std::string& name);

 private:
  Result<MediaFile> find_by_hash(const std::string& workspace_id, const std::string& sha256);
  void remove_blobs(const MediaFile& file);

  db::Database& db_;
  blob::BlobStore& blobs_;
  ReferenceFinder references_;
};

// The JSON of a file as the API shows it: id, url, srcset, variants [{name, url, width,
// height, bytes}], thumbnail_url, size, format, alt...
nlohmann::json to_json(const MediaFile& f);
// The srcset of a media URL's variants ("…/w320.webp 320w, …"), or "" for other URLs. The
// sandbox's ctx.srcset() follows the same rule (sandbox/prelude.cc).
std::string srcset_for(const std::string& url);
// The Content-Type of a stored media name by its extension.
std::string content_type_for(const std::string& name);

}  // namespace vitrine::media
