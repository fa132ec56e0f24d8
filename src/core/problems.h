// Problems of a request body, reported at once in the one error format: validation_failed with
// details.problems [{pointer, message}] (JSON Pointers into the body) and a message that names
// each problem, so a log line alone says what was wrong where.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// ---- reading a body field by field: a value of the wrong type is a problem and stays unset ----

// UTF-8 code points in `s` (continuation bytes are not counted): what "characters" means in
// every length limit.
size_t utf8_length(std::string_view s);

// body[key] when it is a string; nullopt when absent; a problem `rule` at "/key" (nullopt) for
// any other type, null included.
std::optional<std::string> read_string(const nlohmann::json& body, const char* key,
                                       const char* rule, Problems& problems);

// As read_string ("must be a string"), with null read as "": a text that null clears.
std::optional<std::string> read_clearable_text(const nlohmann::json& body, const char* key,
                                               Problems& problems);

// body[key] as an array of strings (problems at <prefix>/key or <prefix>/key/i otherwise).
std::optional<std::vector<std::string>> read_strings(const nlohmann::json& body, const char* key,
                                                     Problems& problems,
                                                     const std::string& prefix = "");

// Trims `text` and records "must be at most N characters" at `pointer` when it is longer.
void check_text(std::optional<std::string>& text, const char* pointer, size_t max_chars,
                Problems& problems);

// Trims each word; records more than `max_items`, blank ones, ones longer than `max_chars` and
// (with `unique`) repeats, at pointer or pointer/i.
void check_words(std::vector<std::string>& words, const std::string& pointer, size_t max_items,
                 size_t max_chars, bool unique, Problems& problems);

}  // namespace vitrine
