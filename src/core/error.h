// Errors as values. Every failure that crosses a module boundary is an Error with a stable
// machine-readable code; the HTTP layer turns it into the one JSON error body (docs/architecture.md
// "Errors").
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace vitrine {

// Stable error codes. Clients match on these strings, so never rename one.
namespace errc {
inline constexpr const char* kInvalidArgument = "invalid_argument";
inline constexpr const char* kInvalidJson = "invalid_json";
inline constexpr const char* kValidationFailed = "validation_failed";
inline constexpr const char* kNotFound = "not_found";
inline constexpr const char* kAlreadyExists = "already_exists";
inline constexpr const char* kConflict = "conflict";
inline constexpr const char* kInsufficientInventory = "insufficient_inventory";
// A payment provider refused a payment, capture or refund (a declined card, a refund over what
// was captured); details.provider and the provider's own code say which.
inline constexpr const char* kPaymentFailed = "payment_failed";
inline constexpr const char* kUnauthorized = "unauthorized";
inline constexpr const char* kForbidden = "forbidden";
inline constexpr const char* kPayloadTooLarge = "payload_too_large";
// An upload the shop's plan has no room left for (413, details {quota_bytes, used_bytes}).
inline constexpr const char* kQuotaExceeded = "quota_exceeded";
// An upload whose bytes are no accepted format (415).
inline constexpr const char* kUnsupportedMediaType = "unsupported_media_type";
inline constexpr const char* kHeaderTooLarge = "header_too_large";
inline constexpr const char* kTimeout = "timeout";
inline constexpr const char* kRateLimited = "rate_limited";
inline constexpr const char* kMethodNotAllowed = "method_not_allowed";
inline constexpr const char* kUnavailable = "unavailable";
inline constexpr const char* kIo = "io_error";
inline constexpr const char* kDatabase = "database_error";
inline constexpr const char* kConfig = "config_error";
inline constexpr const char* kInternal = "internal_error";
}  // namespace errc

struct Error {
  std::string code;        // one of errc::*, stable
  std::string message;     // for people; names where the input is wrong
  nlohmann::json details;  // structured context (problems, pointers, limits); object or null

  // The HTTP status that fits `code` (404 for not_found, 422 for validation_failed, ...).
  int http_status() const;
};

// Shorthand constructors: make_error(errc::kNotFound, "theme 'x' not found").
Error make_error(std::string code, std::string message, nlohmann::json details = nullptr);

}  // namespace vitrine
