#include "catalog/input.h"

#include <algorithm>

#include "catalog/catalog.h"
#include "core/text.h"

namespace vitrine::catalog::internal {
namespace {

using nlohmann::json;

// UTF-8 code points in `s` (continuation bytes are not counted).
size_t utf8_length(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string pointer(const char* key) { return std::string("/") + key; }

// Each reader returns nullopt when the key is absent (or invalid, recording a problem); `null`
// reports presence as a nested nullopt where null is allowed.

std::optional<std::string> read_text(const json& body, const char* key, size_t max_chars,
                                     Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  if (!it->is_string()) {
    problems.add(pointer(key), "must be a string");
    return std::nullopt;
  }
  std::string s = trim(it->get<std::string>());
  if (utf8_length(s) > max_chars) {
    problems.add(pointer(key), "must be at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> read_integer(const json& body, const char* key, int64_t min, int64_t max,
                                    const char* hint, Problems& problems) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  std::string range =
      "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + hint;
  if (it->is_number_unsigned()) {
    uint64_t v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(max)) {
      problems.add(pointer(key), range);
      return std::nullopt;
    }
    return static_cast<int64_t>(v);
  }
  if (!it->is_number_integer()) {
    problems.add(pointer(key), range);
    return std::nullopt;
  }
  int64_t v = it->get<int64_t>();
  if (v < min || v > max) {
    problems.add(pointer(key), range);
    return std::nullopt;
  }
  return v;
}

// image_url: absent → nullopt; null or "" → clears (inner nullopt).
std::optional<std::optional<std::string>> read_image_url(const json& body, Problems& problems) {
  auto it = body.find("image_url");
  if (it == body.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    problems.add("/image_url", "must be a string or null");
    return std::nullopt;
  }
  std::string url = trim(it->get<std::string>());
  if (url.empty()) return std::optional<std::string>();
  bool has_control = std::any_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  bool relative = url[0] == '/' && (url.size() < 2 || url[1] != '/');
  bool absolute = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (url.size() > kMaxImageUrlLength || has_control || !(relative || absolute)) {
    problems.add("/image_url",
                 "must be a path starting with '/' or an http(s) URL without spaces, at most " +
                     std::to_string(kMaxImageUrlLength) + " bytes");
    return std::nullopt;
  }
  return std::optional<std::string>(url);
}

std::optional<std::string> read_slug(const json& body, Problems& problems) {
  auto it = body.find("slug");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string() || !is_valid_slug(it->get<std::string>())) {
    problems.add("/slug", "must be lower-case letters, digits and single inner hyphens, at most " +
                              std::to_string(kMaxSlugLength) + " characters");
    return std::nullopt;
  }
  return it->get<std::string>();
}

// The title: required when creating (absent, null or blank), never blank when changing.
std::optional<std::string> read_title(const json& body, bool creating, Problems& problems) {
  auto it = body.find("title");
  if (it == body.end() || it->is_null()) {
    if (creating || it != body.end()) problems.add("/title", "is required");
    return std::nullopt;
  }
  auto title = read_text(body, "title", kMaxTitleLength, problems);
  if (title && title->empty()) {
    problems.add("/title", "is required (it is blank)");
    return std::nullopt;
  }
  return title;
}

// The description: null clears it (""), like an empty string.
std::optional<std::string> read_description(const json& body, Problems& problems) {
  if (auto it = body.find("description"); it != body.end() && it->is_null()) return "";
  return read_text(body, "description", kMaxDescriptionLength, problems);
}

void check_known_fields(const json& body, std::initializer_list<const char*> known,
                        Problems& problems) {
  for (const auto& [key, value] : body.items()) {
    bool ok = std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
    if (ok) continue;
    std::string message = "unknown field";
    if (key == "price" || key == "compare_at_price")
      message += "; send " + std::string(key == "price" ? "price_cents" : "compare_at_cents") +
                 " as an integer in the currency's minor unit (1999 for 19.99)";
    problems.add("/" + json_pointer_token(key), message);
  }
}

}  // namespace

Result<ProductChange> parse_product(const json& body, bool creating) {
  Problems problems;
  if (!body.is_object()) {
    problems.add("", "must be a JSON object");
    return problems.error("product");
  }
  check_known_fields(body,
                     {"slug", "title", "description", "price_cents", "currency", "compare_at_cents",
                      "image_url", "status", "inventory", "position"},
                     problems);
  ProductChange c;
  c.slug = read_slug(body, problems);
  c.title = read_title(body, creating, problems);
  c.description = read_description(body, problems);
  c.price_cents =
      read_integer(body, "price_cents", 0, kMaxPriceCents,
                   " (the price in the currency's minor unit: 1999 for 19.99)", problems);
  if (creating && !body.contains("price_cents")) problems.add("/price_cents", "is required");
  if (auto it = body.find("currency"); it != body.end()) {
    std::string code = it->is_string() ? it->get<std::string>() : "";
    bool ok = code.size() == 3 &&
              std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (ok) {
      c.currency = code;
    } else {
      problems.add("/currency", "must be an ISO 4217 code of three upper-case letters, like USD");
    }
  }
  if (auto it = body.find("compare_at_cents"); it != body.end()) {
    if (it->is_null()) {
      c.compare_at_cents = std::optional<int64_t>();
    } else if (auto v = read_integer(body, "compare_at_cents", 0, kMaxPriceCents,
                                     " or null (minor units)", problems)) {
      c.compare_at_cents = v;
    }
  }
  c.image_url = read_image_url(body, problems);
  if (auto it = body.find("status"); it != body.end()) {
    std::string s = it->is_string() ? it->get<std::string>() : "";
    if (s == "active" || s == "draft" || s == "archived") {
      c.status = s;
    } else {
      problems.add("/status", "must be one of active, draft, archived");
    }
  }
  c.inventory = read_integer(body, "inventory", 0, kMaxInventory, "", problems);
  c.position = read_integer(body, "position", 0, kMaxPosition, "", problems);
  if (!problems.empty()) return problems.error("product");
  return c;
}

Result<CollectionChange> parse_collection(const json& body, bool creating) {
  Problems problems;
  if (!body.is_object()) {
    problems.add("", "must be a JSON object");
    return problems.error("collection");
  }
  check_known_fields(body, {"slug", "title", "description", "image_url", "position"}, problems);
  CollectionChange c;
  c.slug = read_slug(body, problems);
  c.title = read_title(body, creating, problems);
  c.description = read_description(body, problems);
  c.image_url = read_image_url(body, problems);
  c.position = read_integer(body, "position", 0, kMaxPosition, "", problems);
  if (!problems.empty()) return problems.error("collection");
  return c;
}

}  // namespace vitrine::catalog::internal
