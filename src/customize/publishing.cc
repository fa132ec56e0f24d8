// Making a customization live and taking it back: publish, unpublish, rollback, the history,
// and moving a customization to another version of its theme.
#include <algorithm>

#include "core/clock.h"
#include "core/ids.h"
#include "core/semver.h"
#include "customize/customizations.h"
#include "customize/store.h"

namespace vitrine::customize {

using internal::append_history;
using internal::bump_revision;
using internal::current_revision;
using internal::customization_not_found;
using internal::find_version;
using internal::lock_revision;
using nlohmann::json;

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
  for (const auto& [name, doc] : c.templates.items())
    validate_puck_document(doc, target->puck_config, child_pointer("/templates", name),
                           out.warnings);

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

}  // namespace vitrine::customize
