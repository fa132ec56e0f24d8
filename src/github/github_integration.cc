#include "github/github_integration.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/clock.h"
#include "core/hash.h"
#include "core/semver.h"
#include "core/text.h"
#include "core/url.h"
#include "github/fetch.h"

namespace vitrine::github {
namespace {

namespace fs = std::filesystem;
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

constexpr const char* kDeliveryColumns =
    "id, event, repo, slug, tag, version, state, reason, error, error_details, result, attempts, "
    "received_at, started_at, finished_at";

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Stored JSON text back to JSON; null when absent (or, defensively, unreadable).
json stored_json(const db::QueryResult& r, size_t i, std::string_view col) {
  if (r.is_null(i, col)) return nullptr;
  auto j = json::parse(r.text(i, col), nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

db::Value json_value(const json& j) { return j.is_null() ? db::Value{} : db::Value{j.dump()}; }

RepositoryLink link_from_row(const db::QueryResult& r, size_t i) {
  RepositoryLink l;
  l.slug = r.text(i, "slug");
  l.repo = r.text(i, "repo");
  l.linked_by_user = r.text(i, "linked_by_user");
  l.linked_by_admin = r.integer(i, "linked_by_admin") != 0;
  l.created_at = r.text(i, "created_at");
  l.updated_at = r.text(i, "updated_at");
  return l;
}

Delivery delivery_from_row(const db::QueryResult& r, size_t i) {
  Delivery d;
  d.id = r.text(i, "id");
  d.event = r.text(i, "event");
  d.repo = r.text(i, "repo");
  d.slug = r.text(i, "slug");
  d.tag = r.text(i, "tag");
  d.version = r.text(i, "version");
  d.state = r.text(i, "state");
  d.reason = r.text(i, "reason");
  d.error = r.text(i, "error");
  d.error_details = stored_json(r, i, "error_details");
  d.result = stored_json(r, i, "result");
  d.attempts = static_cast<int>(r.integer(i, "attempts"));
  d.received_at = r.text(i, "received_at");
  d.started_at = r.text(i, "started_at");
  d.finished_at = r.text(i, "finished_at");
  return d;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// GitHub's delivery ids are UUIDs; anything printable and short is kept, so a proxy's own ids
// work too, but nothing that could smuggle control characters into logs.
bool valid_delivery_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return is_alnum(c) || c == '-' || c == '_' || c == '.';
  });
}

// GitHub posts application/x-www-form-urlencoded as "payload=<the JSON, form-encoded>" (the
// default content type of a new webhook); application/json as the JSON itself.
Result<std::string> payload_text(std::string_view content_type, std::string_view body) {
  std::string type = ascii_lower(content_type.substr(0, content_type.find(';')));
  if (type != "application/x-www-form-urlencoded") return std::string(body);
  for (std::string_view part : split(body, '&')) {
    if (!part.starts_with("payload=")) continue;
    auto decoded = form_decode(part.substr(8));
    if (!decoded)
      return fail(errc::kInvalidArgument, "request body: malformed %-escape in the form payload");
    return std::move(*decoded);
  }
  return fail(errc::kInvalidArgument, "request body: form data without a 'payload' field");
}

// A string at `pointer` of the payload, or invalid_argument naming it.
Result<std::string> payload_string(const json& payload, const char* pointer) {
  const json::json_pointer ptr(pointer);
  if (!payload.contains(ptr) || !payload.at(ptr).is_string())
    return fail(errc::kInvalidArgument,
                std::string("webhook payload: ") + pointer + " must be a string",
                {{"pointer", pointer}});
  return payload.at(ptr).get<std::string>();
}

Result<std::optional<RepositoryLink>> find_link(db::Session& s, std::string_view sql,
                                                const std::string& key) {
  VITRINE_ASSIGN(auto r, s.exec(sql, {key}));
  if (r.empty()) return std::optional<RepositoryLink>();
  return std::optional<RepositoryLink>(link_from_row(r, 0));
}

constexpr const char* kLinkBySlug =
    "SELECT slug, repo, linked_by_user, linked_by_admin, created_at, updated_at "
    "FROM github_links WHERE slug = ?";
constexpr const char* kLinkByRepo =
    "SELECT slug, repo, linked_by_user, linked_by_admin, created_at, updated_at "
    "FROM github_links WHERE repo_key = ?";

// Runs `fn` in one transaction and hands back the value it produced.
template <typename T, typename F>
Result<T> in_transaction(db::Database& db, F fn) {
  std::optional<T> out;
  VITRINE_TRY(db.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(T v, fn(s));
    out = std::move(v);
    return {};
  }));
  return std::move(*out);
}

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
    if (!is_alnum(c) && c != '-') return "the owner may hold only letters, digits and hyphens";
  }
  if (name.empty() || name.size() > 100) return "the name must be 1 to 100 characters";
  if (name == "." || name == "..") return "the name may not be '.' or '..'";
  for (char c : name) {
    if (!is_alnum(c) && c != '.' && c != '_' && c != '-')
      return "the name may hold only letters, digits, '.', '_' and '-'";
  }
  if (ascii_lower(name).ends_with(".git")) return "write the name without the .git suffix";
  return "";
}

Status verify_signature(std::string_view secret, std::string_view body,
                        const std::optional<std::string>& header) {
  if (!header || header->empty())
    return fail(errc::kUnauthorized, "missing X-Hub-Signature-256 header",
                {{"header", "X-Hub-Signature-256"}});
  constexpr std::string_view kPrefix = "sha256=";
  std::string given = ascii_lower(*header);
  if (!given.starts_with(kPrefix) || given.size() != kPrefix.size() + 64 ||
      !std::all_of(given.begin() + kPrefix.size(), given.end(), is_hex))
    return fail(errc::kUnauthorized,
                "malformed X-Hub-Signature-256 header: expected sha256=<64 hex digits>",
                {{"header", "X-Hub-Signature-256"}});
  std::string expected = hmac_sha256_hex(secret, body);
  // CRYPTO_memcmp: the time taken says nothing about how many leading digits were right.
  if (!constant_time_equal(expected, std::string_view(given).substr(kPrefix.size())))
    return fail(errc::kUnauthorized,
                "X-Hub-Signature-256 does not match the body signed with github_webhook_secret",
                {{"header", "X-Hub-Signature-256"}});
  return {};
}

std::optional<std::string> version_of_tag(std::string_view tag) {
  if (!tag.starts_with('v')) return std::nullopt;
  auto v = parse_version(tag.substr(1));
  if (!v) return std::nullopt;
  return std::string(tag.substr(1));
}

std::string expand_archive_url(std::string_view url_template, const RepositoryLink& link,
                               std::string_view tag, std::string_view version) {
  std::string_view repo = link.repo;
  size_t slash = repo.find('/');
  const std::pair<std::string_view, std::string> fields[] = {
      {"{repo}", std::string(repo)},
      {"{owner}", std::string(repo.substr(0, slash))},
      {"{name}", std::string(repo.substr(slash + 1))},
      {"{slug}", link.slug},
      {"{tag}", percent_encode(tag)},
      {"{version}", percent_encode(version)},
  };
  std::string out;
  size_t i = 0;
  while (i < url_template.size()) {
    bool replaced = false;
    if (url_template[i] == '{') {
      for (const auto& [name, value] : fields) {
        if (url_template.substr(i).starts_with(name)) {
          out += value;
          i += name.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += url_template[i++];
  }
  return out;
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

// --- Webhook ----------------------------------------------------------------------------------

Result<WebhookOutcome> GithubIntegration::receive(const WebhookRequest& request) {
  if (!enabled())
    return fail(errc::kUnavailable,
                "the GitHub webhook is disabled: set github_webhook_secret "
                "(VITRINE_GITHUB_WEBHOOK_SECRET) to the secret of the repository's webhook");
  VITRINE_TRY(verify_signature(settings_.webhook_secret, request.body, request.signature));
  if (!request.event || request.event->empty())
    return fail(errc::kInvalidArgument, "missing X-GitHub-Event header",
                {{"header", "X-GitHub-Event"}});
  if (!request.delivery_id || !valid_delivery_id(*request.delivery_id))
    return fail(errc::kInvalidArgument,
                "missing or malformed X-GitHub-Delivery header (expected GitHub's delivery id)",
                {{"header", "X-GitHub-Delivery"}});
  const std::string& event = *request.event;
  const std::string& id = *request.delivery_id;
  VITRINE_ASSIGN(std::string text, payload_text(request.content_type, request.body));
  auto parsed = parse_json(text);
  if (!parsed.ok()) {
    Error e = parsed.error();
    e.message = "webhook payload: " + e.message;
    return e;
  }
  const json& payload = *parsed;
  if (!payload.is_object())
    return fail(errc::kInvalidArgument, "webhook payload must be a JSON object", {{"pointer", ""}});

  if (event == "ping") return WebhookOutcome{200, "pong", "", std::nullopt};

  // A replay says nothing new, whatever changed since: answered before any other check.
  if (auto seen = delivery(id); seen.ok()) {
    return WebhookOutcome{200, "duplicate", "", *seen};
  } else if (seen.error().code != errc::kNotFound) {
    return seen.error();
  }

  Delivery d;
  d.id = id;
  d.event = event;
  d.state = "ignored";
  if (auto repo = payload_string(payload, "/repository/full_name"); repo.ok()) d.repo = *repo;

  if (event == "push" || event == "release") {
    VITRINE_ASSIGN(d.repo, payload_string(payload, "/repository/full_name"));
    VITRINE_ASSIGN(auto link,
                   in_transaction<std::optional<RepositoryLink>>(db_, [&](db::Session& s) {
                     return find_link(s, kLinkByRepo, ascii_lower(d.repo));
                   }));
    if (!link)
      return fail(errc::kNotFound,
                  "repository '" + d.repo +
                      "' is not linked to a theme; link it with `vitrine theme link <slug> "
                      "--repo " +
                      d.repo + "`",
                  {{"repo", d.repo}});
    d.slug = link->slug;
    if (event == "push") {
      VITRINE_ASSIGN(std::string ref, payload_string(payload, "/ref"));
      if (!ref.starts_with("refs/tags/")) {
        d.reason = "not a tag push (" + ref + "); versions are released by pushing tags v<semver>";
      } else if (auto deleted = payload.find("deleted");
                 deleted != payload.end() && deleted->is_boolean() && deleted->get<bool>()) {
        d.tag = ref.substr(10);
        d.reason = "tag " + d.tag + " was deleted";
      } else {
        d.tag = ref.substr(10);
      }
    } else {
      VITRINE_ASSIGN(std::string action, payload_string(payload, "/action"));
      if (action != "published") {
        // "released" and "prereleased" arrive with "published" for the same release.
        d.reason = "release action '" + action + "' is not handled (only 'published')";
      } else {
        VITRINE_ASSIGN(d.tag, payload_string(payload, "/release/tag_name"));
      }
    }
    if (d.reason.empty()) {
      if (auto v = version_of_tag(d.tag)) {
        d.version = *v;
        d.state = "queued";
      } else {
        d.reason = "tag '" + d.tag + "' is not v<semver> (v1.2.0)";
      }
    }
  } else {
    d.reason = "event '" + event + "' is not handled (only push and release)";
  }

  if (d.state == "queued") {
    // A version already registered (pushed with the CLI, or by an earlier delivery) is final.
    if (auto theme = registry_.get(d.slug); theme.ok()) {
      for (const auto& v : theme->versions) {
        if (v.version == d.version) {
          d.state = "ignored";
          d.reason = d.slug + " " + d.version + " is already registered";
        }
      }
    }
  }

  d.received_at = now_iso8601();
  auto recorded = in_transaction<Delivery>(db_, [&](db::Session& s) -> Result<Delivery> {
    Delivery row = d;
    if (row.state == "queued") {
      // A tag push and its release arrive as two deliveries: one sync of a version is enough.
      VITRINE_ASSIGN(auto active,
                     s.exec("SELECT id FROM github_deliveries WHERE slug = ? AND version = ? "
                            "AND state IN ('queued', 'running')",
                            {row.slug, row.version}));
      if (!active.empty()) {
        row.state = "ignored";
        row.reason =
            row.slug + " " + row.version + " is already queued by delivery " + active.text(0, "id");
      }
    }
    VITRINE_TRY(
        s.exec("INSERT INTO github_deliveries (id, event, repo, slug, tag, version, state, reason, "
               "error, attempts, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?)",
               {row.id, row.event, row.repo, row.slug, row.tag, row.version, row.state, row.reason,
                row.received_at}));
    return row;
  });
  if (!recorded.ok()) {
    // The same delivery arriving twice at once: the other request recorded it.
    if (recorded.error().code == errc::kAlreadyExists) {
      VITRINE_ASSIGN(Delivery seen, delivery(id));
      return WebhookOutcome{200, "duplicate", "", seen};
    }
    return recorded.error();
  }
  if (recorded->state == "queued") {
    spdlog::info("github: delivery {} queued {} {} ({} {})", id, recorded->slug, recorded->version,
                 event, recorded->tag);
    notify();
    return WebhookOutcome{202, "queued", "", *recorded};
  }
  return WebhookOutcome{200, "ignored", recorded->reason, *recorded};
}

Result<std::vector<Delivery>> GithubIntegration::deliveries(int limit) {
  limit = std::clamp(limit, 1, 200);
  VITRINE_ASSIGN(auto r, db_.exec(std::string("SELECT ") + kDeliveryColumns +
                                      " FROM github_deliveries ORDER BY received_at DESC, id "
                                      "LIMIT ?",
                                  {int64_t{limit}}));
  std::vector<Delivery> out;
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(delivery_from_row(r, i));
  return out;
}

Result<Delivery> GithubIntegration::delivery(const std::string& id) {
  VITRINE_ASSIGN(auto r, db_.exec(std::string("SELECT ") + kDeliveryColumns +
                                      " FROM github_deliveries WHERE id = ?",
                                  {id}));
  if (r.empty())
    return fail(errc::kNotFound, "no GitHub delivery '" + id + "'", {{"delivery_id", id}});
  return delivery_from_row(r, 0);
}

// --- Processing -------------------------------------------------------------------------------

Result<bool> GithubIntegration::process_next() {
  std::string lease_cutoff = to_iso8601(std::chrono::system_clock::now() - settings_.running_lease);
  VITRINE_ASSIGN(auto candidates,
                 db_.exec("SELECT id FROM github_deliveries WHERE state = 'queued' OR "
                          "(state = 'running' AND started_at < ?) ORDER BY received_at LIMIT 10",
                          {lease_cutoff}));
  for (size_t i = 0; i < candidates.rows.size(); ++i) {
    std::string id = candidates.text(i, "id");
    std::string started = now_iso8601();
    // The claim: only one process's UPDATE finds the row still claimable.
    VITRINE_ASSIGN(auto claimed,
                   db_.exec("UPDATE github_deliveries SET state = 'running', started_at = ?, "
                            "attempts = attempts + 1 WHERE id = ? AND (state = 'queued' OR "
                            "(state = 'running' AND started_at < ?))",
                            {started, id, lease_cutoff}));
    if (claimed.changes != 1) continue;
    VITRINE_ASSIGN(Delivery d, delivery(id));
    if (d.attempts > settings_.max_attempts) {
      VITRINE_TRY(finish(
          d, fail(errc::kInternal, "gave up after " + std::to_string(settings_.max_attempts) +
                                       " attempts: the process running it stopped each time")));
      return true;
    }
    spdlog::info("github: processing delivery {} ({} {})", d.id, d.slug, d.version);
    Result<json> outcome = fail(errc::kInternal, "not run");
    try {
      outcome = run(d);
    } catch (const std::exception& e) {
      outcome = fail(errc::kInternal, std::string("processing failed: ") + e.what());
    }
    if (!outcome.ok() && outcome.error().details.is_object() &&
        outcome.error().details.value("cancelled", false)) {
      // Stopped mid-download: back in the queue for the next start (or another node) right away
      // rather than after the lease.
      spdlog::info("github: delivery {} put back in the queue (stopping)", d.id);
      VITRINE_TRY(
          db_.exec("UPDATE github_deliveries SET state = 'queued', started_at = NULL, "
                   "attempts = attempts - 1 WHERE id = ? AND state = 'running' AND "
                   "started_at = ?",
                   {d.id, d.started_at}));
      return false;
    }
    VITRINE_TRY(finish(d, outcome));
    return true;
  }
  return false;
}

Result<json> GithubIntegration::run(const Delivery& d) {
  // The link may have changed since the webhook: only the repository linked now may release.
  auto link = repository(d.slug);
  if (!link.ok() || ascii_lower(link->repo) != ascii_lower(d.repo))
    return fail(errc::kConflict,
                "repository '" + d.repo + "' is no longer linked to theme '" + d.slug + "'");
  if (auto theme = registry_.get(d.slug); theme.ok()) {
    for (const auto& v : theme->versions) {
      if (v.version == d.version)
        return json{{"slug", d.slug}, {"version", d.version}, {"already_registered", true}};
    }
  }
  if (!settings_.archive_url.empty()) return push_archive(d, *link);
  std::error_code ec;
  if (fs::is_directory(themes_dir_ / d.slug / ("v" + d.version), ec)) return sync_folder(d);
  return fail(errc::kNotFound,
              "nothing to sync for " + d.slug + " " + d.version +
                  ": github_archive_url is not set and the folder " +
                  (themes_dir_ / d.slug / ("v" + d.version)).string() + " does not exist",
              {{"slug", d.slug}, {"version", d.version}});
}

Result<json> GithubIntegration::push_archive(const Delivery& d, const RepositoryLink& link) {
  std::string url = expand_archive_url(settings_.archive_url, link, d.tag, d.version);
  VITRINE_ASSIGN(std::string archive,
                 fetch_url(url, FetchOptions{settings_.token, settings_.max_archive_bytes,
                                             settings_.fetch_timeout, &cancel_}));
  // As the user who linked the repository: the archive cannot publish a theme they could not
  // push themselves with the CLI.
  theme_push::Pusher who{link.linked_by_user, link.linked_by_admin};
  VITRINE_ASSIGN(theme_push::PushOutcome outcome, theme_push_.push(archive, who, {}));
  (void)cdn_.refresh();
  json result = outcome.to_json();
  result["archive_url"] = url;
  if (outcome.slug != d.slug || outcome.version != d.version) {
    result["mismatch"] = "the archive holds " + outcome.slug + " " + outcome.version +
                         ", the tag named " + d.slug + " " + d.version;
  }
  return result;
}

Result<json> GithubIntegration::sync_folder(const Delivery& d) {
  VITRINE_ASSIGN(themes::SyncReport report, sync_.sync(d.slug));
  (void)cdn_.refresh();
  for (const auto& v : report.versions) {
    if (v.version != d.version) continue;
    json problems = json::array();
    for (const auto& p : v.problems) problems.push_back(p.to_json());
    json entry = {{"slug", v.slug},
                  {"version", v.version},
                  {"state", themes::state_name(v.state)},
                  {"content_hash", v.content_hash},
                  {"files", v.files},
                  {"bytes", v.bytes},
                  {"problems", problems}};
    if (v.failed()) {
      std::string why = themes::state_name(v.state);
      if (!v.problems.empty())
        why += " (" + std::to_string(v.problems.size()) + " problem" +
               (v.problems.size() == 1 ? "" : "s") + "; first: " + v.problems.front().str() + ")";
      return fail(errc::kValidationFailed, "sync of " + d.slug + " " + d.version + ": " + why,
                  {{"problems", problems}, {"sync", entry}});
    }
    return entry;
  }
  return fail(errc::kNotFound, "sync of " + d.slug + " found no version " + d.version,
              {{"slug", d.slug}, {"version", d.version}});
}

Status GithubIntegration::finish(const Delivery& d, const Result<json>& outcome) {
  std::string now = now_iso8601();
  if (outcome.ok()) {
    spdlog::info("github: delivery {} done ({} {})", d.id, d.slug, d.version);
    VITRINE_TRY(db_.exec(
        "UPDATE github_deliveries SET state = 'done', error = '', error_details = NULL, "
        "result = ?, finished_at = ? WHERE id = ? AND state = 'running' AND started_at = ?",
        {json_value(*outcome), now, d.id, d.started_at}));
    return {};
  }
  const Error& e = outcome.error();
  spdlog::warn("github: delivery {} failed ({} {}): {}", d.id, d.slug, d.version, e.message);
  json details = e.details.is_null() ? json::object() : e.details;
  details["code"] = e.code;
  VITRINE_TRY(db_.exec(
      "UPDATE github_deliveries SET state = 'failed', error = ?, error_details = ?, "
      "result = NULL, finished_at = ? WHERE id = ? AND state = 'running' AND started_at = ?",
      {e.message, json_value(details), now, d.id, d.started_at}));
  return {};
}

void GithubIntegration::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = false;
    wake_ = true;  // deliveries queued before a restart
  }
  cancel_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(wake_mu_);
    while (!stopping_) {
      wake_cv_.wait_for(lock, settings_.poll, [this] { return wake_ || stopping_; });
      if (stopping_) break;
      wake_ = false;
      lock.unlock();
      // Drains the queue; stop() is honoured between deliveries.
      while (true) {
        auto more = process_next();
        if (!more.ok()) spdlog::warn("github: worker: {}", more.error().message);
        if (!more.ok() || !*more) break;
        std::lock_guard check(wake_mu_);
        if (stopping_) break;
      }
      lock.lock();
    }
  });
}

void GithubIntegration::notify() {
  {
    std::lock_guard lock(wake_mu_);
    wake_ = true;
  }
  wake_cv_.notify_one();
}

void GithubIntegration::stop() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) cancel_ = true;  // a download in progress gives up
  wake_cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

}  // namespace vitrine::github
