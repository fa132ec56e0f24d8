// The webhook: GitHub's signature check, the payload's reading and the recorded deliveries.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/clock.h"
#include "core/hash.h"
#include "core/semver.h"
#include "core/text.h"
#include "core/url.h"
#include "github/github_integration.h"
#include "github/rows.h"

namespace vitrine::github {
namespace {

using internal::delivery_from_row;
using internal::find_link;
using internal::in_transaction;
using internal::kDeliveryColumns;
using internal::kLinkByRepo;
using nlohmann::json;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// GitHub's delivery ids are UUIDs; anything printable and short is kept, so a proxy's own ids
// work too, but nothing that could smuggle control characters into logs.
bool valid_delivery_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return is_ascii_alnum(c) || c == '-' || c == '_' || c == '.';
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

}  // namespace

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

}  // namespace vitrine::github
