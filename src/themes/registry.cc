#include "themes/registry.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/hash.h"
#include "core/ids.h"
#include "core/text.h"
#include "db/text_search.h"

namespace vitrine::themes {
namespace {

using db::Value;
using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  template_type TEXT NOT NULL,
  price_tier TEXT NOT NULL,
  price_amount DOUBLE PRECISION NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft','published','archived')),
  source TEXT NOT NULL DEFAULT 'platform',
  latest_version TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  license TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE template_versions (
  id TEXT PRIMARY KEY,
  template_id TEXT NOT NULL REFERENCES templates(id),
  version TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  cdn_paths TEXT NOT NULL,
  metadata TEXT NOT NULL,
  puck_config TEXT NOT NULL,
  changelog TEXT NOT NULL DEFAULT '',
  file_count BIGINT NOT NULL,
  total_bytes BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (template_id, version)
);
CREATE TABLE template_files (
  version_id TEXT NOT NULL REFERENCES template_versions(id),
  path TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  has_br INTEGER NOT NULL DEFAULT 0,
  has_gzip INTEGER NOT NULL DEFAULT 0,
  source_mtime_ns BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (version_id, path)
);
CREATE TABLE template_tags (
  template_id TEXT NOT NULL REFERENCES templates(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (template_id, tag)
);
CREATE INDEX template_tags_by_tag ON template_tags(tag);
CREATE TABLE theme_sync_results (
  slug TEXT NOT NULL,
  version TEXT NOT NULL,
  state TEXT NOT NULL,
  content_hash TEXT NOT NULL DEFAULT '',
  problems TEXT NOT NULL DEFAULT '[]',
  at TEXT NOT NULL,
  PRIMARY KEY (slug, version)
);
CREATE TABLE registry_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);
INSERT INTO registry_state (id, generation) VALUES (1, 0);
)sql";

// Catalogue search: an FTS5 table beside templates on SQLite, a tsvector column on PostgreSQL.
constexpr const char* kSqliteSearch = R"sql(
CREATE VIRTUAL TABLE templates_fts USING fts5(template_id UNINDEXED, name, description, tags,
  tokenize = 'unicode61 remove_diacritics 2');
)sql";
constexpr const char* kPostgresSearch = R"sql(
ALTER TABLE templates ADD COLUMN search_vector TSVECTOR;
CREATE INDEX templates_search ON templates USING GIN (search_vector);
)sql";

json parse_or(const std::string& text, json fallback) {
  auto r = parse_json(text);
  return r.ok() ? std::move(r).value() : fallback;
}

ThemeRecord theme_from_row(const db::QueryResult& r, size_t i) {
  ThemeRecord t;
  t.id = r.text(i, "id");
  t.slug = r.text(i, "slug");
  t.name = r.text(i, "name");
  t.description = r.text(i, "description");
  t.template_type = r.text(i, "template_type");
  t.price_tier = r.text(i, "price_tier");
  t.price_amount = r.real(i, "price_amount");
  t.status = r.text(i, "status");
  t.source = r.text(i, "source");
  t.latest_version = r.text(i, "latest_version");
  t.author = r.text(i, "author");
  t.license = r.text(i, "license");
  t.created_at = r.text(i, "created_at");
  t.updated_at = r.text(i, "updated_at");
  t.metadata = parse_or(r.text(i, "metadata"), json::object());
  t.tags = r.strings(i, "tags");
  return t;
}

VersionRecord version_summary_from_row(const db::QueryResult& r, size_t i) {
  VersionRecord v;
  v.id = r.text(i, "id");
  v.template_id = r.text(i, "template_id");
  v.slug = r.text(i, "slug");
  v.version = r.text(i, "version");
  v.content_hash = r.text(i, "content_hash");
  v.changelog = r.text(i, "changelog");
  v.created_at = r.text(i, "created_at");
  v.file_count = r.integer(i, "file_count");
  v.total_bytes = r.integer(i, "total_bytes");
  v.is_latest = r.text(i, "latest_version") == v.version;
  return v;
}

// A summary row plus the JSON documents (kVersionColumns).
VersionRecord version_from_row(const db::QueryResult& r, size_t i) {
  VersionRecord v = version_summary_from_row(r, i);
  v.cdn_paths = parse_or(r.text(i, "cdn_paths"), json::object());
  v.metadata = parse_or(r.text(i, "metadata"), json::object());
  v.puck_config = parse_or(r.text(i, "puck_config"), json::object());
  return v;
}

FileRecord file_from_row(const db::QueryResult& r, size_t i) {
  FileRecord f;
  f.path = r.text(i, "path");
  f.size = static_cast<uint64_t>(r.integer(i, "size"));
  f.sha256 = r.text(i, "sha256");
  f.content_type = r.text(i, "content_type");
  f.has_br = r.integer(i, "has_br") != 0;
  f.has_gzip = r.integer(i, "has_gzip") != 0;
  f.source_mtime_ns = r.integer(i, "source_mtime_ns");
  return f;
}

// Without the JSON documents: sync and the manifest read every version and need none of them.
constexpr const char* kVersionSummaryColumns =
    "v.id, v.template_id, t.slug, v.version, v.content_hash, v.changelog, v.created_at, "
    "v.file_count, v.total_bytes, t.latest_version";

constexpr const char* kVersionColumns =
    "v.id, v.template_id, t.slug, v.version, v.content_hash, v.cdn_paths, v.metadata, "
    "v.puck_config, v.changelog, v.created_at, v.file_count, v.total_bytes, t.latest_version";

std::string tags_text(const std::vector<std::string>& tags) {
  std::string s;
  for (const auto& t : tags) s += (s.empty() ? "" : " ") + t;
  return s;
}

// Rewrites the search index entry of one template from its current row.
Status reindex(db::Session& s, db::Dialect dialect, const std::string& template_id,
               const ThemeMetadata& m) {
  if (dialect == db::Dialect::kSqlite) {
    VITRINE_TRY(s.exec("DELETE FROM templates_fts WHERE template_id = ?", {template_id}));
    VITRINE_TRY(s.exec(
        "INSERT INTO templates_fts (template_id, name, description, tags) VALUES (?, ?, ?, ?)",
        {template_id, m.name, m.description, tags_text(m.tags)}));
    return {};
  }
  VITRINE_TRY(
      s.exec("UPDATE templates SET search_vector = setweight(to_tsvector('simple', ?), 'A') || "
             "setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'A') "
             "WHERE id = ?",
             {db::search_text(m.name), db::search_text(m.description),
              db::search_text(tags_text(m.tags)), template_id}));
  return {};
}

// WHERE clause and parameters for the list filters, on table alias t.
std::string filter_sql(const ListQuery& q, std::vector<Value>& params) {
  std::string where;
  auto add = [&](const std::string& cond, const std::string& value) {
    where += (where.empty() ? " WHERE " : " AND ") + cond;
    params.emplace_back(value);
  };
  if (q.template_type) add("t.template_type = ?", *q.template_type);
  if (q.price_tier) add("t.price_tier = ?", *q.price_tier);
  if (q.status) add("t.status = ?", *q.status);
  if (q.tag) add("t.id IN (SELECT template_id FROM template_tags WHERE tag = ?)", *q.tag);
  return where;
}

std::string order_sql(const std::string& sort) {
  bool desc = !sort.empty() && sort[0] == '-';
  std::string key = desc ? sort.substr(1) : sort;
  if (key != "name" && key != "created_at" && key != "updated_at") key = "name";
  return " ORDER BY t." + key + (desc ? " DESC" : " ASC") + ", t.slug ASC";
}

// One page of templates matching `where` (with its parameters), and the total count.
Result<ListPage> page_of(db::Database& db, const std::string& where, std::vector<Value> params,
                         const ListQuery& q) {
  VITRINE_ASSIGN(auto count, db.exec("SELECT COUNT(*) AS n FROM templates t" + where, params));
  params.emplace_back(int64_t{q.page_size});
  params.emplace_back(int64_t{(q.page - 1) * int64_t{q.page_size}});
  VITRINE_ASSIGN(auto rows, db.exec("SELECT t.* FROM templates t" + where + order_sql(q.sort) +
                                        " LIMIT ? OFFSET ?",
                                    params));
  ListPage page{{}, count.integer(0, "n"), q.page, q.page_size};
  for (size_t i = 0; i < rows.rows.size(); ++i) page.items.push_back(theme_from_row(rows, i));
  return page;
}

}  // namespace

std::string published_prefix(const std::string& slug, const std::string& version) {
  return "themes/published/" + slug + "/v" + version + "/";
}

std::string cdn_base_path(const std::string& slug, const std::string& version) {
  return "/cdn/themes/" + slug + "/" + version + "/";
}

std::string version_content_hash(const std::vector<FileRecord>& files) {
  std::vector<const FileRecord*> sorted;
  for (const auto& f : files) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(),
            [](const FileRecord* a, const FileRecord* b) { return a->path < b->path; });
  Sha256 h;
  for (const auto* f : sorted) {
    h.update(f->path);
    h.update(std::string_view("\0", 1));
    h.update(f->sha256);
    h.update("\n");
  }
  return h.hex();
}

std::vector<db::Migration> ThemeRegistry::migrations() {
  return {db::Migration{"themes", 1, kSchema, kSqliteSearch, kPostgresSearch}};
}

Result<VersionRecord> ThemeRegistry::register_version(const ThemePackage& package,
                                                      const std::vector<FileRecord>& files,
                                                      const std::string& content_hash) {
  const ThemeMetadata& m = package.metadata;
  const std::string version = m.version.str();
  const std::string now = now_iso8601();
  VersionRecord rec;
  rec.id = new_uuid();
  rec.slug = m.slug;
  rec.version = version;
  rec.content_hash = content_hash;
  rec.metadata = m.raw;
  rec.puck_config = package.puck_config;
  rec.changelog = m.changelog;
  rec.created_at = now;
  rec.file_count = static_cast<int64_t>(files.size());
  for (const auto& f : files) rec.total_bytes += static_cast<int64_t>(f.size);
  const std::string base = cdn_base_path(m.slug, version);
  json stylesheets = json::array(), scripts = json::array();
  for (const auto& s : m.stylesheets) stylesheets.push_back(base + s);
  for (const auto& s : m.scripts) scripts.push_back(base + s);
  rec.cdn_paths = {{"base", base},
                   {"blob_prefix", published_prefix(m.slug, version)},
                   {"stylesheets", stylesheets},
                   {"scripts", scripts}};

  json tags = json::array();
  for (const auto& t : m.tags) tags.push_back(t);
  const auto dialect = db_.dialect();

  Status st = db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto existing, s.exec("SELECT id FROM templates WHERE slug = ?", {m.slug}));
    bool created = existing.empty();
    if (created) {
      rec.template_id = new_uuid();
      VITRINE_TRY(s.exec(
          "INSERT INTO templates (id, slug, name, description, template_type, price_tier, "
          "price_amount, status, source, latest_version, author, license, tags, metadata, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'published', 'platform', ?, ?, ?, "
          "?, ?, ?, ?)",
          {rec.template_id, m.slug, m.name, m.description, m.template_type, m.price_tier,
           m.price_amount, version, m.author, m.license, tags.dump(), m.raw.dump(), now, now}));
    } else {
      rec.template_id = existing.text(0, "id");
    }
    VITRINE_TRY(
        s.exec("INSERT INTO template_versions (id, template_id, version, content_hash, cdn_paths, "
               "metadata, puck_config, changelog, file_count, total_bytes, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {rec.id, rec.template_id, version, content_hash, rec.cdn_paths.dump(), m.raw.dump(),
                package.puck_config.dump(), m.changelog, rec.file_count, rec.total_bytes, now}));
    for (const auto& f : files) {
      VITRINE_TRY(s.exec(
          "INSERT INTO template_files (version_id, path, size, sha256, content_type, has_br, "
          "has_gzip, source_mtime_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {rec.id, f.path, static_cast<int64_t>(f.size), f.sha256, f.content_type,
           int64_t{f.has_br}, int64_t{f.has_gzip}, f.source_mtime_ns}));
    }
    // The template row mirrors its latest version (highest stable semver; pre-releases only
    // when nothing else exists), whatever order versions arrive in.
    VITRINE_ASSIGN(auto all, s.exec("SELECT version FROM template_versions WHERE template_id = ?",
                                    {rec.template_id}));
    std::vector<Version> versions;
    for (size_t i = 0; i < all.rows.size(); ++i)
      if (auto v = parse_version(all.text(i, "version"))) versions.push_back(*v);
    auto latest = VersionRange::parse("latest")->best_match(versions);
    if (latest && latest->str() == version) {
      VITRINE_TRY(s.exec(
          "UPDATE templates SET name = ?, description = ?, template_type = ?, price_tier = ?, "
          "price_amount = ?, latest_version = ?, author = ?, license = ?, tags = ?, metadata = ?, "
          "updated_at = ? WHERE id = ?",
          {m.name, m.description, m.template_type, m.price_tier, m.price_amount, version, m.author,
           m.license, tags.dump(), m.raw.dump(), now, rec.template_id}));
      VITRINE_TRY(s.exec("DELETE FROM template_tags WHERE template_id = ?", {rec.template_id}));
      for (const auto& t : m.tags)
        VITRINE_TRY(s.exec(
            "INSERT INTO template_tags (template_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
            {rec.template_id, t}));
      VITRINE_TRY(reindex(s, dialect, rec.template_id, m));
    } else {
      VITRINE_TRY(
          s.exec("UPDATE templates SET updated_at = ? WHERE id = ?", {now, rec.template_id}));
    }
    VITRINE_TRY(s.exec("UPDATE registry_state SET generation = generation + 1 WHERE id = 1"));
    return {};
  });
  if (!st.ok()) {
    if (st.error().code == errc::kAlreadyExists)
      return fail(errc::kAlreadyExists,
                  "theme " + m.slug + " version " + version + " is already registered",
                  {{"slug", m.slug}, {"version", version}});
    return st.error();
  }
  return rec;
}

Result<std::vector<std::pair<VersionRecord, std::vector<FileRecord>>>>
ThemeRegistry::versions_with_files(const std::string& slug) {
  VITRINE_ASSIGN(auto vr, db_.exec(std::string("SELECT ") + kVersionSummaryColumns +
                                       " FROM template_versions v JOIN templates t ON "
                                       "t.id = v.template_id WHERE t.slug = ?",
                                   {slug}));
  VITRINE_ASSIGN(auto fr, db_.exec("SELECT f.* FROM template_files f JOIN template_versions v ON "
                                   "v.id = f.version_id JOIN templates t ON t.id = v.template_id "
                                   "WHERE t.slug = ? ORDER BY f.version_id, f.path",
                                   {slug}));
  std::vector<std::pair<VersionRecord, std::vector<FileRecord>>> out;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < vr.rows.size(); ++i) {
    index[vr.text(i, "id")] = out.size();
    out.emplace_back(version_summary_from_row(vr, i), std::vector<FileRecord>{});
  }
  for (size_t i = 0; i < fr.rows.size(); ++i) {
    auto it = index.find(fr.text(i, "version_id"));
    if (it != index.end()) out[it->second].second.push_back(file_from_row(fr, i));
  }
  return out;
}

Result<std::vector<VersionRecord>> ThemeRegistry::all_versions() {
  VITRINE_ASSIGN(auto vr, db_.exec(std::string("SELECT ") + kVersionSummaryColumns +
                                   " FROM template_versions v JOIN templates t ON "
                                   "t.id = v.template_id ORDER BY t.slug, v.created_at"));
  std::vector<VersionRecord> out;
  for (size_t i = 0; i < vr.rows.size(); ++i) out.push_back(version_summary_from_row(vr, i));
  return out;
}

Result<std::vector<std::string>> ThemeRegistry::slugs() {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT slug FROM templates ORDER BY slug"));
  std::vector<std::string> out;
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(r.text(i, "slug"));
  return out;
}

Status ThemeRegistry::refresh_source_mtime(const std::string& version_id, const std::string& path,
                                           int64_t mtime_ns) {
  VITRINE_TRY(
      db_.exec("UPDATE template_files SET source_mtime_ns = ? WHERE version_id = ? AND path = ?",
               {mtime_ns, version_id, path}));
  return {};
}

Result<ListPage> ThemeRegistry::list(const ListQuery& q) {
  std::vector<Value> params;
  std::string where = filter_sql(q, params);
  return page_of(db_, where, std::move(params), q);
}

Result<ListPage> ThemeRegistry::search(const std::string& text, const ListQuery& q) {
  std::vector<Value> params;
  std::string where = filter_sql(q, params);
  // The match condition comes after the filters, and so does its parameter.
  std::string match;
  std::string expr = db::full_text_query(db_.dialect(), text);
  if (expr.empty()) return ListPage{{}, 0, q.page, q.page_size};
  match = db_.dialect() == db::Dialect::kSqlite
              ? "t.id IN (SELECT template_id FROM templates_fts WHERE templates_fts MATCH ?)"
              : "t.search_vector @@ to_tsquery('simple', ?)";
  params.emplace_back(expr);
  where = where.empty() ? " WHERE " + match : where + " AND " + match;
  return page_of(db_, where, std::move(params), q);
}

Result<ThemeDetail> ThemeRegistry::get(const std::string& id_or_slug) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT t.* FROM templates t WHERE t.id = ? OR t.slug = ?",
                                  {id_or_slug, id_or_slug}));
  if (r.empty())
    return fail(errc::kNotFound, "theme '" + id_or_slug + "' not found", {{"theme", id_or_slug}});
  ThemeDetail d;
  d.theme = theme_from_row(r, 0);
  VITRINE_ASSIGN(auto vr, db_.exec(std::string("SELECT ") + kVersionColumns +
                                       " FROM template_versions v JOIN templates t ON "
                                       "t.id = v.template_id WHERE v.template_id = ?",
                                   {d.theme.id}));
  for (size_t i = 0; i < vr.rows.size(); ++i) d.versions.push_back(version_from_row(vr, i));
  std::sort(d.versions.begin(), d.versions.end(),
            [](const VersionRecord& a, const VersionRecord& b) {
              auto va = parse_version(a.version), vb = parse_version(b.version);
              return va && vb ? *va > *vb : a.version > b.version;
            });
  for (const auto& v : d.versions)
    if (v.version == d.theme.latest_version) d.puck_config = v.puck_config;
  return d;
}

Status ThemeRegistry::record_sync_results(const std::vector<SyncResult>& results,
                                          const std::optional<std::string>& scope_slug) {
  return db_.transaction([&](db::Session& s) -> Status {
    std::set<std::pair<std::string, std::string>> keep;
    for (const auto& r : results) keep.insert({r.slug, r.version});
    VITRINE_ASSIGN(
        auto existing,
        scope_slug
            ? s.exec("SELECT slug, version FROM theme_sync_results WHERE slug = ?", {*scope_slug})
            : s.exec("SELECT slug, version FROM theme_sync_results"));
    for (size_t i = 0; i < existing.rows.size(); ++i) {
      std::pair<std::string, std::string> key{existing.text(i, "slug"),
                                              existing.text(i, "version")};
      if (keep.count(key)) continue;
      VITRINE_TRY(s.exec("DELETE FROM theme_sync_results WHERE slug = ? AND version = ?",
                         {key.first, key.second}));
    }
    for (const auto& r : results) {
      VITRINE_TRY(s.exec(
          "INSERT INTO theme_sync_results (slug, version, state, content_hash, problems, at) "
          "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (slug, version) DO UPDATE SET "
          "state = excluded.state, content_hash = excluded.content_hash, "
          "problems = excluded.problems, at = excluded.at "
          "WHERE theme_sync_results.state <> excluded.state OR "
          "theme_sync_results.content_hash <> excluded.content_hash OR "
          "theme_sync_results.problems <> excluded.problems",
          {r.slug, r.version, r.state, r.content_hash, r.problems.dump(), r.at}));
    }
    return {};
  });
}

Result<std::vector<SyncResult>> ThemeRegistry::sync_results() {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM theme_sync_results ORDER BY slug, version"));
  std::vector<SyncResult> out;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    out.push_back(SyncResult{r.text(i, "slug"), r.text(i, "version"), r.text(i, "state"),
                             r.text(i, "content_hash"), r.text(i, "at"),
                             parse_or(r.text(i, "problems"), json::array())});
  }
  return out;
}

Result<int64_t> ThemeRegistry::generation() {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT generation FROM registry_state WHERE id = 1"));
  return r.empty() ? int64_t{0} : r.integer(0, "generation");
}

Result<std::vector<CatalogVersion>> ThemeRegistry::catalog() {
  VITRINE_ASSIGN(auto vr, db_.exec("SELECT v.id, t.slug, v.version FROM template_versions v "
                                   "JOIN templates t ON t.id = v.template_id"));
  VITRINE_ASSIGN(auto fr, db_.exec("SELECT * FROM template_files ORDER BY version_id, path"));
  std::vector<CatalogVersion> out;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < vr.rows.size(); ++i) {
    auto parsed = parse_version(vr.text(i, "version"));
    if (!parsed) continue;
    index[vr.text(i, "id")] = out.size();
    std::string slug = vr.text(i, "slug"), version = vr.text(i, "version");
    out.push_back(CatalogVersion{slug, version, published_prefix(slug, version), *parsed, {}});
  }
  for (size_t i = 0; i < fr.rows.size(); ++i) {
    auto it = index.find(fr.text(i, "version_id"));
    if (it != index.end()) out[it->second].files.push_back(file_from_row(fr, i));
  }
  return out;
}

}  // namespace vitrine::themes
