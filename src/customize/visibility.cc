#include "customize/visibility.h"

#include <algorithm>

namespace vitrine::customize {
namespace {

using nlohmann::json;
using std::chrono::system_clock;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::optional<Device> device_named(std::string_view name) {
  if (name == "desktop") return Device::kDesktop;
  if (name == "tablet") return Device::kTablet;
  if (name == "mobile") return Device::kMobile;
  return std::nullopt;
}

std::optional<UserType> user_type_named(std::string_view name) {
  if (name == "guest") return UserType::kGuest;
  if (name == "customer") return UserType::kCustomer;
  return std::nullopt;
}

// Reads `count` decimal digits at `pos`; nullopt when any is not a digit or the text ends.
std::optional<int> digits(std::string_view s, size_t pos, size_t count) {
  if (pos + count > s.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// Parses a list of names (devices or user types) into `out`. A name that `lookup` does not know
// is a problem at its own pointer; repeats are kept once.
template <typename T, typename Lookup>
void parse_names(const json& value, const std::string& pointer, const char* allowed, Lookup lookup,
                 std::optional<std::vector<T>>& out, std::vector<PuckProblem>& problems) {
  if (value.is_null()) return;
  if (!value.is_array()) {
    problems.push_back({pointer, std::string("must be an array of ") + allowed});
    return;
  }
  std::vector<T> names;
  for (size_t i = 0; i < value.size(); ++i) {
    const json& item = value[i];
    std::optional<T> found;
    if (item.is_string()) found = lookup(item.get_ref<const std::string&>());
    if (!found) {
      problems.push_back({child_pointer(pointer, i),
                          std::string("must be one of ") + allowed + ", got " + item.dump()});
      continue;
    }
    if (std::find(names.begin(), names.end(), *found) == names.end()) names.push_back(*found);
  }
  out = std::move(names);
}

std::optional<system_clock::time_point> parse_date(const json& value, const std::string& pointer,
                                                   std::vector<PuckProblem>& problems) {
  if (value.is_null()) return std::nullopt;
  std::optional<system_clock::time_point> t;
  if (value.is_string()) t = parse_iso8601_instant(value.get_ref<const std::string&>());
  if (!t) {
    problems.push_back({pointer,
                        "must be an ISO 8601 date (\"2025-12-24\") or date-time with a time zone "
                        "(\"2025-12-24T18:00:00+01:00\"), got " +
                            value.dump()});
  }
  return t;
}

}  // namespace

const char* device_name(Device device) {
  switch (device) {
    case Device::kDesktop:
      return "desktop";
    case Device::kTablet:
      return "tablet";
    case Device::kMobile:
      return "mobile";
  }
  return "desktop";
}

const char* user_type_name(UserType user_type) {
  return user_type == UserType::kCustomer ? "customer" : "guest";
}

Device device_from_user_agent(std::string_view ua) {
  // Phones whose agents also name a tablet-like platform come first: Windows Phone agents say
  // "Android", iPhone agents say "like Mac OS X".
  if (contains(ua, "iPhone") || contains(ua, "iPod") || contains(ua, "Windows Phone"))
    return Device::kMobile;
  // Tablets before the generic "Mobi" rule: iPad and Kindle agents carry "Mobile" too.
  if (contains(ua, "iPad") || contains(ua, "Kindle") || contains(ua, "Silk/") ||
      contains(ua, "PlayBook"))
    return Device::kTablet;
  if (auto at = ua.find("Tablet"); at != std::string_view::npos && ua.substr(at, 9) != "Tablet PC")
    return Device::kTablet;
  if (contains(ua, "Mobi") || contains(ua, "BlackBerry") || contains(ua, "BB10") ||
      contains(ua, "Opera Mini") || contains(ua, "IEMobile"))
    return Device::kMobile;
  // Android without "Mobile" is a tablet (Google's convention for Android browsers).
  if (contains(ua, "Android")) return Device::kTablet;
  return Device::kDesktop;
}

bool Visibility::visible(Device device, UserType user_type, system_clock::time_point now) const {
  if (devices && std::find(devices->begin(), devices->end(), device) == devices->end())
    return false;
  if (user_types &&
      std::find(user_types->begin(), user_types->end(), user_type) == user_types->end())
    return false;
  if (start && now < *start) return false;
  if (end && now >= *end) return false;
  return true;
}

std::optional<system_clock::time_point> parse_iso8601_instant(std::string_view s) {
  using namespace std::chrono;
  auto year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  if (!year || !month || !day || s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  year_month_day date{std::chrono::year(*year), std::chrono::month(*month), std::chrono::day(*day)};
  if (!date.ok()) return std::nullopt;
  system_clock::time_point t = sys_days(date);
  if (s.size() == 10) return t;

  if (s[10] != 'T' && s[10] != 't') return std::nullopt;
  auto hour = digits(s, 11, 2), minute = digits(s, 14, 2);
  if (!hour || !minute || s.size() < 16 || s[13] != ':' || *hour > 23 || *minute > 59)
    return std::nullopt;
  t += hours(*hour) + minutes(*minute);
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    auto second = digits(s, pos + 1, 2);
    if (!second || *second > 59) return std::nullopt;
    t += seconds(*second);
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      size_t first = pos;
      nanoseconds fraction{0};
      int64_t scale = 100'000'000;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        fraction += nanoseconds((s[pos] - '0') * scale);
        scale /= 10;
        ++pos;
      }
      if (pos == first || pos - first > 9) return std::nullopt;
      t += duration_cast<system_clock::duration>(fraction);
    }
  }
  if (pos >= s.size()) return std::nullopt;  // a date-time needs its zone
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return t;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  auto offset_hours = digits(s, pos + 1, 2), offset_minutes = digits(s, pos + 4, 2);
  if (!offset_hours || !offset_minutes || s.size() != pos + 6 || s[pos + 3] != ':' ||
      *offset_hours > 23 || *offset_minutes > 59)
    return std::nullopt;
  // Local time = UTC + offset, so UTC = local time - offset.
  minutes offset = hours(*offset_hours) + minutes(*offset_minutes);
  return s[pos] == '+' ? t - offset : t + offset;
}

Visibility parse_visibility(const json& value, const std::string& pointer,
                            std::vector<PuckProblem>& problems) {
  Visibility rule;
  if (value.is_null()) return rule;
  if (!value.is_object()) {
    problems.push_back(
        {pointer,
         "must be an object with any of devices, userTypes, dateRange, got " + value.dump()});
    return rule;
  }
  const size_t before = problems.size();
  for (const auto& [key, member] : value.items()) {
    std::string ptr = child_pointer(pointer, key);
    if (key == "devices") {
      parse_names<Device>(member, ptr, "desktop, tablet, mobile", device_named, rule.devices,
                          problems);
    } else if (key == "userTypes") {
      parse_names<UserType>(member, ptr, "guest, customer", user_type_named, rule.user_types,
                            problems);
    } else if (key == "dateRange") {
      if (member.is_null()) continue;
      if (!member.is_object()) {
        problems.push_back({ptr, "must be an object with start and/or end"});
        continue;
      }
      for (const auto& [range_key, bound] : member.items()) {
        std::string bound_ptr = child_pointer(ptr, range_key);
        if (range_key == "start") {
          rule.start = parse_date(bound, bound_ptr, problems);
        } else if (range_key == "end") {
          rule.end = parse_date(bound, bound_ptr, problems);
        } else {
          problems.push_back({bound_ptr, "is not part of a date range (start, end)"});
        }
      }
      if (rule.start && rule.end && *rule.start > *rule.end) {
        problems.push_back(
            {child_pointer(ptr, "end"), "must not be before start " + member["start"].dump()});
      }
    } else {
      problems.push_back({ptr, "is not part of a visibility rule (devices, userTypes, dateRange)"});
    }
  }
  return problems.size() == before ? rule : Visibility{};
}

}  // namespace vitrine::customize
