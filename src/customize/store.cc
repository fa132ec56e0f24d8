#include "customize/store.h"

#include "core/clock.h"
#include "core/semver.h"
#include "customize/puck_validation.h"

namespace vitrine::customize::internal {

using nlohmann::json;

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
  c.templates = parse_or(r.text(i, "templates"), json::object());
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
  t.templates = parse_or(r.text(i, "templates"), json::object());
  t.settings = parse_or(r.text(i, "settings"), json::object());
  t.custom_css = r.text(i, "custom_css");
  t.custom_js = r.text(i, "custom_js");
  t.created_at = r.text(i, "created_at");
  return t;
}

ThemeRef theme_ref(const themes::ThemeRecord& t) { return ThemeRef{t.id, t.slug, t.name}; }

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

}  // namespace vitrine::customize::internal
