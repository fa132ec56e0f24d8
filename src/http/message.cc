#include "http/message.h"

#include <algorithm>

#include "core/clock.h"
#include "core/text.h"
#include "core/url.h"

namespace vitrine::http {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// `stored` is already lower-case; `name` may be in any case.
bool name_equals(std::string_view stored, std::string_view name) {
  if (stored.size() != name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (stored[i] != lower(name[i])) return false;
  return true;
}

}  // namespace

BodySource::~BodySource() = default;

void Headers::set(std::string_view name, std::string value) {
  auto it = std::find_if(items_.begin(), items_.end(),
                         [&](const auto& kv) { return name_equals(kv.first, name); });
  if (it == items_.end()) {
    items_.emplace_back(ascii_lower(name), std::move(value));
    return;
  }
  it->second = std::move(value);
  // Drop any later duplicates so that `set` leaves exactly one value.
  auto tail = std::remove_if(std::next(it), items_.end(),
                             [&](const auto& kv) { return name_equals(kv.first, name); });
  items_.erase(tail, items_.end());
}

void Headers::add(std::string_view name, std::string value) {
  items_.emplace_back(ascii_lower(name), std::move(value));
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : items_)
    if (name_equals(k, name)) return std::string_view(v);
  return std::nullopt;
}

void Headers::remove(std::string_view name) {
  items_.erase(std::remove_if(items_.begin(), items_.end(),
                              [&](const auto& kv) { return name_equals(kv.first, name); }),
               items_.end());
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  return form_field(query, name);
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string_view all = headers.get("cookie").value_or("");
  while (!all.empty()) {
    size_t semi = all.find(';');
    std::string_view pair = all.substr(0, semi);
    all = semi == std::string_view::npos ? std::string_view() : all.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return std::nullopt;
}

Response Response::json(int status, const nlohmann::json& j) {
  Response r;
  r.status = status;
  r.headers.set("content-type", "application/json");
  // Invalid UTF-8 in a string is replaced rather than thrown: a response must always be written.
  r.body = Body::of(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers.set("content-type", std::move(content_type));
  r.body = Body::of(std::move(body));
  return r;
}

Response Response::error(const Error& e, std::string_view request_id) {
  nlohmann::json details =
      e.details.is_null() ? nlohmann::json::object() : nlohmann::json(e.details);
  nlohmann::json j = {{"error",
                       {{"code", e.code},
                        {"message", e.message},
                        {"details", std::move(details)},
                        {"timestamp", now_iso8601()},
                        {"request_id", std::string(request_id)}}}};
  return json(e.http_status(), j);
}

namespace {

// The opaque-tag of an entity tag, quotes included, without a weak prefix: W/"x" → "x".
std::string_view opaque_tag(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

}  // namespace

bool accepts_coding(std::string_view header, std::string_view coding) {
  for (auto part : split(header, ',')) {
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto semi = part.find(';');
    std::string_view name = part.substr(0, semi);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != coding && name != "*") continue;
    if (semi == std::string_view::npos) return true;
    auto q = part.find("q=", semi);
    if (q == std::string_view::npos) return true;
    std::string_view val = part.substr(q + 2);
    return !(val.starts_with("0") && val.find_first_not_of("0.", 0) == std::string_view::npos);
  }
  return false;
}

bool etag_matches(std::string_view header, std::string_view etag) {
  const std::string_view want = opaque_tag(etag);
  size_t i = 0;
  auto skip_separators = [&] {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t' || header[i] == ',')) ++i;
  };
  for (skip_separators(); i < header.size(); skip_separators()) {
    if (header[i] == '*' && (i + 1 == header.size() || header[i + 1] == ' ' ||
                             header[i + 1] == '\t' || header[i + 1] == ','))
      return true;
    size_t start = i;
    if (header.substr(i).starts_with("W/")) i += 2;
    if (i < header.size() && header[i] == '"') {
      // Scan to the closing quote, not to a comma: a comma is a legal character inside a tag.
      size_t close = header.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      if (opaque_tag(header.substr(start, close + 1 - start)) == want) return true;
      i = close + 1;
    }
    // Anything else up to the next comma is malformed and skipped.
    while (i < header.size() && header[i] != ',') ++i;
  }
  return false;
}

}  // namespace vitrine::http
