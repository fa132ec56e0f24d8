#include "github/github_integration.h"

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/text.h"
#include "github/rows.h"

// The links of themes to repositories and the background worker; the webhook is in webhook.cc,
// the processing of a delivery in processing.cc, the SQL row helpers in rows.h.
namespace vitrine::github {
namespace {

namespace fs = std::filesystem;
using internal::find_link;
using internal::in_transaction;
using internal::kLinkByRepo;
using internal::kLinkBySlug;
using nlohmann::json;

// The same in both dialects: TEXT timestamps (ISO 8601, sortable) and small INTEGER flags.
// repo_key is the lower-cased name: GitHub treats "Octo/Shop" and "octo/shop" as one repository.
constexpr const char* kSchema = R"sql(
CREATE TABLE github_links (
  slug TEXT PRIMARY KEY,
  repo TEXT NOT NULL,
  repo_key TEXT NOT NULL UNIQUE,
  linked_by_user TEXT NOT NULL,
  linked_by_admin INTEGER NOT NULL CHECK (linked_by_admin IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE github_deliveries (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  repo TEXT NOT NULL,
  slug TEXT NOT NULL,
  tag TEXT NOT NULL,
  version TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'ignored')),
  reason TEXT NOT NULL,
  error TEXT NOT NULL,
  error_details TEXT,
  result TEXT,
  attempts INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX github_deliveries_state ON github_deliveries (state, received_at);
CREATE INDEX github_deliveries_received ON github_deliveries (received_at);
)sql";

}  // namespace

json RepositoryLink::to_json() const {
  return {{"slug", slug}, {"repo", repo}, {"created_at", created_at}, {"updated_at", updated_at}};
}

json Delivery::to_json() const {
  return {{"id", id},
          {"event", event},
          {"repo", or_null(repo)},
          {"slug", or_null(slug)},
          {"tag", or_null(tag)},
          {"version", or_null(version)},
          {"state", state},
          {"reason", or_null(reason)},
          {"error", or_null(error)},
          {"error_details", error_details},
          {"result", result},
          {"attempts", attempts},
          {"received_at", received_at},
          {"started_at", or_null(started_at)},
          {"finished_at", or_null(finished_at)}};
}

json WebhookOutcome::to_json() const {
  json j = {{"status", status}};
  if (!reason.empty()) j["reason"] = reason;
  if (delivery) j["delivery"] = delivery->to_json();
  return j;
}

std::string repository_problem(std::string_view repo) {
  size_t slash = repo.find('/');
  if (slash == std::string_view::npos || repo.find('/', slash + 1) != std::string_view::npos)
    return "expected owner/name";
  std::string_view owner = repo.substr(0, slash), name = repo.substr(slash + 1);
  if (owner.empty() || owner.size() > 39) return "the owner must be 1 to 39 characters";
  if (owner.front() == '-' || owner.back() == '-' || owner.find("--") != std::string_view::npos)
    return "the owner may not start or end with a hyphen or hold two in a row";
  for (char c : owner) {
    if (!is_ascii_alnum(c) && c != '-')
      return "the owner may hold only letters, digits and hyphens";
  }
  if (name.empty() || name.size() > 100) return "the name must be 1 to 100 characters";
  if (name == "." || name == "..") return "the name may not be '.' or '..'";
  for (char c : name) {
    if (!is_ascii_alnum(c) && c != '.' && c != '_' && c != '-')
      return "the name may hold only letters, digits, '.', '_' and '-'";
  }
  if (ascii_lower(name).ends_with(".git")) return "write the name without the .git suffix";
  return "";
}

GithubIntegration::GithubIntegration(db::Database& db, theme_push::ThemePushPipeline& theme_push,
                                     themes::ThemeSync& sync, themes::ThemeRegistry& registry,
                                     themes::ThemeCdn& cdn, fs::path themes_dir, Settings settings)
    : db_(db),
      theme_push_(theme_push),
      sync_(sync),
      registry_(registry),
      cdn_(cdn),
      themes_dir_(std::move(themes_dir)),
      settings_(std::move(settings)) {}

GithubIntegration::~GithubIntegration() { stop(); }

std::vector<db::Migration> GithubIntegration::migrations() {
  return {db::Migration{"github", 1, kSchema}};
}

// --- Links ------------------------------------------------------------------------------------

Status GithubIntegration::authorize(const std::string& slug, const theme_push::Pusher& who) {
  if (!is_valid_slug(slug))
    return fail(errc::kInvalidArgument,
                "theme slug '" + slug + "' is not valid (lower-case letters, digits, hyphens)",
                {{"slug", slug}});
  return theme_push_.authorize_author(slug, who);
}

Result<RepositoryLink> GithubIntegration::link(const std::string& slug, const std::string& repo,
                                               const theme_push::Pusher& who) {
  VITRINE_TRY(authorize(slug, who));
  if (std::string problem = repository_problem(repo); !problem.empty())
    return fail(errc::kInvalidArgument,
                "/repo: '" + repo + "' is not a GitHub repository: " + problem,
                {{"pointer", "/repo"}});
  const std::string key = ascii_lower(repo);
  auto linked = in_transaction<RepositoryLink>(db_, [&](db::Session& s) -> Result<RepositoryLink> {
    VITRINE_ASSIGN(auto holder, find_link(s, kLinkByRepo, key));
    if (holder && holder->slug != slug)
      return fail(errc::kConflict,
                  "repository '" + holder->repo + "' is already linked to theme '" + holder->slug +
                      "'; unlink it there first",
                  {{"repo", holder->repo}, {"slug", holder->slug}});
    std::string now = now_iso8601();
    VITRINE_ASSIGN(auto updated,
                   s.exec("UPDATE github_links SET repo = ?, repo_key = ?, linked_by_user = ?, "
                          "linked_by_admin = ?, updated_at = ? WHERE slug = ?",
                          {repo, key, who.user_id, int64_t{who.admin ? 1 : 0}, now, slug}));
    if (updated.changes == 0) {
      VITRINE_TRY(
          s.exec("INSERT INTO github_links (slug, repo, repo_key, linked_by_user, linked_by_admin, "
                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {slug, repo, key, who.user_id, int64_t{who.admin ? 1 : 0}, now, now}));
    }
    VITRINE_ASSIGN(auto link, find_link(s, kLinkBySlug, slug));
    return std::move(*link);
  });
  // Two callers linking one repository at once: the unique index decides, the loser hears why.
  if (!linked.ok() && linked.error().code == errc::kAlreadyExists)
    return fail(errc::kConflict, "repository '" + repo + "' is already linked to another theme",
                {{"repo", repo}});
  if (linked.ok()) spdlog::info("github: theme {} linked to {}", slug, repo);
  return linked;
}

Result<RepositoryLink> GithubIntegration::repository(const std::string& slug) {
  auto link = in_transaction<std::optional<RepositoryLink>>(
      db_, [&](db::Session& s) { return find_link(s, kLinkBySlug, slug); });
  if (!link.ok()) return link.error();
  if (!*link)
    return fail(errc::kNotFound, "theme '" + slug + "' is not linked to a GitHub repository",
                {{"slug", slug}});
  return std::move(**link);
}

Status GithubIntegration::unlink(const std::string& slug, const theme_push::Pusher& who) {
  VITRINE_TRY(authorize(slug, who));
  VITRINE_ASSIGN(auto removed, db_.exec("DELETE FROM github_links WHERE slug = ?", {slug}));
  if (removed.changes == 0)
    return fail(errc::kNotFound, "theme '" + slug + "' is not linked to a GitHub repository",
                {{"slug", slug}});
  spdlog::info("github: theme {} unlinked", slug);
  return {};
}

void GithubIntegration::start() {
  worker_.start(settings_.poll, [this] {
    // Drains the queue; stop() is honoured between deliveries.
    while (!worker_.stopping()) {
      auto more = process_next();
      if (!more.ok()) spdlog::warn("github: worker: {}", more.error().message);
      if (!more.ok() || !*more) break;
    }
  });
}

void GithubIntegration::notify() { worker_.notify(); }

void GithubIntegration::stop() { worker_.stop(); }

}  // namespace vitrine::github
