// Promoting a customization to a user template, and listing a user's templates.
#include <algorithm>

#include "core/clock.h"
#include "core/ids.h"
#include "core/semver.h"
#include "customize/customizations.h"
#include "customize/store.h"

namespace vitrine::customize {

using internal::fill_themes;
using internal::user_template_from_row;
using nlohmann::json;

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
  t.templates = c.templates;
  t.settings = c.settings;
  t.custom_css = c.custom_css;
  t.custom_js = c.custom_js;
  t.created_at = now_iso8601();
  VITRINE_TRY(db_.exec(
      "INSERT INTO user_templates (id, owner_id, name, description, thumbnail, template_id, "
      "template_version_id, version, pages, templates, settings, custom_css, custom_js, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.owner_id, t.name, t.description, db::nullable(t.thumbnail), t.template_id,
       t.template_version_id, t.version, t.pages.dump(), t.templates.dump(), t.settings.dump(),
       t.custom_css, t.custom_js, t.created_at}));
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

}  // namespace vitrine::customize
