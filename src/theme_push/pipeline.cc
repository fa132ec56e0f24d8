#include "theme_push/pipeline.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "core/markdown.h"
#include "theme_push/assets.h"
#include "themes/sync.h"

namespace vitrine::theme_push {
namespace fs = std::filesystem;
using nlohmann::json;
using themes::Problem;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE theme_owners (
  slug TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE theme_drafts (
  slug TEXT NOT NULL,
  version TEXT NOT NULL,
  owner_user_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  metadata TEXT NOT NULL,
  puck_config TEXT NOT NULL,
  files TEXT NOT NULL,
  file_count BIGINT NOT NULL,
  total_bytes BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (slug, version)
);
CREATE TABLE push_claims (
  slug TEXT NOT NULL,
  version TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (slug, version)
);
CREATE TABLE publish_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// A push that crashed keeps its claim; after this long another push may take the version.
constexpr int64_t kStaleClaimSeconds = 15 * 60;

// A private folder for one upload, removed with everything in it however the push ends.
class TempFolder {
 public:
  explicit TempFolder(fs::path path) : path_(std::move(path)) {}
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Blobs written by a push that has not finished: deleted unless the push commits, so a rejected
// or failed push leaves no object behind.
class BlobRollback {
 public:
  explicit BlobRollback(blob::BlobStore& blobs) : blobs_(blobs) {}
  ~BlobRollback() {
    if (committed_) return;
    for (const auto& k : keys_) (void)blobs_.remove(k);
  }
  BlobRollback(const BlobRollback&) = delete;
  BlobRollback& operator=(const BlobRollback&) = delete;
  Status put(const std::string& key, std::string_view data) {
    keys_.push_back(key);  // before the write: a failed put may still have left an object
    return blobs_.put(key, data);
  }
  // Where writers that put on their own record their keys.
  std::vector<std::string>* written() { return &keys_; }
  void commit() { committed_ = true; }

 private:
  blob::BlobStore& blobs_;
  std::vector<std::string> keys_;
  bool committed_ = false;
};

Error problems_error(const std::vector<Problem>& problems) {
  json list = json::array();
  for (const auto& p : problems) list.push_back(p.to_json());
  std::string first = problems.front().str();
  return make_error(errc::kValidationFailed,
                    "the theme has " + std::to_string(problems.size()) + " problem" +
                        (problems.size() == 1 ? "" : "s") + "; first: " + first,
                    {{"problems", list}});
}

// "previews/desktop.png" → "previews/desktop"
std::string without_extension(const std::string& path) {
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path;
  return path.substr(0, dot);
}

// The first level-1 heading of a Markdown document, for a docs index; else `fallback`.
std::string markdown_title(std::string_view md, const std::string& fallback) {
  for (auto line : split(md, '\n')) {
    if (line.starts_with("# ")) {
      std::string t(line.substr(2));
      while (!t.empty() && (t.back() == '\r' || t.back() == ' ' || t.back() == '#')) t.pop_back();
      if (!t.empty()) return t;
    }
  }
  return fallback;
}

// One file to store: an original from the upload or one the pipeline made.
struct OutputFile {
  std::string path;
  std::string data;
};

json file_records_json(const std::vector<themes::FileRecord>& files) {
  json out = json::array();
  for (const auto& f : files)
    out.push_back({{"path", f.path},
                   {"size", f.size},
                   {"sha256", f.sha256},
                   {"content_type", f.content_type},
                   {"has_br", f.has_br},
                   {"has_gzip", f.has_gzip}});
  return out;
}

std::vector<themes::FileRecord> file_records_from_json(const json& list) {
  std::vector<themes::FileRecord> out;
  for (const auto& f : list) {
    themes::FileRecord r;
    r.path = f.value("path", "");
    r.size = f.value("size", uint64_t{0});
    r.sha256 = f.value("sha256", "");
    r.content_type = f.value("content_type", "");
    r.has_br = f.value("has_br", false);
    r.has_gzip = f.value("has_gzip", false);
    out.push_back(std::move(r));
  }
  return out;
}

DraftRecord draft_from_row(const db::QueryResult& r, size_t i) {
  DraftRecord d;
  d.slug = r.text(i, "slug");
  d.version = r.text(i, "version");
  d.content_hash = r.text(i, "content_hash");
  d.owner_user_id = r.text(i, "owner_user_id");
  d.created_at = r.text(i, "created_at");
  d.files = r.integer(i, "file_count");
  d.bytes = r.integer(i, "total_bytes");
  return d;
}

}  // namespace

json PushOutcome::to_json() const {
  json w = json::array();
  for (const auto& p : warnings) w.push_back(p.to_json());
  json out = {{"slug", slug},           {"version", version},
              {"draft", draft},         {"content_hash", content_hash},
              {"files", files},         {"bytes", bytes},
              {"generated", generated}, {"warnings", w}};
  if (!draft) out["cdn_base"] = themes::cdn_base_path(slug, version);
  return out;
}

std::string draft_prefix(const std::string& slug, const std::string& version) {
  return "themes/drafts/" + slug + "/v" + version + "/";
}

ThemePushPipeline::ThemePushPipeline(db::Database& db, themes::ThemeRegistry& registry,
                                     themes::ThemeCdn& cdn, blob::BlobStore& blobs,
                                     fs::path work_dir, ArchiveLimits limits,
                                     themes::ValidationLimits validation,
                                     std::string draft_url_secret)
    : db_(db),
      registry_(registry),
      cdn_(cdn),
      blobs_(blobs),
      work_dir_(std::move(work_dir)),
      limits_(limits),
      validation_(validation),
      configured_secret_(std::move(draft_url_secret)) {}

std::vector<db::Migration> ThemePushPipeline::migrations() {
  return {db::Migration{"publish", 1, kSchema}};
}

Status ThemePushPipeline::authorize_author(const std::string& slug, const Pusher& who) {
  if (who.admin) return {};
  if (who.user_id.empty()) return fail(errc::kUnauthorized, "pushing a theme needs a user's token");
  VITRINE_ASSIGN(auto owner, db_.exec("SELECT user_id FROM theme_owners WHERE slug = ?", {slug}));
  if (!owner.empty()) {
    if (owner.text(0, "user_id") == who.user_id) return {};
    return fail(errc::kForbidden, "theme '" + slug + "' belongs to another author",
                {{"slug", slug}});
  }
  // Themes synced by the platform (and not claimed by anyone) are the operators' to change.
  VITRINE_ASSIGN(auto known, registry_.slugs());
  if (std::find(known.begin(), known.end(), slug) != known.end())
    return fail(errc::kForbidden,
                "theme '" + slug + "' is a platform theme; only an admin can push it",
                {{"slug", slug}});
  return {};
}

Result<PushOutcome> ThemePushPipeline::push(std::string_view archive, const Pusher& who,
                                            const PushOptions& options) {
  if (archive.empty())
    return fail(errc::kInvalidArgument,
                "the request body is empty; send the theme as a gzip-compressed tar "
                "(Content-Type: application/gzip)");

  // 1. Temporary storage: the raw upload as a blob, removed whatever happens next.
  const std::string push_id = new_uuid();
  BlobRollback temp_blob(blobs_);
  VITRINE_TRY(temp_blob.put("themes/uploads/" + push_id + ".tar.gz", archive));

  std::error_code ec;
  fs::create_directories(work_dir_, ec);
  TempFolder tmp(work_dir_ / (".push-" + push_id));
  if (!fs::create_directories(tmp.path() / "upload", ec) || ec)
    return fail(errc::kIo,
                "cannot create the upload folder " + tmp.path().string() + ": " + ec.message());
  VITRINE_ASSIGN(auto unpacked, unpack_theme_archive(archive, tmp.path() / "upload", limits_));
  (void)unpacked;

  // 2. The slug and version name the folder the validator expects: <slug>/v<version>.
  std::vector<Problem> problems;
  const fs::path meta_path = tmp.path() / "upload" / "theme-metadata.json";
  if (!fs::is_regular_file(meta_path))
    return problems_error({Problem{"theme-metadata.json", "",
                                   "missing: the archive needs theme-metadata.json at its root "
                                   "(push the version folder, e.g. themes/shop/v1.0.0)"}});
  VITRINE_ASSIGN(std::string meta_text, read_file(meta_path));
  auto meta_doc = parse_json(meta_text);
  if (!meta_doc.ok())
    return problems_error({Problem{"theme-metadata.json", "", meta_doc.error().message}});
  // Slug and version name folders and blob keys below: without usable ones, stop at the
  // metadata's problems; with them, the full validation reports everything at once.
  auto string_field = [&](const char* key) -> std::string {
    auto it = meta_doc->is_object() ? meta_doc->find(key) : meta_doc->end();
    return it != meta_doc->end() && it->is_string() ? it->get<std::string>() : "";
  };
  const std::string slug = string_field("slug");
  const std::string version = string_field("version");
  if (!is_valid_slug(slug) || !parse_version(version) || version.find('+') != std::string::npos) {
    std::vector<Problem> meta_problems;
    (void)themes::validate_metadata(*meta_doc, "theme-metadata.json", "", "", meta_problems);
    if (meta_problems.empty())
      meta_problems.push_back(Problem{"theme-metadata.json", "/slug",
                                      "slug and version must be a theme slug and a semver"});
    return problems_error(meta_problems);
  }
  VITRINE_TRY(authorize_author(slug, who));

  // 3. Versions are immutable: refuse before doing any work.
  VITRINE_ASSIGN(auto registered, registry_.versions_with_files(slug));
  for (const auto& [v, _] : registered)
    if (v.version == version)
      return fail(errc::kConflict,
                  "theme '" + slug + "' version " + version +
                      " is already registered; versions are immutable, push a new version",
                  {{"slug", slug}, {"version", version}});
  VITRINE_ASSIGN(auto drafted, db_.exec("SELECT 1 FROM theme_drafts WHERE slug = ? AND version = ?",
                                        {slug, version}));
  if (!drafted.empty())
    return fail(errc::kConflict,
                "theme '" + slug + "' version " + version +
                    " is already a draft; publish it or push a new version",
                {{"slug", slug}, {"version", version}});

  // 4. Validate: the sync validator, then every stylesheet through libsass.
  const fs::path version_dir = tmp.path() / slug / ("v" + version);
  fs::create_directories(version_dir.parent_path(), ec);
  fs::rename(tmp.path() / "upload", version_dir, ec);
  if (ec) return fail(errc::kIo, "cannot prepare the upload folder: " + ec.message());
  auto validated = themes::validate_version_folder(version_dir, "", validation_);
  problems = std::move(validated.problems);
  // Stylesheets are checked even when the package has other problems, so one round trip
  // shows the author everything.
  std::vector<themes::PackageFile> files =
      validated.package ? validated.package->files
                        : themes::list_version_files(version_dir, "", validation_).files;
  std::set<std::string> names;
  for (const auto& f : files) names.insert(f.path);

  // 5. Read every original, check CSS and build the generated files next to them.
  std::vector<OutputFile> outputs;
  std::vector<std::string> generated;
  std::vector<Problem> warnings;
  json preview_images = json::array(), documentation = json::array();
  auto add_generated = [&](std::string path, std::string data) {
    if (names.count(path)) return;  // the author ships their own: theirs wins
    names.insert(path);
    generated.push_back(path);
    outputs.push_back(OutputFile{std::move(path), std::move(data)});
  };
  {
    for (const auto& f : files) {
      VITRINE_ASSIGN(std::string data, read_file(f.source));
      if (themes::extension_of(f.path) == "css") {
        CssResult css = check_and_minify_css(data, f.path);
        if (css.problem) {
          problems.push_back(Problem{f.path,
                                     "line " + std::to_string(css.problem->line) + ", column " +
                                         std::to_string(css.problem->column),
                                     css.problem->message});
        } else if (!ascii_lower(f.path).ends_with(".min.css") && css.minified) {
          outputs.push_back(OutputFile{f.path, std::move(data)});
          add_generated(without_extension(f.path) + ".min.css", std::move(*css.minified));
          continue;
        }
      } else if (f.path.starts_with("previews/") && is_preview_image(f.path) &&
                 f.path.find(".thumbnail.") == std::string::npos &&
                 f.path.find(".full.") == std::string::npos) {
        auto made = make_previews(data, f.path);
        if (!made.ok()) {
          problems.push_back(Problem{f.path, "", made.error().message});
        } else {
          const std::string stem = without_extension(f.path);
          add_generated(stem + ".thumbnail.jpg", std::move(made->thumbnail.jpeg));
          add_generated(stem + ".full.jpg", std::move(made->full.jpeg));
          preview_images.push_back({{"source", f.path},
                                    {"thumbnail", stem + ".thumbnail.jpg"},
                                    {"full", stem + ".full.jpg"},
                                    {"width", made->full.width},
                                    {"height", made->full.height}});
        }
      } else if (f.path.starts_with("docs/") && themes::extension_of(f.path) == "md") {
        const std::string html_path = without_extension(f.path) + ".html";
        std::string title = markdown_title(data, f.path.substr(5));
        add_generated(html_path, markdown_to_html(data));
        documentation.push_back({{"title", title}, {"source", f.path}, {"html", html_path}});
      }
      outputs.push_back(OutputFile{f.path, std::move(data)});
    }
  }
  // Precompressed copies sit beside originals as <path>.br / <path>.gz.
  for (const auto& o : outputs)
    for (const char* ext : {".br", ".gz"})
      if (names.count(o.path + ext))
        problems.push_back(Problem{o.path + ext, "",
                                   std::string("name is reserved for the precompressed copy of ") +
                                       o.path + "; rename it"});
  if (!problems.empty()) return problems_error(problems);
  if (preview_images.empty())
    warnings.push_back(Problem{"previews/", "",
                               "no preview images: add previews/thumbnail.png (or .jpg, .webp) so "
                               "the catalogue can show the theme"});

  // 6. Metadata extraction: what the pipeline made is listed in the version's metadata.
  themes::ThemePackage pkg = std::move(*validated.package);
  json& raw = pkg.metadata.raw;
  // Paths are relative to the version folder, like every path in the metadata; the catalogue
  // shows the author's declared thumbnail when there is one, else the first image.
  if (!preview_images.empty()) {
    const json* primary = &preview_images[0];
    if (auto it = raw.find("preview_images"); it != raw.end() && it->is_object())
      if (auto t = it->find("thumbnail"); t != it->end() && t->is_string())
        for (const auto& p : preview_images)
          if (p["source"] == *t) primary = &p;
    raw["previews"] = {{"thumbnail", (*primary)["thumbnail"]},
                       {"full_preview", (*primary)["full"]},
                       {"images", preview_images}};
  }
  if (!documentation.empty()) raw["documentation"] = documentation;

  // 7. One push of a version at a time, across processes.
  const int64_t now = unix_seconds_now();
  VITRINE_TRY(db_.exec("DELETE FROM push_claims WHERE claimed_at < ?", {now - kStaleClaimSeconds}));
  auto claimed = db_.exec("INSERT INTO push_claims (slug, version, claimed_at) VALUES (?, ?, ?)",
                          {slug, version, now});
  if (!claimed.ok()) {
    if (claimed.error().code == errc::kAlreadyExists)
      return fail(errc::kConflict,
                  "theme '" + slug + "' version " + version + " is being pushed right now",
                  {{"slug", slug}, {"version", version}});
    return claimed.error();
  }
  struct ClaimRelease {
    db::Database& db;
    std::string slug, version;
    ~ClaimRelease() {
      (void)db.exec("DELETE FROM push_claims WHERE slug = ? AND version = ?", {slug, version});
    }
  } release{db_, slug, version};

  // 8. Store, then register: a failure deletes every blob written so far.
  std::sort(outputs.begin(), outputs.end(),
            [](const OutputFile& a, const OutputFile& b) { return a.path < b.path; });
  const std::string prefix =
      options.draft ? draft_prefix(slug, version) : themes::published_prefix(slug, version);
  BlobRollback stored(blobs_);
  std::vector<themes::FileRecord> records;
  PushOutcome out;
  for (const auto& o : outputs) {
    VITRINE_ASSIGN(auto rec,
                   themes::store_version_file(blobs_, prefix, o.path, o.data, stored.written()));
    out.bytes += static_cast<int64_t>(rec.size);
    records.push_back(std::move(rec));
  }
  out.slug = slug;
  out.version = version;
  out.draft = options.draft;
  out.content_hash = themes::version_content_hash(records);
  out.files = static_cast<int64_t>(records.size());
  out.generated = std::move(generated);
  out.warnings = std::move(warnings);

  const std::string created = now_iso8601();
  Status saved = db_.transaction([&](db::Session& s) -> Status {
    if (!who.admin) {
      VITRINE_ASSIGN(auto owner, s.exec("SELECT user_id FROM theme_owners WHERE slug = ?", {slug}));
      if (owner.empty())
        VITRINE_TRY(s.exec("INSERT INTO theme_owners (slug, user_id, created_at) VALUES (?, ?, ?)",
                           {slug, who.user_id, created}));
      else if (owner.text(0, "user_id") != who.user_id)
        return fail(errc::kForbidden, "theme '" + slug + "' belongs to another author",
                    {{"slug", slug}});
    }
    if (options.draft) {
      VITRINE_TRY(
          s.exec("INSERT INTO theme_drafts (slug, version, owner_user_id, content_hash, metadata, "
                 "puck_config, files, file_count, total_bytes, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {slug, version, who.user_id, out.content_hash, raw.dump(), pkg.puck_config.dump(),
                  file_records_json(records).dump(), out.files, out.bytes, created}));
      return {};
    }
    // Joins this transaction: the owner row and the version commit together or not at all.
    VITRINE_TRY(registry_.register_version(pkg, records, out.content_hash));
    return {};
  });
  if (!saved.ok()) {
    if (saved.error().code != errc::kAlreadyExists) return saved.error();
    // A sync registered the same version meanwhile: its files are under the same keys, so they
    // stay; the push itself is refused.
    if (!options.draft) stored.commit();
    return fail(errc::kConflict,
                "theme '" + slug + "' version " + version + " was pushed meanwhile",
                {{"slug", slug}, {"version", version}});
  }
  // The moving aliases (latest, ranges) resolve through the CDN index: reload it now.
  if (!options.draft) (void)cdn_.refresh();
  stored.commit();
  return out;
}

Result<std::vector<DraftRecord>> ThemePushPipeline::drafts(const std::string& slug,
                                                           const Pusher& who) {
  VITRINE_ASSIGN(auto rows, db_.exec("SELECT * FROM theme_drafts WHERE slug = ? ORDER BY "
                                     "created_at DESC, version DESC",
                                     {slug}));
  std::vector<DraftRecord> out;
  for (size_t i = 0; i < rows.rows.size(); ++i) {
    DraftRecord d = draft_from_row(rows, i);
    if (who.admin || (!who.user_id.empty() && d.owner_user_id == who.user_id))
      out.push_back(std::move(d));
  }
  return out;
}

Result<DraftRecord> ThemePushPipeline::draft(const std::string& theme, const std::string& version,
                                             const Pusher& who) {
  std::string slug = theme;
  if (!is_valid_slug(theme)) {
    auto t = registry_.get(theme);
    if (t.ok()) slug = t->theme.slug;
  }
  VITRINE_ASSIGN(auto rows, db_.exec("SELECT * FROM theme_drafts WHERE slug = ? AND version = ?",
                                     {slug, version}));
  // Another author's draft is as invisible as a missing one.
  if (rows.empty() ||
      !(who.admin || (!who.user_id.empty() && rows.text(0, "owner_user_id") == who.user_id)))
    return fail(errc::kNotFound, "theme '" + theme + "' has no draft version " + version,
                {{"theme", theme}, {"version", version}});
  return draft_from_row(rows, 0);
}

Result<PushOutcome> ThemePushPipeline::publish_draft(const std::string& theme,
                                                     const std::string& version,
                                                     const Pusher& who) {
  VITRINE_ASSIGN(DraftRecord d, draft(theme, version, who));
  VITRINE_ASSIGN(auto rows, db_.exec("SELECT * FROM theme_drafts WHERE slug = ? AND version = ?",
                                     {d.slug, d.version}));
  if (rows.empty())
    return fail(errc::kNotFound, "theme '" + theme + "' has no draft version " + version);
  VITRINE_ASSIGN(json meta_doc, parse_json(rows.text(0, "metadata")));
  VITRINE_ASSIGN(json puck, parse_json(rows.text(0, "puck_config")));
  VITRINE_ASSIGN(json files_doc, parse_json(rows.text(0, "files")));
  std::vector<themes::FileRecord> records = file_records_from_json(files_doc);

  std::vector<Problem> problems;
  auto meta =
      themes::validate_metadata(meta_doc, "theme-metadata.json", d.slug, d.version, problems);
  if (!meta) return problems_error(problems);
  themes::ThemePackage pkg{std::move(*meta), std::move(puck), {}};

  const std::string from = draft_prefix(d.slug, d.version);
  const std::string to = themes::published_prefix(d.slug, d.version);
  BlobRollback copied(blobs_);
  for (const auto& f : records) {
    std::vector<std::string> suffixes{""};
    if (f.has_br) suffixes.push_back(".br");
    if (f.has_gzip) suffixes.push_back(".gz");
    for (const auto& sfx : suffixes) {
      VITRINE_ASSIGN(std::string data, blobs_.get(from + f.path + sfx));
      VITRINE_TRY(copied.put(to + f.path + sfx, data));
    }
  }
  auto reg = registry_.register_version(pkg, records, d.content_hash);
  if (!reg.ok()) {
    if (reg.error().code == errc::kAlreadyExists) {
      copied.commit();  // the registered version owns these keys now
      return fail(errc::kConflict,
                  "theme '" + d.slug + "' version " + d.version + " is already registered",
                  {{"slug", d.slug}, {"version", d.version}});
    }
    return reg.error();
  }
  copied.commit();
  (void)db_.exec("DELETE FROM theme_drafts WHERE slug = ? AND version = ?", {d.slug, d.version});
  for (const auto& f : records) {
    (void)blobs_.remove(from + f.path);
    if (f.has_br) (void)blobs_.remove(from + f.path + ".br");
    if (f.has_gzip) (void)blobs_.remove(from + f.path + ".gz");
  }
  (void)cdn_.refresh();

  PushOutcome out;
  out.slug = d.slug;
  out.version = d.version;
  out.content_hash = d.content_hash;
  out.files = d.files;
  out.bytes = d.bytes;
  return out;
}

Result<std::string> ThemePushPipeline::draft_url_secret() {
  if (!configured_secret_.empty()) return configured_secret_;
  std::lock_guard lock(secret_mu_);
  if (!secret_.empty()) return secret_;
  // Insert-if-absent, then read: concurrent first starts of several nodes agree on one secret.
  auto inserted = db_.exec("INSERT INTO publish_secrets (name, value) VALUES ('draft_urls', ?)",
                           {random_hex(32)});
  if (!inserted.ok() && inserted.error().code != errc::kAlreadyExists) return inserted.error();
  VITRINE_ASSIGN(auto row,
                 db_.exec("SELECT value FROM publish_secrets WHERE name = 'draft_urls'", {}));
  if (row.empty()) return fail(errc::kInternal, "the draft URL secret could not be stored");
  secret_ = row.text(0, "value");
  return secret_;
}

Result<std::vector<std::string>> ThemePushPipeline::draft_files(const std::string& slug,
                                                                const std::string& version) {
  VITRINE_ASSIGN(
      auto rows,
      db_.exec("SELECT files FROM theme_drafts WHERE slug = ? AND version = ?", {slug, version}));
  if (rows.empty())
    return fail(errc::kNotFound, "theme '" + slug + "' has no draft version " + version);
  VITRINE_ASSIGN(json files, parse_json(rows.text(0, "files")));
  std::vector<std::string> out;
  for (const auto& f : file_records_from_json(files)) out.push_back(f.path);
  std::sort(out.begin(), out.end());
  return out;
}

Result<DraftFile> ThemePushPipeline::draft_file(const std::string& slug, const std::string& version,
                                                const std::string& path) {
  if (!themes::is_safe_relative_path(path))
    return fail(errc::kInvalidArgument,
                "draft file path '" + path + "' is not a plain relative path", {{"path", path}});
  VITRINE_ASSIGN(
      auto rows,
      db_.exec("SELECT files FROM theme_drafts WHERE slug = ? AND version = ?", {slug, version}));
  if (rows.empty())
    return fail(errc::kNotFound, "theme '" + slug + "' has no draft version " + version);
  VITRINE_ASSIGN(json files, parse_json(rows.text(0, "files")));
  for (const auto& f : file_records_from_json(files))
    if (f.path == path)
      return DraftFile{draft_prefix(slug, version) + path, f.size, f.content_type};
  return fail(errc::kNotFound, "draft " + slug + " " + version + " has no file '" + path + "'",
              {{"slug", slug}, {"version", version}, {"path", path}});
}

}  // namespace vitrine::theme_push
