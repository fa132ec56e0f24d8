// Block visibility rules (docs/architecture.md "The request path", step 4): a block may be shown
// only on some devices, only to guests or to signed-in customers, and only within a date range. The
// rule is stored in the block's `props.visibility` as {"devices": [...], "userTypes": [...],
// "dateRange": {"start", "end"}}; every member is optional and an absent member restricts nothing.
// The device class and user type of a request are part of the render cache variant, so the renderer
// classifies each request once (device_from_user_agent) and asks each block's rule whether it is
// visible.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "customize/puck_validation.h"

namespace vitrine::customize {

enum class Device { kDesktop, kTablet, kMobile };
enum class UserType { kGuest, kCustomer };

// The names used in rules and cache variants: "desktop" | "tablet" | "mobile".
const char* device_name(Device device);
// "guest" | "customer".
const char* user_type_name(UserType user_type);

// The device class of a User-Agent: mobile for phones (iPhone, iPod, Windows Phone, BlackBerry,
// Opera Mini, any "Mobi" token such as Android phones' "Mobile"), tablet for iPad, Kindle/Silk,
// "Tablet" (not Windows "Tablet PC") and Android without "Mobile", desktop otherwise (empty
// agents, crawlers that announce no device, and iPadOS Safari, which sends a macOS agent).
// Cheap: a few substring searches, no regex, no allocation.
Device device_from_user_agent(std::string_view user_agent);

// A parsed, validated visibility rule; the default is visible to everyone, always.
struct Visibility {
  std::optional<std::vector<Device>> devices;       // nullopt = every device; empty = none
  std::optional<std::vector<UserType>> user_types;  // nullopt = every user type; empty = none
  // Shown from `start` (inclusive) until `end` (exclusive); nullopt = unbounded on that side.
  std::optional<std::chrono::system_clock::time_point> start, end;

  // True when the rule depends on the device (so the render cache must vary by device).
  bool restricts_device() const { return devices.has_value(); }
  // True when the rule depends on the user type (so the render cache must vary by user type).
  bool restricts_user() const { return user_types.has_value(); }
  // True when the rule depends on the time (so a cached page stops being valid at start or end).
  bool has_dates() const { return start.has_value() || end.has_value(); }

  // Whether a block with this rule is shown to `device` / `user_type` at `now`.
  bool visible(Device device, UserType user_type, std::chrono::system_clock::time_point now) const;
};

// Parses a block's props.visibility; null or an absent value (pass nullptr) gives the default.
// Every problem (unknown members, unknown device or user type names, dates that are not strings
// or not ISO 8601, start after end) is appended with a pointer under `pointer`; the default rule
// is returned when there was any.
Visibility parse_visibility(const nlohmann::json& value, const std::string& pointer,
                            std::vector<PuckProblem>& problems);

// An ISO 8601 instant: "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS][.fraction]" followed
// by "Z" or a "±HH:MM" offset (which is honoured). nullopt for anything else, including
// impossible dates such as 2025-02-30.
std::optional<std::chrono::system_clock::time_point> parse_iso8601_instant(std::string_view text);

}  // namespace vitrine::customize
