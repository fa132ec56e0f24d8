#include "hosting/plans.h"

namespace vitrine::hosting {

Result<Plan> plan_for_tier(std::string_view tier) {
  constexpr int64_t kMiB = 1 << 20;
  // Budgets grow about tenfold per tier: a pool site shares a node with many others, a silo
  // site has the render workers to itself.
  if (tier == "basic") return Plan{"basic", "pool", 0, 20, 16 * kMiB, "shared", 500 * kMiB};
  if (tier == "pro") return Plan{"pro", "bridge", 3, 100, 128 * kMiB, "shared", 10240 * kMiB};
  if (tier == "enterprise")
    return Plan{"enterprise", "silo",      kUnlimitedDomains, 1000,
                1024 * kMiB,  "dedicated", 102400 * kMiB};
  return fail(errc::kInvalidArgument,
              "unknown tier '" + std::string(tier) + "': expected basic, pro or enterprise",
              {{"tier", std::string(tier)}});
}

}  // namespace vitrine::hosting
