#include "media/media_library.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/problems.h"
#include "media/images.h"

namespace vitrine::media {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE media_files (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  file_name TEXT NOT NULL,
  alt TEXT NOT NULL DEFAULT '',
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  frames INTEGER NOT NULL,
  bytes BIGINT NOT NULL,
  stored_bytes BIGINT NOT NULL,
  variants TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (workspace_id, sha256)
);
CREATE INDEX media_files_by_workspace ON media_files (workspace_id, created_at);
CREATE TABLE media_usage (
  workspace_id TEXT PRIMARY KEY,
  stored_bytes BIGINT NOT NULL,
  files BIGINT NOT NULL
);
)sql";

const char* mime_of(const std::string& format) {
  if (format == "jpeg") return "image/jpeg";
  if (format == "png") return "image/png";
  if (format == "webp") return "image/webp";
  if (format == "gif") return "image/gif";
  return "image/avif";
}

std::string ext_of(const std::string& format) { return format == "jpeg" ? "jpg" : format; }

MediaFile file_from_row(const db::QueryResult& r, size_t i) {
  MediaFile f;
  f.id = r.text(i, "id");
  f.workspace_id = r.text(i, "workspace_id");
  f.sha256 = r.text(i, "sha256");
  f.format = r.text(i, "format");
  f.mime = mime_of(f.format);
  f.file_name = r.text(i, "file_name");
  f.alt = r.text(i, "alt");
  f.width = static_cast<int>(r.integer(i, "width"));
  f.height = static_cast<int>(r.integer(i, "height"));
  f.frames = static_cast<int>(r.integer(i, "frames"));
  f.bytes = r.integer(i, "bytes");
  f.stored_bytes = r.integer(i, "stored_bytes");
  json variants = json::parse(r.text(i, "variants"), nullptr, false);
  if (variants.is_array())
    for (const auto& v : variants)
      f.variants.push_back({v.value("name", ""), v.value("width", 0), v.value("height", 0),
                            v.value("bytes", int64_t{0})});
  f.created_at = r.text(i, "created_at");
  f.updated_at = r.text(i, "updated_at");
  return f;
}

std::string original_name(const MediaFile& f) {
  return std::to_string(f.width) + "x" + std::to_string(f.height) + "." + ext_of(f.format);
}

std::string blob_key(const std::string& workspace_id, const std::string& sha256,
                     const std::string& name) {
  return "media/" + workspace_id + "/" + sha256 + "/" + name;
}

Error file_not_found(const std::string& id) {
  return make_error(errc::kNotFound, "media file '" + id + "' not found", {{"media_id", id}});
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
           return std::isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

// A stored name: "w640.webp", "thumb.webp" or "<w>x<h>.<ext>".
bool is_media_name(const std::string& name) {
  if (name.empty() || name.size() > 40) return false;
  return std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '.'; }) &&
         name.find("..") == std::string::npos && name.front() != '.';
}

Result<std::string> check_alt(const std::string& alt) {
  if (utf8_length(alt) > kMaxAltLength)
    return fail(errc::kValidationFailed, "alt: at most 500 characters",
                {{"problems", {{{"pointer", "/alt"}, {"message", "at most 500 characters"}}}}});
  for (unsigned char c : alt)
    if (c < 0x20 && c != '\t')
      return fail(errc::kValidationFailed, "alt: control characters are not allowed",
                  {{"problems",
                    {{{"pointer", "/alt"}, {"message", "control characters are not allowed"}}}}});
  return alt;
}

}  // namespace

std::string MediaFile::url_prefix() const {
  return "/cdn/media/" + workspace_id + "/" + sha256 + "/";
}

std::string MediaFile::url() const { return url_prefix() + original_name(*this); }

std::vector<db::Migration> MediaLibrary::migrations() {
  return {db::Migration{"media", 1, kSchema}};
}

Result<MediaFile> MediaLibrary::find_by_hash(const std::string& workspace_id,
                                             const std::string& sha256) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM media_files WHERE workspace_id = ? AND sha256 = ?",
                                  {workspace_id, sha256}));
  if (r.empty()) return fail(errc::kNotFound, "no media file with these bytes");
  return file_from_row(r, 0);
}

Result<UploadResult> MediaLibrary::upload(const std::string& workspace_id, Upload upload,
                                          int64_t quota_bytes) {
  if (upload.bytes.size() > kMaxUploadBytes)
    return fail(errc::kPayloadTooLarge,
                "the file is " + std::to_string(upload.bytes.size()) + " bytes; at most " +
                    std::to_string(kMaxUploadBytes) + " bytes are accepted",
                {{"limit", kMaxUploadBytes}, {"bytes", upload.bytes.size()}});
  VITRINE_ASSIGN(upload.alt, check_alt(upload.alt));
  if (utf8_length(upload.file_name) > kMaxFileNameLength)
    return fail(
        errc::kValidationFailed, "file_name: at most 200 characters",
        {{"problems", {{{"pointer", "/file_name"}, {"message", "at most 200 characters"}}}}});
  const std::string sha = sha256_hex(upload.bytes);
  if (auto existing = find_by_hash(workspace_id, sha); existing.ok())
    return UploadResult{std::move(*existing), false};

  VITRINE_ASSIGN(auto image, process_image(upload.bytes, upload.content_type));
  MediaFile f;
  f.id = new_uuid();
  f.workspace_id = workspace_id;
  f.sha256 = sha;
  f.format = image.format.name;
  f.mime = image.format.mime;
  f.file_name = upload.file_name.empty() ? original_name(f) : upload.file_name;
  f.alt = upload.alt;
  f.width = image.width;
  f.height = image.height;
  f.frames = image.frames;
  f.bytes = static_cast<int64_t>(upload.bytes.size());
  f.stored_bytes = f.bytes;
  for (const auto& v : image.variants) {
    f.variants.push_back({v.name, v.width, v.height, static_cast<int64_t>(v.bytes.size())});
    f.stored_bytes += static_cast<int64_t>(v.bytes.size());
  }
  if (f.file_name.empty()) f.file_name = original_name(f);
  f.created_at = f.updated_at = now_iso8601();

  // Refused early, before any byte is stored; the update below is the authoritative check.
  VITRINE_ASSIGN(auto before, usage(workspace_id, quota_bytes));
  auto over_quota = [&](int64_t used) {
    return fail(
        errc::kQuotaExceeded,
        "the media library is full: " + std::to_string(used) + " of " +
            std::to_string(quota_bytes) + " bytes used, this image needs " +
            std::to_string(f.stored_bytes) + " with its variants",
        {{"quota_bytes", quota_bytes}, {"used_bytes", used}, {"needed_bytes", f.stored_bytes}});
  };
  if (before.used_bytes + f.stored_bytes > quota_bytes) return over_quota(before.used_bytes);

  // The bytes first, then the row: a row never names bytes that are not there. Keys are the
  // content's hash, so a failure below removes only what no row names.
  Status stored = blobs_.put(blob_key(workspace_id, sha, original_name(f)), upload.bytes);
  for (size_t i = 0; stored.ok() && i < image.variants.size(); ++i)
    stored =
        blobs_.put(blob_key(workspace_id, sha, image.variants[i].name), image.variants[i].bytes);
  json variants = json::array();
  for (const auto& v : f.variants)
    variants.push_back(
        {{"name", v.name}, {"width", v.width}, {"height", v.height}, {"bytes", v.bytes}});
  Status saved = stored;
  if (stored.ok()) {
    saved = db_.transaction([&](db::Session& s) -> Status {
      VITRINE_TRY(
          s.exec("INSERT INTO media_usage (workspace_id, stored_bytes, files) VALUES (?, 0, 0) "
                 "ON CONFLICT (workspace_id) DO NOTHING",
                 {workspace_id}));
      VITRINE_ASSIGN(auto room,
                     s.exec("UPDATE media_usage SET stored_bytes = stored_bytes + ?, "
                            "files = files + 1 WHERE workspace_id = ? AND stored_bytes + ? <= ?",
                            {f.stored_bytes, workspace_id, f.stored_bytes, quota_bytes}));
      if (room.changes == 0) {
        VITRINE_ASSIGN(auto now, s.exec("SELECT stored_bytes FROM media_usage WHERE "
                                        "workspace_id = ?",
                                        {workspace_id}));
        return over_quota(now.empty() ? 0 : now.integer(0, "stored_bytes"));
      }
      VITRINE_TRY(s.exec(
          "INSERT INTO media_files (id, workspace_id, sha256, format, file_name, alt, width, "
          "height, frames, bytes, stored_bytes, variants, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {f.id, workspace_id, sha, f.format, f.file_name, f.alt, int64_t{f.width},
           int64_t{f.height}, int64_t{f.frames}, f.bytes, f.stored_bytes, variants.dump(),
           f.created_at, f.updated_at}));
      return {};
    });
  }
  if (!saved.ok()) {
    // The same bytes uploaded at the same moment: the other upload's row names these keys.
    if (auto existing = find_by_hash(workspace_id, sha); existing.ok())
      return UploadResult{std::move(*existing), false};
    remove_blobs(f);
    return saved.error();
  }
  return UploadResult{std::move(f), true};
}

Result<MediaFile> MediaLibrary::get(const std::string& workspace_id, const std::string& id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM media_files WHERE workspace_id = ? AND id = ?",
                                  {workspace_id, id}));
  if (r.empty()) return file_not_found(id);
  return file_from_row(r, 0);
}

Result<MediaPage> MediaLibrary::list(const std::string& workspace_id, int page, int page_size) {
  MediaPage out;
  out.page = page;
  out.page_size = page_size;
  VITRINE_ASSIGN(auto count, db_.exec("SELECT COUNT(*) AS n FROM media_files WHERE "
                                      "workspace_id = ?",
                                      {workspace_id}));
  out.total = count.integer(0, "n");
  VITRINE_ASSIGN(auto r,
                 db_.exec("SELECT * FROM media_files WHERE workspace_id = ? "
                          "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                          {workspace_id, int64_t{page_size}, int64_t{page - 1} * page_size}));
  for (size_t i = 0; i < r.rows.size(); ++i) out.items.push_back(file_from_row(r, i));
  return out;
}

Result<MediaFile> MediaLibrary::set_alt(const std::string& workspace_id, const std::string& id,
                                        const std::string& alt) {
  VITRINE_ASSIGN(auto checked, check_alt(alt));
  VITRINE_ASSIGN(auto r, db_.exec("UPDATE media_files SET alt = ?, updated_at = ? "
                                  "WHERE workspace_id = ? AND id = ?",
                                  {checked, now_iso8601(), workspace_id, id}));
  if (r.changes == 0) return file_not_found(id);
  return get(workspace_id, id);
}

Status MediaLibrary::remove(const std::string& workspace_id, const std::string& id) {
  VITRINE_ASSIGN(auto f, get(workspace_id, id));
  VITRINE_ASSIGN(auto refs, references_(workspace_id, f.url_prefix()));
  if (!refs.empty()) {
    json list = json::array();
    std::string names;
    for (const auto& ref : refs) {
      list.push_back({{"kind", ref.kind}, {"id", ref.id}, {"title", ref.title}});
      if (list.size() <= 3)
        names += (names.empty() ? "" : ", ") + ref.kind + " '" + ref.title + "'";
    }
    return fail(errc::kConflict,
                "media file '" + f.file_name + "' is in use by " + names +
                    (refs.size() > 3 ? " and " + std::to_string(refs.size() - 3) + " more" : "") +
                    "; remove it there first",
                {{"media_id", id}, {"references", list}});
  }
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto gone, s.exec("DELETE FROM media_files WHERE workspace_id = ? AND id = ?",
                                     {workspace_id, id}));
    if (gone.changes == 0) return file_not_found(id);
    VITRINE_TRY(
        s.exec("UPDATE media_usage SET stored_bytes = stored_bytes - ?, files = files - 1 "
               "WHERE workspace_id = ?",
               {f.stored_bytes, workspace_id}));
    return {};
  }));
  remove_blobs(f);
  return {};
}

void MediaLibrary::remove_blobs(const MediaFile& f) {
  std::vector<std::string> names{original_name(f)};
  for (const auto& v : f.variants) names.push_back(v.name);
  for (const auto& name : names) {
    // An orphan costs storage, never correctness: no row names it.
    if (auto st = blobs_.remove(blob_key(f.workspace_id, f.sha256, name)); !st.ok())
      spdlog::warn("media: could not remove {}: {}", name, st.error().message);
  }
}

Result<Usage> MediaLibrary::usage(const std::string& workspace_id, int64_t quota_bytes) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT stored_bytes, files FROM media_usage WHERE "
                                  "workspace_id = ?",
                                  {workspace_id}));
  Usage u;
  u.quota_bytes = quota_bytes;
  if (!r.empty()) {
    u.used_bytes = r.integer(0, "stored_bytes");
    u.files = r.integer(0, "files");
  }
  return u;
}

Result<std::string> MediaLibrary::read(const std::string& workspace_id, const std::string& sha256,
                                       const std::string& name) {
  if (!is_uuid(workspace_id) || !is_hex64(sha256) || !is_media_name(name))
    return fail(errc::kNotFound, "no such media file");
  return blobs_.get(blob_key(workspace_id, sha256, name));
}

json to_json(const MediaFile& f) {
  json variants = json::array();
  std::string thumbnail;
  for (const auto& v : f.variants) {
    variants.push_back({{"name", v.name},
                        {"url", f.url_prefix() + v.name},
                        {"width", v.width},
                        {"height", v.height},
                        {"bytes", v.bytes}});
    if (v.name == "thumb.webp") thumbnail = f.url_prefix() + v.name;
  }
  return {{"id", f.id},
          {"workspace_id", f.workspace_id},
          {"sha256", f.sha256},
          {"url", f.url()},
          {"srcset", srcset_for(f.url())},
          {"thumbnail_url", thumbnail},
          {"variants", variants},
          {"format", f.format},
          {"mime", f.mime},
          {"file_name", f.file_name},
          {"alt", f.alt},
          {"width", f.width},
          {"height", f.height},
          {"frames", f.frames},
          {"bytes", f.bytes},
          {"stored_bytes", f.stored_bytes},
          {"created_at", f.created_at},
          {"updated_at", f.updated_at}};
}

std::string srcset_for(const std::string& url) {
  // "/cdn/media/<workspace>/<64 hex>/<w>x<h>.<ext>", possibly after an origin; the same
  // pattern as the sandbox's (sandbox/prelude.cc MEDIA_URL).
  static const std::regex kMediaUrl(
      R"(^(.*/cdn/media/[^/]+/[0-9a-f]{64}/)(\d{1,5})x\d{1,5}\.[a-z]+$)");
  std::smatch m;
  if (!std::regex_match(url, m, kMediaUrl)) return "";
  const std::string base = m[1];
  std::string out;
  for (int width : variant_widths(std::stoi(m[2]))) {
    if (!out.empty()) out += ", ";
    out += base + "w" + std::to_string(width) + ".webp " + std::to_string(width) + "w";
  }
  return out;
}

std::string content_type_for(const std::string& name) {
  const std::string ext = name.substr(name.rfind('.') + 1);
  if (ext == "jpg") return "image/jpeg";
  if (ext == "png" || ext == "webp" || ext == "gif" || ext == "avif") return "image/" + ext;
  return "application/octet-stream";
}

}  // namespace vitrine::media
