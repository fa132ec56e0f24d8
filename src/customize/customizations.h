// CustomizationService: a workspace's copies of themes (docs/architecture.md "Shops,
// hosting and customizations"). `use` clones a registered theme version into a workspace as a draft
// pinned to that exact version; the shop edits its Puck pages, CSS and JS; `publish` makes one
// customization the workspace's live one. Publishing is a single-row swap of is_active plus a bump
// of the workspace's content revision (the key render caches use) and a history entry. It never
// writes hosting tables: hosting owns infrastructure, this module owns what the site shows.
// Customizations can be saved as user templates that the owner's other workspaces can use.
// The module's SQL stays in src/customize/ (store.h: rows and the content revision helpers).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/references.h"
#include "core/result.h"
#include "customize/pages.h"
#include "customize/puck_validation.h"
#include "db/database.h"
#include "themes/registry.h"

namespace vitrine::customize {

// Limits of one customization.
inline constexpr size_t kMaxCustomCodeBytes = 256 * 1024;  // custom_css, custom_js each
inline constexpr size_t kMaxPages = 50;
inline constexpr size_t kMaxPagePathLength = 200;

// The theme a customization was cloned from.
struct ThemeRef {
  std::string id, slug, name;
};

struct Customization {
  std::string id, workspace_id;
  ThemeRef theme;
  std::string template_id, template_version_id;
  std::string version;  // the pinned theme version: "1.0.0"
  std::string source;   // "platform" (a registered theme) | "user" (cloned from a user template)
  std::optional<std::string> user_template_id;
  std::string name;
  nlohmann::json pages;  // page path → Puck document; "/" is the home page
  // Resource template name (themes::kResourceTemplates) → the shop's own Puck document for it;
  // a template not here renders the theme version's own.
  nlohmann::json templates = nlohmann::json::object();
  nlohmann::json settings;  // object
  std::string custom_css, custom_js;
  bool is_active = false;
  std::string status;    // "draft" | "published" (has been published at least once)
  int64_t revision = 0;  // the workspace's content revision when read
  std::string created_at, updated_at;
  std::optional<std::string> published_at;

  // The home page ("/") document.
  const nlohmann::json& puck_data() const;
};

// A newer registered version of a customization's theme.
struct UpdateAvailable {
  std::string version, changelog;
};

// What `update` changes; absent members stay as they are. Members are raw JSON so that a wrong
// type is reported with every other problem at once.
struct CustomizationUpdate {
  std::optional<nlohmann::json> puck_data;  // the home page document
  std::optional<nlohmann::json> pages;      // path → document (replaced) or null (page removed)
  // resource template name → document (the shop's override) or null (back to the theme's own)
  std::optional<nlohmann::json> templates;
  std::optional<nlohmann::json> custom_css, custom_js;  // strings
  std::optional<nlohmann::json> settings;               // object, replaces the settings
};

// The result of upgrade/downgrade: the re-pinned customization and every block or prop of its
// (untouched) pages that the new version does not accept.
struct VersionChange {
  Customization customization;
  std::string from_version;
  std::vector<PuckProblem> warnings;  // pointers like "/pages/~1/content/3/type"
};

// A customization saved for reuse by its workspace owner ("promotion").
struct UserTemplate {
  std::string id, owner_id, name, description;
  std::optional<std::string> thumbnail;
  ThemeRef theme;
  std::string template_id, template_version_id, version;
  nlohmann::json pages, templates, settings;
  std::string custom_css, custom_js;
  std::string created_at;
  std::string source = "user";
};

struct PromoteRequest {
  std::string name, description;
  std::optional<std::string> thumbnail;
};

// One entry of a workspace's publish history.
struct HistoryEntry {
  int64_t id = 0;
  std::string workspace_id, customization_id;
  std::string action;  // publish | unpublish | rollback | upgrade | downgrade
  int64_t revision = 0;
  std::string version, created_at;
};

// What the public storefront endpoint serves for a host: one page of the live customization.
struct PublicPage {
  nlohmann::json data;  // the Puck document
  std::string version;
  ThemeRef theme;
  int64_t revision = 0;
  std::string customization_id;
};

class CustomizationService {
 public:
  CustomizationService(db::Database& db, themes::ThemeRegistry& registry)
      : db_(db), registry_(registry) {}

  // Tables customizations, content_revisions, publish_history, user_templates. Run after the
  // themes module's migrations.
  static std::vector<db::Migration> migrations();

  // Clones `theme_or_template` into the workspace as a draft. It is a theme id or slug (pinned to
  // `version`, default the latest; seeded with the version's default page data), or the id of a
  // user template owned by `owner_id`, the workspace's owner (its data and pinned version are
  // copied; `version` must then be absent or equal). not_found for unknown themes, versions and
  // other owners' templates.
  Result<Customization> use(const std::string& workspace_id, const std::string& owner_id,
                            const std::string& theme_or_template,
                            const std::optional<std::string>& version = std::nullopt);

  // Copies customization `id` (pages, resource templates, settings, custom CSS and JS, the pinned
  // version) into its workspace as a new draft, so a live site can be edited and published later
  // while rollback still restores what was live. not_found for an unknown id.
  Result<Customization> duplicate(const std::string& id);

  // One customization by id; not_found otherwise.
  Result<Customization> get(const std::string& id);
  // Every customization of a workspace, newest first.
  Result<std::vector<Customization>> list(const std::string& workspace_id);
  // The workspace's live customization; not_found "workspace has no published template".
  Result<Customization> active(const std::string& workspace_id);

  // The newest registered version of the customization's theme that is newer than its pinned
  // one, or nullopt. Pre-releases are offered only to customizations pinned to a pre-release.
  Result<std::optional<UpdateAvailable>> update_available(const Customization& c);

  // Saves a draft edit of customization `id` of `workspace_id` (not_found when it belongs to
  // another workspace). Every page is validated against the pinned version's Puck config; all
  // problems are returned at once as validation_failed with details.problems [{pointer,
  // message}] (pointers into the request body) and nothing is saved. Editing the active
  // customization bumps the workspace's content revision so the live site follows.
  Result<Customization> update(const std::string& workspace_id, const std::string& id,
                               const CustomizationUpdate& change);

  // Makes `id` its workspace's live customization in one transaction: the content revision row
  // is locked and bumped first (so concurrent publishes of one workspace serialise on every
  // database), every other customization is deactivated, this one activated, and a history
  // entry appended. Idempotent for the already-active customization (no new revision).
  Result<Customization> publish(const std::string& id);

  // Takes `id` offline (is_active cleared) with a new revision and a history entry. Idempotent
  // for a customization that is not live (no new revision).
  Result<Customization> unpublish(const std::string& id);

  // Re-activates the customization that was live before the current one, following the
  // publish history (publishes push, rollbacks pop). conflict when nothing is live or nothing
  // was published before it.
  Result<Customization> rollback(const std::string& workspace_id);

  // Re-pins `id` to a newer (upgrade) or older (downgrade) registered version of its theme,
  // keeping its pages untouched; what the new version does not accept is returned as warnings,
  // never dropped. invalid_argument for a version in the wrong direction, not_found for an
  // unregistered one. Records history; bumps the revision when the customization is live.
  Result<VersionChange> upgrade(const std::string& id, const std::string& version);
  Result<VersionChange> downgrade(const std::string& id, const std::string& version);

  // Saves customization `id` as a new user template owned by `owner_id` (its workspace's owner).
  Result<UserTemplate> promote(const std::string& id, const std::string& owner_id,
                               const PromoteRequest& request);
  // The user templates of `owner_id`, newest first.
  Result<std::vector<UserTemplate>> user_templates(const std::string& owner_id);

  // The workspace's current content revision (0 before anything was published).
  Result<int64_t> revision(const std::string& workspace_id);

  // The workspace's content revision as last seen by this process, from memory (never queries):
  // 0 when nothing was ever published or the workspace is unknown. Bumped at once by this
  // process's own writes; other processes' writes appear after refresh_revisions().
  int64_t cached_revision(const std::string& workspace_id) const;
  // Reloads every workspace's content revision (one query). The App calls it every second.
  Status refresh_revisions();
  // The workspace's publish history, oldest first.
  Result<std::vector<HistoryEntry>> history(const std::string& workspace_id);

  // The customization the CMS pages API edits: `id` when given (not_found when it is another
  // workspace's), else the workspace's live customization, else its newest.
  Result<Customization> working(const std::string& workspace_id,
                                const std::optional<std::string>& id);
  // Adds page input.path (required) to customization `id`, validated like update(); conflict
  // when the path is taken. Problems point into the page body (customize/pages.h).
  Result<Customization> create_page(const std::string& workspace_id, const std::string& id,
                                    const PageInput& input);
  // Changes page `path` of customization `id`; an input.path renames it (conflict when taken;
  // the home page stays at "/"). not_found for an unknown page.
  Result<Customization> update_page(const std::string& workspace_id, const std::string& id,
                                    const std::string& path, const PageInput& input);
  // Removes page `path`; conflict for the home page.
  Result<Customization> delete_page(const std::string& workspace_id, const std::string& id,
                                    const std::string& path);
  // Changes / removes block `block_id` of customization `id` (on page `page` when given; see
  // find_block). Removing a block removes the zones it holds.
  Result<Customization> update_block(const std::string& workspace_id, const std::string& id,
                                     const std::string& block_id,
                                     const std::optional<std::string>& page,
                                     const BlockInput& input);
  Result<Customization> delete_block(const std::string& workspace_id, const std::string& id,
                                     const std::string& block_id,
                                     const std::optional<std::string>& page);

  // The pages and templates of the workspace's live customization (and its settings and custom
  // code) that contain `needle` (a URL prefix such as a media file's); none when nothing is live.
  Result<std::vector<ContentReference>> references_to(const std::string& workspace_id,
                                                      const std::string& needle);

  // Page `path` of the workspace's live customization. not_found when nothing is live or the
  // page does not exist.
  Result<PublicPage> public_page(const std::string& workspace_id, const std::string& path = "/");

 private:
  // Inserts `c` as a new draft (not live, never published) and reads the workspace's revision.
  Result<Customization> insert_draft(Customization c);

  // Changes customization `id` of `workspace_id` in one transaction that first takes the
  // workspace's revision lock and reads the row again, so concurrent edits of one customization
  // serialise and none is lost. `change` mutates the row's pages, templates, settings and code
  // and appends problems; any problem (or an error it returns) saves nothing, and the
  // validation_failed error names `what` ("page"). A live customization's edit bumps the
  // workspace's content revision.
  using Edit = std::function<Status(Customization& c, const nlohmann::json& config,
                                    std::vector<PuckProblem>& problems)>;
  Result<Customization> edit(const std::string& workspace_id, const std::string& id,
                             const std::string& what, const Edit& change);

  Result<VersionChange> change_version(const std::string& id, const std::string& version,
                                       bool upgrade);

  // Records `revision` for the workspace after the write that made it committed. Revisions only
  // grow, so the larger of the known and the given value wins: a refresh that read the table
  // before the write committed cannot move the cache back.
  void note_revision(const std::string& workspace_id, int64_t revision);

  db::Database& db_;
  themes::ThemeRegistry& registry_;
  mutable std::shared_mutex revisions_mu_;
  std::unordered_map<std::string, int64_t> revisions_;  // workspace id → content revision
};

// The JSON of a customization as the API shows it (theme {id, slug, name}, puck_data = the home
// page, pages, settings, is_active, status, revision, timestamps...).
nlohmann::json to_json(const Customization& c);
nlohmann::json to_json(const UserTemplate& t);
nlohmann::json to_json(const HistoryEntry& h);

}  // namespace vitrine::customize
