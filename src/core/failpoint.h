// Failpoints: named places where the process can be made to die on purpose, so tests can prove
// that a crash there loses nothing (the outbox's "commit, then crash before handling" case).
// Enabled only through the environment: VITRINE_FAILPOINTS="events.after_commit,other.point".
// With the variable unset (every real deployment) a failpoint is one cached boolean test.
#pragma once

#include <string_view>

namespace vitrine {

// Ends the process at once with exit code 70 (no destructors, no flushing: a crash) when `name`
// is listed in VITRINE_FAILPOINTS; does nothing otherwise.
void crash_if_failpoint(std::string_view name);

}  // namespace vitrine
