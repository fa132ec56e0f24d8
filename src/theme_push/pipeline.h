// ThemePushPipeline: the push pipeline (docs/architecture.md "Theme package") behind
// `vitrine theme push` and POST /api/themes/push. An uploaded archive is unpacked into a private
// temporary folder, validated (the sync validator plus CSS checked by libsass), optimised
// (.min.css, brotli and gzip copies), given previews (libvips) and HTML docs (cmark), stored under
// themes/published/<slug>/v<version>/ (or themes/drafts/... for a draft) and registered. A
// rejected upload leaves nothing behind: no folder, no blob, no row.
// Tables: theme_owners (who may push a slug), theme_drafts (unpublished versions), push_claims
// (one push of a slug@version at a time across processes). All SQL of the module lives here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "blob/blob_store.h"
#include "core/result.h"
#include "db/database.h"
#include "theme_push/archive.h"
#include "themes/cdn.h"
#include "themes/package.h"
#include "themes/registry.h"

namespace vitrine::theme_push {

// Who pushes. Admins (and the GitHub integration) may push any theme; a user may push a new slug,
// which makes them its owner, and new versions of the slugs they own.
struct Pusher {
  std::string user_id;  // empty for admins
  bool admin = false;
};

struct PushOptions {
  bool draft = false;  // store privately under themes/drafts/; publish later
};

// What a successful push produced.
struct PushOutcome {
  std::string slug, version;
  bool draft = false;
  std::string content_hash;
  int64_t files = 0, bytes = 0;        // stored files (originals and generated), their total size
  std::vector<std::string> generated;  // paths the pipeline added: .min.css, previews, docs
  std::vector<themes::Problem> warnings;  // e.g. no previews/ images
  nlohmann::json to_json() const;
};

// A file of a draft version.
struct DraftFile {
  std::string key;  // its blob
  uint64_t size = 0;
  std::string content_type;
};

// A stored draft version.
struct DraftRecord {
  std::string slug, version, content_hash, owner_user_id, created_at;
  int64_t files = 0, bytes = 0;
};

class ThemePushPipeline {
 public:
  // `work_dir` receives the temporary folders of uploads in progress (created if missing).
  ThemePushPipeline(db::Database& db, themes::ThemeRegistry& registry, themes::ThemeCdn& cdn,
                    blob::BlobStore& blobs, std::filesystem::path work_dir, ArchiveLimits limits,
                    themes::ValidationLimits validation, std::string draft_url_secret = "");

  // The schema of this module, for db::migrate.
  static std::vector<db::Migration> migrations();

  // Runs the whole pipeline on a gzip-compressed tar. Errors: validation_failed with
  // details.problems (every problem: file, location, message) for an invalid theme or CSS;
  // invalid_argument / payload_too_large for a hostile or oversized archive; conflict (409) when
  // the version is already registered or drafted, or being pushed elsewhere; forbidden when the
  // slug belongs to another author.
  Result<PushOutcome> push(std::string_view archive, const Pusher& who, const PushOptions& options);

  // ok when `who` may push and manage `slug`: an admin, the slug's owner, or anyone for a slug
  // that is neither registered nor owned. forbidden (naming the slug) otherwise.
  Status authorize_author(const std::string& slug, const Pusher& who);

  // Drafts of a theme visible to `who` (its owner or an admin), newest first.
  Result<std::vector<DraftRecord>> drafts(const std::string& slug, const Pusher& who);

  // A draft by theme (slug or id) and version; not_found unless it exists and `who` owns it.
  Result<DraftRecord> draft(const std::string& theme, const std::string& version,
                            const Pusher& who);

  // Promotes a draft: copies its files to the published prefix, registers the version, deletes
  // the draft. conflict when that version got registered meanwhile.
  Result<PushOutcome> publish_draft(const std::string& theme, const std::string& version,
                                    const Pusher& who);

  // The secret that signs draft URLs: the configured one, else a random one created once and
  // kept in the database so every node signs alike.
  Result<std::string> draft_url_secret();

  // Files of a draft (paths relative to its folder), sorted; not_found unless the draft exists.
  Result<std::vector<std::string>> draft_files(const std::string& slug, const std::string& version);

  // One file of a draft, for serving through a signed URL (read it with ThemeCdn::read_stream
  // on its key and size): not_found unless the draft and file
  // exist, invalid_argument unless `path` is a plain relative path.
  Result<DraftFile> draft_file(const std::string& slug, const std::string& version,
                               const std::string& path);

 private:
  db::Database& db_;
  themes::ThemeRegistry& registry_;
  themes::ThemeCdn& cdn_;
  blob::BlobStore& blobs_;
  std::filesystem::path work_dir_;
  ArchiveLimits limits_;
  themes::ValidationLimits validation_;
  std::string configured_secret_;
  std::mutex secret_mu_;
  std::string secret_;  // loaded or created on first use
};

// "themes/drafts/<slug>/v<version>/".
std::string draft_prefix(const std::string& slug, const std::string& version);

}  // namespace vitrine::theme_push
