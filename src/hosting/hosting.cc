#include "hosting/hosting.h"

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "hosting/hostnames.h"

namespace vitrine::hosting {
namespace {

using nlohmann::json;

constexpr const char* kChallengePrefix = "_vitrine-challenge.";
constexpr const char* kTokenPrefix = "vitrine-verify=";

// Portable SQL for both backends (see db::Migration).
// domains.added_order numbers a site's domains in the order they were added: "the oldest" must
// be exact even for domains added within the same millisecond.
constexpr const char* kSchema = R"sql(
CREATE TABLE deployed_sites (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL UNIQUE,
  owner_id TEXT NOT NULL,
  subdomain TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('provisioning', 'active', 'suspended')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX deployed_sites_owner ON deployed_sites (owner_id);
CREATE TABLE hosting_environments (
  site_id TEXT PRIMARY KEY REFERENCES deployed_sites (id),
  tier TEXT NOT NULL,
  model TEXT NOT NULL CHECK (model IN ('pool', 'bridge', 'silo')),
  max_custom_domains INTEGER NOT NULL,
  rate_limit_rps INTEGER NOT NULL,
  render_cache_bytes BIGINT NOT NULL,
  worker_pool TEXT NOT NULL CHECK (worker_pool IN ('shared', 'dedicated')),
  updated_at TEXT NOT NULL
);
CREATE TABLE domains (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES deployed_sites (id),
  hostname TEXT NOT NULL UNIQUE,
  verification_token TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'failed')),
  last_error TEXT,
  suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
  is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  added_order INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  verified_at TEXT,
  last_checked_at TEXT
);
CREATE INDEX domains_site ON domains (site_id, added_order);
CREATE UNIQUE INDEX domains_one_primary ON domains (site_id) WHERE is_primary = 1;
)sql";

// One row counting the writes that can change routing (sites, environments, domains). Every such
// write bumps it in its own transaction, so one cheap read tells a process whether its
// SiteDirectory is stale. Bumping one row serialises hosting writes; they are rare.
constexpr const char* kGenerationSchema = R"sql(
CREATE TABLE hosting_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);
INSERT INTO hosting_generation (id, generation) VALUES (1, 0);
)sql";

// The media library's storage per plan (plan_for_tier), for sites provisioned before it.
constexpr const char* kMediaQuotaSchema = R"sql(
ALTER TABLE hosting_environments ADD COLUMN media_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE hosting_environments SET media_bytes = CASE tier
  WHEN 'basic' THEN 524288000 WHEN 'pro' THEN 10737418240 ELSE 107374182400 END;
)sql";

constexpr const char* kSiteColumns =
    "s.id, s.workspace_id, s.owner_id, s.subdomain, s.status, s.created_at, s.updated_at, "
    "e.tier, e.model, e.max_custom_domains, e.rate_limit_rps, e.render_cache_bytes, "
    "e.worker_pool, e.media_bytes, e.updated_at AS env_updated_at";

constexpr const char* kDomainColumns =
    "d.id, d.site_id, d.hostname, d.verification_token, d.state, d.last_error, d.suspended, "
    "d.is_primary, d.created_at, d.verified_at, d.last_checked_at";

Site site_from_row(const db::QueryResult& r, size_t i) {
  Site s;
  s.id = r.text(i, "id");
  s.workspace_id = r.text(i, "workspace_id");
  s.owner_id = r.text(i, "owner_id");
  s.subdomain = r.text(i, "subdomain");
  s.status = r.text(i, "status");
  s.created_at = r.text(i, "created_at");
  s.updated_at = r.text(i, "updated_at");
  HostingEnvironment& e = s.environment;
  e.tier = r.text(i, "tier");
  e.model = r.text(i, "model");
  e.max_custom_domains = static_cast<int>(r.integer(i, "max_custom_domains"));
  e.rate_limit_rps = static_cast<int>(r.integer(i, "rate_limit_rps"));
  e.render_cache_bytes = r.integer(i, "render_cache_bytes");
  e.worker_pool = r.text(i, "worker_pool");
  e.media_bytes = r.integer(i, "media_bytes");
  e.updated_at = r.text(i, "env_updated_at");
  return s;
}

Domain domain_from_row(const db::QueryResult& r, size_t i) {
  Domain d;
  d.id = r.text(i, "id");
  d.site_id = r.text(i, "site_id");
  d.hostname = r.text(i, "hostname");
  d.verification_token = r.text(i, "verification_token");
  d.state = r.text(i, "state");
  d.last_error = r.text(i, "last_error");
  d.suspended = r.integer(i, "suspended") != 0;
  d.is_primary = r.integer(i, "is_primary") != 0;
  d.created_at = r.text(i, "created_at");
  d.verified_at = r.text(i, "verified_at");
  d.last_checked_at = r.text(i, "last_checked_at");
  return d;
}

Result<std::string> payload_string(const json& payload, const char* key, std::string_view event) {
  auto it = payload.find(key);
  if (it == payload.end() || !it->is_string() || it->get<std::string>().empty()) {
    return fail(errc::kInvalidArgument,
                std::string(event) + " event: payload lacks string '" + key + "'",
                {{"payload", payload}});
  }
  return it->get<std::string>();
}

std::string base_name(std::string_view base_domain) {
  std::string b = ascii_lower(base_domain);
  if (!b.empty() && b.back() == '.') b.pop_back();
  return b;
}

Status write_environment(db::Session& s, const std::string& site_id, const Plan& plan) {
  std::string now = now_iso8601();
  VITRINE_ASSIGN(
      auto updated,
      s.exec("UPDATE hosting_environments SET tier = ?, model = ?, "
             "max_custom_domains = ?, rate_limit_rps = ?, render_cache_bytes = ?, "
             "worker_pool = ?, media_bytes = ?, updated_at = ? WHERE site_id = ?",
             {plan.tier, plan.model, int64_t{plan.max_custom_domains}, int64_t{plan.rate_limit_rps},
              plan.render_cache_bytes, plan.worker_pool, plan.media_bytes, now, site_id}));
  if (updated.changes > 0) return {};
  VITRINE_TRY(
      s.exec("INSERT INTO hosting_environments (site_id, tier, model, max_custom_domains, "
             "rate_limit_rps, render_cache_bytes, worker_pool, media_bytes, updated_at) VALUES (?, "
             "?, ?, ?, ?, ?, ?, ?, ?)",
             {site_id, plan.tier, plan.model, int64_t{plan.max_custom_domains},
              int64_t{plan.rate_limit_rps}, plan.render_cache_bytes, plan.worker_pool,
              plan.media_bytes, now}));
  return {};
}

// Marks the directory stale for every process: call in each transaction that changes a site, its
// environment or its domains.
Status bump_generation(db::Session& s) {
  VITRINE_TRY(s.exec("UPDATE hosting_generation SET generation = generation + 1 WHERE id = 1"));
  return {};
}

// Takes the site's row lock for the rest of the transaction (PostgreSQL locks the updated row;
// SQLite serialises writers anyway), so concurrent domain changes of one site queue up and a
// count checked here stays true until commit.
Status lock_site(db::Session& s, const std::string& site_id) {
  VITRINE_TRY(
      s.exec("UPDATE deployed_sites SET updated_at = ? WHERE id = ?", {now_iso8601(), site_id}));
  return {};
}

// Applies a domain limit: verified domains first (the primary, then the oldest), then the
// unverified ones by age, keep the first `limit` unsuspended and suspend the rest. Suspended
// domains are kept with their state, so a later upgrade restores them as they were.
Status apply_domain_limit(db::Session& s, const std::string& site_id, int limit) {
  VITRINE_ASSIGN(auto rows,
                 s.exec("SELECT id, suspended FROM domains WHERE site_id = ? ORDER BY "
                        "CASE WHEN state = 'verified' THEN 0 ELSE 1 END, is_primary DESC, "
                        "added_order",
                        {site_id}));
  for (size_t i = 0; i < rows.rows.size(); ++i) {
    bool suspend = limit != kUnlimitedDomains && static_cast<int64_t>(i) >= limit;
    if ((rows.integer(i, "suspended") != 0) == suspend) continue;
    VITRINE_TRY(s.exec("UPDATE domains SET suspended = ? WHERE id = ?",
                       {int64_t{suspend ? 1 : 0}, rows.text(i, "id")}));
  }
  return {};
}

// Keeps exactly one primary among the site's verified domains while it has any: the current
// primary if it is still verified, else the oldest verified one (unsuspended first).
Status ensure_primary(db::Session& s, const std::string& site_id) {
  VITRINE_ASSIGN(auto current,
                 s.exec("SELECT id FROM domains WHERE site_id = ? AND is_primary = 1 AND "
                        "state = 'verified'",
                        {site_id}));
  if (!current.empty()) return {};
  VITRINE_TRY(
      s.exec("UPDATE domains SET is_primary = 0 WHERE site_id = ? AND is_primary = 1", {site_id}));
  VITRINE_ASSIGN(auto next, s.exec("SELECT id FROM domains WHERE site_id = ? AND "
                                   "state = 'verified' ORDER BY suspended, added_order LIMIT 1",
                                   {site_id}));
  if (next.empty()) return {};
  VITRINE_TRY(s.exec("UPDATE domains SET is_primary = 1 WHERE id = ?", {next.text(0, "id")}));
  return {};
}

}  // namespace

TxtRecord Domain::txt_record() const {
  return TxtRecord{kChallengePrefix + hostname, verification_token};
}

HostingService::HostingService(db::Database& db, std::string base_domain, std::string dns_resolver,
                               bool enforce_rate_limits)
    : db_(db),
      base_domain_(base_name(base_domain)),
      dns_(std::move(dns_resolver)),
      enforce_rate_limits_(enforce_rate_limits),
      directory_(base_domain_) {}

std::vector<db::Migration> HostingService::migrations() {
  return {db::Migration{"hosting", 1, kSchema}, db::Migration{"hosting", 2, kGenerationSchema},
          db::Migration{"hosting", 3, kMediaQuotaSchema}};
}

void HostingService::subscribe(events::EventBus& bus) {
  // Handlers run inside the delivery transaction; the directory reloads once it committed.
  auto reload = [this](const events::Event&) { reload_after_write(); };
  bus.subscribe(
      "workspace.created", "hosting.provision_site",
      [this](db::Session& s, const events::Event& e) { return provision_site(s, e.payload); },
      reload);
  bus.subscribe(
      "tier.changed", "hosting.migrate_tier",
      [this](db::Session& s, const events::Event& e) { return migrate_tier(s, e.payload); },
      reload);
}

Status HostingService::provision_site(db::Session& s, const json& payload) {
  VITRINE_ASSIGN(std::string workspace_id,
                 payload_string(payload, "workspace_id", "workspace.created"));
  VITRINE_ASSIGN(std::string slug, payload_string(payload, "slug", "workspace.created"));
  VITRINE_ASSIGN(std::string owner_id, payload_string(payload, "owner_id", "workspace.created"));
  VITRINE_ASSIGN(std::string tier, payload_string(payload, "tier", "workspace.created"));
  VITRINE_ASSIGN(Plan plan, plan_for_tier(tier));

  // Provisioning happens once per workspace: a redelivered event finds the site and stops.
  VITRINE_ASSIGN(auto existing,
                 s.exec("SELECT id FROM deployed_sites WHERE workspace_id = ?", {workspace_id}));
  if (!existing.empty()) return {};

  std::string site_id = new_uuid();
  std::string now = now_iso8601();
  // Everything a site needs is rows in this transaction, so it is active as soon as it exists;
  // 'provisioning' is for steps that will run outside the database (CDN, certificates).
  VITRINE_TRY(s.exec(
      "INSERT INTO deployed_sites (id, workspace_id, owner_id, subdomain, status, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?)",
      {site_id, workspace_id, owner_id, ascii_lower(slug), now, now}));
  VITRINE_TRY(write_environment(s, site_id, plan));
  VITRINE_TRY(bump_generation(s));
  spdlog::info("hosting: provisioned site {}.{} for workspace {} on the {} plan ({})", slug,
               base_domain_, workspace_id, plan.tier, plan.model);
  return {};
}

Status HostingService::migrate_tier(db::Session& s, const json& payload) {
  VITRINE_ASSIGN(std::string user_id, payload_string(payload, "user_id", "tier.changed"));
  VITRINE_ASSIGN(std::string new_tier, payload_string(payload, "new_tier", "tier.changed"));
  VITRINE_ASSIGN(Plan plan, plan_for_tier(new_tier));
  VITRINE_ASSIGN(
      auto sites,
      s.exec("SELECT id FROM deployed_sites WHERE owner_id = ? ORDER BY created_at", {user_id}));
  for (size_t i = 0; i < sites.rows.size(); ++i) {
    std::string site_id = sites.text(i, "id");
    VITRINE_TRY(lock_site(s, site_id));
    VITRINE_TRY(write_environment(s, site_id, plan));
    VITRINE_TRY(apply_domain_limit(s, site_id, plan.max_custom_domains));
    VITRINE_TRY(ensure_primary(s, site_id));
  }
  VITRINE_TRY(bump_generation(s));
  spdlog::info("hosting: moved {} site(s) of user {} to the {} plan", sites.rows.size(), user_id,
               plan.tier);
  return {};
}

Result<std::optional<std::string>> HostingService::storefront_domain(
    const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec("SELECT s.subdomain, (SELECT d.hostname FROM domains d "
                                  "WHERE d.site_id = s.id AND d.state = 'verified' AND "
                                  "d.suspended = 0 ORDER BY d.is_primary DESC, d.added_order "
                                  "LIMIT 1) AS custom FROM deployed_sites s "
                                  "WHERE s.workspace_id = ?",
                                  {workspace_id}));
  if (r.empty()) return std::optional<std::string>();
  if (auto custom = r.optional_text(0, "custom")) return custom;
  return std::optional<std::string>(r.text(0, "subdomain") + "." + base_domain_);
}

HostingService::HostMatch HostingService::lookup_host(std::string_view host) const {
  return directory_.lookup(host);
}

Result<std::optional<SiteRef>> HostingService::site_for_host(std::string_view host) {
  HostMatch match = directory_.lookup(host);
  if (match.kind != HostKind::kSite) return std::optional<SiteRef>();
  return std::optional<SiteRef>(*match.site);
}

Status HostingService::refresh_directory() {
  std::lock_guard lock(reload_mu_);
  VITRINE_ASSIGN(auto counter, db_.exec("SELECT generation FROM hosting_generation WHERE id = 1"));
  const int64_t generation = counter.empty() ? 0 : counter.integer(0, "generation");
  if (directory_.generation() == generation) return {};
  // One statement reads a consistent picture on both databases without taking SQLite's write
  // lock. The counter was read before it, so the rows are at least as new as the generation
  // recorded with them; a write committed in between moves the counter, and the next refresh
  // reloads again.
  VITRINE_ASSIGN(auto r,
                 db_.exec("SELECT s.id, s.workspace_id, s.subdomain, s.status, e.model, "
                          "e.rate_limit_rps, e.render_cache_bytes, e.worker_pool, d.hostname "
                          "FROM deployed_sites s JOIN hosting_environments e ON e.site_id = s.id "
                          "LEFT JOIN domains d ON d.site_id = s.id AND d.state = 'verified' AND "
                          "d.suspended = 0 "
                          "ORDER BY s.id, d.is_primary DESC, d.added_order"));
  auto snapshot = std::make_shared<DirectorySnapshot>();
  snapshot->generation = generation;
  // Rows come grouped by site, its canonical domain first (as storefront_domain orders them).
  std::shared_ptr<SiteRef> site;
  std::vector<std::string> hosts;
  auto finish_site = [&] {
    if (!site) return;
    std::shared_ptr<const SiteRef> ref = std::move(site);
    snapshot->by_subdomain.emplace(ref->subdomain, ref);
    for (std::string& h : hosts) snapshot->by_custom_host.emplace(std::move(h), ref);
    hosts.clear();
  };
  for (size_t i = 0; i < r.rows.size(); ++i) {
    if (!site || site->site_id != r.text(i, "id")) {
      finish_site();
      site = std::make_shared<SiteRef>();
      site->site_id = r.text(i, "id");
      site->workspace_id = r.text(i, "workspace_id");
      site->subdomain = r.text(i, "subdomain");
      site->status = r.text(i, "status");
      site->model = r.text(i, "model");
      site->rate_limit_rps = r.integer(i, "rate_limit_rps");
      site->render_cache_bytes = r.integer(i, "render_cache_bytes");
      site->worker_pool = r.text(i, "worker_pool");
      site->canonical_host = site->subdomain + "." + base_domain_;
      if (!r.is_null(i, "hostname")) site->canonical_host = r.text(i, "hostname");
    }
    if (!r.is_null(i, "hostname")) hosts.push_back(r.text(i, "hostname"));
  }
  finish_site();
  directory_.publish(std::move(snapshot));
  return {};
}

void HostingService::reload_after_write() {
  if (auto st = refresh_directory(); !st.ok())
    spdlog::warn("hosting: directory reload after a write failed (the next refresh retries): {}",
                 st.error().message);
}

Status HostingService::admit(const SiteRef& site) {
  if (!enforce_rate_limits_) return {};
  int64_t wait = limiter_.acquire(site.site_id, site.rate_limit_rps);
  if (wait == 0) return {};
  return fail(errc::kRateLimited,
              "this site is over its plan's limit of " + std::to_string(site.rate_limit_rps) +
                  " requests per second; retry in " + std::to_string(wait) + " s",
              {{"limit_rps", site.rate_limit_rps}, {"retry_after_seconds", wait}});
}

Status HostingService::admit_action(const SiteRef& site, std::string_view action,
                                    std::string_view client, int64_t per_client_rps,
                                    int64_t per_site_rps) {
  if (!enforce_rate_limits_) return {};
  const std::string key = std::string(action) + "|" + site.site_id;
  int64_t limit = per_client_rps;
  int64_t wait = limiter_.acquire(key + "|" + std::string(client), per_client_rps);
  if (wait == 0) {
    limit = per_site_rps;
    wait = limiter_.acquire(key, per_site_rps);
  }
  if (wait == 0) return {};
  return fail(
      errc::kRateLimited,
      "too many " + std::string(action) + " attempts; retry in " + std::to_string(wait) + " s",
      {{"limit_rps", limit}, {"retry_after_seconds", wait}});
}

Result<Site> HostingService::site_for_workspace(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec(std::string("SELECT ") + kSiteColumns +
                                      " FROM deployed_sites s JOIN hosting_environments e "
                                      "ON e.site_id = s.id WHERE s.workspace_id = ?",
                                  {workspace_id}));
  if (r.empty()) {
    return fail(errc::kNotFound,
                "workspace '" + workspace_id + "' has no site yet (provisioning follows creation)",
                {{"workspace_id", workspace_id}});
  }
  return site_from_row(r, 0);
}

Status HostingService::set_site_status(const std::string& workspace_id, const std::string& status) {
  if (status != "active" && status != "suspended" && status != "provisioning") {
    return fail(errc::kInvalidArgument,
                "site status must be active, suspended or provisioning; got '" + status + "'",
                {{"pointer", "/status"}, {"status", status}});
  }
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto updated, s.exec("UPDATE deployed_sites SET status = ?, updated_at = ? "
                                        "WHERE workspace_id = ?",
                                        {status, now_iso8601(), workspace_id}));
    if (updated.changes == 0) {
      return fail(errc::kNotFound, "workspace '" + workspace_id + "' has no site yet",
                  {{"workspace_id", workspace_id}});
    }
    return bump_generation(s);
  }));
  spdlog::info("hosting: site of workspace {} is now {}", workspace_id, status);
  reload_after_write();
  return {};
}

Result<std::vector<Domain>> HostingService::list_domains(const std::string& workspace_id) {
  VITRINE_ASSIGN(auto r, db_.exec(std::string("SELECT ") + kDomainColumns +
                                      " FROM domains d JOIN deployed_sites s ON s.id = d.site_id "
                                      "WHERE s.workspace_id = ? ORDER BY d.added_order",
                                  {workspace_id}));
  std::vector<Domain> out;
  out.reserve(r.rows.size());
  for (size_t i = 0; i < r.rows.size(); ++i) out.push_back(domain_from_row(r, i));
  return out;
}

Result<Domain> HostingService::add_domain(const std::string& workspace_id,
                                          const std::string& hostname) {
  VITRINE_ASSIGN(std::string host, normalize_custom_hostname(hostname, base_domain_));
  Domain added;
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto site, s.exec("SELECT s.id, e.tier, e.max_custom_domains FROM "
                                     "deployed_sites s JOIN hosting_environments e "
                                     "ON e.site_id = s.id WHERE s.workspace_id = ?",
                                     {workspace_id}));
    if (site.empty()) {
      return fail(errc::kNotFound, "workspace '" + workspace_id + "' has no site yet",
                  {{"workspace_id", workspace_id}});
    }
    const std::string site_id = site.text(0, "id");
    const std::string tier = site.text(0, "tier");
    const int64_t limit = site.integer(0, "max_custom_domains");
    VITRINE_TRY(lock_site(s, site_id));

    VITRINE_ASSIGN(auto owner, s.exec("SELECT site_id FROM domains WHERE hostname = ?", {host}));
    if (!owner.empty() && owner.text(0, "site_id") == site_id) {
      return fail(errc::kAlreadyExists, "hostname '" + host + "' is already added to this site",
                  {{"hostname", host}});
    }
    // The plan is checked before other sites' hostnames, so a plan without custom domains
    // learns nothing about which hostnames others use.
    if (limit == 0) {
      return fail(errc::kForbidden,
                  "the " + tier +
                      " plan serves the storefront on its subdomain only; custom domains need "
                      "the pro or enterprise plan",
                  {{"limit", limit}, {"tier", tier}});
    }
    VITRINE_ASSIGN(auto count, s.exec("SELECT COUNT(*) AS n FROM domains WHERE site_id = ? AND "
                                      "suspended = 0",
                                      {site_id}));
    const int64_t in_use = count.integer(0, "n");
    if (limit != kUnlimitedDomains && in_use >= limit) {
      return fail(errc::kForbidden,
                  "the " + tier + " plan allows " + std::to_string(limit) +
                      " custom domains and this site has " + std::to_string(in_use) +
                      "; remove one or upgrade",
                  {{"limit", limit}, {"tier", tier}, {"in_use", in_use}});
    }
    const std::string taken = "hostname '" + host + "' is already claimed by another site";
    if (!owner.empty()) return fail(errc::kAlreadyExists, taken, {{"hostname", host}});

    VITRINE_ASSIGN(auto order, s.exec("SELECT COALESCE(MAX(added_order), 0) AS n FROM domains "
                                      "WHERE site_id = ?",
                                      {site_id}));
    added.id = new_uuid();
    added.site_id = site_id;
    added.hostname = host;
    added.verification_token = kTokenPrefix + random_hex(16);
    added.state = "pending";
    added.created_at = now_iso8601();
    auto inserted = s.exec(
        "INSERT INTO domains (id, site_id, hostname, verification_token, state, suspended, "
        "is_primary, added_order, created_at) VALUES (?, ?, ?, ?, 'pending', 0, 0, ?, ?)",
        {added.id, site_id, host, added.verification_token, order.integer(0, "n") + 1,
         added.created_at});
    // Another site may have claimed the name since the check (the unique index decides).
    if (!inserted.ok() && inserted.error().code == errc::kAlreadyExists)
      return fail(errc::kAlreadyExists, taken, {{"hostname", host}});
    VITRINE_TRY(inserted);
    return bump_generation(s);
  }));
  reload_after_write();
  return added;
}

Result<Domain> HostingService::verify_domain(const std::string& workspace_id,
                                             const std::string& domain_id) {
  auto find = [&]() -> Result<Domain> {
    VITRINE_ASSIGN(auto r, db_.exec(std::string("SELECT ") + kDomainColumns +
                                        " FROM domains d JOIN deployed_sites s "
                                        "ON s.id = d.site_id WHERE d.id = ? AND "
                                        "s.workspace_id = ?",
                                    {domain_id, workspace_id}));
    if (r.empty()) {
      return fail(errc::kNotFound, "domain '" + domain_id + "' not found in this workspace",
                  {{"domain_id", domain_id}});
    }
    return domain_from_row(r, 0);
  };
  VITRINE_ASSIGN(Domain domain, find());
  // DNS is asked outside any transaction: a slow resolver must not hold the write lock.
  TxtRecord record = domain.txt_record();
  VITRINE_ASSIGN(TxtCheck check, dns_.check_txt(record.name, record.value));

  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    std::string now = now_iso8601();
    db::QueryResult updated;
    if (check.verified) {
      VITRINE_ASSIGN(updated, s.exec("UPDATE domains SET verified_at = CASE WHEN state = "
                                     "'verified' THEN verified_at ELSE ? END, "
                                     "state = 'verified', last_error = NULL, "
                                     "last_checked_at = ? WHERE id = ?",
                                     {now, now, domain.id}));
    } else {
      VITRINE_ASSIGN(updated, s.exec("UPDATE domains SET state = 'failed', last_error = ?, "
                                     "last_checked_at = ? WHERE id = ?",
                                     {check.problem, now, domain.id}));
    }
    if (updated.changes == 0) {
      return fail(errc::kNotFound, "domain '" + domain_id + "' was removed during verification",
                  {{"domain_id", domain_id}});
    }
    VITRINE_TRY(ensure_primary(s, domain.site_id));
    return bump_generation(s);
  }));
  // The next request already routes by the new state (e.g. right after POST .../verify).
  reload_after_write();
  if (check.verified)
    spdlog::info("hosting: verified {} for workspace {}", domain.hostname, workspace_id);
  else
    spdlog::info("hosting: {} not verified: {}", domain.hostname, check.problem);
  return find();
}

Status HostingService::remove_domain(const std::string& workspace_id,
                                     const std::string& domain_id) {
  VITRINE_TRY(db_.transaction([&](db::Session& s) -> Status {
    VITRINE_ASSIGN(auto r, s.exec("SELECT d.site_id FROM domains d JOIN deployed_sites s "
                                  "ON s.id = d.site_id WHERE d.id = ? AND s.workspace_id = ?",
                                  {domain_id, workspace_id}));
    if (r.empty()) {
      return fail(errc::kNotFound, "domain '" + domain_id + "' not found in this workspace",
                  {{"domain_id", domain_id}});
    }
    std::string site_id = r.text(0, "site_id");
    VITRINE_TRY(lock_site(s, site_id));
    VITRINE_TRY(s.exec("DELETE FROM domains WHERE id = ?", {domain_id}));
    VITRINE_TRY(ensure_primary(s, site_id));
    return bump_generation(s);
  }));
  reload_after_write();
  return {};
}

}  // namespace vitrine::hosting
