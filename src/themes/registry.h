// ThemeRegistry: the catalogue of themes and their immutable versions (docs/architecture.md "Theme
// package") in the database: tables templates, template_versions, template_files, template_tags,
// the full-text index and the sync results. All SQL of the themes module lives in registry.cc.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/semver.h"
#include "db/database.h"
#include "themes/package.h"

namespace vitrine::themes {

// One stored file of a registered version, with what the CDN needs to serve it.
struct FileRecord {
  std::string path;  // relative to the version folder: "build/theme.css"
  uint64_t size = 0;
  std::string sha256;
  std::string content_type;
  bool has_br = false;          // a brotli copy exists in the blob store
  bool has_gzip = false;        // a gzip copy exists in the blob store
  int64_t source_mtime_ns = 0;  // mtime of the source file when last hashed (change detection)
};

struct VersionRecord {
  std::string id, template_id, slug, version;
  std::string content_hash;  // sha256 over the sorted (path, sha256) list
  nlohmann::json metadata, puck_config, cdn_paths;
  std::string changelog, created_at;
  int64_t file_count = 0, total_bytes = 0;
  bool is_latest = false;  // the template's latest version
};

struct ThemeRecord {
  std::string id, slug, name, description, template_type, price_tier, status, source;
  double price_amount = 0;
  std::string latest_version, author, license, created_at, updated_at;
  std::vector<std::string> tags;
  nlohmann::json metadata;  // of the latest version
};

struct ThemeDetail {
  ThemeRecord theme;
  nlohmann::json puck_config;           // of the latest version
  std::vector<VersionRecord> versions;  // newest first (semver order)
};

// Filters, sort and page for list and search. Unknown values are rejected by the API layer.
struct ListQuery {
  std::optional<std::string> template_type, price_tier, tag, status;
  std::string sort = "name";  // name | created_at | updated_at; "-name" for descending
  int page = 1, page_size = 20;
};

struct ListPage {
  std::vector<ThemeRecord> items;
  int64_t total = 0;
  int page = 1, page_size = 20;
};

// The last sync outcome of one theme version (version "" for problems of the theme folder).
struct SyncResult {
  std::string slug, version, state, content_hash, at;
  nlohmann::json problems = nlohmann::json::array();
};

// Everything the CDN needs to resolve and serve assets: every version with its files.
struct CatalogVersion {
  std::string slug, version, blob_prefix;
  Version parsed;
  std::vector<FileRecord> files;
};

class ThemeRegistry {
 public:
  explicit ThemeRegistry(db::Database& db) : db_(db) {}

  // The schema of this module, for db::migrate.
  static std::vector<db::Migration> migrations();

  // Registers a validated package as a new version in one transaction: the template row (created
  // or refreshed when this version becomes the latest), the version, its files and tags, the
  // search index, and the catalogue generation. already_exists if the version is registered.
  Result<VersionRecord> register_version(const ThemePackage& package,
                                         const std::vector<FileRecord>& files,
                                         const std::string& content_hash);

  // All registered versions of a theme by slug (any order), with their files; the records carry
  // no metadata, Puck config or CDN paths. Empty if unknown.
  Result<std::vector<std::pair<VersionRecord, std::vector<FileRecord>>>> versions_with_files(
      const std::string& slug);

  // Every registered version of every theme, sorted by slug; without files, metadata, Puck
  // config or CDN paths.
  Result<std::vector<VersionRecord>> all_versions();

  // Every slug in the registry.
  Result<std::vector<std::string>> slugs();

  // Records that a source file was re-hashed with the same content at a new mtime, so the next
  // sync does not hash it again. Content of the version is unchanged.
  Status refresh_source_mtime(const std::string& version_id, const std::string& path,
                              int64_t mtime_ns);

  // Paginated catalogue with filters.
  Result<ListPage> list(const ListQuery& query);
  // Full-text search over name, description and tags (prefix match per word), same filters.
  Result<ListPage> search(const std::string& text, const ListQuery& query);
  // A theme by UUID or slug with all versions; not_found otherwise.
  Result<ThemeDetail> get(const std::string& id_or_slug);

  // Upserts sync outcomes; rows whose state, hash and problems are unchanged keep their time.
  // Rows of the scope (one slug, or everything when empty) absent from `results` are deleted:
  // they describe folders that no longer exist.
  Status record_sync_results(const std::vector<SyncResult>& results,
                             const std::optional<std::string>& scope_slug);
  Result<std::vector<SyncResult>> sync_results();

  // A counter bumped by every registration: caches compare it to know when to reload.
  Result<int64_t> generation();
  // Every registered version with its files, for the CDN index.
  Result<std::vector<CatalogVersion>> catalog();

 private:
  db::Database& db_;
};

// The blob key prefix of a version: "themes/published/<slug>/v<version>/". Precompressed copies
// sit beside their originals as "<path>.br" and "<path>.gz" (nginx's gzip_static convention), so
// a version needs no second folder tree.
std::string published_prefix(const std::string& slug, const std::string& version);
// The CDN path of a version: "/cdn/themes/<slug>/<version>/".
std::string cdn_base_path(const std::string& slug, const std::string& version);
// The content hash of a version: sha256 over "path\0sha256\n" for files sorted by path.
std::string version_content_hash(const std::vector<FileRecord>& files);

}  // namespace vitrine::themes
