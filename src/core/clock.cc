#include "core/clock.h"

#include <algorithm>
#include <ctime>

namespace vitrine {

std::string to_iso8601(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];  // room for any int year, so the compiler can prove nothing is truncated
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view t) {
  size_t at = 0;
  // `n` digits at `at`, or -1.
  auto digits = [&](size_t n) -> int {
    if (at + n > t.size()) return -1;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
      const char c = t[at + i];
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    at += n;
    return v;
  };
  auto expect = [&](char c) {
    if (at < t.size() && t[at] == c) {
      ++at;
      return true;
    }
    return false;
  };
  std::tm tm{};
  const int year = digits(4);
  if (year < 0 || !expect('-')) return std::nullopt;
  const int month = digits(2);
  if (month < 1 || month > 12 || !expect('-')) return std::nullopt;
  const int day = digits(2);
  if (day < 1 || day > 31) return std::nullopt;
  int hour = 0, minute = 0, second = 0, millis = 0, offset_minutes = 0;
  if (at < t.size()) {
    if (!expect('T') && !expect('t') && !expect(' ')) return std::nullopt;
    hour = digits(2);
    if (hour < 0 || hour > 23 || !expect(':')) return std::nullopt;
    minute = digits(2);
    if (minute < 0 || minute > 59) return std::nullopt;
    if (expect(':')) {
      second = digits(2);
      if (second < 0 || second > 60) return std::nullopt;
      if (expect('.')) {
        int scale = 100, n = 0;
        while (at < t.size() && t[at] >= '0' && t[at] <= '9') {
          millis += (t[at++] - '0') * scale;
          scale /= 10;
          ++n;
        }
        if (n == 0) return std::nullopt;
      }
    }
    if (expect('Z') || expect('z')) {
    } else if (at < t.size() && (t[at] == '+' || t[at] == '-')) {
      const int sign = t[at++] == '-' ? -1 : 1;
      const int oh = digits(2);
      if (oh < 0 || oh > 23 || !expect(':')) return std::nullopt;
      const int om = digits(2);
      if (om < 0 || om > 59) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    } else {
      return std::nullopt;  // a time needs its zone
    }
  }
  if (at != t.size()) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t secs = timegm(&tm);
  // timegm normalises 2026-02-31 into March: such a date does not exist.
  if (tm.tm_mday != day || tm.tm_mon != month - 1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(secs) - std::chrono::minutes(offset_minutes) +
         std::chrono::milliseconds(millis);
}

int64_t unix_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string now_iso8601() { return to_iso8601(std::chrono::system_clock::now()); }

std::string http_date(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string iso8601_after(std::chrono::milliseconds d) {
  return to_iso8601(std::chrono::system_clock::now() + d);
}

std::chrono::milliseconds retry_backoff(int attempts, std::chrono::milliseconds first,
                                        std::chrono::milliseconds max) {
  auto wait = first;
  for (int i = 1; i < attempts && wait < max; ++i) wait *= 2;
  return std::min(wait, max);
}

}  // namespace vitrine
