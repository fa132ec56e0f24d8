#include "themes/sync.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/clock.h"
#include "core/hash.h"
#include "core/text.h"
#include "themes/compress.h"

namespace vitrine::themes {
namespace fs = std::filesystem;
using nlohmann::json;

const char* state_name(VersionState s) {
  switch (s) {
    case VersionState::kRegistered:
      return "registered";
    case VersionState::kUnchanged:
      return "unchanged";
    case VersionState::kPending:
      return "not synced";
    case VersionState::kInvalid:
      return "invalid";
    case VersionState::kModified:
      return "modified after registration";
    case VersionState::kMissing:
      return "missing from source";
    case VersionState::kFailed:
      return "failed";
  }
  return "unknown";
}

namespace {

// The state recorded in sync results and the manifest: stable across runs, so a re-sync with
// nothing changed writes nothing ("registered" and "unchanged" are the same lasting fact).
const char* lasting_state(VersionState s) {
  return s == VersionState::kUnchanged ? state_name(VersionState::kRegistered) : state_name(s);
}

bool is_version_folder_name(const std::string& name) { return name.size() > 1 && name[0] == 'v'; }

bool will_compress(const PackageFile& f) {
  return is_compressible(f.path) && f.size >= kMinCompressBytes;
}

// Reads one file of a new version, stores it and its compressed copies, and describes it.
Result<FileRecord> store_file(blob::BlobStore& blobs, const PackageFile& f, const std::string& slug,
                              const std::string& version) {
  VITRINE_ASSIGN(std::string data, read_file(f.source));
  if (data.size() != f.size)
    return fail(errc::kConflict, f.path + ": changed while being synced (size differs)");
  VITRINE_ASSIGN(FileRecord rec,
                 store_version_file(blobs, published_prefix(slug, version), f.path, data));
  rec.source_mtime_ns = f.mtime_ns;
  return rec;
}

}  // namespace

Result<FileRecord> store_version_file(blob::BlobStore& blobs, const std::string& prefix,
                                      const std::string& path, std::string_view data,
                                      std::vector<std::string>* written) {
  FileRecord rec;
  rec.path = path;
  rec.size = data.size();
  rec.sha256 = sha256_hex(data);
  rec.content_type = content_type_for(path);
  const std::string key = prefix + path;
  auto put = [&](const std::string& k, std::string_view bytes) {
    // Recorded before the write: a failed put may still have left an object behind.
    if (written) written->push_back(k);
    return blobs.put(k, bytes);
  };
  VITRINE_TRY(put(key, data));
  if (is_compressible(path) && data.size() >= kMinCompressBytes) {
    if (auto br = brotli_compress(data)) {
      VITRINE_TRY(put(key + ".br", *br));
      rec.has_br = true;
    }
    if (auto gz = gzip_compress(data)) {
      VITRINE_TRY(put(key + ".gz", *gz));
      rec.has_gzip = true;
    }
  }
  return rec;
}

bool VersionReport::failed() const {
  return state == VersionState::kInvalid || state == VersionState::kModified ||
         state == VersionState::kFailed;
}

bool SyncReport::ok() const {
  return std::none_of(versions.begin(), versions.end(),
                      [](const VersionReport& v) { return v.failed(); });
}

size_t SyncReport::count(VersionState s) const {
  return static_cast<size_t>(std::count_if(versions.begin(), versions.end(),
                                           [&](const VersionReport& v) { return v.state == s; }));
}

json SyncReport::to_json() const {
  json items = json::array();
  for (const auto& v : versions) {
    json problems = json::array();
    for (const auto& p : v.problems) problems.push_back(p.to_json());
    items.push_back({{"slug", v.slug},
                     {"version", v.version},
                     {"state", state_name(v.state)},
                     {"content_hash", v.content_hash},
                     {"files", v.files},
                     {"bytes", v.bytes},
                     {"problems", problems}});
  }
  json counts = json::object();
  for (auto s : {VersionState::kRegistered, VersionState::kUnchanged, VersionState::kPending,
                 VersionState::kInvalid, VersionState::kModified, VersionState::kMissing,
                 VersionState::kFailed})
    counts[state_name(s)] = count(s);
  return {{"ok", ok()},
          {"changed", count(VersionState::kRegistered) > 0},
          {"counts", counts},
          {"versions", items}};
}

ThemeSync::ThemeSync(ThemeRegistry& registry, blob::BlobStore& blobs, fs::path themes_dir,
                     ValidationLimits limits, int workers)
    : registry_(registry),
      blobs_(blobs),
      themes_dir_(std::move(themes_dir)),
      limits_(limits),
      workers_(workers > 0 ? workers : std::max(1u, std::thread::hardware_concurrency())) {}

std::string ThemeSync::display_root(const std::string& slug, const std::string& folder) const {
  // Problems name files the way the author sees them: "themes/<slug>/<folder>".
  fs::path dir = themes_dir_.lexically_normal();
  std::string name = dir.filename().string();
  if (name.empty()) name = dir.parent_path().filename().string();
  if (name.empty() || name == ".") name = "themes";
  std::string out = name + "/" + slug;
  if (!folder.empty()) out += "/" + folder;
  return out;
}

Result<SyncReport> ThemeSync::sync(const std::optional<std::string>& slug,
                                   const SyncProgress& progress) {
  std::lock_guard lock(sync_mu_);
  return run(slug, true, progress);
}

Result<SyncReport> ThemeSync::inspect(const std::optional<std::string>& slug) {
  return run(slug, false, {});
}

Result<SyncReport> ThemeSync::run(const std::optional<std::string>& slug, bool write,
                                  const SyncProgress& progress) {
  std::set<std::string> slugs;
  std::vector<VersionReport> folder_problems;
  if (slug) {
    if (!is_valid_slug(*slug))
      return fail(errc::kInvalidArgument,
                  "'" + *slug + "' is not a theme slug (lower-case letters, digits, hyphens)");
    VITRINE_ASSIGN(auto known, registry_.slugs());
    bool registered = std::find(known.begin(), known.end(), *slug) != known.end();
    if (!registered && !fs::is_directory(themes_dir_ / *slug))
      return fail(errc::kNotFound,
                  "theme '" + *slug + "' is neither in " + themes_dir_.string() + " nor registered",
                  {{"slug", *slug}});
    slugs.insert(*slug);
  } else {
    VITRINE_ASSIGN(auto known, registry_.slugs());
    slugs.insert(known.begin(), known.end());
    std::error_code ec;
    if (fs::is_directory(themes_dir_, ec)) {
      for (const auto& entry : fs::directory_iterator(themes_dir_, ec)) {
        if (!entry.is_directory()) continue;
        std::string name = entry.path().filename().string();
        if (name.starts_with(".")) continue;
        if (!is_valid_slug(name)) {
          VersionReport r{name, "", VersionState::kInvalid};
          r.problems.push_back(Problem{display_root(name, ""), "",
                                       "folder name is not a theme slug (lower-case letters, "
                                       "digits and single hyphens)"});
          folder_problems.push_back(std::move(r));
          continue;
        }
        slugs.insert(name);
      }
    }
  }

  // Themes are independent: a pool of workers takes them one at a time.
  std::vector<std::string> todo(slugs.begin(), slugs.end());
  std::vector<std::vector<VersionReport>> results(todo.size());
  std::atomic<size_t> next{0}, done{0};
  std::mutex progress_mu;
  auto work = [&] {
    for (size_t i = next++; i < todo.size(); i = next++) {
      results[i] = sync_theme(todo[i], write);
      size_t d = ++done;
      if (progress) {
        std::lock_guard lock(progress_mu);
        progress(d, todo.size(), todo[i]);
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    int n = std::min<int>(workers_, static_cast<int>(todo.size()));
    for (int i = 1; i < n; ++i) pool.emplace_back(work);
    work();
  }

  SyncReport report;
  report.versions = std::move(folder_problems);
  for (auto& r : results)
    for (auto& v : r) report.versions.push_back(std::move(v));
  std::sort(report.versions.begin(), report.versions.end(),
            [](const VersionReport& a, const VersionReport& b) {
              if (a.slug != b.slug) return a.slug < b.slug;
              auto va = parse_version(a.version), vb = parse_version(b.version);
              if (va && vb) return *va < *vb;
              return a.version < b.version;
            });

  if (write) {
    std::vector<SyncResult> rows;
    const std::string now = now_iso8601();
    for (const auto& v : report.versions) {
      json problems = json::array();
      for (const auto& p : v.problems) problems.push_back(p.to_json());
      rows.push_back(
          SyncResult{v.slug, v.version, lasting_state(v.state), v.content_hash, now, problems});
    }
    VITRINE_TRY(registry_.record_sync_results(rows, slug));
    VITRINE_TRY(write_manifest());
  }
  return report;
}

std::vector<VersionReport> ThemeSync::sync_theme(const std::string& slug, bool write) {
  std::vector<VersionReport> out;
  auto registered = registry_.versions_with_files(slug);
  if (!registered.ok()) {
    VersionReport r{slug, "", VersionState::kFailed};
    r.problems.push_back(Problem{display_root(slug, ""), "", registered.error().message});
    out.push_back(std::move(r));
    return out;
  }
  std::map<std::string, const std::pair<VersionRecord, std::vector<FileRecord>>*> by_version;
  for (const auto& entry : *registered) by_version["v" + entry.first.version] = &entry;

  std::set<std::string> on_disk;
  std::error_code ec;
  const fs::path theme_dir = themes_dir_ / slug;
  if (fs::is_directory(theme_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(theme_dir, ec)) {
      if (!entry.is_directory()) continue;  // README.md and other files beside the versions
      std::string name = entry.path().filename().string();
      if (!is_version_folder_name(name)) continue;
      on_disk.insert(name);
    }
  }

  for (const auto& folder : on_disk) {
    auto it = by_version.find(folder);
    if (it != by_version.end()) {
      out.push_back(check_registered(it->second->first, it->second->second, theme_dir / folder,
                                     display_root(slug, folder), write));
    } else {
      out.push_back(publish_version(slug, folder, write));
    }
  }
  for (const auto& [folder, entry] : by_version) {
    if (on_disk.count(folder)) continue;
    VersionReport r{slug, entry->first.version, VersionState::kMissing, entry->first.content_hash};
    r.files = entry->first.file_count;
    r.bytes = entry->first.total_bytes;
    out.push_back(std::move(r));
  }
  return out;
}

VersionReport ThemeSync::publish_version(const std::string& slug, const std::string& folder,
                                         bool write) {
  const std::string display = display_root(slug, folder);
  VersionReport r{slug, folder.substr(1), VersionState::kInvalid};
  auto validated = validate_version_folder(themes_dir_ / slug / folder, display, limits_);
  if (!validated.package) {
    r.problems = std::move(validated.problems);
    return r;
  }
  const ThemePackage& pkg = *validated.package;
  // Precompressed copies are stored as "<path>.br" / "<path>.gz" beside the original; a package
  // that ships a file under such a name would be overwritten by the copy.
  std::set<std::string> names;
  for (const auto& f : pkg.files) names.insert(f.path);
  for (const auto& f : pkg.files) {
    if (!will_compress(f)) continue;
    for (const char* ext : {".br", ".gz"})
      if (names.count(f.path + ext))
        r.problems.push_back(
            Problem{display + "/" + f.path + ext, "",
                    std::string("name is reserved for the precompressed copy of ") + f.path +
                        "; rename it"});
  }
  if (!r.problems.empty()) return r;
  r.version = pkg.metadata.version.str();
  r.files = static_cast<int64_t>(pkg.files.size());
  for (const auto& f : pkg.files) r.bytes += static_cast<int64_t>(f.size);
  if (!write) {
    r.state = VersionState::kPending;
    return r;
  }
  // Blobs first, registration last: a crash in between leaves unreferenced blobs that the next
  // sync overwrites, never a registered version with missing files.
  std::vector<FileRecord> records;
  records.reserve(pkg.files.size());
  for (const auto& f : pkg.files) {
    auto rec = store_file(blobs_, f, slug, r.version);
    if (!rec.ok()) {
      r.state = VersionState::kFailed;
      r.problems.push_back(Problem{display + "/" + f.path, "", rec.error().message});
      return r;
    }
    records.push_back(std::move(rec).value());
  }
  r.content_hash = version_content_hash(records);
  auto registered = registry_.register_version(pkg, records, r.content_hash);
  if (registered.ok()) {
    r.state = VersionState::kRegistered;
  } else if (registered.error().code == errc::kAlreadyExists) {
    // Another sync registered it between our look-up and our insert; the next run compares.
    r.state = VersionState::kUnchanged;
  } else {
    r.state = VersionState::kFailed;
    r.problems.push_back(Problem{display, "", registered.error().message});
  }
  return r;
}

VersionReport ThemeSync::check_registered(const VersionRecord& rec,
                                          const std::vector<FileRecord>& files, const fs::path& dir,
                                          const std::string& display, bool write) {
  VersionReport r{rec.slug, rec.version, VersionState::kUnchanged, rec.content_hash};
  r.files = rec.file_count;
  r.bytes = rec.total_bytes;
  // Registered content is what was hashed then; the listing is compared without reading files
  // whose size and mtime are unchanged.
  ValidationLimits unlimited{~uint64_t{0}, 1 << 30};
  FileListing listing = list_version_files(dir, display, unlimited);
  for (auto& p : listing.problems) {
    p.message += " (modified after registration)";
    r.problems.push_back(std::move(p));
  }
  std::map<std::string, const FileRecord*> recorded;
  for (const auto& f : files) recorded[f.path] = &f;
  const std::string hint = "modified after registration; ship changes as a new version folder";
  for (const auto& f : listing.files) {
    auto it = recorded.find(f.path);
    if (it == recorded.end()) {
      r.problems.push_back(Problem{display + "/" + f.path, "", "file added, " + hint});
      continue;
    }
    const FileRecord& old = *it->second;
    recorded.erase(it);
    if (f.size == old.size && f.mtime_ns == old.source_mtime_ns) continue;
    bool same = false;
    if (f.size == old.size) {
      auto data = read_file(f.source);
      same = data.ok() && sha256_hex(*data) == old.sha256;
    }
    if (!same) {
      r.problems.push_back(Problem{display + "/" + f.path, "", "content changed, " + hint});
    } else if (write) {
      // Touched but identical: remember the new mtime so the next sync skips the hash.
      (void)registry_.refresh_source_mtime(rec.id, f.path, f.mtime_ns);
    }
  }
  for (const auto& [path, _] : recorded)
    r.problems.push_back(Problem{display + "/" + path, "", "file removed, " + hint});
  if (!r.problems.empty()) r.state = VersionState::kModified;
  return r;
}

Status ThemeSync::write_manifest() {
  VITRINE_ASSIGN(auto versions, registry_.all_versions());
  VITRINE_ASSIGN(auto results, registry_.sync_results());
  std::map<std::pair<std::string, std::string>, const SyncResult*> state;
  for (const auto& r : results) state[{r.slug, r.version}] = &r;

  json themes = json::object();
  for (const auto& v : versions) {
    json& t = themes[v.slug];
    if (!t.contains("versions")) t = {{"latest", ""}, {"versions", json::object()}};
    if (v.is_latest) t["latest"] = v.version;
    auto it = state.find({v.slug, v.version});
    t["versions"][v.version] = {
        {"content_hash", v.content_hash},
        {"files", v.file_count},
        {"bytes", v.total_bytes},
        {"cdn_base", cdn_base_path(v.slug, v.version)},
        {"registered_at", v.created_at},
        {"state", it != state.end() ? it->second->state : state_name(VersionState::kRegistered)}};
  }
  // Folders that could not be registered are listed with their problems.
  for (const auto& r : results) {
    if (r.state != state_name(VersionState::kInvalid) &&
        r.state != state_name(VersionState::kFailed))
      continue;
    json& t = themes[r.slug];
    if (!t.contains("versions")) t = {{"latest", ""}, {"versions", json::object()}};
    t["unregistered"][r.version.empty() ? "(theme folder)" : r.version] = {
        {"state", r.state}, {"problems", r.problems}};
  }
  json manifest = {{"format", 1}, {"themes", themes}};
  const std::string text = manifest.dump(2) + "\n";
  const fs::path path = themes_dir_ / "sync-manifest.json";
  if (auto old = read_file(path); old.ok() && *old == text) return {};
  return write_file_atomic(path, text);
}

}  // namespace vitrine::themes
