// GithubIntegration: themes that release from a GitHub repository (docs/architecture.md "Theme
// package").
//
// A theme slug is linked to one repository "owner/name" (and a repository to one slug). GitHub
// calls POST /api/webhooks/github for the repository's events, signed with the server's
// github_webhook_secret. A push of a tag "v<semver>" or a published release queues a sync of
// that version; a background worker then either downloads the version's archive from
// github_archive_url (with {repo}, {owner}, {name}, {tag}, {version}, {slug} filled in) and runs
// it through the push pipeline (theme_push::ThemePushPipeline) as the user who linked the
// repository, or, when no archive URL is configured and the folder themes_dir/<slug>/v<version>/
// exists, runs the normal folder sync (themes::ThemeSync). Every accepted delivery is recorded by
// GitHub's delivery id: a replayed delivery is answered "duplicate" and queues nothing, and
// operators see each outcome (done, failed with the problems, ignored with the reason).
//
// Tables: github_links (slug ↔ repository) and github_deliveries (one row per accepted webhook
// delivery: its state, error and result). Deliveries are claimed with a conditional UPDATE, so
// several processes on one database never run the same one. The module's SQL stays in src/github/
// (rows.h: the shared row readers).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/background_worker.h"
#include "core/result.h"
#include "db/database.h"
#include "theme_push/pipeline.h"
#include "themes/cdn.h"
#include "themes/registry.h"
#include "themes/sync.h"

namespace vitrine::github {

// What the worker needs from the configuration (github_* keys and limits).
struct Settings {
  std::string webhook_secret;  // "" = the webhook is disabled (answers 503)
  std::string archive_url;     // URL template of a version's tar.gz; "" = sync local folders
  std::string token;           // sent as "Authorization: Bearer" when fetching; "" = none
  uint64_t max_archive_bytes = 50ull << 20;  // a larger download fails the delivery
  std::chrono::seconds fetch_timeout{120};   // for the whole download
  std::chrono::milliseconds poll{1000};      // worker poll for other processes' rows
  std::chrono::minutes running_lease{30};    // a 'running' row older than this was abandoned
  int max_attempts = 3;                      // claims of one delivery before it fails for good
};

// A theme's repository.
struct RepositoryLink {
  std::string slug;
  std::string repo;            // "owner/name" as given (GitHub names are case-insensitive)
  std::string linked_by_user;  // "" when an admin linked it
  bool linked_by_admin = false;
  std::string created_at, updated_at;
  nlohmann::json to_json() const;  // {slug, repo, created_at, updated_at}
};

// One recorded webhook delivery.
struct Delivery {
  std::string id;  // X-GitHub-Delivery
  std::string event, repo, slug, tag, version;
  std::string state;      // queued | running | done | failed | ignored
  std::string reason;     // why it was ignored
  std::string error;      // why it failed
  nlohmann::json result;  // done: the push outcome or the sync report of the version; else null
  nlohmann::json error_details;  // failed: the error's details (e.g. problems); else null
  int attempts = 0;
  std::string received_at, started_at, finished_at;  // "" until set
  nlohmann::json to_json() const;
};

// A webhook request as received: the headers that matter and the raw body (the signature is
// over the exact bytes).
struct WebhookRequest {
  std::optional<std::string> event;        // X-GitHub-Event
  std::optional<std::string> delivery_id;  // X-GitHub-Delivery
  std::optional<std::string> signature;    // X-Hub-Signature-256
  std::string content_type;                // application/json or x-www-form-urlencoded
  std::string_view body;
};

// How the webhook answers an authentic delivery.
struct WebhookOutcome {
  int http_status = 200;             // 202 when queued
  std::string status;                // pong | queued | ignored | duplicate
  std::string reason;                // for ignored
  std::optional<Delivery> delivery;  // the recorded delivery (none for pong)
  nlohmann::json to_json() const;    // {status, reason?, delivery?}
};

// "" when `repo` is a name GitHub allows ("owner/name": owner 1-39 letters, digits and single
// inner hyphens; name 1-100 letters, digits, '.', '_', '-', not "." or "..", no ".git"), else
// what is wrong with it.
std::string repository_problem(std::string_view repo);

// Checks X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(secret, body), comparing the digests
// in constant time (CRYPTO_memcmp). unauthorized saying whether it is missing, malformed or wrong.
Status verify_signature(std::string_view secret, std::string_view body,
                        const std::optional<std::string>& header);

// The version a tag names: "v1.2.3" → "1.2.3" (pre-release and build allowed); nullopt for any
// other tag ("1.2.3", "v1", "release-5").
std::optional<std::string> version_of_tag(std::string_view tag);

// The archive URL for one version: the template with {repo}, {owner}, {name}, {slug} as they are
// and {tag}, {version} percent-encoded. Unknown placeholders are left as written.
std::string expand_archive_url(std::string_view url_template, const RepositoryLink& link,
                               std::string_view tag, std::string_view version);

class GithubIntegration {
 public:
  GithubIntegration(db::Database& db, theme_push::ThemePushPipeline& theme_push,
                    themes::ThemeSync& sync, themes::ThemeRegistry& registry, themes::ThemeCdn& cdn,
                    std::filesystem::path themes_dir, Settings settings);
  ~GithubIntegration();  // stops the worker
  GithubIntegration(const GithubIntegration&) = delete;
  GithubIntegration& operator=(const GithubIntegration&) = delete;

  // Tables github_links and github_deliveries, for db::migrate.
  static std::vector<db::Migration> migrations();

  // --- Repository links (who: the caller; admins and the theme's author may change links) --

  // Links `slug` to `repo`, replacing the slug's previous repository. invalid_argument for a bad
  // slug or repository name; forbidden unless ThemePushPipeline::authorize_author allows `who`;
  // conflict when the repository is linked to another theme.
  Result<RepositoryLink> link(const std::string& slug, const std::string& repo,
                              const theme_push::Pusher& who);

  // The slug's link; not_found when it has none.
  Result<RepositoryLink> repository(const std::string& slug);

  // Removes the slug's link (same permission as link); not_found when it has none.
  Status unlink(const std::string& slug, const theme_push::Pusher& who);

  // --- Webhook ----------------------------------------------------------------------------

  // Verifies and records one delivery. Errors: unavailable when no secret is configured;
  // unauthorized for a missing, malformed or wrong signature; invalid_argument without event or
  // delivery id headers; invalid_json for a body that is not JSON; not_found when a push or
  // release names a repository no theme is linked to. Everything else is an outcome: "pong"
  // for ping, "duplicate" for a delivery id seen before, "ignored" with the reason (branch
  // pushes, other tags, other events and actions, a version already queued) or "queued"
  // (tag push v<semver>, release published), which also wakes the worker.
  Result<WebhookOutcome> receive(const WebhookRequest& request);

  // The most recent deliveries, newest first (at most `limit`, capped at 200).
  Result<std::vector<Delivery>> deliveries(int limit = 50);

  // One delivery by id; not_found when unknown.
  Result<Delivery> delivery(const std::string& id);

  // --- Processing -------------------------------------------------------------------------

  // Claims the oldest queued delivery (or a running one past its lease) and processes it,
  // recording done or failed on the row. Returns false when nothing was claimable. Errors only
  // for database failures; the sync's own failures are recorded on the delivery.
  Result<bool> process_next();

  // Starts the background worker: processes at start, after notify() and every settings.poll.
  void start();
  // Wakes the worker (receive() calls it after queuing).
  void notify();
  // Stops and joins the worker; idempotent. A download in progress is abandoned and its delivery
  // queued again; a push or sync in progress finishes first.
  void stop();

  bool enabled() const { return !settings_.webhook_secret.empty(); }

 private:
  Status authorize(const std::string& slug, const theme_push::Pusher& who);
  // Runs one claimed delivery: done with a result, or failed with an error.
  Result<nlohmann::json> run(const Delivery& d);
  Result<nlohmann::json> push_archive(const Delivery& d, const RepositoryLink& link);
  Result<nlohmann::json> sync_folder(const Delivery& d);
  Status finish(const Delivery& d, const Result<nlohmann::json>& outcome);

  db::Database& db_;
  theme_push::ThemePushPipeline& theme_push_;
  themes::ThemeSync& sync_;
  themes::ThemeRegistry& registry_;
  themes::ThemeCdn& cdn_;
  std::filesystem::path themes_dir_;
  Settings settings_;

  BackgroundWorker worker_;  // its stopping flag aborts a download in progress
};

}  // namespace vitrine::github
