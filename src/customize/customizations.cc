#include "customize/customizations.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "core/clock.h"
#include "core/ids.h"
#include "core/semver.h"
#include "customize/store.h"
#include "themes/package.h"

namespace vitrine::customize {
namespace {

using internal::bump_revision;
using internal::customization_from_row;
using internal::customization_not_found;
using internal::default_pages;
using internal::fill_themes;
using internal::find_version;
using internal::kSelectCustomization;
using internal::lock_revision;
using internal::page_path_problem;
using internal::theme_ref;
using internal::user_template_from_row;
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

// Applies `change` to `c`, appending every problem with pointers into the request body.
void apply_update(const CustomizationUpdate& change, const json& config, Customization& c,
                  std::vector<PuckProblem>& problems) {
  // Pages (by path) and templates (by name) change alike: a document replaces the
  // key's after validation, null removes the key. `key_problem` says why a key
  // cannot take the change.
  auto merge_documents = [&](const json& changed, const char* pointer, const char* key_kind,
                             auto key_problem, json& docs) {
    if (!changed.is_object()) {
      problems.push_back(
          {pointer, std::string("must be an object of ") + key_kind + " → Puck document"});
      return;
    }
    for (const auto& [key, doc] : changed.items()) {
      std::string ptr = child_pointer(pointer, key);
      if (std::optional<std::string> why = key_problem(key, doc.is_null())) {
        problems.push_back({ptr, *why});
      } else if (doc.is_null()) {
        docs.erase(key);
      } else {
        validate_puck_document(doc, config, ptr, problems);
        docs[key] = doc;
      }
    }
  };
  if (change.pages) {
    merge_documents(
        *change.pages, "/pages", "page path",
        [](const std::string& path, bool removing) -> std::optional<std::string> {
          if (auto why = page_path_problem(path)) return why;
          if (removing && path == "/") return "the home page cannot be removed";
          return std::nullopt;
        },
        c.pages);
  }
  if (change.templates) {
    merge_documents(
        *change.templates, "/templates", "template name",
        [](const std::string& name, bool) -> std::optional<std::string> {
          if (themes::is_resource_template(name)) return std::nullopt;
          return "is not a resource template; it must be one of " +
                 themes::resource_template_names();
        },
        c.templates);
  }
  if (change.puck_data) {
    if (change.pages && change.pages->is_object() && change.pages->contains("/")) {
      problems.push_back({"/puck_data", "the home page is also in /pages/~1; send it once"});
    }
    validate_puck_document(*change.puck_data, config, "/puck_data", problems);
    c.pages["/"] = *change.puck_data;
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
  code_field(change.custom_css, "/custom_css", c.custom_css);
  code_field(change.custom_js, "/custom_js", c.custom_js);
  if (change.settings) {
    if (!change.settings->is_object()) {
      problems.push_back({"/settings", "must be an object"});
    } else {
      c.settings = *change.settings;
    }
  }
}

}  // namespace

const nlohmann::json& Customization::puck_data() const {
  static const json kNull;
  auto it = pages.find("/");
  return it == pages.end() ? kNull : *it;
}

std::vector<db::Migration> CustomizationService::migrations() {
  return {
      db::Migration{"customize", 1, kSchema},
      db::Migration{"customize", 2,
                    "ALTER TABLE customizations ADD COLUMN templates TEXT NOT NULL DEFAULT '{}';"
                    "ALTER TABLE user_templates ADD COLUMN templates TEXT NOT NULL DEFAULT '{}';"}};
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
    c.templates = t.templates;
    c.settings = t.settings;
    c.custom_css = t.custom_css;
    c.custom_js = t.custom_js;
  } else {
    return detail.error();
  }

  return insert_draft(std::move(c));
}

Result<Customization> CustomizationService::duplicate(const std::string& id) {
  VITRINE_ASSIGN(auto c, get(id));
  c.id = new_uuid();
  c.is_active = false;
  c.status = "draft";
  c.published_at.reset();
  c.created_at = c.updated_at = now_iso8601();
  return insert_draft(std::move(c));
}

Result<Customization> CustomizationService::insert_draft(Customization c) {
  VITRINE_TRY(db_.exec(
      "INSERT INTO customizations (id, workspace_id, template_id, template_version_id, version, "
      "source, user_template_id, name, pages, templates, settings, custom_css, custom_js, "
      "is_active, status, created_at, updated_at, published_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'draft', ?, ?, NULL)",
      {c.id, c.workspace_id, c.template_id, c.template_version_id, c.version, c.source,
       db::nullable(c.user_template_id), c.name, c.pages.dump(), c.templates.dump(),
       c.settings.dump(), c.custom_css, c.custom_js, c.created_at, c.updated_at}));
  VITRINE_ASSIGN(c.revision, revision(c.workspace_id));
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
  VITRINE_ASSIGN(auto r,
                 db_.exec(std::string(kSelectCustomization) +
                              "WHERE c.workspace_id = ? ORDER BY c.created_at DESC, c.id DESC",
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

Result<Customization> CustomizationService::edit(const std::string& workspace_id,
                                                 const std::string& id, const std::string& what,
                                                 const Edit& change) {
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

  int64_t live_revision = 0;  // the bumped revision when the live customization was edited
  Status st = db_.transaction([&](db::Session& s) -> Status {
    live_revision = 0;  // PostgreSQL may run this again
    VITRINE_TRY(lock_revision(s, workspace_id));
    // Read again under the workspace's lock, so that two edits of different pages both land.
    VITRINE_ASSIGN(auto row, s.exec(std::string(kSelectCustomization) + "WHERE c.id = ?", {id}));
    if (row.empty()) return customization_not_found(id);
    Customization c = customization_from_row(row, 0);
    // The pages were validated against this version: an upgrade in between is a conflict.
    if (c.template_version_id != current->template_version_id) {
      return fail(errc::kConflict,
                  "customization '" + id + "' changed version while it was being saved; retry",
                  {{"customization_id", id}});
    }
    std::vector<PuckProblem> problems;
    VITRINE_TRY(change(c, config, problems));
    if (c.pages.size() > kMaxPages) {
      problems.push_back({"/pages", "a customization has at most " + std::to_string(kMaxPages) +
                                        " pages; this change would make " +
                                        std::to_string(c.pages.size())});
    }
    if (!problems.empty()) {
      json list = json::array();
      for (const auto& p : problems) list.push_back(p.to_json());
      std::string first = problems.front().pointer + ": " + problems.front().message;
      return fail(errc::kValidationFailed,
                  "the " + what + " was not saved: " + std::to_string(problems.size()) +
                      (problems.size() == 1 ? " problem" : " problems") + " (first: " + first + ")",
                  {{"problems", list}});
    }
    VITRINE_TRY(
        s.exec("UPDATE customizations SET pages = ?, templates = ?, settings = ?, custom_css = ?, "
               "custom_js = ?, updated_at = ? WHERE id = ?",
               {c.pages.dump(), c.templates.dump(), c.settings.dump(), c.custom_css, c.custom_js,
                now_iso8601(), id}));
    if (c.is_active) {
      VITRINE_ASSIGN(live_revision, bump_revision(s, workspace_id));
    }
    return {};
  });
  if (!st.ok()) return st.error();
  note_revision(workspace_id, live_revision);
  return get(id);
}

Result<Customization> CustomizationService::update(const std::string& workspace_id,
                                                   const std::string& id,
                                                   const CustomizationUpdate& change) {
  return edit(
      workspace_id, id, "customization",
      [&](Customization& c, const json& config, std::vector<PuckProblem>& problems) -> Status {
        apply_update(change, config, c, problems);
        return Status{};
      });
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

Result<std::vector<ContentReference>> CustomizationService::references_to(
    const std::string& workspace_id, const std::string& needle) {
  std::vector<ContentReference> out;
  auto live = active(workspace_id);
  if (!live.ok()) {
    if (live.error().code == errc::kNotFound) return out;
    return live.error();
  }
  auto names = [&](const json& value) { return value.dump().find(needle) != std::string::npos; };
  for (const auto& [path, doc] : live->pages.items())
    if (names(doc)) out.push_back({"page", path, path});
  for (const auto& [name, doc] : live->templates.items())
    if (names(doc)) out.push_back({"template", name, name});
  if (names(live->settings) || live->custom_css.find(needle) != std::string::npos ||
      live->custom_js.find(needle) != std::string::npos)
    out.push_back({"theme_settings", live->id, live->name});
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
          {"templates", c.templates},
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
          {"templates", t.templates},
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
