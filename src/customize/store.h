// Internal to the customize module: its rows and the content revision every change goes
// through, shared by the editing (customizations.cc), publishing (publishing.cc) and user
// template (user_templates.cc) parts of CustomizationService.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "customize/customizations.h"
#include "db/database.h"
#include "themes/registry.h"

namespace vitrine::customize::internal {

// The customization columns plus the workspace's content revision.
inline constexpr const char* kSelectCustomization =
    "SELECT c.*, r.revision AS workspace_revision FROM customizations c "
    "LEFT JOIN content_revisions r ON r.workspace_id = c.workspace_id ";

// `text` as JSON, or `fallback` when it is not JSON.
nlohmann::json parse_or(const std::string& text, nlohmann::json fallback);

// A row of kSelectCustomization / of user_templates (themes not filled in).
Customization customization_from_row(const db::QueryResult& r, size_t i);
UserTemplate user_template_from_row(const db::QueryResult& r, size_t i);

ThemeRef theme_ref(const themes::ThemeRecord& t);

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

// Why `path` is not a page path ("/" or "/segment[/segment...]" of letters, digits, '-', '_' and
// '.', without "." or ".." segments or a trailing slash), or nullopt when it is one.
std::optional<std::string> page_path_problem(const std::string& path);

// The pages a new customization starts with: the theme's own page data when its metadata ships
// some and it is valid for the version's config; otherwise an empty home page.
nlohmann::json default_pages(const themes::VersionRecord& v);

// The version `version` of `detail`; not_found (listing the versions) or invalid_argument.
Result<const themes::VersionRecord*> find_version(const themes::ThemeDetail& detail,
                                                  const std::string& version);

// Takes the workspace's content revision row lock (creating the row at 0) without changing it:
// every state change of a workspace's customizations starts here, so on PostgreSQL concurrent
// publishes of one workspace queue on this row.
Status lock_revision(db::Session& s, const std::string& workspace_id);
// Adds one to the workspace's content revision and returns it.
Result<int64_t> bump_revision(db::Session& s, const std::string& workspace_id);
Result<int64_t> current_revision(db::Session& s, const std::string& workspace_id);

// Records a publish, unpublish, rollback or version change in publish_history.
Status append_history(db::Session& s, const std::string& workspace_id,
                      const std::string& customization_id, const char* action, int64_t revision,
                      const std::string& version);

Error customization_not_found(const std::string& id);

}  // namespace vitrine::customize::internal
