// HostingService: the infrastructure side of a workspace (docs/architecture.md "Shops,
// hosting and customizations"). It owns deployed_sites
// (one per workspace, on the subdomain <slug>.<base_domain>), hosting_environments (the plan of
// the owner's tier, stored per site) and domains (custom hostnames proved by a DNS TXT record).
// It reacts to workspace.created and tier.changed events and never touches theme or
// customization data; `status` of a site is infrastructure status only.
//
// The storefront routes requests through an in-memory SiteDirectory (no query per request). Every
// write that can change routing bumps the one-row hosting_generation counter in its transaction;
// refresh_directory() reloads when the counter moved, so writes of other processes show within a
// refresh period, and this process's own writes reload right after they commit.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "events/event_bus.h"
#include "hosting/dns_verifier.h"
#include "hosting/plans.h"
#include "hosting/rate_limiter.h"
#include "hosting/site_directory.h"

namespace vitrine::hosting {

// The plan a site currently runs on (a copy of plan_for_tier at the last provisioning).
struct HostingEnvironment {
  std::string tier;            // basic | pro | enterprise
  std::string model;           // pool | bridge | silo
  int max_custom_domains = 0;  // -1 = unlimited
  int rate_limit_rps = 0;
  int64_t render_cache_bytes = 0;
  std::string worker_pool;  // shared | dedicated
  int64_t media_bytes = 0;  // media library storage
  std::string updated_at;
};

struct Site {
  std::string id;
  std::string workspace_id;
  std::string owner_id;
  std::string subdomain;  // = the workspace slug; the site answers on <subdomain>.<base_domain>
  std::string status;     // provisioning | active | suspended (infrastructure only)
  std::string created_at;
  std::string updated_at;
  HostingEnvironment environment;
};

// The DNS record that proves control of a custom domain.
struct TxtRecord {
  std::string name;   // "_vitrine-challenge.<hostname>"
  std::string value;  // "vitrine-verify=<32 hex>"
};

struct Domain {
  std::string id;
  std::string site_id;
  std::string hostname;            // lower-case, no trailing dot
  std::string verification_token;  // the TXT value to publish
  std::string state;               // pending | verified | failed
  std::string last_error;          // why the last verification failed; "" otherwise
  bool suspended = false;          // above the plan's limit after a downgrade: kept, not served
  bool is_primary = false;         // the storefront's canonical host
  std::string created_at;
  std::string verified_at;      // "" until verified
  std::string last_checked_at;  // "" until the first verification

  TxtRecord txt_record() const;
};

class HostingService {
 public:
  using HostKind = hosting::HostKind;    // kSite | kUnknownSubdomain | kOther
  using HostMatch = hosting::HostMatch;  // {kind, site}: site is set only for kSite

  // `base_domain` is Config::base_domain; `dns_resolver` is Config::dns_resolver ("" = the
  // system resolver, else "IP:port" such as "127.0.0.1:5353").
  // `enforce_rate_limits` false makes admit() always succeed (Config::site_rate_limits "off":
  // benchmarks, or a proxy in front that enforces limits).
  HostingService(db::Database& db, std::string base_domain, std::string dns_resolver = "",
                 bool enforce_rate_limits = true);

  // Tables deployed_sites, hosting_environments, domains and hosting_generation.
  static std::vector<db::Migration> migrations();

  // Registers the handlers "hosting.provision_site" (workspace.created: creates the site with
  // its environment, status active; a repeated delivery changes nothing) and
  // "hosting.migrate_tier" (tier.changed: moves every site of the user to the new plan).
  void subscribe(events::EventBus& bus);

  // --- Lookups other modules use --------------------------------------------------------

  // The storefront host of the workspace: its primary verified, non-suspended custom domain,
  // else "<subdomain>.<base_domain>"; nullopt while the workspace has no site yet.
  Result<std::optional<std::string>> storefront_domain(const std::string& workspace_id);

  // What `host` (a Host header: case, ":port", "[v6]:port" and one trailing dot are ignored)
  // names: "<subdomain>.<base_domain>" or a verified, non-suspended custom domain → kSite (any
  // site status: the caller answers 503 for suspended ones); any other "<x>.<base_domain>" →
  // kUnknownSubdomain; anything else (the base domain, IP literals, other names) → kOther.
  // Memory only (never queries), safe from any thread, allocation-free: fit for an I/O thread.
  HostMatch lookup_host(std::string_view host) const;

  // Keeps the directory current: one query of the generation counter, and when it moved (or on
  // the first call) one statement that reloads every site and served domain. Writes through
  // this service reload on their own; the App calls this at start and every second for writes
  // of other processes (other nodes, the CLI).
  Status refresh_directory();

  // lookup_host as a copy, for callers that want the site only: nullopt unless kSite. Never
  // fails (memory only); the Result stays for callers written when this was a query.
  Result<std::optional<SiteRef>> site_for_host(std::string_view host);

  // The site of `workspace_id` with its environment; not_found while none is provisioned.
  Result<Site> site_for_workspace(const std::string& workspace_id);

  // Sets the infrastructure status of the workspace's site: "active", "suspended" (still
  // routed; the storefront answers 503) or "provisioning". invalid_argument for other values;
  // not_found while the workspace has no site. Visible to lookup_host as soon as it returns.
  Status set_site_status(const std::string& workspace_id, const std::string& status);

  // Admits one storefront request for `site` under its plan's rate limit (a token bucket of
  // rate_limit_rps per second, bursts up to twice that). rate_limited, with details
  // {limit_rps, retry_after_seconds}, when the site is over budget. Per process: N nodes admit
  // up to N times the limit.
  Status admit(const SiteRef& site);

  // Admits one sensitive action (`action`: "login", "checkout") of `client` (its address) on
  // `site`: at most `per_client_rps` per second per client and `per_site_rps` per second for the
  // site (bursts up to twice that), so guessing passwords or hammering checkout is slow from one
  // address and bounded for the shop. rate_limited {limit_rps, retry_after_seconds} otherwise.
  // Off with the other limits (enforce_rate_limits false). Per process, like admit().
  Status admit_action(const SiteRef& site, std::string_view action, std::string_view client,
                      int64_t per_client_rps, int64_t per_site_rps);

  // --- Custom domains (callers check that the caller owns the workspace) ---------------

  // The workspace's custom domains, oldest first.
  Result<std::vector<Domain>> list_domains(const std::string& workspace_id);

  // Adds `hostname` (normalised: lower-case, no trailing dot) as a pending domain and returns
  // it with the TXT record to publish. invalid_argument naming what is wrong with the name;
  // forbidden with details {limit, tier} when the plan allows no more (suspended domains do
  // not count); already_exists when any site has the hostname; not_found without a site.
  Result<Domain> add_domain(const std::string& workspace_id, const std::string& hostname);

  // Looks up the domain's TXT record (blocking, about 3 s at most) and records the outcome:
  // verified (the first verified domain becomes primary) or failed with last_error saying what
  // DNS answered. Any domain may be verified again; its state is that of the latest check.
  // Errors only for an unknown domain (not_found) or an unusable resolver (config_error).
  Result<Domain> verify_domain(const std::string& workspace_id, const std::string& domain_id);

  // Deletes the domain; when it was primary, the oldest other verified domain takes over.
  // not_found when the workspace has no such domain.
  Status remove_domain(const std::string& workspace_id, const std::string& domain_id);

  const std::string& base_domain() const { return base_domain_; }

 private:
  Status provision_site(db::Session& s, const nlohmann::json& payload);
  Status migrate_tier(db::Session& s, const nlohmann::json& payload);
  // refresh_directory after a write of this service committed; a failure is logged (the write
  // stands and the periodic refresh catches up).
  void reload_after_write();

  db::Database& db_;
  std::string base_domain_;
  DnsVerifier dns_;
  SiteRateLimiter limiter_;
  bool enforce_rate_limits_ = true;
  SiteDirectory directory_;
  std::mutex reload_mu_;  // one reload at a time, so snapshots are published in order
};

}  // namespace vitrine::hosting
