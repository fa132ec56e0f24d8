#include "customize/customizations.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "core/clock.h"
#include "core/ids.h"
#include "core/semver.h"

namespace vitrine::customize {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE customizations (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  template_id TEXT NOT NULL REFERENCES templates(id),
  template_version_id TEXT NOT NULL REFERENCES template_versions(id),
  version TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('platform', 'user')),
  user_template_id TEXT,
  name TEXT NOT NULL,
  pages TEXT NOT NULL,
  settings TEXT NOT NULL,
  custom_css TEXT NOT NULL DEFAULT '',
  custom_js TEXT NOT NULL DEFAULT '',
  is_active INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT
);
CREATE UNIQUE INDEX customizations_one_active ON customizations(workspace_id) WHERE is_active = 1;
CREATE INDEX customizations_by_workspace ON customizations(workspace_id, created_at);
CREATE TABLE content_revisions (
  workspace_id TEXT PRIMARY KEY,
  revision BIGINT NOT NULL
);
CREATE TABLE publish_history (
  id {auto_id},
  workspace_id TEXT NOT NULL,
  customization_id TEXT NOT NULL REFERENCES customizations(id),
  action TEXT NOT NULL
    CHECK (action IN ('publish', 'unpublish', 'rollback', 'upgrade', 'downgrade')),
  revision BIGINT NOT NULL,
  version TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX publish_history_by_workspace ON publish_history(workspace_id, id);
CREATE TABLE user_templates (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  thumbnail TEXT,
  template_id TEXT NOT NULL REFERENCES templates(id),
  template_version_id TEXT NOT NULL REFERENCES template_versions(id),
  version TEXT NOT NULL,
  pages TEXT NOT NULL,
  settings TEXT NOT NULL,
  custom_css TEXT NOT NULL DEFAULT '',
  custom_js TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX user_templates_by_owner ON user_templates(owner_id, created_at);
)sql";

// The customization columns plus the workspace's content revision.
constexpr const char* kSelectCustomization =
    "SELECT c.*, r.revision AS workspace_revision FROM customizations c "
    "LEFT JOIN content_revisions r ON r.workspace_id = c.workspace_id ";

json parse_or(const std::string& text, json fallback) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

Customization customization_from_row(const db::QueryResult& r, size_t i) {
  Customization c;
  c.id = r.text(i, "id");
  c.workspace_id = r.text(i, "workspace_id");
  c.template_id = r.text(i, "template_id");
  c.template_version_id = r.text(i, "template_version_id");
  c.version = r.text(i, "version");
  c.source = r.text(i, "source");
  c.user_template_id = r.optional_text(i, "user_template_id");
  c.name = r.text(i, "name");
  c.pages = parse_or(r.text(i, "pages"), json::object());
  c.settings = parse_or(r.text(i, "settings"), json::object());
  c.custom_css = r.text(i, "custom_css");
  c.custom_js = r.text(i, "custom_js");
  c.is_active = r.integer(i, "is_active") != 0;
  c.status = r.text(i, "status");
  c.revision = r.integer(i, "workspace_revision");
  c.created_at = r.text(i, "created_at");
  c.updated_at = r.text(i, "updated_at");
  c.published_at = r.optional_text(i, "published_at");
  return c;
}

UserTemplate user_template_from_row(const db::QueryResult& r, size_t i) {
  UserTemplate t;
  t.id = r.text(i, "id");
  t.owner_id = r.text(i, "owner_id");
  t.name = r.text(i, "name");
  t.description = r.text(i, "description");
  t.thumbnail = r.optional_text(i, "thumbnail");
  t.template_id = r.text(i, "template_id");
  t.template_version_id = r.text(i, "template_version_id");
  t.version = r.text(i, "version");
  t.pages = parse_or(r.text(i, "pages"), json::object());
  t.settings = parse_or(r.text(i, "settings"), json::object());
  t.custom_css = r.text(i, "custom_css");
  t.custom_js = r.text(i, "custom_js");
  t.created_at = r.text(i, "created_at");
  return t;
}

ThemeRef theme_ref(const themes::ThemeRecord& t) { return ThemeRef{t.id, t.slug, t.name}; }

// Fills the theme of each item from the registry, one lookup per distinct theme.
template <typename T>
Status fill_themes(themes::ThemeRegistry& registry, std::vector<T>& items) {
  std::map<std::string, ThemeRef> known;
  for (auto& item : items) {
    auto it = known.find(item.template_id);
    if (it == known.end()) {
      VITRINE_ASSIGN(auto detail, registry.get(item.template_id));
      it = known.emplace(item.template_id, theme_ref(detail.theme)).first;
    }
    item.theme = it->second;
  }
  return {};
}

// Page paths are URL paths: "/" or "/segment[/segment...]" of letters, digits, '-', '_' and '.',
// without "." or ".." segments or a trailing slash.
std::optional<std::string> page_path_problem(const std::string& path) {
  if (path.empty() || path[0] != '/') return "a page path starts with '/' (\"/\" is the home page)";
  if (path.size() > kMaxPagePathLength)
    return "a page path has at most " + std::to_string(kMaxPagePathLength) + " characters";
  if (path == "/") return std::nullopt;
  if (path.back() == '/') return "a page path does not end with '/'";
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string_view segment(path.data() + start, end - start);
    if (segment.empty() || segment == "." || segment == "..")
      return "a page path has no empty, '.' or '..' segments";
    for (char ch : segment) {
      bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                ch == '-' || ch == '_' || ch == '.';
      if (!ok) return "a page path uses only letters, digits, '-', '_', '.' and '/'";
    }
    start = end + 1;
  }
  return std::nullopt;
}

// The pages a new customization starts with: the theme's own page data when its metadata ships
// some (default_pages: path → document, or default_puck_data: the home page) and it is valid for
// the version's config; otherwise a home page with no blocks and the root's default props.
json default_pages(const themes::VersionRecord& v) {
  const json& meta = v.metadata;
  json candidate;
  if (meta.is_object() && meta.value("default_pages", json()).is_object()) {
    candidate = meta["default_pages"];
  } else if (meta.is_object() && meta.value("default_puck_data", json()).is_object()) {
    candidate = {{"/", meta["default_puck_data"]}};
  }
  if (candidate.is_object() && !candidate.empty() && candidate.size() <= kMaxPages) {
    std::vector<PuckProblem> problems;
    for (const auto& [path, doc] : candidate.items()) {
      if (page_path_problem(path)) problems.push_back({path, "bad path"});
      validate_puck_document(doc, v.puck_config, child_pointer("", path), problems);
    }
    if (problems.empty()) {
      if (!candidate.contains("/")) candidate["/"] = empty_puck_document(v.puck_config);
      return candidate;
    }
  }
  return {{"/", empty_puck_document(v.puck_config)}};
}

Result<const themes::VersionRecord*> find_version(const themes::ThemeDetail& detail,
                                                  const std::string& version) {
  auto wanted = parse_version(version);
  if (!wanted) {
    return fail(errc::kInvalidArgument,
                "version '" + version + "' is not a semantic version (MAJOR.MINOR.PATCH)",
                {{"pointer", "/version"}, {"version", version}});
  }
  json available = json::array();
  for (const auto& v : detail.versions) {
    auto parsed = parse_version(v.version);
    if (parsed && *parsed == *wanted) return &v;
    available.push_back(v.version);
  }
  return fail(errc::kNotFound,
              "theme '" + detail.theme.slug + "' has no registered version '" + version + "'",
              {{"theme", detail.theme.slug}, {"version", version}, {"available", available}});
}

// Takes the workspace's content revision row lock (creating the row at 0 when missing) without
// changing it. Every state change of a workspace's customizations starts here, so on PostgreSQL
// concurrent publishes of one workspace queue on this row; SQLite serialises writers anyway.
Status lock_revision(db::Session& s, const std::string& workspace_id) {
  VITRINE_TRY(
      s.exec("INSERT INTO content_revisions (workspace_id, revision) VALUES (?, 0) "
             "ON CONFLICT (workspace_id) DO UPDATE SET revision = content_revisions.revision",
             {workspace_id}));
  return {};
}

Result<int64_t> bump_revision(db::Session& s, const std::string& workspace_id) {
  VITRINE_TRY(s.exec("UPDATE content_revisions SET revision = revision + 1 WHERE workspace_id = ?",
                     {workspace_id}));
  VITRINE_ASSIGN(auto r, s.exec("SELECT revision FROM content_revisions WHERE workspace_id = ?",
                                {workspace_id}));
  return r.empty() ? int64_t{0} : r.integer(0, "revision");
}

Result<int64_t> current_revision(db::Session& s, const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, s.exec("SELECT revision FROM content_revisions WHERE workspace_id = ?",
                                {workspace_id}));
  return r.empty() ? int64_t{0} : r.integer(0, "revision");
}

Status append_history(db::Session& s, const std::string& workspace_id,
                      const std::string& customization_id, const char* action, int64_t revision,
                      const std::string& version) {
  VITRINE_TRY(s.exec(
      "INSERT INTO publish_history (workspace_id, customization_id, action, revision, version, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {workspace_id, customization_id, std::string(action), revision, version, now_iso8601()}));
  return {};
}

Error customization_not_found(const std::string& id) {
  return make_error(errc::kNotFound, "customization '" + id + "' not found",
                    {{"customization_id", id}});
}

}  // namespace

const nlohmann::json& Customization::puck_data() const {
  static const json kNull;
  auto it = pages.find("/");
  return it == pages.end() ? kNull : *it;
}

std::vector<db::Migration> CustomizationService::migrations() {
  return {db::Migration{"customize", 1, kSchema}};
}

Result<Customization> CustomizationService::use(const std::string& workspace_id,
                                                const std::string& owner_id,
                                                const std::string& theme_or_template,
                                                const std::optional<std::string>& version) {
  if (workspace_id.empty())
    return fail(errc::kInvalidArgument, "/workspace_id: is required",
                {{"pointer", "/workspace_id"}});
  Customization c;
  c.id = new_uuid();
  c.workspace_id = workspace_id;
  c.settings = json::object();
  c.status = "draft";
  c.created_at = c.updated_at = now_iso8601();

  auto detail = registry_.get(theme_or_template);
  if (detail.ok()) {
    const themes::VersionRecord* pinned = nullptr;
    if (version && *version != "latest") {
      VITRINE_ASSIGN(pinned, find_version(*detail, *version));
    } else {
      for (const auto& v : detail->versions)
        if (v.version == detail->theme.latest_version) pinned = &v;
      if (!pinned && !detail->versions.empty()) pinned = &detail->versions.front();
      if (!pinned)
        return fail(errc::kNotFound, "theme '" + detail->theme.slug + "' has no versions",
                    {{"theme", detail->theme.slug}});
    }
    c.theme = theme_ref(detail->theme);
    c.template_id = detail->theme.id;
    c.template_version_id = pinned->id;
    c.version = pinned->version;
    c.source = "platform";
    c.name = detail->theme.name;
    c.pages = default_pages(*pinned);
  } else if (detail.error().code == errc::kNotFound) {
    // Not a theme: a user template of the workspace's owner. Another owner's template answers
    // exactly like an unknown id.
    VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM user_templates WHERE id = ? AND owner_id = ?",
                                    {theme_or_template, owner_id}));
    if (r.empty() || owner_id.empty()) {
      return fail(errc::kNotFound, "theme or template '" + theme_or_template + "' not found",
                  {{"theme", theme_or_template}});
    }
    UserTemplate t = user_template_from_row(r, 0);
    if (version && *version != t.version) {
      return fail(errc::kInvalidArgument,
                  "template '" + t.name + "' is pinned to version " + t.version +
                      "; omit version, or upgrade the new customization after using it",
                  {{"pointer", "/version"}, {"version", *version}, {"pinned", t.version}});
    }
    VITRINE_ASSIGN(auto theme, registry_.get(t.template_id));
    c.theme = theme_ref(theme.theme);
    c.template_id = t.template_id;
    c.template_version_id = t.template_version_id;
    c.version = t.version;
    c.source = "user";
    c.user_template_id = t.id;
    c.name = t.name;
    c.pages = t.pages;
    c.settings = t.settings;
    c.custom_css = t.custom_css;
    c.custom_js = t.custom_js;
  } else {
    return detail.error();
  }

  VITRINE_TRY(db_.exec(
      "INSERT INTO customizations (id, workspace_id, template_id, template_version_id, version, "
      "source, user_template_id, name, pages, settings, custom_css, custom_js, is_active, status, "
      "created_at, updated_at, published_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'draft', ?, ?, NULL)",
      {c.id, c.workspace_id, c.template_id, c.template_version_id, c.version, c.source,
       db::nullable(c.user_template_id), c.name, c.pages.dump(), c.settings.dump(), c.custom_css,
       c.custom_js, c.created_at, c.updated_at}));
  VITRINE_ASSIGN(c.revision, revision(workspace_id));
  return c;
}

Result<Customization> CustomizationService::get(const std::string& id) {
  VITRINE_ASSIGN(auto r, db_.exec(std::string(kSelectCustomization) + "WHERE c.id = ?", {id}));
  if (r.empty()) return customization_not_found(id);
  std::vector<Customization> items{customization_from_row(r, 0)};
  VITRINE_TRY(fill_themes(registry_, items));
  return std::move(items.front());
}

Result<std::vector<Customization>> CustomizationService::list(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec(std::string(kSelectCustomization) +
                                      "WHERE c.workspace_id = ? ORDER BY c.created_at DESC, c.id",
                                  {workspace_id}));
  std::vector<Customization> items;
  for (size_t i = 0; i < r.rows.size(); ++i) items.push_back(customization_from_row(r, i));
  VITRINE_TRY(fill_themes(registry_, items));
  return items;
}

Result<Customization> CustomizationService::active(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec(std::string(kSelectCustomization) +
                                      "WHERE c.workspace_id = ? AND c.is_active = 1",
                                  {workspace_id}));
  if (r.empty()) {
    return fail(errc::kNotFound, "workspace has no published template",
                {{"workspace_id", workspace_id}, {"reason", "no_active_template"}});
  }
  std::vector<Customization> items{customization_from_row(r, 0)};
  VITRINE_TRY(fill_themes(registry_, items));
  return std::move(items.front());
}

Result<std::optional<UpdateAvailable>> CustomizationService::update_available(
    const Customization& c) {
  VITRINE_ASSIGN(auto detail, registry_.get(c.template_id));
  auto pinned = parse_version(c.version);
  if (!pinned) return std::optional<UpdateAvailable>();
  std::optional<Version> best;
  const themes::VersionRecord* best_record = nullptr;
  for (const auto& v : detail.versions) {
    auto parsed = parse_version(v.version);
    if (!parsed || *parsed <= *pinned) continue;
    if (parsed->is_prerelease() && !pinned->is_prerelease()) continue;
    if (!best || *parsed > *best) {
      best = parsed;
      best_record = &v;
    }
  }
  if (!best_record) return std::optional<UpdateAvailable>();
  return std::optional<UpdateAvailable>(
      UpdateAvailable{best_record->version, best_record->changelog});
}

Result<Customization> CustomizationService::update(const std::string& workspace_id,
                                                   const std::string& id,
                                                   const CustomizationUpdate& change) {
  auto current = get(id);
  if (!current.ok()) return current.error();
  if (current->workspace_id != workspace_id) return customization_not_found(id);
  VITRINE_ASSIGN(auto detail, registry_.get(current->template_id));
  const themes::VersionRecord* pinned = nullptr;
  for (const auto& v : detail.versions)
    if (v.id == current->template_version_id) pinned = &v;
  if (!pinned) {
    return fail(errc::kInternal, "customization '" + id + "' is pinned to version " +
                                     current->version + ", which is no longer registered");
  }
  const json& config = pinned->puck_config;

  std::vector<PuckProblem> problems;
  json pages = current->pages;
  std::string css = current->custom_css, js = current->custom_js;
  json settings = current->settings;

  if (change.pages) {
    if (!change.pages->is_object()) {
      problems.push_back({"/pages", "must be an object of page path → Puck document"});
    } else {
      for (const auto& [path, doc] : change.pages->items()) {
        std::string ptr = child_pointer("/pages", path);
        if (auto why = page_path_problem(path)) {
          problems.push_back({ptr, *why});
          continue;
        }
        if (doc.is_null()) {
          if (path == "/") {
            problems.push_back({ptr, "the home page cannot be removed"});
          } else {
            pages.erase(path);
          }
          continue;
        }
        validate_puck_document(doc, config, ptr, problems);
        pages[path] = doc;
      }
    }
  }
  if (change.puck_data) {
    if (change.pages && change.pages->is_object() && change.pages->contains("/")) {
      problems.push_back({"/puck_data", "the home page is also in /pages/~1; send it once"});
    }
    validate_puck_document(*change.puck_data, config, "/puck_data", problems);
    pages["/"] = *change.puck_data;
  }
  if (pages.size() > kMaxPages) {
    problems.push_back({"/pages", "a customization has at most " + std::to_string(kMaxPages) +
                                      " pages; this change would make " +
                                      std::to_string(pages.size())});
  }
  auto code_field = [&](const std::optional<json>& value, const char* pointer, std::string& out) {
    if (!value) return;
    if (!value->is_string()) {
      problems.push_back({pointer, "must be a string"});
      return;
    }
    const auto& text = value->get_ref<const std::string&>();
    if (text.size() > kMaxCustomCodeBytes) {
      problems.push_back({pointer, "must be at most " + std::to_string(kMaxCustomCodeBytes) +
                                       " bytes; got " + std::to_string(text.size())});
      return;
    }
    out = text;
  };
  code_field(change.custom_css, "/custom_css", css);
  code_field(change.custom_js, "/custom_js", js);
  if (change.settings) {
    if (!change.settings->is_object()) {
      problems.push_back({"/settings", "must be an object"});
    } else {
      settings = *change.settings;
    }
  }

  if (!problems.empty()) {
    json list = json::array();
    for (const auto& p : problems) list.push_back(p.to_json());
    std::string first = problems.front().pointer + ": " + problems.front().message;
    return fail(errc::kValidationFailed,
                "the customization was not saved: " + std::to_string(problems.size()) +
                    (problems.size() == 1 ? " problem" : " problems") + " (first: " + first + ")",
                {{"problems", list}});
  }

  int64_t live_revision = 0;  // the bumped revision when the live customization was edited
  Status st = db_.transaction([&](db::Session& s) -> Status {
    live_revision = 0;  // PostgreSQL may run this again
    VITRINE_TRY(lock_revision(s, workspace_id));
    // The version is checked again under the lock: the pages were validated against it.
    VITRINE_ASSIGN(auto saved,
                   s.exec("UPDATE customizations SET pages = ?, settings = ?, custom_css = ?, "
                          "custom_js = ?, updated_at = ? WHERE id = ? AND template_version_id = ?",
                          {pages.dump(), settings.dump(), css, js, now_iso8601(), id,
                           current->template_version_id}));
    if (saved.changes == 0) {
      return fail(errc::kConflict,
                  "customization '" + id + "' changed version while it was being saved; retry",
                  {{"customization_id", id}});
    }
    VITRINE_ASSIGN(auto active, s.exec("SELECT is_active FROM customizations WHERE id = ?", {id}));
    if (!active.empty() && active.integer(0, "is_active") != 0) {
      VITRINE_ASSIGN(live_revision, bump_revision(s, workspace_id));
    }
    return {};
  });
  if (!st.ok()) return st.error();
  note_revision(workspace_id, live_revision);
  return get(id);
}

Result<Customization> CustomizationService::publish(const std::string& id) {
  VITRINE_ASSIGN(auto c, get(id));
  int64_t new_revision = 0;
  Status st = db_.transaction([&](db::Session& s) -> Status {
    new_revision = 0;  // PostgreSQL may run this again
    VITRINE_TRY(lock_revision(s, c.workspace_id));
    VITRINE_ASSIGN(auto row,
                   s.exec("SELECT is_active, version FROM customizations WHERE id = ?", {id}));
    if (row.empty()) return customization_not_found(id);
    if (row.integer(0, "is_active") != 0) return {};  // already live: nothing changes
    const std::string now = now_iso8601();
    VITRINE_TRY(
        s.exec("UPDATE customizations SET is_active = 0, updated_at = ? "
               "WHERE workspace_id = ? AND is_active = 1 AND id <> ?",
               {now, c.workspace_id, id}));
    VITRINE_TRY(
        s.exec("UPDATE customizations SET is_active = 1, status = 'published', published_at = ?, "
               "updated_at = ? WHERE id = ?",
               {now, now, id}));
    VITRINE_ASSIGN(new_revision, bump_revision(s, c.workspace_id));
    return append_history(s, c.workspace_id, id, "publish", new_revision, row.text(0, "version"));
  });
  if (!st.ok()) return st.error();
  note_revision(c.workspace_id, new_revision);
  return get(id);
}

Result<Customization> CustomizationService::unpublish(const std::string& id) {
  VITRINE_ASSIGN(auto c, get(id));
  int64_t new_revision = 0;
  Status st = db_.transaction([&](db::Session& s) -> Status {
    new_revision = 0;  // PostgreSQL may run this again
    VITRINE_TRY(lock_revision(s, c.workspace_id));
    VITRINE_ASSIGN(auto row,
                   s.exec("SELECT is_active, version FROM customizations WHERE id = ?", {id}));
    if (row.empty()) return customization_not_found(id);
    if (row.integer(0, "is_active") == 0) return {};  // already offline: nothing changes
    VITRINE_TRY(s.exec("UPDATE customizations SET is_active = 0, updated_at = ? WHERE id = ?",
                       {now_iso8601(), id}));
    VITRINE_ASSIGN(new_revision, bump_revision(s, c.workspace_id));
    return append_history(s, c.workspace_id, id, "unpublish", new_revision, row.text(0, "version"));
  });
  if (!st.ok()) return st.error();
  note_revision(c.workspace_id, new_revision);
  return get(id);
}

Result<Customization> CustomizationService::rollback(const std::string& workspace_id) {
  std::string target;
  int64_t new_revision = 0;
  Status st = db_.transaction([&](db::Session& s) -> Status {
    VITRINE_TRY(lock_revision(s, workspace_id));
    VITRINE_ASSIGN(auto live,
                   s.exec("SELECT id FROM customizations WHERE workspace_id = ? AND is_active = 1",
                          {workspace_id}));
    if (live.empty()) {
      return fail(errc::kConflict,
                  "workspace has no published template to roll back from; publish one instead",
                  {{"workspace_id", workspace_id}});
    }
    const std::string current = live.text(0, "id");
    // Replays the history as a stack of live customizations: a publish pushes, a rollback pops
    // back to the customization it re-activated. The entry below the top is the previous one.
    VITRINE_ASSIGN(auto h, s.exec("SELECT customization_id, action FROM publish_history "
                                  "WHERE workspace_id = ? ORDER BY id",
                                  {workspace_id}));
    std::vector<std::string> stack;
    for (size_t i = 0; i < h.rows.size(); ++i) {
      std::string cid = h.text(i, "customization_id"), action = h.text(i, "action");
      if (action == "publish") {
        if (stack.empty() || stack.back() != cid) stack.push_back(cid);
      } else if (action == "rollback") {
        if (!stack.empty()) stack.pop_back();
        if (stack.empty() || stack.back() != cid) stack.push_back(cid);
      }
    }
    while (!stack.empty() && stack.back() == current) stack.pop_back();
    if (stack.empty()) {
      return fail(errc::kConflict,
                  "nothing was published before the live customization; there is nothing to "
                  "roll back to",
                  {{"workspace_id", workspace_id}, {"customization_id", current}});
    }
    target = stack.back();
    VITRINE_ASSIGN(auto row, s.exec("SELECT version FROM customizations WHERE id = ?", {target}));
    if (row.empty()) return customization_not_found(target);
    const std::string now = now_iso8601();
    VITRINE_TRY(s.exec("UPDATE customizations SET is_active = 0, updated_at = ? WHERE id = ?",
                       {now, current}));
    VITRINE_TRY(
        s.exec("UPDATE customizations SET is_active = 1, status = 'published', published_at = ?, "
               "updated_at = ? WHERE id = ?",
               {now, now, target}));
    VITRINE_ASSIGN(new_revision, bump_revision(s, workspace_id));
    return append_history(s, workspace_id, target, "rollback", new_revision,
                          row.text(0, "version"));
  });
  if (!st.ok()) return st.error();
  note_revision(workspace_id, new_revision);
  return get(target);
}

Result<VersionChange> CustomizationService::upgrade(const std::string& id,
                                                    const std::string& version) {
  return change_version(id, version, true);
}

Result<VersionChange> CustomizationService::downgrade(const std::string& id,
                                                      const std::string& version) {
  return change_version(id, version, false);
}

Result<VersionChange> CustomizationService::change_version(const std::string& id,
                                                           const std::string& version,
                                                           bool upgrade) {
  VITRINE_ASSIGN(auto c, get(id));
  VITRINE_ASSIGN(auto detail, registry_.get(c.template_id));
  VITRINE_ASSIGN(const themes::VersionRecord* target, find_version(detail, version));
  auto from = parse_version(c.version), to = parse_version(target->version);
  if (!from || !to) return fail(errc::kInternal, "unparseable pinned version " + c.version);
  const char* action = upgrade ? "upgrade" : "downgrade";
  if (*to == *from) {
    return fail(errc::kInvalidArgument, "customization is already pinned to " + c.version,
                {{"pointer", "/version"}, {"version", c.version}});
  }
  if (upgrade != (*to > *from)) {
    return fail(errc::kInvalidArgument,
                "version " + target->version + " is " + (upgrade ? "older" : "newer") +
                    " than the pinned " + c.version + "; use " +
                    (upgrade ? "downgrade" : "upgrade"),
                {{"pointer", "/version"}, {"version", target->version}, {"pinned", c.version}});
  }

  VersionChange out;
  out.from_version = c.version;
  for (const auto& [path, doc] : c.pages.items())
    validate_puck_document(doc, target->puck_config, child_pointer("/pages", path), out.warnings);

  int64_t live_revision = 0;  // the bumped revision when the customization is live
  Status st = db_.transaction([&](db::Session& s) -> Status {
    VITRINE_TRY(lock_revision(s, c.workspace_id));
    VITRINE_ASSIGN(auto moved,
                   s.exec("UPDATE customizations SET template_version_id = ?, "
                          "version = ?, updated_at = ? "
                          "WHERE id = ? AND template_version_id = ?",
                          {target->id, target->version, now_iso8601(), id, c.template_version_id}));
    if (moved.changes == 0) {
      return fail(errc::kConflict, "customization '" + id + "' changed version meanwhile; retry",
                  {{"customization_id", id}});
    }
    VITRINE_ASSIGN(auto row, s.exec("SELECT is_active FROM customizations WHERE id = ?", {id}));
    int64_t revision = 0;
    live_revision = 0;  // PostgreSQL may run this again
    if (!row.empty() && row.integer(0, "is_active") != 0) {
      VITRINE_ASSIGN(revision, bump_revision(s, c.workspace_id));
      live_revision = revision;
    } else {
      VITRINE_ASSIGN(revision, current_revision(s, c.workspace_id));
    }
    return append_history(s, c.workspace_id, id, action, revision, target->version);
  });
  if (!st.ok()) return st.error();
  note_revision(c.workspace_id, live_revision);
  VITRINE_ASSIGN(out.customization, get(id));
  return out;
}

Result<UserTemplate> CustomizationService::promote(const std::string& id,
                                                   const std::string& owner_id,
                                                   const PromoteRequest& request) {
  std::vector<PuckProblem> problems;
  if (request.name.empty()) problems.push_back({"/name", "is required"});
  if (request.name.size() > 200) problems.push_back({"/name", "has at most 200 characters"});
  if (request.description.empty()) problems.push_back({"/description", "is required"});
  if (request.description.size() > 5000)
    problems.push_back({"/description", "has at most 5000 characters"});
  if (request.thumbnail) {
    const std::string& t = *request.thumbnail;
    bool url = t.rfind("https://", 0) == 0 || t.rfind("http://", 0) == 0 ||
               (t.size() > 1 && t[0] == '/' && t[1] != '/');
    if (!url || t.size() > 2000 || t.find_first_of(" \t\r\n\"<>") != std::string::npos)
      problems.push_back({"/thumbnail", "must be an http(s) URL or a path starting with '/'"});
  }
  if (!problems.empty()) {
    json list = json::array();
    for (const auto& p : problems) list.push_back(p.to_json());
    return fail(
        errc::kValidationFailed,
        "the template was not saved: " + problems.front().pointer + ": " + problems.front().message,
        {{"problems", list}});
  }
  if (owner_id.empty())
    return fail(errc::kInvalidArgument, "a user template needs an owner (the workspace owner)");
  VITRINE_ASSIGN(auto c, get(id));
  UserTemplate t;
  t.id = new_uuid();
  t.owner_id = owner_id;
  t.name = request.name;
  t.description = request.description;
  t.thumbnail = request.thumbnail;
  t.theme = c.theme;
  t.template_id = c.template_id;
  t.template_version_id = c.template_version_id;
  t.version = c.version;
  t.pages = c.pages;
  t.settings = c.settings;
  t.custom_css = c.custom_css;
  t.custom_js = c.custom_js;
  t.created_at = now_iso8601();
  VITRINE_TRY(db_.exec(
      "INSERT INTO user_templates (id, owner_id, name, description, thumbnail, template_id, "
      "template_version_id, version, pages, settings, custom_css, custom_js, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.owner_id, t.name, t.description, db::nullable(t.thumbnail), t.template_id,
       t.template_version_id, t.version, t.pages.dump(), t.settings.dump(), t.custom_css,
       t.custom_js, t.created_at}));
  return t;
}

Result<std::vector<UserTemplate>> CustomizationService::user_templates(
    const std::string& owner_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM user_templates WHERE owner_id = ? "
                                  "ORDER BY created_at DESC, id",
                                  {owner_id}));
  std::vector<UserTemplate> items;
  for (size_t i = 0; i < r.rows.size(); ++i) items.push_back(user_template_from_row(r, i));
  VITRINE_TRY(fill_themes(registry_, items));
  return items;
}

Result<int64_t> CustomizationService::revision(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT revision FROM content_revisions WHERE workspace_id = ?",
                                  {workspace_id}));
  return r.empty() ? int64_t{0} : r.integer(0, "revision");
}

int64_t CustomizationService::cached_revision(const std::string& workspace_id) const {
  std::shared_lock lock(revisions_mu_);
  auto it = revisions_.find(workspace_id);
  return it == revisions_.end() ? 0 : it->second;
}

Status CustomizationService::refresh_revisions() {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT workspace_id, revision FROM content_revisions"));
  std::unique_lock lock(revisions_mu_);
  for (size_t i = 0; i < r.rows.size(); ++i) {
    int64_t& known = revisions_[r.text(i, "workspace_id")];
    known = std::max(known, r.integer(i, "revision"));
  }
  return {};
}

void CustomizationService::note_revision(const std::string& workspace_id, int64_t revision) {
  if (revision <= 0) return;  // the write changed nothing live
  std::unique_lock lock(revisions_mu_);
  int64_t& known = revisions_[workspace_id];
  known = std::max(known, revision);
}

Result<std::vector<HistoryEntry>> CustomizationService::history(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT * FROM publish_history WHERE workspace_id = ? "
                                  "ORDER BY id",
                                  {workspace_id}));
  std::vector<HistoryEntry> out;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    out.push_back(HistoryEntry{r.integer(i, "id"), r.text(i, "workspace_id"),
                               r.text(i, "customization_id"), r.text(i, "action"),
                               r.integer(i, "revision"), r.text(i, "version"),
                               r.text(i, "created_at")});
  }
  return out;
}

Result<PublicPage> CustomizationService::public_page(const std::string& workspace_id,
                                                     const std::string& path) {
  VITRINE_ASSIGN(auto c, active(workspace_id));
  auto page = c.pages.find(path);
  if (page == c.pages.end()) {
    return fail(errc::kNotFound, "the site has no page '" + path + "'", {{"path", path}});
  }
  return PublicPage{*page, c.version, c.theme, c.revision, c.id};
}

nlohmann::json to_json(const Customization& c) {
  return {{"id", c.id},
          {"workspace_id", c.workspace_id},
          {"theme", {{"id", c.theme.id}, {"slug", c.theme.slug}, {"name", c.theme.name}}},
          {"version", c.version},
          {"source", c.source},
          {"user_template_id", c.user_template_id ? json(*c.user_template_id) : json(nullptr)},
          {"name", c.name},
          {"puck_data", c.puck_data()},
          {"pages", c.pages},
          {"settings", c.settings},
          {"custom_css", c.custom_css},
          {"custom_js", c.custom_js},
          {"is_active", c.is_active},
          {"status", c.status},
          {"revision", c.revision},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at},
          {"published_at", c.published_at ? json(*c.published_at) : json(nullptr)}};
}

nlohmann::json to_json(const UserTemplate& t) {
  return {{"id", t.id},
          {"owner_id", t.owner_id},
          {"name", t.name},
          {"description", t.description},
          {"thumbnail", t.thumbnail ? json(*t.thumbnail) : json(nullptr)},
          {"source", t.source},
          {"theme", {{"id", t.theme.id}, {"slug", t.theme.slug}, {"name", t.theme.name}}},
          {"version", t.version},
          {"pages", t.pages},
          {"settings", t.settings},
          {"custom_css", t.custom_css},
          {"custom_js", t.custom_js},
          {"created_at", t.created_at}};
}

nlohmann::json to_json(const HistoryEntry& h) {
  return {{"id", h.id},
          {"workspace_id", h.workspace_id},
          {"customization_id", h.customization_id},
          {"action", h.action},
          {"revision", h.revision},
          {"version", h.version},
          {"created_at", h.created_at}};
}

}  // namespace vitrine::customize
