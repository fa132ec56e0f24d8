#include "core/problems.h"

#include <algorithm>
#include <set>

#include "core/text.h"

namespace vitrine {

using nlohmann::json;

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

size_t utf8_length(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::optional<std::string> read_string(const json& body, const char* key, const char* rule,
                                       Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  problems.add(std::string("/") + key, rule);
  return std::nullopt;
}

std::optional<std::string> read_clearable_text(const json& body, const char* key,
                                               Problems& problems) {
  if (auto it = body.find(key); it != body.end() && it->is_null()) return "";
  return read_string(body, key, "must be a string", problems);
}

std::optional<std::vector<std::string>> read_strings(const json& body, const char* key,
                                                     Problems& problems,
                                                     const std::string& prefix) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  const std::string pointer = prefix + "/" + key;
  if (!it->is_array()) {
    problems.add(pointer, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < it->size(); ++i) {
    if ((*it)[i].is_string())
      out.push_back((*it)[i].get<std::string>());
    else
      problems.add(pointer + "/" + std::to_string(i), "must be a string");
  }
  return out;
}

void check_text(std::optional<std::string>& text, const char* pointer, size_t max_chars,
                Problems& problems) {
  if (!text) return;
  *text = trim_space(*text);
  if (utf8_length(*text) > max_chars)
    problems.add(pointer, "must be at most " + std::to_string(max_chars) + " characters");
}

void check_words(std::vector<std::string>& words, const std::string& pointer, size_t max_items,
                 size_t max_chars, bool unique, Problems& problems) {
  if (words.size() > max_items)
    problems.add(pointer, "must have at most " + std::to_string(max_items) + " entries");
  std::set<std::string> seen;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    words[i] = trim_space(words[i]);
    if (words[i].empty())
      problems.add(at, "must not be blank");
    else if (utf8_length(words[i]) > max_chars)
      problems.add(at, "must be at most " + std::to_string(max_chars) + " characters");
    else if (unique && !seen.insert(words[i]).second)
      problems.add(at, "repeats an earlier entry");
  }
}

}  // namespace vitrine
