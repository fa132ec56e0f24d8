// Hosting plans: what each subscription tier buys in infrastructure
// (docs/architecture.md "Shops, hosting and customizations"). The one table of
// plan limits lives in plan_for_tier(); a site's hosting environment stores a copy of its plan,
// so a later change of the table applies to a site when its tier next changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vitrine::hosting {

inline constexpr int kUnlimitedDomains = -1;

struct Plan {
  std::string tier;                // basic | pro | enterprise
  std::string model;               // pool (shared) | bridge (own routing) | silo (isolated)
  int max_custom_domains = 0;      // kUnlimitedDomains (-1) = no limit; 0 = subdomain only
  int rate_limit_rps = 0;          // storefront requests per second per site
  int64_t render_cache_bytes = 0;  // render cache budget of the site
  std::string worker_pool;         // shared | dedicated render workers
  int64_t media_bytes = 0;         // media library storage (originals and their variants)

  // True when `count` custom domains fit the plan.
  bool allows_domains(int64_t count) const {
    return max_custom_domains == kUnlimitedDomains || count <= max_custom_domains;
  }
};

// The plan of `tier`: basic → pool, subdomain only, shared workers; pro → bridge, 3 custom
// domains; enterprise → silo, unlimited domains, dedicated workers. Media storage: 500 MiB,
// 10 GiB, 100 GiB. invalid_argument otherwise.
Result<Plan> plan_for_tier(std::string_view tier);

}  // namespace vitrine::hosting
