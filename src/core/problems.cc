#include "core/problems.h"

#include <algorithm>

namespace vitrine {

Error validation_failed(std::string_view intro, const nlohmann::json& problems) {
  std::string message(intro);
  message += ": ";
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i) message += "; ";
    const std::string pointer = problems[i].value("pointer", "");
    message += (pointer.empty() ? "" : pointer + ": ") + problems[i].value("message", "");
  }
  return make_error(errc::kValidationFailed, message, {{"problems", problems}});
}

Error validation_failed_at(const std::string& pointer, const std::string& message) {
  return make_error(
      errc::kValidationFailed, pointer.empty() ? message : pointer + ": " + message,
      {{"problems", nlohmann::json::array({{{"pointer", pointer}, {"message", message}}})}});
}

void Problems::add(std::string pointer, std::string message) {
  list_.push_back({{"pointer", std::move(pointer)}, {"message", std::move(message)}});
}

bool Problems::has(std::string_view pointer) const {
  return std::any_of(list_.begin(), list_.end(),
                     [&](const nlohmann::json& p) { return p["pointer"] == pointer; });
}

}  // namespace vitrine
