// ThemeSync: brings the themes folder into the registry and blob store (docs/architecture.md
// "Theme package").
// New version folders are validated, copied to themes/published/<slug>/v<version>/ with gzip and
// brotli copies of text assets, and registered in one transaction. Registered versions are
// immutable: a changed source is reported, never re-published. Cheap when nothing changed: files
// whose size and mtime match what was recorded are not read again.
#pragma once

#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "blob/blob_store.h"
#include "core/result.h"
#include "themes/package.h"
#include "themes/registry.h"

namespace vitrine::themes {

enum class VersionState {
  kRegistered,  // registered by this run
  kUnchanged,   // registered before, source matches
  kPending,     // on disk, valid, not registered yet (inspect only)
  kInvalid,     // on disk, not registered, has problems
  kModified,    // registered, but the source changed since: "modified after registration"
  kMissing,     // registered, source folder gone: "missing from source" (still served)
  kFailed,      // could not be stored or registered (I/O, database)
};

// Stable names: "registered", "unchanged", "not synced", "invalid", "modified after
// registration", "missing from source", "failed".
const char* state_name(VersionState s);

struct VersionReport {
  std::string slug;
  std::string version;  // "" for a problem with the theme folder itself
  VersionState state = VersionState::kUnchanged;
  std::string content_hash;
  std::vector<Problem> problems;
  int64_t files = 0, bytes = 0;

  // Whether this outcome makes the sync (or status) exit non-zero.
  bool failed() const;
};

struct SyncReport {
  std::vector<VersionReport> versions;  // sorted by slug, then version

  bool ok() const;
  size_t count(VersionState s) const;
  nlohmann::json to_json() const;
};

// Called after each theme finishes: (themes done, themes total, slug just finished).
using SyncProgress = std::function<void(size_t, size_t, const std::string&)>;

// Stores one file of a version under `prefix` ("themes/published/<slug>/v<version>/") with its
// brotli and gzip copies when worth having, and describes it (source_mtime_ns left 0). Every key
// is appended to `written` (when given) before it is written, so a caller can undo a failure.
Result<FileRecord> store_version_file(blob::BlobStore& blobs, const std::string& prefix,
                                      const std::string& path, std::string_view data,
                                      std::vector<std::string>* written = nullptr);

class ThemeSync {
 public:
  // `themes_dir` holds <slug>/v<version>/ folders and receives sync-manifest.json.
  ThemeSync(ThemeRegistry& registry, blob::BlobStore& blobs, std::filesystem::path themes_dir,
            ValidationLimits limits, int workers = 0);

  // Syncs one theme, or every theme on disk and in the registry when `slug` is empty, then
  // records the results and rewrites sync-manifest.json when its content changed. not_found when
  // the slug is neither on disk nor registered. Per-version failures are in the report, not the
  // Result: one broken theme never stops the others.
  Result<SyncReport> sync(const std::optional<std::string>& slug,
                          const SyncProgress& progress = {});

  // Reports what sync would find, without writing anything (for `vitrine status`).
  Result<SyncReport> inspect(const std::optional<std::string>& slug);

 private:
  Result<SyncReport> run(const std::optional<std::string>& slug, bool write,
                         const SyncProgress& progress);
  std::vector<VersionReport> sync_theme(const std::string& slug, bool write);
  VersionReport publish_version(const std::string& slug, const std::string& folder, bool write);
  VersionReport check_registered(const VersionRecord& rec, const std::vector<FileRecord>& files,
                                 const std::filesystem::path& dir, const std::string& display,
                                 bool write);
  Status write_manifest();
  std::string display_root(const std::string& slug, const std::string& folder) const;

  ThemeRegistry& registry_;
  blob::BlobStore& blobs_;
  std::filesystem::path themes_dir_;
  ValidationLimits limits_;
  int workers_;
  std::mutex
      sync_mu_;  // one sync at a time per process; other processes are fenced by the database
};

}  // namespace vitrine::themes
