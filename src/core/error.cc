#include "core/error.h"

#include <string_view>

namespace vitrine {

int Error::http_status() const {
  std::string_view c = code;
  if (c == errc::kInvalidArgument || c == errc::kInvalidJson) return 400;
  if (c == errc::kUnauthorized) return 401;
  if (c == errc::kPaymentFailed) return 402;
  if (c == errc::kForbidden) return 403;
  if (c == errc::kNotFound) return 404;
  if (c == errc::kMethodNotAllowed) return 405;
  if (c == errc::kAlreadyExists || c == errc::kConflict || c == errc::kInsufficientInventory)
    return 409;
  if (c == errc::kPayloadTooLarge || c == errc::kQuotaExceeded) return 413;
  if (c == errc::kUnsupportedMediaType) return 415;
  if (c == errc::kValidationFailed) return 422;
  if (c == errc::kHeaderTooLarge) return 431;
  if (c == errc::kTimeout) return 408;
  if (c == errc::kRateLimited) return 429;
  if (c == errc::kUnavailable) return 503;
  return 500;
}

Error make_error(std::string code, std::string message, nlohmann::json details) {
  return Error{std::move(code), std::move(message), std::move(details)};
}

}  // namespace vitrine
