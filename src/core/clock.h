// Wall-clock timestamps as ISO 8601 UTC text with milliseconds ("2026-11-22T10:04:05.123Z"):
// sortable as strings, identical in SQLite and PostgreSQL.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vitrine {

std::string now_iso8601();
// Seconds since the Unix epoch, for expiry times carried in URLs and rows.
int64_t unix_seconds_now();
std::string to_iso8601(std::chrono::system_clock::time_point t);
// Reads an RFC 3339 date-time ("2026-12-24T09:00:00Z", "…T09:00+01:00", "…T09:00:00.250Z";
// seconds and fractions optional) or a date alone ("2026-12-24", midnight UTC). nullopt for
// anything else, including out-of-range fields.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);
// now_iso8601() of `d` from now: when a lease ends or a retry is due.
std::string iso8601_after(std::chrono::milliseconds d);
// The wait before retry number `attempts` (1 after the first failure): `first`, doubled per
// further attempt, at most `max`. The queues' exponential backoff (mail, webhooks).
std::chrono::milliseconds retry_backoff(int attempts, std::chrono::milliseconds first,
                                        std::chrono::milliseconds max);
// RFC 7231 IMF-fixdate for HTTP headers ("Sun, 22 Nov 2026 10:04:05 GMT").
std::string http_date(std::chrono::system_clock::time_point t);

}  // namespace vitrine
