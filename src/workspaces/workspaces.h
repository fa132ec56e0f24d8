// WorkspaceService: workspaces (shops), their members and the access rule every workspace
// endpoint applies. Creating a workspace emits "workspace.created" through the event outbox in
// the same transaction; this module never touches hosting or theme tables
// (docs/architecture.md "Shops, hosting and customizations").
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/tokens.h"
#include "auth/users.h"
#include "core/result.h"
#include "db/database.h"

namespace vitrine::workspaces {

struct Workspace {
  std::string id;
  std::string name;
  std::string slug;    // unique: slugified name + "-" + 4 random [a-z0-9] ("johns-shop-x7k2")
  std::string type;    // "store" unless given
  std::string status;  // "active" | "archived"
  std::string owner_id;
  std::string tier;  // the owner's subscription tier: basic | pro | enterprise
  int member_count = 0;
  std::string created_at;
  std::string updated_at;
};

struct Member {
  std::string workspace_id;
  std::string user_id;
  std::string email;
  std::string role;  // owner | member
  std::string created_at;
};

inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxSlugBaseLength = 40;
inline constexpr int kSlugAttempts = 8;

// The slug base for a workspace name: core slugify (core/text.h) to at most 40 characters;
// "shop" when nothing is left ("Ann's Bakery & Co" → "anns-bakery-co").
std::string slugify(std::string_view name);

// Returns the random part of a slug ("x7k2"); replaceable so tests can force collisions.
using SlugSuffixFn = std::function<std::string()>;

class WorkspaceService {
 public:
  // `users` supplies owners' tiers and finds members by email. `suffix` defaults to 4 random
  // characters from [a-z0-9].
  WorkspaceService(db::Database& db, auth::UserService& users, SlugSuffixFn suffix = {});

  static std::vector<db::Migration> migrations();

  // Creates a workspace owned by `owner_id` (who becomes its first member) and emits
  // workspace.created {workspace_id, slug, owner_id, tier} in the same transaction. The slug is
  // retried with a new suffix (8 attempts) when the database reports a collision; after that,
  // conflict. invalid_argument for an empty or over-long name or a malformed type.
  Result<Workspace> create(const std::string& owner_id, const std::string& name,
                           const std::string& type = "store");

  // Like create, with exactly `slug` (no suffix, no retry): for operators and `vitrine demo`,
  // whose shop must answer on a known subdomain. invalid_argument for a slug that is not
  // lower-case letters, digits and single hyphens; already_exists when it is taken.
  Result<Workspace> create_with_slug(const std::string& owner_id, const std::string& name,
                                     const std::string& slug, const std::string& type = "store");

  // A workspace by id or slug, for internal callers (no access check); not_found otherwise.
  Result<Workspace> get(std::string_view id_or_slug);

  // The workspace `id` if `p` may see it (admin, owner or member). not_found otherwise: the
  // same answer as for a workspace that does not exist, so other tenants' ids leak nothing.
  Result<Workspace> authorize(const auth::Principal& p, std::string_view id);

  // Like authorize, and forbidden unless `p` is the owner or an admin.
  Result<Workspace> authorize_owner(const auth::Principal& p, std::string_view id);

  // Workspaces `p` belongs to (every workspace for admins), newest first.
  Result<std::vector<Workspace>> list_for(const auth::Principal& p);

  // Adds the user with `email` as a member. not_found when no such user; already_exists when
  // they are already a member.
  Result<Member> add_member(std::string_view workspace_id, const std::string& email);

  // The members of a workspace, owner first, then by the time they joined.
  Result<std::vector<Member>> members(std::string_view workspace_id);

 private:
  Result<Workspace> load(std::string_view id);
  // The one workspace matching `condition` on kSelect, with its tier; not_found naming `shown`.
  Result<Workspace> load_where(std::string_view condition, const std::vector<db::Value>& params,
                               std::string_view shown);
  // One insert of the workspace, its owner membership and workspace.created.
  Result<Workspace> insert(const std::string& owner_id, const std::string& name,
                           const std::string& slug, const std::string& type);
  Status fill_tiers(std::vector<Workspace>& list);

  db::Database& db_;
  auth::UserService& users_;
  SlugSuffixFn suffix_;
};

}  // namespace vitrine::workspaces
