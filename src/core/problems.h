// Problems of a request body, reported at once in the one error format: validation_failed with
// details.problems [{pointer, message}] (JSON Pointers into the body) and a message that names
// each problem, so a log line alone says what was wrong where.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vitrine {

// validation_failed for `problems` ([{pointer, message}]) with the message
// "<intro>: /a: x; /b: y".
Error validation_failed(std::string_view intro, const nlohmann::json& problems);

// validation_failed with the one problem `message` at `pointer`; the message is
// "<pointer>: <message>" (just `message` for the whole body, pointer "").
Error validation_failed_at(const std::string& pointer, const std::string& message);

// Collects the problems of one body while it is checked field by field.
class Problems {
 public:
  // Records `message` for the value at `pointer`.
  void add(std::string pointer, std::string message);
  bool empty() const { return list_.empty(); }
  // Whether a problem was recorded at `pointer`.
  bool has(std::string_view pointer) const;
  // validation_failed listing every recorded problem (see validation_failed above).
  Error error(std::string_view intro) const { return validation_failed(intro, list_); }

 private:
  nlohmann::json list_ = nlohmann::json::array();
};

}  // namespace vitrine
