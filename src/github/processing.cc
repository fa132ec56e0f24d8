// Processing of a queued delivery: claim it, fetch the version's archive and push it, or sync the
// local folder, and record the outcome.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/clock.h"
#include "core/text.h"
#include "core/url.h"
#include "github/fetch.h"
#include "github/github_integration.h"
#include "github/rows.h"

namespace vitrine::github {
namespace {

namespace fs = std::filesystem;
using internal::json_value;
using nlohmann::json;

}  // namespace

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
                                             settings_.fetch_timeout, &worker_.stopping_flag()}));
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

}  // namespace vitrine::github
