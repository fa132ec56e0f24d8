// SiteDirectory: the storefront request path's host → site map, held in memory so that routing a
// request never queries the database. HostingService builds a complete DirectorySnapshot from
// its tables and publishes it whole; readers take the current snapshot with one atomic load and
// keep it alive for as long as they hold it, so a reload never blocks or tears a lookup.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vitrine::hosting {

// What the request path needs to know about the site a host names.
struct SiteRef {
  std::string site_id;
  std::string workspace_id;
  std::string subdomain;
  std::string status;  // provisioning | active | suspended: the caller answers 503 for suspended
  std::string model;
  int64_t rate_limit_rps = 0;      // the plan's request budget for the storefront (see admit)
  int64_t render_cache_bytes = 0;  // the plan's render cache budget
  std::string worker_pool;         // shared | dedicated
  // The primary verified, unsuspended custom domain, else "<subdomain>.<base_domain>".
  std::string canonical_host;
};

// What a request host names.
enum class HostKind {
  kSite,              // a site's subdomain or one of its verified, unsuspended custom domains
  kUnknownSubdomain,  // "<x>.<base_domain>" (one label deep or deeper) that no site has
  kOther,             // the base domain itself, IP literals, any other name
};

struct HostMatch {
  HostKind kind = HostKind::kOther;     // kSite: `site` is set
  std::shared_ptr<const SiteRef> site;  // null unless kSite
};

// Hashes std::string keys and std::string_view probes alike, so lookups never build a string.
struct HostHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using SiteMap =
    std::unordered_map<std::string, std::shared_ptr<const SiteRef>, HostHash, std::equal_to<>>;

// One consistent picture of every site, never changed after it is published.
struct DirectorySnapshot {
  int64_t generation = 0;  // hosting_generation when the rows were read
  SiteMap by_subdomain;    // "shop" (of shop.<base_domain>) → site
  SiteMap by_custom_host;  // verified, unsuspended custom hostname → site
};

// The longest host a lookup considers (DNS names have at most 253 characters).
inline constexpr size_t kMaxHostLength = 255;

// `host` as sites are looked up (lower-case, ":port" or "[v6]:port" removed, one trailing dot
// removed), written into `buffer`; nullopt for hosts that can never name a site (empty, IP
// literals in brackets or with several colons, longer than kMaxHostLength).
std::optional<std::string_view> normalize_host_into(std::string_view host,
                                                    std::array<char, kMaxHostLength>& buffer);

class SiteDirectory {
 public:
  // `base_domain`: lower-case, no trailing dot (HostingService::base_domain()).
  explicit SiteDirectory(std::string base_domain);
  SiteDirectory(const SiteDirectory&) = delete;
  SiteDirectory& operator=(const SiteDirectory&) = delete;

  // The site `host` (a Host header) names, from the published snapshot. Memory only; safe from
  // any thread; allocates nothing. Before the first publish every site host is unknown.
  HostMatch lookup(std::string_view host) const;

  // Replaces the snapshot; lookups already holding the previous one finish with it.
  void publish(std::shared_ptr<const DirectorySnapshot> snapshot);

  // The generation of the published snapshot; nullopt before the first publish.
  std::optional<int64_t> generation() const;

 private:
  std::string dot_base_;  // "." + base_domain
  std::atomic<std::shared_ptr<const DirectorySnapshot>> snapshot_;
};

}  // namespace vitrine::hosting
