#include "workspaces/workspaces.h"

#include <map>
#include <optional>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "events/event_bus.h"

namespace vitrine::workspaces {
namespace {

// Members reference users (auth module) and cascade with their workspace. The slug's UNIQUE
// constraint is what makes slugs unique; create() only retries when it fires.
constexpr const char* kSchema = R"sql(
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'archived')),
  owner_id TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX workspaces_by_owner ON workspaces (owner_id);
CREATE TABLE workspace_members (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_by_user ON workspace_members (user_id);
)sql";

constexpr const char* kSelect =
    "SELECT w.id, w.name, w.slug, w.type, w.status, w.owner_id, w.created_at, w.updated_at, "
    "(SELECT COUNT(*) FROM workspace_members c WHERE c.workspace_id = w.id) AS member_count "
    "FROM workspaces w ";

constexpr size_t kMaxTypeLength = 40;

Workspace workspace_from(const db::QueryResult& r, size_t row) {
  Workspace w;
  w.id = r.text(row, "id");
  w.name = r.text(row, "name");
  w.slug = r.text(row, "slug");
  w.type = r.text(row, "type");
  w.status = r.text(row, "status");
  w.owner_id = r.text(row, "owner_id");
  w.member_count = static_cast<int>(r.integer(row, "member_count"));
  w.created_at = r.text(row, "created_at");
  w.updated_at = r.text(row, "updated_at");
  return w;
}

Error workspace_not_found(std::string_view id) {
  return make_error(errc::kNotFound, "workspace '" + std::string(id) + "' not found",
                    {{"workspace_id", std::string(id)}});
}

Status check_name(const std::string& name) {
  if (name.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail(errc::kInvalidArgument, "/name: is required", {{"pointer", "/name"}});
  if (name.size() > kMaxNameLength)
    return fail(errc::kInvalidArgument,
                "/name: must be at most " + std::to_string(kMaxNameLength) + " characters",
                {{"pointer", "/name"}, {"max_length", kMaxNameLength}});
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f)
      return fail(errc::kInvalidArgument, "/name: must not contain control characters",
                  {{"pointer", "/name"}});
  return {};
}

Status check_type(const std::string& type) {
  if (type.empty() || type.size() > kMaxTypeLength || !is_valid_slug(type))
    return fail(errc::kInvalidArgument,
                "/type: must be 1 to " + std::to_string(kMaxTypeLength) +
                    " lower-case letters, digits and hyphens (got '" + type + "')",
                {{"pointer", "/type"}});
  return {};
}

}  // namespace

std::string slugify(std::string_view name) {
  std::string s = ::vitrine::slugify(name, kMaxSlugBaseLength);
  return s.empty() ? "shop" : s;
}

WorkspaceService::WorkspaceService(db::Database& db, auth::UserService& users, SlugSuffixFn suffix)
    : db_(db), users_(users), suffix_(std::move(suffix)) {
  if (!suffix_) suffix_ = [] { return random_alnum(4); };
}

std::vector<db::Migration> WorkspaceService::migrations() {
  return {db::Migration{"workspaces", 1, kSchema}};
}

Result<Workspace> WorkspaceService::create(const std::string& owner_id, const std::string& name,
                                           const std::string& type) {
  VITRINE_TRY(check_name(name));
  VITRINE_TRY(check_type(type));
  const std::string base = slugify(name);
  for (int attempt = 0; attempt < kSlugAttempts; ++attempt) {
    auto created = insert(owner_id, name, base + "-" + suffix_(), type);
    if (created.ok() || created.error().code != errc::kAlreadyExists) return created;
  }
  return fail(errc::kConflict,
              "could not find a free slug for '" + base + "' after " +
                  std::to_string(kSlugAttempts) + " attempts; try another name",
              {{"slug_base", base}});
}

Result<Workspace> WorkspaceService::create_with_slug(const std::string& owner_id,
                                                     const std::string& name,
                                                     const std::string& slug,
                                                     const std::string& type) {
  VITRINE_TRY(check_name(name));
  VITRINE_TRY(check_type(type));
  if (slug.size() > 63 || !is_valid_slug(slug))
    return fail(errc::kInvalidArgument,
                "slug '" + slug +
                    "' must be 1-63 lower-case letters, digits and single hyphens (a DNS label)",
                {{"slug", slug}});
  auto created = insert(owner_id, name, slug, type);
  if (!created.ok() && created.error().code == errc::kAlreadyExists)
    return fail(errc::kAlreadyExists, "slug '" + slug + "' is taken", {{"slug", slug}});
  return created;
}

Result<Workspace> WorkspaceService::insert(const std::string& owner_id, const std::string& name,
                                           const std::string& slug, const std::string& type) {
  Workspace w;
  w.id = new_uuid();
  w.name = name;
  w.slug = slug;
  w.type = type;
  w.status = "active";
  w.owner_id = owner_id;
  w.member_count = 1;
  w.created_at = w.updated_at = now_iso8601();
  // On a collision the caller retries the whole transaction: on PostgreSQL a failed statement
  // poisons its transaction, so continuing inside it is not an option.
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    // Read inside the transaction so the event carries the tier the owner has at commit.
    VITRINE_ASSIGN(auth::User owner, users_.get(owner_id));
    w.tier = owner.tier;
    VITRINE_TRY(
        s.exec("INSERT INTO workspaces (id, name, slug, type, status, owner_id, created_at, "
               "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {w.id, w.name, w.slug, w.type, w.status, w.owner_id, w.created_at, w.updated_at}));
    VITRINE_TRY(s.exec(
        "INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES (?, ?, "
        "'owner', ?)",
        {w.id, w.owner_id, w.created_at}));
    return events::EventBus::emit(
        s, "workspace.created",
        {{"workspace_id", w.id}, {"slug", w.slug}, {"owner_id", w.owner_id}, {"tier", w.tier}});
  }));
  return w;
}

Result<Workspace> WorkspaceService::get(std::string_view id_or_slug) {
  const std::string key(id_or_slug);
  return load_where("w.id = ? OR w.slug = ?", {key, key}, key);
}

Result<Workspace> WorkspaceService::load(std::string_view id) {
  const std::string key(id);
  return load_where("w.id = ?", {key}, key);
}

Result<Workspace> WorkspaceService::load_where(std::string_view condition,
                                               const std::vector<db::Value>& params,
                                               std::string_view shown) {
  VITRINE_ASSIGN(auto r, db_.exec(std::string(kSelect) + "WHERE " + std::string(condition),
                                  std::span<const db::Value>(params)));
  if (r.empty()) return workspace_not_found(shown);
  std::vector<Workspace> one{workspace_from(r, 0)};
  VITRINE_TRY(fill_tiers(one));
  return std::move(one[0]);
}

Status WorkspaceService::fill_tiers(std::vector<Workspace>& list) {
  std::map<std::string, std::string> tiers;  // owner id → tier
  for (auto& w : list) {
    auto it = tiers.find(w.owner_id);
    if (it == tiers.end()) {
      VITRINE_ASSIGN(auth::User owner, users_.get(w.owner_id));
      it = tiers.emplace(w.owner_id, owner.tier).first;
    }
    w.tier = it->second;
  }
  return {};
}

Result<Workspace> WorkspaceService::authorize(const auth::Principal& p, std::string_view id) {
  if (!is_uuid(id)) return workspace_not_found(id);
  if (p.admin) return load(id);
  if (p.user_id.empty()) return workspace_not_found(id);
  VITRINE_ASSIGN(auto r, db_.exec("SELECT 1 FROM workspace_members WHERE workspace_id = ? AND "
                                  "user_id = ?",
                                  {std::string(id), p.user_id}));
  if (r.empty()) return workspace_not_found(id);
  return load(id);
}

Result<Workspace> WorkspaceService::authorize_owner(const auth::Principal& p, std::string_view id) {
  VITRINE_ASSIGN(Workspace w, authorize(p, id));
  if (!p.admin && w.owner_id != p.user_id)
    return fail(errc::kForbidden, "only the workspace's owner may do this",
                {{"workspace_id", w.id}});
  return w;
}

Result<std::vector<Workspace>> WorkspaceService::list_for(const auth::Principal& p) {
  std::vector<Workspace> out;
  if (!p.admin && p.user_id.empty()) return out;
  constexpr const char* kOrder = " ORDER BY w.created_at DESC, w.id DESC";
  auto r = p.admin ? db_.exec(std::string(kSelect) + kOrder)
                   : db_.exec(std::string(kSelect) +
                                  "JOIN workspace_members m ON m.workspace_id = w.id "
                                  "WHERE m.user_id = ?" +
                                  kOrder,
                              {p.user_id});
  if (!r.ok()) return r.error();
  for (size_t i = 0; i < r->rows.size(); ++i) out.push_back(workspace_from(*r, i));
  VITRINE_TRY(fill_tiers(out));
  return out;
}

Result<Member> WorkspaceService::add_member(std::string_view workspace_id,
                                            const std::string& email) {
  VITRINE_ASSIGN(auth::User user, users_.find_by_email(email));
  Member m{std::string(workspace_id), user.id, user.email, "member", now_iso8601()};
  Status st = db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto ws, s.exec("SELECT 1 FROM workspaces WHERE id = ?", {m.workspace_id}));
    if (ws.empty()) return workspace_not_found(workspace_id);
    VITRINE_TRY(s.exec(
        "INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES (?, ?, "
        "'member', ?)",
        {m.workspace_id, m.user_id, m.created_at}));
    VITRINE_TRY(s.exec("UPDATE workspaces SET updated_at = ? WHERE id = ?",
                       {m.created_at, m.workspace_id}));
    return {};
  });
  if (!st.ok()) {
    if (st.error().code == errc::kAlreadyExists)
      return fail(errc::kAlreadyExists, "'" + user.email + "' is already a member",
                  {{"pointer", "/email"}, {"email", user.email}});
    return st.error();
  }
  return m;
}

Result<std::vector<Member>> WorkspaceService::members(std::string_view workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT workspace_id, user_id, role, created_at FROM "
                                  "workspace_members WHERE workspace_id = ? "
                                  "ORDER BY CASE role WHEN 'owner' THEN 0 ELSE 1 END, "
                                  "created_at, user_id",
                                  {std::string(workspace_id)}));
  std::vector<Member> out;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    Member m{r.text(i, "workspace_id"), r.text(i, "user_id"), "", r.text(i, "role"),
             r.text(i, "created_at")};
    VITRINE_ASSIGN(auth::User u, users_.get(m.user_id));
    m.email = u.email;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace vitrine::workspaces
